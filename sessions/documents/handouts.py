"""Handed-out sheets: rendering one or a batch, and their state draft → given →
acknowledged (services: atomic, audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clinic import audit
from clinic.pdf import render_pdf, render_pdf_many
from sessions.documents.context import document_language
from sessions.documents.sheets import (
    AFTERCARE_TEMPLATE,
    PRECARE_TEMPLATE,
    aftercare_sheet_context,
    precare_sheet_context,
)
from sessions.models import (
    DocumentHandout,
    TreatmentSession,
)

HANDOUT_KINDS = {
    DocumentHandout.Kind.AFTERCARE: (AFTERCARE_TEMPLATE, aftercare_sheet_context),
    DocumentHandout.Kind.PRECARE: (PRECARE_TEMPLATE, precare_sheet_context),
}


def render_handout(treatment_session: TreatmentSession, kind: str) -> bytes:
    template, builder = HANDOUT_KINDS[kind]
    with translation.override(document_language(treatment_session.patient)):
        return render_pdf(template, builder(treatment_session))


def render_batch(items: list[tuple[str, TreatmentSession]], *, progress=None) -> bytes:
    """Several sheets (kind, session) in one PDF, each in its patient's language."""

    def parts():
        for kind, treatment_session in items:
            template, builder = HANDOUT_KINDS[kind]
            with translation.override(document_language(treatment_session.patient)):
                yield template, {**builder(treatment_session), "in_batch": True}

    return render_pdf_many(parts(), progress=progress)


def handout_open(*, treatment_session: TreatmentSession, kind: str) -> DocumentHandout:
    """The session's handout row of this kind, created as a draft when first generated."""
    handout, _created = DocumentHandout.objects.get_or_create(
        treatment_session=treatment_session, kind=kind
    )
    return handout


@transaction.atomic
def handout_mark_given(
    *, treatment_session: TreatmentSession, kind: str, channel: str, by, request=None
) -> DocumentHandout:
    """Record that the sheet was handed over (printed) or e-mailed, by whom and when. Giving
    it again (a reprint) updates who and when; an acknowledged handout stays acknowledged."""
    if channel not in DocumentHandout.Channel.values:
        raise ValidationError(_("Say whether the sheet was printed or e-mailed."))
    handout_open(treatment_session=treatment_session, kind=kind)
    handout = DocumentHandout.objects.select_for_update().get(
        treatment_session=treatment_session, kind=kind
    )
    handout.channel, handout.given_at, handout.given_by = channel, timezone.now(), by
    if handout.status == DocumentHandout.Status.DRAFT:
        handout.status = DocumentHandout.Status.GIVEN
    handout.save(update_fields=["channel", "given_at", "given_by", "status"])
    audit.record(
        actor=by,
        action="document.given",
        target=treatment_session,
        request=request,
        details={"kind": kind, "channel": channel},
    )
    return handout


@transaction.atomic
def handout_acknowledge(
    *, treatment_session: TreatmentSession, kind: str, how: str, by, request=None
) -> DocumentHandout:
    """The patient confirmed they have the sheet (a reply, or at the next visit)."""
    handout = (
        DocumentHandout.objects.select_for_update()
        .filter(treatment_session=treatment_session, kind=kind)
        .first()
    )
    if handout is None or handout.status == DocumentHandout.Status.DRAFT:
        raise ValidationError(_("Mark the sheet as given before it can be acknowledged."))
    how = (how or "").strip()
    if not how:
        raise ValidationError({"how": _("Say how the patient confirmed it.")})
    handout.status = DocumentHandout.Status.ACKNOWLEDGED
    handout.acknowledged_at = timezone.now()
    handout.acknowledged_how = how[:200]
    handout.save(update_fields=["status", "acknowledged_at", "acknowledged_how"])
    audit.record(
        actor=by,
        action="document.acknowledged",
        target=treatment_session,
        request=request,
        details={"kind": kind, "how": handout.acknowledged_how},
    )
    return handout
