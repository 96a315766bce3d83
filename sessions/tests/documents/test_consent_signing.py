"""Signing a consent on screen and on paper: the PDF rendered once after commit, stored with
its SHA-256 and verified; bad signatures and scans refused; a rendering failure recorded."""

import base64
import hashlib
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from clinic.models import AuditEvent
from sessions.documents import consent_form
from sessions.documents import consents as consent_services
from sessions.tests.factories.consents import paper_scan, sign, signature_png
from tests.support import flat, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


# --- Sign on screen: rendered once after commit, hash, verify ------------------------------


def test_signing_on_screen_stores_the_pdf_once_with_its_sha256(
    front_desk, prepared, django_capture_on_commit_callbacks
):
    _plan, _sessions, record = prepared
    record = sign(record, front_desk, django_capture_on_commit_callbacks)
    assert record.method == "screen" and record.witnessed_by == front_desk
    assert record.pdf_status == "rendered" and record.pdf_error == ""
    data = Path(record.pdf.path).read_bytes()
    assert hashlib.sha256(data).hexdigest() == record.pdf_sha256
    text = flat(pdf_text(data))
    assert "Jane Doe" in text and "SIGNED ON SCREEN" in text.upper()
    assert any(page.images for page in PdfReader(BytesIO(data)).pages)  # the drawing
    # Once: rendering again leaves the stored file and its hash alone.
    stored_name, stored_hash = record.pdf.name, record.pdf_sha256
    consent_services.consent_pdf_render(record_id=record.pk)
    record.refresh_from_db()
    assert (record.pdf.name, record.pdf_sha256) == (stored_name, stored_hash)
    assert consent_services.consent_verify(record) == consent_services.VERIFIED


def test_a_signed_consent_cannot_be_signed_again(
    front_desk, prepared, django_capture_on_commit_callbacks
):
    _plan, _sessions, record = prepared
    sign(record, front_desk, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="already signed"):
        consent_services.consent_sign_on_screen(
            record=record, signature_data_url=signature_png(), by=front_desk
        )


@pytest.mark.parametrize(
    ("data_url", "message"),
    [
        ("", "Draw the signature"),
        ("data:image/jpeg;base64,/9j/4AAQ", "Draw the signature"),
        ("data:image/png;base64,not-base64!!", "could not be read"),
        ("data:image/png;base64," + base64.b64encode(b"GIF89a....").decode(), "could not be read"),
        ("data:image/png;base64," + "A" * 300_000, "too large"),
    ],
)
def test_a_signature_must_be_a_small_png(data_url, message):
    assert message in consent_services.signature_problem(data_url)


def test_an_empty_signature_box_is_refused():
    assert "empty" in consent_services.signature_problem(signature_png(draw=False))
    assert consent_services.signature_problem(signature_png()) is None


def test_a_rendering_failure_is_recorded_and_never_undoes_the_signature(
    front_desk, prepared, django_capture_on_commit_callbacks, monkeypatch, client
):
    _plan, _sessions, record = prepared

    def broken(record):
        raise RuntimeError("Pango is out of fonts")

    monkeypatch.setattr(consent_form, "render_consent", broken)
    record = sign(record, front_desk, django_capture_on_commit_callbacks)
    assert record.is_signed and record.signature.startswith("data:image/png")
    assert record.pdf_status == "failed" and "Pango is out of fonts" in record.pdf_error
    assert not record.pdf
    monkeypatch.undo()
    client.force_login(front_desk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("treatments:consent_retry", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.pdf_status == "rendered" and record.pdf_sha256


def test_verification_shows_verified_then_altered_after_one_byte_changes(
    client, clinic_admin, front_desk, prepared, django_capture_on_commit_callbacks
):
    _plan, _sessions, record = prepared
    record = sign(record, front_desk, django_capture_on_commit_callbacks)
    client.force_login(clinic_admin)
    url = reverse("treatments:consent_verify", args=[record.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "<strong>verified</strong>" in response.content.decode()
    path = Path(record.pdf.path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    body = client.get(url).content.decode()
    assert "<strong>altered</strong>" in body and "verified</strong>" not in body
    assert AuditEvent.objects.filter(action="consent.verified", details__result="altered").exists()


def test_the_stored_pdf_is_served_to_readers_and_audited(
    client, clinic_admin, front_desk, prepared, django_capture_on_commit_callbacks
):
    _plan, _sessions, record = prepared
    record = sign(record, front_desk, django_capture_on_commit_callbacks)
    client.force_login(clinic_admin)
    response = client.get(reverse("treatments:consent_pdf", args=[record.pk]))
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == record.pdf_sha256
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action="consent.downloaded", target_id=str(record.pk))
    assert event.details == {"kind": "consent_pdf", "role": "clinic_admin"}


# --- Sign on paper --------------------------------------------------------------------------


def test_signing_on_paper_keeps_the_scan(
    client, front_desk, prepared, django_capture_on_commit_callbacks
):
    _plan, _sessions, record = prepared
    client.force_login(front_desk)
    scan = paper_scan()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("treatments:consent_paper", args=[record.pk]), {"scan": scan}
        )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.method == "paper" and record.is_signed
    scan.seek(0)
    assert Path(record.scan.path).read_bytes() == scan.read()  # a valid PDF is kept as is
    assert record.pdf_status == "rendered"
    assert "Signed on paper" in flat(pdf_text(Path(record.pdf.path).read_bytes()))


def test_a_scan_that_is_not_a_pdf_or_an_image_is_refused(client, front_desk, prepared):
    _plan, _sessions, record = prepared
    client.force_login(front_desk)
    scan = SimpleUploadedFile(
        "scan.pdf", b"<html>not a scan</html>", content_type="application/pdf"
    )
    client.post(reverse("treatments:consent_paper", args=[record.pk]), {"scan": scan})
    record.refresh_from_db()
    assert not record.is_signed and not record.scan
