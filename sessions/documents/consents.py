"""Informed consent services: prepare, sign (on screen or on paper), render once, verify,
withdraw.

A ConsentRecord keeps the exact text the patient saw. Once signed it is rendered to PDF once,
after the commit (a rendering failure is recorded on the row and never undoes the signature;
`consent_pdf_retry` tries again), and stored with its SHA-256. Nothing on a signed record
changes afterwards except that bookkeeping; a withdrawal is a new record pointing at it."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clinic import audit, devices, typography, uploads
from patients import screening
from patients.services import current_history
from protocols import patient_texts
from sessions.documents import consent_form, consent_text
from sessions.documents.consent_rules import blend_names
from sessions.documents.context import document_language
from sessions.models import ConsentRecord, TreatmentPlan

logger = logging.getLogger(__name__)

Kind, Method, PdfStatus = ConsentRecord.Kind, ConsentRecord.Method, ConsentRecord.PdfStatus

SIGNATURE_PREFIX = "data:image/png;base64,"


SIGNATURE_MAX_BYTES = 200 * 1024


SIGNATURE_MAX_SIDE = 3000


SCAN_MAX_BYTES = 15 * 1024 * 1024


@transaction.atomic
def consent_prepare(*, patient, plan_or_version, by, request=None) -> ConsentRecord:
    """Write an unsigned consent for a plan (its version, course length and areas) or a bare
    protocol version, with the patient's own screening warnings in the text.

    Refused for an archived patient, a plan of another patient, or an absolute
    contraindication. Side effects: the record, and a `consent.prepared` audit event."""
    if isinstance(plan_or_version, TreatmentPlan):
        plan, version = plan_or_version, plan_or_version.protocol_version
        if plan.patient_id != patient.pk:
            raise ValidationError(_("This plan belongs to another patient."))
        if plan.status == TreatmentPlan.Status.CANCELLED:
            raise ValidationError(_("This plan is cancelled; there is nothing to consent to."))
    else:
        plan, version = None, plan_or_version
    if patient.archived_at:
        raise ValidationError(_("This patient is archived; restore the record first."))
    history = current_history(patient)
    medications = patient.medications.current().select_related("catalogue_entry")
    result = screening.screen(
        patient=patient,
        version=version,
        history=history,
        medications=medications,
        areas=plan.areas if plan else None,  # the areas actually planned (site rules, label)
    )
    if result.is_blocked:
        raise ValidationError(
            [
                _("%(label)s: %(facts)s. %(rule)s")
                % {"label": f.label, "facts": "; ".join(f.facts), "rule": f.rule}
                for f in result.blocks
            ]
        )
    # The one place the consent's language is chosen: the patient's, with the newest patient
    # text in it (or English, said on the form). A later translation fix is a new revision;
    # this record keeps the words and the revision it showed.
    language = document_language(patient)
    chosen = patient_texts.patient_text_for(version, language)
    with translation.override(language):
        # Screened again in the patient's language: labels and facts are translated text.
        if history is not None:
            result = screening.screen(
                patient=patient,
                version=version,
                history=history,
                medications=medications,
                areas=plan.areas if plan else None,
            )
        text = consent_text.consent_text(
            patient=patient,
            version=version,
            chosen=chosen,
            plan=plan,
            screening_result=result if history is not None else None,
        )
    record = ConsentRecord.objects.create(
        patient=patient,
        protocol_version=version,
        plan=plan,
        kind=Kind.CONSENT,
        text=text,
        language=language,
        patient_text=chosen.text,
        sessions_consented=plan.sessions_count if plan else version.sessions_count,
        ingredients=blend_names(version),
        created_by=by,
    )
    audit.record(
        actor=by,
        action="consent.prepared",
        target=record,
        request=request,
        details={
            "protocol_version": version.pk,
            "plan": plan.pk if plan else None,
            "language": language,
            "patient_text": chosen.text.pk if chosen.text else None,
        },
    )
    return record


def signature_problem(data_url: str) -> str | None:
    """Why a drawn signature cannot be kept, or None: a PNG data URL under 200 KB that
    decodes to an image with something drawn on it."""
    if not data_url or not data_url.startswith(SIGNATURE_PREFIX):
        return _("Draw the signature in the box before saving.")
    encoded = data_url[len(SIGNATURE_PREFIX) :]
    if len(encoded) > SIGNATURE_MAX_BYTES * 4 // 3 + 4:
        return _("The signature is too large; clear it and sign again.")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return _("The signature could not be read; clear it and sign again.")
    if len(raw) > SIGNATURE_MAX_BYTES or not raw.startswith(uploads.PNG.magic):
        return _("The signature could not be read; clear it and sign again.")
    try:
        from PIL import Image

        with Image.open(BytesIO(raw)) as image:
            if max(image.size) > SIGNATURE_MAX_SIDE:
                return _("The signature is too large; clear it and sign again.")
            drawing = image.convert("RGBA")
    except Exception:  # noqa: BLE001 - whatever Pillow cannot open is not a signature
        return _("The signature could not be read; clear it and sign again.")
    # Drawn = some pixel that is dark once the drawing is laid on white paper.
    paper = Image.new("RGBA", drawing.size, "white")
    paper.alpha_composite(drawing)
    if paper.convert("L").point(lambda v: 255 if v < 200 else 0).getbbox() is None:
        return _("The signature box is empty; ask the patient to sign.")
    return None


def _locked_unsigned(record: ConsentRecord) -> ConsentRecord:
    locked = ConsentRecord.objects.select_for_update().get(pk=record.pk)
    if locked.kind != Kind.CONSENT:
        raise ValidationError(_("A withdrawal is not signed this way."))
    if locked.is_signed:
        raise ValidationError(
            _("This consent was already signed on %(day)s; prepare a new one to change it.")
            % {"day": date_format(timezone.localtime(locked.signed_at), "DATETIME_FORMAT")}
        )
    return locked


def _render_after_commit(record: ConsentRecord) -> None:
    # robust: a failure here is logged, never turned into an error for a saved signature.
    # A named function, not functools.partial: Django 5.2's robust on_commit logs the
    # callback's __qualname__, which a partial lacks (Django ticket #36487).
    def render():
        consent_pdf_render(record_id=record.pk)

    transaction.on_commit(render, robust=True)


@transaction.atomic
def consent_sign_on_screen(
    *, record: ConsentRecord, signature_data_url: str, by, request=None
) -> ConsentRecord:
    """Keep the drawing and sign the consent now, witnessed by `by`; the PDF is rendered
    once after the commit. Refused when already signed or the drawing is not a signature."""
    locked = _locked_unsigned(record)
    problem = signature_problem(signature_data_url)
    if problem:
        raise ValidationError({"signature": problem})
    locked.method = Method.SCREEN
    locked.signature = signature_data_url
    locked.signed_at = timezone.now()
    locked.witnessed_by = by
    locked.pdf_status = PdfStatus.PENDING
    locked.save(update_fields=["method", "signature", "signed_at", "witnessed_by", "pdf_status"])
    audit.record(
        actor=by,
        action="consent.signed",
        target=locked,
        request=request,
        details={"method": "screen"},
    )
    _render_after_commit(locked)
    return locked


QUESTIONS_MAX_CHARS = 2000


@transaction.atomic
def consent_sign_remotely(
    *, record: ConsentRecord, signature_data_url: str, questions: str, user_agent: str, request=None
) -> ConsentRecord:
    """The patient signs on their own device (their link): the drawing, their questions for
    the practitioner, a short summary of the device, now; no witness. The first session waits
    for `consent_questions_confirm` (consent_rules). The PDF is rendered once after the commit.
    Refused when already signed or the drawing is not a signature."""
    locked = _locked_unsigned(record)
    problem = signature_problem(signature_data_url)
    if problem:
        raise ValidationError({"signature": problem})
    questions = (questions or "").strip()
    if len(questions) > QUESTIONS_MAX_CHARS:
        raise ValidationError(
            {
                "questions": _("Keep the questions under %(n)s characters.")
                % {"n": QUESTIONS_MAX_CHARS}
            }
        )
    locked.method = Method.REMOTE
    locked.signature = signature_data_url
    locked.signed_at = timezone.now()
    locked.device = devices.device_summary(user_agent)
    locked.patient_questions = questions
    locked.pdf_status = PdfStatus.PENDING
    locked.save(
        update_fields=[
            "method",
            "signature",
            "signed_at",
            "device",
            "patient_questions",
            "pdf_status",
        ]
    )
    audit.record(
        actor=None,
        action="consent.signed",
        target=locked,
        request=request,
        details={"method": "remote", "device": locked.device, "questions": bool(questions)},
    )
    _render_after_commit(locked)
    return locked


@transaction.atomic
def consent_questions_confirm(*, record: ConsentRecord, by, request=None) -> ConsentRecord:
    """At the visit, the practitioner confirms that the questions of a patient who signed
    remotely were answered (or that they had none left): from then on the consent covers
    sessions. Once per consent."""
    locked = ConsentRecord.objects.select_for_update().get(pk=record.pk)
    if not locked.awaits_questions_confirmation:
        raise ValidationError(_("There is nothing to confirm on this consent."))
    locked.questions_answered_at = timezone.now()
    locked.questions_answered_by = by
    locked.save(update_fields=["questions_answered_at", "questions_answered_by"])
    audit.record(actor=by, action="consent.questions_answered", target=locked, request=request)
    return locked


def scan_problem(upload) -> str | None:
    """Why this scan cannot be kept, or None: size, then type by content, a PDF that pypdf
    reads, or an image within the pixel cap that is not also HTML or PDF (clinic/uploads.py)."""
    if upload.size > SCAN_MAX_BYTES:
        return _("The scan is larger than %(mb)s MB.") % {"mb": SCAN_MAX_BYTES // (1024 * 1024)}
    kind = uploads.sniff_upload(upload, uploads.SCANS)
    if kind is None:
        return _("Attach the scan as a PDF, JPEG or PNG file.")
    if kind is uploads.PDF:
        return uploads.pdf_problem(upload)
    return uploads.image_problem(upload, max_pixels=settings.UPLOAD_MAX_PIXELS)


@transaction.atomic
def consent_mark_signed_on_paper(
    *, record: ConsentRecord, scan_file=None, by, request=None
) -> ConsentRecord:
    """The patient signed the printed form: record it (and keep the scan, if attached),
    witnessed by `by`. The PDF of the record is rendered once after the commit."""
    locked = _locked_unsigned(record)
    if scan_file is not None:
        problem = scan_problem(scan_file)
        if problem:
            raise ValidationError({"scan": problem})
        try:
            clean = uploads.scan_clean(scan_file, max_pixels=settings.UPLOAD_MAX_PIXELS)
        except uploads.UploadRefused as error:
            raise ValidationError({"scan": str(error)}) from error
        locked.scan.save(f"scan.{clean.kind.extension}", ContentFile(clean.data), save=False)
    locked.method = Method.PAPER
    locked.signed_at = timezone.now()
    locked.witnessed_by = by
    locked.pdf_status = PdfStatus.PENDING
    locked.save(update_fields=["method", "scan", "signed_at", "witnessed_by", "pdf_status"])
    audit.record(
        actor=by,
        action="consent.signed",
        target=locked,
        request=request,
        details={"method": "paper", "scan": bool(scan_file)},
    )
    _render_after_commit(locked)
    return locked


def consent_pdf_render(*, record_id: int) -> ConsentRecord:
    """Render a signed record's PDF once and store it with its SHA-256.

    Idempotent: a record that has its PDF is returned untouched (the stored file is never
    replaced). A failure is written to pdf_status/pdf_error and never raised."""
    with transaction.atomic():
        record = ConsentRecord.objects.select_for_update().get(pk=record_id)
        if not record.is_signed or (record.pdf_status == PdfStatus.RENDERED and record.pdf):
            return record
        try:
            pdf = consent_form.render_consent(record)
        except Exception as error:  # noqa: BLE001 - any failure is recorded, the signature stays
            logger.exception("Consent %s: rendering failed", record.pk)
            record.pdf_status = PdfStatus.FAILED
            record.pdf_error = f"{type(error).__name__}: {error}"[:2000]
            record.save(update_fields=["pdf_status", "pdf_error"])
            audit.record(actor=None, action="consent.pdf_failed", target=record)
            return record
        record.pdf.save("consent.pdf", ContentFile(pdf), save=False)
        record.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        record.pdf_status = PdfStatus.RENDERED
        record.pdf_error = ""
        record.save(update_fields=["pdf", "pdf_sha256", "pdf_status", "pdf_error"])
        audit.record(
            actor=None,
            action="consent.pdf_rendered",
            target=record,
            details={"sha256": record.pdf_sha256, "bytes": len(pdf)},
        )
    return record


@transaction.atomic
def consent_pdf_retry(*, record: ConsentRecord, by, request=None) -> ConsentRecord:
    """Try the rendering again (after a failure, or one that never ran), after the commit."""
    locked = ConsentRecord.objects.select_for_update().get(pk=record.pk)
    if not locked.is_signed:
        raise ValidationError(_("Only a signed consent has a stored PDF."))
    if locked.pdf_status == PdfStatus.RENDERED and locked.pdf:
        raise ValidationError(
            _("This consent's PDF is already stored; it is never rendered again.")
        )
    locked.pdf_status = PdfStatus.PENDING
    locked.save(update_fields=["pdf_status"])
    audit.record(actor=by, action="consent.pdf_retried", target=locked, request=request)
    _render_after_commit(locked)
    return locked


VERIFIED, ALTERED, MISSING, NOT_RENDERED = "verified", "altered", "missing", "not_rendered"


def consent_verify(record: ConsentRecord) -> str:
    """Recompute the stored PDF's SHA-256 and compare it with the one saved at rendering."""
    if not record.pdf or not record.pdf_sha256:
        return NOT_RENDERED
    digest = hashlib.sha256()
    try:
        with record.pdf.open("rb") as handle:
            for chunk in iter(lambda: handle.read(65536), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        return MISSING
    return VERIFIED if hmac.compare_digest(digest.hexdigest(), record.pdf_sha256) else ALTERED


@transaction.atomic
def consent_withdraw(*, record: ConsentRecord, by, reason: str, request=None) -> ConsentRecord:
    """The patient withdraws a signed consent: a new record (kind withdrawal) that points at
    it, effective now, with its own PDF. The consent itself is never changed."""
    locked = ConsentRecord.objects.select_for_update().get(pk=record.pk)
    if locked.kind != Kind.CONSENT or not locked.is_signed:
        raise ValidationError(_("Only a signed consent can be withdrawn."))
    if ConsentRecord.objects.filter(withdraws=locked).exists():
        raise ValidationError(_("This consent has already been withdrawn."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, in the patient's words if possible.")})
    now = timezone.now()
    version = locked.protocol_version
    with translation.override(locked.language):
        text = _withdrawal_text(locked, reason)
    withdrawal = ConsentRecord.objects.create(
        patient=locked.patient,
        protocol_version=version,
        plan=locked.plan,
        kind=Kind.WITHDRAWAL,
        withdraws=locked,
        text=text + "\n",
        language=locked.language,
        patient_text=locked.patient_text,
        sessions_consented=0,
        ingredients=[],
        signed_at=now,
        witnessed_by=by,
        created_by=by,
    )
    audit.record(
        actor=by,
        action="consent.withdrawn",
        target=locked,
        request=request,
        details={"withdrawal": withdrawal.pk, "reason": reason},
    )
    _render_after_commit(withdrawal)
    return withdrawal


def _withdrawal_text(locked: ConsentRecord, reason: str) -> str:
    version = locked.protocol_version
    name = locked.patient_text.name if locked.patient_text else version.protocol.name
    text = "\n".join(
        [
            "# " + _("Withdrawal of consent") + ": " + name,
            _(
                "%(name)s (chart %(chart)s) withdraws the consent to %(version)s signed on "
                "%(day)s (consent record %(id)s)."
            )
            % {
                "name": locked.patient.full_name,
                "chart": locked.patient.chart_number or "—",
                "version": version,
                "day": date_format(timezone.localtime(locked.signed_at), "j F Y"),
                "id": locked.pk,
            },
            "",
            "## " + _("Reason given"),
            reason,
            "",
            "## " + _("What happens now"),
            _(
                "No further session of this treatment is started unless a new consent is "
                "signed. Sessions already given are not affected, and the clinic's care "
                "continues as before."
            ),
        ]
    )
    return typography.for_language(text, locked.language)
