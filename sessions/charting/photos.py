"""Clinical photos of a session: checked by content, re-encoded without metadata under a pixel
cap (clinic/uploads.py), refused without a consent on file, stored privately, audited."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from clinic import audit, uploads
from sessions.charting.charts import signed_message
from sessions.documents.consent_rules import consent_problem
from sessions.models import (
    Chart,
    Photo,
    TreatmentSession,
)

MAX_PHOTO_BYTES = 10 * 1024 * 1024


# Checked on the file's content, never on the name or the browser's Content-Type.
def photo_problem(upload) -> str | None:
    """Why this upload is not an acceptable photo, or None (reads the header, decodes nothing)."""
    if upload.size > MAX_PHOTO_BYTES:
        return _("The photo is larger than %(mb)s MB.") % {"mb": MAX_PHOTO_BYTES // (1024 * 1024)}
    if upload.size == 0:
        return _("The file is empty.")
    return uploads.image_problem(upload, max_pixels=settings.UPLOAD_MAX_PIXELS)


@transaction.atomic
def photo_upload(
    *,
    treatment_session: TreatmentSession,
    upload,
    area: str,
    moment: str,
    by,
    consent_for_report: bool = False,
    request=None,
) -> Photo:
    """Store a clinical photo of a session in private storage: re-encoded (orientation kept,
    EXIF/GPS dropped), typed by its content, with the SHA-256 of the stored bytes. Refused once
    the session's chart is signed, for a cancelled session, and with no consent on file."""
    locked = TreatmentSession.objects.select_for_update().get(pk=treatment_session.pk)
    if not locked.is_active:
        raise ValidationError(
            _("This session is %(status)s; it takes no photos.")
            % {"status": locked.get_status_display().lower()}
        )
    chart = Chart.objects.filter(treatment_session=locked).first()
    if chart is not None and chart.is_signed:
        raise ValidationError(signed_message())
    # Issue 12: a photo is clinical data of a treatment the patient consented to.
    missing_consent = consent_problem(locked)
    if missing_consent:
        raise ValidationError(missing_consent)
    problem = photo_problem(upload)
    if problem:
        raise ValidationError(problem)
    try:
        clean = uploads.image_reencode(upload, max_pixels=settings.UPLOAD_MAX_PIXELS)
    except uploads.UploadRefused as error:
        raise ValidationError(str(error)) from error
    photo = Photo(
        patient_id=locked.patient_id,
        treatment_session=locked,
        area=area,
        moment=moment,
        content_type=clean.kind.content_type,
        size_bytes=len(clean.data),
        sha256=hashlib.sha256(clean.data).hexdigest(),
        consent_for_report=consent_for_report,
        uploaded_by=by,
    )
    photo.full_clean(exclude=["image"])
    photo.image.save(f"photo.{clean.kind.extension}", ContentFile(clean.data), save=False)
    photo.save()
    audit.record(
        actor=by,
        action="photo.uploaded",
        target=photo,
        request=request,
        details={"treatment_session": locked.pk, "sha256": photo.sha256},
    )
    return photo
