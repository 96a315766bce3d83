"""Hostile uploads (issue 13): image bombs over the pixel cap, polyglots (an image that is also
HTML or PDF), EXIF/GPS kept in a photo, a "PDF" scan that is not one; and a photo for a
session with no consent on file (issue 12)."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from clinic import uploads
from patients.tests.factories import PatientFactory
from sessions.charting import photos
from sessions.documents import consents as consent_services
from sessions.documents.consent_rules import consent_problem
from sessions.models import ConsentRecord, Photo
from sessions.tests.factories.charts import JPEG, PNG, booked_session, image_bytes
from sessions.tests.factories.consents import paper_scan
from sessions.tests.factories.courses import plan_for
from sessions.tests.factories.scheduling import book, next_weekday

pytestmark = pytest.mark.django_db

# A GPS position and a "rotate 90° clockwise" orientation, as a phone writes them.
ORIENTATION, GPS_IFD = 0x0112, 0x8825


def _phone_jpeg(size=(40, 20)) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    exif[0x010F] = "PhoneMaker"
    return image_bytes("JPEG", size=size, exif=exif.tobytes())


def _store(treatment_session, content, name="p.jpg"):
    return photos.photo_upload(
        treatment_session=treatment_session,
        upload=SimpleUploadedFile(name, content),
        area="face",
        moment="before",
        by=treatment_session.practitioner,
    )


def test_a_photo_over_the_pixel_cap_is_refused_before_it_is_decoded(
    practitioner, private_media, settings
):
    settings.UPLOAD_MAX_PIXELS = 1_000_000
    # 2,000 x 1,000 of one colour: a few kilobytes of PNG, 2 megapixels once decoded.
    bomb = image_bytes("PNG", size=(2000, 1000))
    assert len(bomb) < 20_000
    with pytest.raises(ValidationError, match="2.0 megapixels; the limit is 1"):
        _store(booked_session(practitioner), bomb, "bomb.png")
    assert not Photo.objects.exists()
    assert _store(booked_session(practitioner, hour=12), image_bytes("PNG", size=(1000, 1000)))


def test_the_default_cap_is_40_megapixels_and_refuses_an_80_megapixel_png(settings):
    assert settings.UPLOAD_MAX_PIXELS == 40_000_000
    # The file: 80 MP that compress to little. Only the header is read (no 240 MB).
    header_only = image_bytes("PNG", size=(10_000, 8_000), compress_level=9)
    problem = uploads.image_problem(
        SimpleUploadedFile("big.png", header_only), max_pixels=settings.UPLOAD_MAX_PIXELS
    )
    assert "80.0 megapixels" in problem


@pytest.mark.parametrize(
    "tail",
    [
        b"<html><body><script>alert(document.cookie)</script></body></html>",
        b"<!DOCTYPE html><p>hello",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
        b"<svg onload=alert(1)>",
    ],
)
@pytest.mark.parametrize("image", [JPEG, PNG], ids=["jpeg", "png"])
def test_a_polyglot_image_is_refused(practitioner, private_media, image, tail):
    with pytest.raises(ValidationError, match="something else as well"):
        _store(booked_session(practitioner), image + tail)
    assert not Photo.objects.exists()


def test_html_hidden_in_a_jpeg_comment_is_refused_too(practitioner, private_media):
    buffer = BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG", comment=b"<script>alert(1)</script>")
    with pytest.raises(ValidationError, match="something else as well"):
        _store(booked_session(practitioner), buffer.getvalue())


def test_a_photo_is_reencoded_upright_without_exif_or_gps(practitioner, private_media):
    original = _phone_jpeg(size=(40, 20))
    with Image.open(BytesIO(original)) as image:
        assert image.getexif().get(ORIENTATION) == 6 and GPS_IFD in image.getexif()
    photo = _store(booked_session(practitioner), original)
    stored = photo.image.read()
    assert stored != original and b"PhoneMaker" not in stored and b"Exif" not in stored
    with Image.open(BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (20, 40)  # the orientation is applied to the pixels
        assert not image.getexif()
        assert "exif" not in image.info


def test_a_truncated_image_is_a_form_error_not_a_500(client, practitioner, private_media):
    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    response = client.post(
        reverse("treatments:photo_upload", args=[treatment_session.pk]),
        {"image": SimpleUploadedFile("p.jpg", JPEG[:40]), "area": "face", "moment": "before"},
        follow=True,
    )
    assert response.status_code == 200
    assert "cannot be read" in response.content.decode()
    assert not Photo.objects.exists()


def test_no_photo_is_stored_for_a_session_without_a_consent(practitioner, private_media):
    plan = plan_for(PatientFactory(), practitioner, slug="ha-unconsented")
    treatment_session = book(
        plan.patient, practitioner=practitioner, plan=plan, sequence=1, day=next_weekday(0, -4)
    )
    problem = consent_problem(treatment_session)
    assert problem
    with pytest.raises(ValidationError) as error:
        _store(treatment_session, JPEG)
    assert error.value.messages == [problem]
    assert not Photo.objects.exists()


# --- Consent scans ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4 this is not really a pdf",
        b"%PDF-1.4\n<html><script>alert(1)</script></html>",
        b"%PDF-",
    ],
)
def test_a_scan_that_only_starts_like_a_pdf_is_refused(client, front_desk, prepared, content):
    _plan, _sessions, record = prepared
    assert consent_services.scan_problem(SimpleUploadedFile("s.pdf", content))
    with pytest.raises(ValidationError, match="PDF cannot be read"):
        consent_services.consent_mark_signed_on_paper(
            record=record, scan_file=SimpleUploadedFile("s.pdf", content), by=front_desk
        )
    record.refresh_from_db()
    assert not record.is_signed and not record.scan


def test_an_image_scan_is_reencoded_and_every_scan_is_served_as_an_attachment(
    client, practitioner, prepared, private_media
):
    _plan, _sessions, record = prepared
    consent_services.consent_mark_signed_on_paper(
        record=record, scan_file=SimpleUploadedFile("s.jpg", _phone_jpeg()), by=practitioner
    )
    record.refresh_from_db()
    stored = record.scan.read()
    assert stored.startswith(uploads.JPEG.magic) and b"PhoneMaker" not in stored
    client.force_login(practitioner)
    response = client.get(reverse("treatments:consent_scan", args=[record.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_real_pdf_scan_is_kept_as_uploaded(practitioner, prepared, private_media):
    _plan, _sessions, record = prepared
    scan = paper_scan()
    record = consent_services.consent_mark_signed_on_paper(
        record=record, scan_file=scan, by=practitioner
    )
    scan.seek(0)
    assert ConsentRecord.objects.get(pk=record.pk).scan.read() == scan.read()
