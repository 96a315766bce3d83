"""Lot recall: every patient who received a lot becomes a call for the front desk."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from clinic import audit
from protocols import services as protocol_services
from protocols.models import Lot
from sessions.followups.rules import RULES
from sessions.models import (
    ChartProduct,
    FollowUp,
    FollowUpEvent,
)

Kind = FollowUp.Kind


@transaction.atomic
def lot_recall_start(*, lot, reason: str, by, request=None) -> int:
    """Mark the lot recalled and turn every patient who received it into a recall call for
    the front desk, in one transaction: the lot is never offered or accepted again from the
    moment the outreach is queued. Idempotent per lot and patient: a second recall adds only
    patients charted since. Returns how many follow-ups were created. Audited."""
    # Lock: two admins pressing "recall" at once must not both create the same rows.
    lot = Lot.objects.select_for_update().get(pk=lot.pk)
    protocol_services.lot_recall_mark(lot=lot, reason=reason, by=by, request=request)
    latest_session = dict(
        ChartProduct.objects.filter(lot=lot)
        .order_by()
        .values_list("chart__treatment_session__patient")
        .annotate(last=Max("chart__treatment_session"))
    )
    keys = {patient_pk: f"{Kind.LOT_RECALL}:{lot.pk}:{patient_pk}" for patient_pk in latest_session}
    existing = set(
        FollowUp.objects.filter(idempotency_key__in=keys.values()).values_list(
            "idempotency_key", flat=True
        )
    )
    due_at = RULES[Kind.LOT_RECALL].due(lot)
    new = [
        FollowUp(
            kind=Kind.LOT_RECALL,
            channel=RULES[Kind.LOT_RECALL].channel,
            patient_id=patient_pk,
            treatment_session_id=latest_session[patient_pk],
            lot=lot,
            due_at=due_at,
            idempotency_key=key,
        )
        for patient_pk, key in sorted(keys.items())
        if key not in existing
    ]
    created = FollowUp.objects.bulk_create(new)
    note = _("Recall of %(lot)s.") % {"lot": lot}
    FollowUpEvent.objects.bulk_create(
        FollowUpEvent(follow_up=follow_up, action="scheduled", note=note, by=by)
        for follow_up in created
    )
    audit.record(
        actor=by,
        action="lot.recall_started",
        target=lot,
        request=request,
        details={"patients": len(keys), "follow_ups_created": len(created)},
    )
    return len(created)
