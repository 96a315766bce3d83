"""Proposing a treatment plan at the end of a consultation: screening again, the reasons for
any warning kept, the plan pinned to its protocol version."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clinic import audit
from patients.models import (
    Consultation,
)
from patients.services import screen_consultation
from sessions.models import TreatmentPlan


@transaction.atomic
def treatment_plan_propose(
    *,
    consultation: Consultation,
    areas,
    sessions_count,
    interval_min_days,
    interval_max_days,
    override_reasons: dict,
    by,
    request=None,
) -> TreatmentPlan:
    """End a consultation with a proposed plan, pinned to its protocol version.

    Screening runs again on the patient's facts now: an absolute contraindication refuses
    the plan (naming fact and rule), every relative warning needs a reason, which is stored
    on the consultation and the plan.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if hasattr(consultation, "plan"):
        raise ValidationError(_("This consultation already has a plan."))
    if consultation.protocol_version_id is None:
        raise ValidationError(_("Choose a protocol before proposing a plan."))
    if consultation.protocol_version.protocol.retired_at:
        raise ValidationError(_("This protocol is retired; choose another."))
    result = screen_consultation(consultation, areas=list(areas))
    if result.is_blocked:
        raise ValidationError(
            [
                _("%(label)s: %(facts)s. %(rule)s")
                % {"label": f.label, "facts": "; ".join(f.facts), "rule": f.rule}
                for f in result.blocks
            ]
        )
    reasons = {
        key: str(value).strip() for key, value in override_reasons.items() if str(value).strip()
    }
    missing = result.missing_reasons(reasons)
    if missing:
        raise ValidationError(
            [
                _("Give a reason to go ahead despite: %(label)s.") % {"label": f.label}
                for f in missing
            ]
        )
    kept = {f.key: {"label": f.label, "reason": reasons[f.key]} for f in result.warnings}
    plan = TreatmentPlan(
        patient=consultation.patient,
        consultation=consultation,
        protocol_version=consultation.protocol_version,
        areas=list(areas),
        sessions_count=sessions_count,
        interval_min_days=interval_min_days,
        interval_max_days=interval_max_days,
        override_reasons=kept,
        created_by=by,
    )
    plan.full_clean()
    plan.save()
    consultation.screening = result.as_dict()
    consultation.override_reasons = kept
    consultation.decision = Consultation.Decision.PLAN_PROPOSED
    consultation.save(update_fields=["screening", "override_reasons", "decision"])
    audit.record(
        actor=by,
        action="plan.proposed",
        target=plan,
        request=request,
        details={"overrides": sorted(kept)},
    )
    return plan
