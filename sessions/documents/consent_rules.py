"""The consent rule: which signed, not withdrawn consent covers a session (protocol
version, course length, every ingredient of the blend), read only."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from protocols.models import ProtocolVersion
from sessions.models import ConsentRecord, TreatmentSession

Kind, Method, PdfStatus = ConsentRecord.Kind, ConsentRecord.Method, ConsentRecord.PdfStatus

# Sessions that need no consent of their own: nothing is injected.


def blend_names(version: ProtocolVersion) -> list[str]:
    return [
        component.ingredient.name
        for component in version.blend.select_related("ingredient").order_by("position", "pk")
    ]


def consent_problem(treatment_session: TreatmentSession, *, signed_only=False) -> str | None:
    """Why this session cannot start for lack of consent, as a sentence; None when a signed,
    not withdrawn consent covers this plan's protocol version, its whole course and every
    ingredient of its blend, and, if the patient signed it remotely, a practitioner has
    confirmed at the visit that their questions were answered. `signed_only` leaves that
    confirmation out (check-in and the pre-care sheet: it happens once the patient is in).
    Reads only (no writes); sessions without a plan, consultations and reviews need none."""
    plan = treatment_session.plan
    if plan is None or treatment_session.kind not in TreatmentSession.TREATMENT_KINDS:
        return None
    version = plan.protocol_version
    consents = list(
        ConsentRecord.objects.filter(
            patient_id=treatment_session.patient_id,
            kind=Kind.CONSENT,
            protocol_version=version,
            signed_at__isnull=False,
            withdrawal__isnull=True,
        ).order_by("-signed_at", "-pk")
    )
    if not consents:
        withdrawn = (
            ConsentRecord.objects.filter(
                patient_id=treatment_session.patient_id,
                kind=Kind.CONSENT,
                protocol_version=version,
                withdrawal__isnull=False,
            )
            .select_related("withdrawal")
            .order_by("-signed_at")
            .first()
        )
        if withdrawn is not None:
            return _(
                "The patient withdrew their consent to %(version)s on %(day)s: a new signed "
                "consent is needed before this session can start."
            ) % {
                "version": version,
                "day": date_format(
                    timezone.localtime(withdrawn.withdrawal.signed_at), "DATE_FORMAT"
                ),
            }
        older = (
            ConsentRecord.objects.filter(
                patient_id=treatment_session.patient_id,
                kind=Kind.CONSENT,
                protocol_version__protocol_id=version.protocol_id,
                signed_at__isnull=False,
            )
            .select_related("protocol_version")
            .order_by("-signed_at")
            .first()
        )
        if older is not None:
            return _(
                "The patient consented to %(old)s; this plan uses %(new)s, so they need to "
                "read and sign the new consent before this session can start."
            ) % {"old": older.protocol_version, "new": version}
        return _(
            "There is no signed consent for %(version)s: prepare it and have the patient sign "
            "it before this session can start."
        ) % {"version": version}
    course = max(plan.sessions_count, treatment_session.sequence or 0)
    blend = blend_names(version)
    problems = []
    for consent in consents:
        missing = [name for name in blend if name not in (consent.ingredients or [])]
        if course <= consent.sessions_consented and not missing:
            if consent.awaits_questions_confirmation and not signed_only:
                return _(
                    "The patient signed this consent remotely: confirm with them that their "
                    "questions were answered (on the consent) before this session can start."
                )
            return None
        problems.append((consent, missing))
    consent, missing = problems[0]
    if missing:
        return ngettext(
            "The blend now contains %(names)s, which the signed consent does not cover: a new "
            "consent is needed before this session can start.",
            "The blend now contains %(names)s, which the signed consent does not cover: a new "
            "consent is needed before this session can start.",
            len(missing),
        ) % {"names": ", ".join(missing)}
    return ngettext(
        "The patient consented to %(consented)s session; this course has %(course)s: a new "
        "consent is needed before this session can start.",
        "The patient consented to %(consented)s sessions; this course has %(course)s: a new "
        "consent is needed before this session can start.",
        consent.sessions_consented,
    ) % {"consented": consent.sessions_consented, "course": course}


def current_consents(patient):
    """The patient's consents and withdrawals, newest first, for lists and the print menu."""
    return (
        ConsentRecord.objects.filter(patient=patient)
        .select_related("protocol_version__protocol", "plan", "witnessed_by", "withdraws")
        .order_by("-created_at", "-pk")
    )
