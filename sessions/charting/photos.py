"""Clinical photos of a session: checked by their first bytes, stored privately, audited."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clinic import audit, uploads
from sessions.charting.charts import signed_message
from sessions.models import (
    Chart,
    Photo,
    TreatmentSession,
)

MAX_PHOTO_BYTES = 10 * 1024 * 1024


# Checked on the file's first bytes, never on the name or the browser's Content-Type.
def photo_problem(upload) -> str | None:
    """Why this upload is not an acceptable photo, or None."""
    if upload.size > MAX_PHOTO_BYTES:
        return _("The photo is larger than %(mb)s MB.") % {"mb": MAX_PHOTO_BYTES // (1024 * 1024)}
    if upload.size == 0:
        return _("The file is empty.")
    if uploads.sniff_upload(upload, uploads.IMAGES) is None:
        return _("Only JPEG and PNG photos can be stored.")
    return None


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
    """Store a clinical photo of a session in private storage, typed by its content, with its
    SHA-256. Refused once the session's chart is signed, or for a cancelled session."""
    locked = TreatmentSession.objects.select_for_update().get(pk=treatment_session.pk)
    if not locked.is_active:
        raise ValidationError(
            _("This session is %(status)s; it takes no photos.")
            % {"status": locked.get_status_display().lower()}
        )
    chart = Chart.objects.filter(treatment_session=locked).first()
    if chart is not None and chart.is_signed:
        raise ValidationError(signed_message())
    problem = photo_problem(upload)
    if problem:
        raise ValidationError(problem)
    content_type = uploads.sniff_upload(upload, uploads.IMAGES).content_type
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    photo = Photo(
        patient_id=locked.patient_id,
        treatment_session=locked,
        area=area,
        moment=moment,
        content_type=content_type,
        size_bytes=upload.size,
        sha256=digest.hexdigest(),
        consent_for_report=consent_for_report,
        uploaded_by=by,
    )
    photo.full_clean(exclude=["image"])
    photo.image.save("photo", upload, save=False)
    photo.save()
    audit.record(
        actor=by,
        action="photo.uploaded",
        target=photo,
        request=request,
        details={"treatment_session": locked.pk, "sha256": photo.sha256},
    )
    return photo
