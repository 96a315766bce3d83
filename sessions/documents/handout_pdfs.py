"""A handed-out sheet's PDF, stored once.

The first print renders the sheet and stores it in private storage with its SHA-256; a sheet
marked given without a print is rendered by a task after the commit. From then on the sheet is
never rendered again: a reprint serves the stored bytes, and the FHIR DocumentReference embeds
them, so what the record says was handed out is what the patient took home.

A failed render or an unreachable broker never loses the handout row: the row is written
first, a failure is recorded on it (pdf_status, pdf_error, audited), and the PDF is made on the
next print or when the task runs."""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from clinic import audit
from sessions.documents import sheets
from sessions.models import Chart, DocumentHandout, TreatmentSession

logger = logging.getLogger(__name__)

PdfStatus = DocumentHandout.PdfStatus


class SheetUnavailable(Exception):
    """The sheet could not be rendered now; the handout row keeps the error, and the next
    print tries again."""


def handout_open(*, treatment_session: TreatmentSession, kind: str) -> DocumentHandout:
    """The session's handout row of this kind, created as a draft when first generated."""
    handout, _created = DocumentHandout.objects.get_or_create(
        treatment_session=treatment_session, kind=kind
    )
    return handout


def is_stored(handout: DocumentHandout) -> bool:
    return handout.pdf_status == PdfStatus.RENDERED and bool(handout.pdf)


def stored_pdf(handout: DocumentHandout) -> bytes:
    with handout.pdf.open("rb") as stored:
        return stored.read()


def handout_pdf(*, treatment_session: TreatmentSession, kind: str) -> bytes:
    """The sheet as handed out: the stored PDF, or, the first time, rendered now and stored.

    Raises Chart.DoesNotExist for the aftercare sheet of a session never charted (no row is
    written: there is nothing to hand out) and SheetUnavailable when rendering fails (the row
    is kept, with the error)."""
    handout = DocumentHandout.objects.filter(treatment_session=treatment_session, kind=kind).first()
    if handout is not None and is_stored(handout):
        try:
            return stored_pdf(handout)
        except OSError as error:  # the row says stored, the storage has lost the file
            return _restore_missing(treatment_session, handout, error)
    try:
        pdf = sheets.render_handout(treatment_session, kind)
    except Chart.DoesNotExist:
        raise
    except Exception as error:  # noqa: BLE001 - recorded on the row; the view says so
        handout = handout_open(treatment_session=treatment_session, kind=kind)
        _record_failure(handout.pk, error)
        raise SheetUnavailable(str(error)) from error
    handout = handout_open(treatment_session=treatment_session, kind=kind)
    # Two first prints at once both render; the first to store wins and both serve its bytes.
    return stored_pdf(_store(handout.pk, pdf))


def handout_pdf_store(*, handout_id: int) -> DocumentHandout:
    """Render and store a handout's PDF unless it is stored already (the task's job).
    A failure is recorded on the row and never raised."""
    handout = DocumentHandout.objects.select_related(
        "treatment_session__patient",
        "treatment_session__practitioner",
        "treatment_session__room__location",
        "treatment_session__plan__protocol_version__protocol",
    ).get(pk=handout_id)
    if is_stored(handout):
        return handout
    try:
        pdf = sheets.render_handout(handout.treatment_session, handout.kind)
    except Exception as error:  # noqa: BLE001 - recorded; the next print renders on demand
        return _record_failure(handout.pk, error)
    return _store(handout.pk, pdf)


def _restore_missing(treatment_session, handout: DocumentHandout, error: OSError) -> bytes:
    """Render the sheet again and store it in place of a file the storage lost, audited with
    both hashes: the new PDF is made from the record as it is now, not the one handed out."""
    logger.error("Handout %s: the stored PDF %s is missing", handout.pk, handout.pdf.name)
    try:
        pdf = sheets.render_handout(treatment_session, handout.kind)
    except Exception as render_error:  # noqa: BLE001 - the view says the sheet is unavailable
        audit.record(
            actor=None,
            action="document.pdf_missing",
            target=treatment_session,
            details={
                "kind": handout.kind,
                "file": handout.pdf.name,
                "sha256": handout.pdf_sha256,
                "error": f"{type(error).__name__}",
                "restored": False,
            },
        )
        raise SheetUnavailable(str(render_error)) from render_error
    with transaction.atomic():
        handout = DocumentHandout.objects.select_for_update().get(pk=handout.pk)
        if handout.pdf and handout.pdf.storage.exists(handout.pdf.name):
            return stored_pdf(handout)  # restored meanwhile by another print
        missing, old_sha256 = handout.pdf.name, handout.pdf_sha256
        _save_pdf(handout, pdf)
        audit.record(
            actor=None,
            action="document.pdf_missing",
            target=handout.treatment_session,
            details={
                "kind": handout.kind,
                "file": missing,
                "sha256": old_sha256,
                "error": f"{type(error).__name__}",
                "restored": True,
                "new_file": handout.pdf.name,
                "new_sha256": handout.pdf_sha256,
                "bytes": len(pdf),
            },
        )
    return pdf


def _save_pdf(handout: DocumentHandout, pdf: bytes) -> None:
    """Write `pdf` as the handout's stored file, with its fingerprint (the row already locked)."""
    handout.pdf.save(f"{handout.kind}.pdf", ContentFile(pdf), save=False)
    handout.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    handout.pdf_status = PdfStatus.RENDERED
    handout.pdf_error = ""
    handout.pdf_rendered_at = timezone.now()
    handout.save(update_fields=["pdf", "pdf_sha256", "pdf_status", "pdf_error", "pdf_rendered_at"])


def _store(handout_id: int, pdf: bytes) -> DocumentHandout:
    with transaction.atomic():
        handout = DocumentHandout.objects.select_for_update().get(pk=handout_id)
        if is_stored(handout):  # never replaced
            return handout
        _save_pdf(handout, pdf)
        audit.record(
            actor=None,
            action="document.pdf_stored",
            target=handout.treatment_session,
            details={"kind": handout.kind, "sha256": handout.pdf_sha256, "bytes": len(pdf)},
        )
    return handout


def _record_failure(handout_id: int, error: Exception) -> DocumentHandout:
    logger.error("Handout %s: rendering the PDF failed", handout_id, exc_info=error)
    with transaction.atomic():
        handout = DocumentHandout.objects.select_for_update().get(pk=handout_id)
        if is_stored(handout):
            return handout
        handout.pdf_status = PdfStatus.FAILED
        handout.pdf_error = f"{type(error).__name__}: {error}"[:2000]
        handout.save(update_fields=["pdf_status", "pdf_error"])
        audit.record(
            actor=None,
            action="document.pdf_failed",
            target=handout.treatment_session,
            details={"kind": handout.kind, "error": handout.pdf_error[:200]},
        )
    return handout
