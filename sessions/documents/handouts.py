"""Handed-out sheets: their state draft → given → acknowledged (services: atomic, audited).
The sheet's stored PDF is handout_pdfs'; the renders are in sheets."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import audit
from sessions.documents import tasks
from sessions.documents.handout_pdfs import handout_open, is_stored
from sessions.models import (
    DocumentHandout,
    TreatmentSession,
)


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
    if not is_stored(handout):  # given without a print here: keep the sheet as of now
        _store_after_commit(handout.pk)
    return handout


def _store_after_commit(handout_id: int) -> None:
    # robust: with the broker down the handout is still recorded as given; the PDF is then
    # rendered at the next print (handout_pdfs.handout_pdf). A named function, not a partial:
    # see sessions/documents/consents.py.
    def enqueue():
        tasks.handout_pdf_store_task.delay(handout_id)

    transaction.on_commit(enqueue, robust=True)


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
