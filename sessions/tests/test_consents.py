"""Consent: the text from the protocol version and the patient's screening, signing on screen
and on paper, the PDF rendered once after commit and verified by its SHA-256, withdrawal as a
new record, and the re-consent rule that gates the start of a session."""

import base64
import hashlib
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw
from pypdf import PdfReader

from clinic.models import AuditEvent
from patients.tests.factories import record_history
from protocols import services as protocol_services
from protocols.tests.factories import IngredientFactory
from sessions.documents import consent_form, consent_rules
from sessions.documents import consents as consent_services
from sessions.models import ConsentRecord
from sessions.tests.test_documents import WARFARIN, course, flat, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def signature_png(size=(600, 200), draw=True) -> str:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if draw:
        ImageDraw.Draw(image).line(
            [(40, 150), (200, 40), (380, 160), (560, 60)], fill="black", width=5
        )
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@pytest.fixture
def prepared(practitioner):
    plan, sessions = course(
        practitioner=practitioner,
        medications=[WARFARIN],
        override_reasons={"anticoagulant": "INR stable; GP agrees"},
    )
    record = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=practitioner
    )
    return plan, sessions, record


def sign(record, by, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        consent_services.consent_sign_on_screen(
            record=record, signature_data_url=signature_png(), by=by
        )
    record.refresh_from_db()
    return record


# --- Prepare --------------------------------------------------------------------------------


def test_the_consent_text_comes_from_the_protocol_version_and_the_patients_screening(prepared):
    plan, _sessions, record = prepared
    version = plan.protocol_version
    text = record.text
    assert f"Protocol {version}" in text
    assert "## The procedure" in text and "## What is injected" in text
    assert "- Non-cross-linked hyaluronic acid, 14 mg/g, 2 mL per session" in text
    assert "## Expected benefits" in text and "Limits of the evidence" in text
    assert "[T7]" not in text  # the library's citation keys are not for patients
    assert "Small bruises and bleeding points (usually minutes to hours" in text
    assert "necrosis" in text  # consent_risk_text
    assert "## Alternatives" in text and "You do not have to have this treatment." in text
    assert "Takes an anticoagulant: Takes Warfarin (prescribed)" in text
    assert "my questions have been answered" in text
    assert "I agree to a course of 3 sessions" in text
    assert record.sessions_consented == 3
    assert record.ingredients == ["Non-cross-linked hyaluronic acid"]
    assert not record.is_signed
    assert AuditEvent.objects.filter(action="consent.prepared", target_id=str(record.pk)).exists()


def test_an_absolute_contraindication_refuses_the_consent(practitioner):
    plan, _sessions = course(practitioner=practitioner, book_sessions=0)
    record_history(plan.patient, by=practitioner, pregnancy=True)
    with pytest.raises(ValidationError, match="Pregnancy"):
        consent_services.consent_prepare(
            patient=plan.patient, plan_or_version=plan, by=practitioner
        )


def test_a_printed_blank_form_has_the_text_and_empty_signature_lines(client, front_desk, prepared):
    _plan, _sessions, record = prepared
    client.force_login(front_desk)
    response = client.get(reverse("treatments:consent_print", args=[record.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = flat(pdf_text(response.content))
    assert "INFORMED CONSENT" in text.upper() and "Jane Doe" in text
    assert "Signature of the patient" in text and "TO SIGN" in text.upper()
    assert AuditEvent.objects.filter(action="consent.printed").exists()


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
    assert AuditEvent.objects.filter(action="consent.viewed", target_id=str(record.pk)).exists()


# --- Sign on paper --------------------------------------------------------------------------


def test_signing_on_paper_keeps_the_scan(
    client, front_desk, prepared, django_capture_on_commit_callbacks
):
    _plan, _sessions, record = prepared
    client.force_login(front_desk)
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scanned form", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("treatments:consent_paper", args=[record.pk]), {"scan": scan}
        )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.method == "paper" and record.is_signed
    assert Path(record.scan.path).read_bytes().startswith(b"%PDF-1.4 scanned")
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


# --- Withdraw -------------------------------------------------------------------------------


def test_withdrawal_is_a_new_record_and_blocks_the_next_session(
    front_desk, prepared, django_capture_on_commit_callbacks
):
    _plan, sessions, record = prepared
    record = sign(record, front_desk, django_capture_on_commit_callbacks)
    assert consent_rules.consent_problem(sessions[1]) is None
    with django_capture_on_commit_callbacks(execute=True):
        withdrawal = consent_services.consent_withdraw(
            record=record, by=front_desk, reason="Changed my mind about injections"
        )
    record.refresh_from_db()
    withdrawal.refresh_from_db()
    assert withdrawal.kind == "withdrawal" and withdrawal.withdraws == record
    assert withdrawal.pdf_status == "rendered"
    assert "Changed my mind about injections" in flat(
        pdf_text(Path(withdrawal.pdf.path).read_bytes())
    )
    assert record.pdf_status == "rendered" and consent_services.consent_verify(record) == "verified"
    assert "withdrew their consent" in consent_rules.consent_problem(sessions[1])
    with pytest.raises(ValidationError, match="already been withdrawn"):
        consent_services.consent_withdraw(record=record, by=front_desk, reason="Again")


# --- The re-consent rule --------------------------------------------------------------------


def test_no_signed_consent_blocks_the_session(prepared):
    _plan, sessions, _record = prepared
    assert "There is no signed consent" in consent_rules.consent_problem(sessions[0])


def test_a_course_longer_than_consented_asks_for_a_new_consent(
    front_desk, prepared, django_capture_on_commit_callbacks
):
    plan, sessions, record = prepared
    sign(record, front_desk, django_capture_on_commit_callbacks)
    assert consent_rules.consent_problem(sessions[2]) is None
    type(plan).objects.filter(pk=plan.pk).update(sessions_count=5)
    sessions[2].refresh_from_db()
    sessions[2].plan.refresh_from_db()
    problem = consent_rules.consent_problem(sessions[2])
    assert "consented to 3 sessions; this course has 5" in problem


def test_a_new_ingredient_in_the_blend_asks_for_a_new_consent(
    front_desk, prepared, django_capture_on_commit_callbacks
):
    _plan, sessions, record = prepared
    sign(record, front_desk, django_capture_on_commit_callbacks)
    ConsentRecord.objects.filter(pk=record.pk).update(ingredients=["Something else"])
    problem = consent_rules.consent_problem(sessions[0])
    assert "Non-cross-linked hyaluronic acid" in problem and "does not cover" in problem


def test_a_plan_on_a_new_protocol_version_asks_for_a_new_consent(
    front_desk, practitioner, prepared, django_capture_on_commit_callbacks
):
    plan, sessions, record = prepared
    sign(record, front_desk, django_capture_on_commit_callbacks)
    old = plan.protocol_version
    content = {
        field.name: getattr(old, field.name)
        for field in old._meta.concrete_fields
        if field.name not in ("id", "protocol", "number", "created_at", "created_by", "change_note")
    }
    blend = [
        {
            "ingredient": c.ingredient,
            "concentration": c.concentration,
            "concentration_unit": c.concentration_unit,
            "volume_ml": c.volume_ml,
        }
        for c in old.blend.all()
    ] + [
        {
            "ingredient": IngredientFactory(name="Lidocaine"),
            "concentration": None,
            "concentration_unit": "",
            "volume_ml": "0.2",
        }
    ]
    new = protocol_services.protocol_revise(
        protocol=old.protocol, content=content, blend=blend, change_note="Adds lidocaine", by=None
    )
    type(plan).objects.filter(pk=plan.pk).update(protocol_version=new)
    sessions[1].refresh_from_db()
    problem = consent_rules.consent_problem(sessions[1])
    assert f"consented to {old}" in problem and f"this plan uses {new}" in problem


def test_consultations_and_sessions_without_a_plan_need_no_consent(prepared):
    _plan, sessions, _record = prepared
    sessions[0].kind = "review"
    assert consent_rules.consent_problem(sessions[0]) is None


# --- Pages: who may do what -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sign_status", "read_status"),
    [
        ("practitioner", 200, 200),
        ("front_desk", 200, 200),
        ("clinic_admin", 403, 200),
        ("no_role_user", 403, 403),
    ],
)
def test_front_desk_and_practitioners_sign_every_role_reads(
    client, request, prepared, persona, sign_status, read_status
):
    _plan, _sessions, record = prepared
    client.force_login(request.getfixturevalue(persona))
    assert (
        client.get(reverse("treatments:consent_sign", args=[record.pk])).status_code == sign_status
    )
    assert client.get(reverse("treatments:consent", args=[record.pk])).status_code == read_status


def test_anonymous_visitors_are_sent_to_the_login(client, prepared):
    _plan, _sessions, record = prepared
    response = client.get(reverse("treatments:consent", args=[record.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_signing_page_loads_the_pad_and_escapes_the_patient(client, front_desk, practitioner):
    plan, _sessions = course(
        practitioner=practitioner, first_name="<script>alert(1)</script>", book_sessions=0
    )
    record = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=practitioner
    )
    client.force_login(front_desk)
    body = client.get(reverse("treatments:consent_sign", args=[record.pk])).content.decode()
    assert "js/signature-pad.js" in body and "data-signature-pad" in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_signing_through_the_page_needs_the_questions_answered_box(
    client, front_desk, prepared, django_capture_on_commit_callbacks
):
    _plan, _sessions, record = prepared
    client.force_login(front_desk)
    url = reverse("treatments:consent_sign", args=[record.pk])
    response = client.post(url, {"signature": signature_png()})
    assert response.status_code == 200
    record.refresh_from_db()
    assert not record.is_signed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"signature": signature_png(), "questions_answered": "on"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.is_signed and record.pdf_status == "rendered"


def test_preparing_from_the_plan_page_opens_the_new_consent(client, practitioner):
    plan, _sessions = course(practitioner=practitioner, book_sessions=0)
    client.force_login(practitioner)
    response = client.post(reverse("treatments:consent_prepare", args=[plan.pk]))
    record = ConsentRecord.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == reverse("treatments:consent", args=[record.pk])


# --- The URL walk for these pages (copy into clinic/tests/test_url_access.py) ---------------

LOGIN, OK = "login", 200
# The project's URL walk (clinic/tests/test_url_access.py) takes these two tables.
DOCUMENT_ACCESS = {
    # persona: anonymous, practitioner, front_desk, clinic_admin
    "treatments:aftercare_sheet": (LOGIN, OK, OK, OK),
    "treatments:precare_sheet": (LOGIN, OK, OK, OK),
    "treatments:handout_given": (LOGIN, 405, 405, 405),  # POST only
    "treatments:handout_acknowledged": (LOGIN, 405, 405, 405),  # POST only
    "treatments:course_report": (LOGIN, OK, 403, OK),
    "treatments:consent_prepare": (LOGIN, 405, 405, 405),  # POST only
    "treatments:consents": (LOGIN, OK, OK, OK),
    "treatments:consent": (LOGIN, OK, OK, OK),
    "treatments:consent_print": (LOGIN, OK, OK, OK),
    "treatments:consent_sign": (LOGIN, OK, OK, 403),
    "treatments:consent_paper": (LOGIN, 405, 405, 405),  # POST only
    "treatments:consent_pdf": (LOGIN, OK, OK, OK),
    "treatments:consent_scan": (LOGIN, OK, OK, OK),
    "treatments:consent_verify": (LOGIN, OK, OK, OK),
    "treatments:consent_withdraw": (LOGIN, OK, OK, 403),
    "treatments:consent_retry": (LOGIN, 405, 405, 405),  # POST only
    "treatments:documents_batch": (LOGIN, OK, OK, OK),
    "treatments:documents_batch_status": (LOGIN, 404, 404, 404),  # a batch nobody made
    "treatments:documents_batch_download": (LOGIN, 404, 404, 404),
}


def _charted_session():
    from sessions.tests.test_documents import charted_session_kwargs

    return charted_session_kwargs()


def _plan():
    plan, _sessions = course(book_sessions=0)
    return {"pk": plan.pk}


def _consent(signed=None):
    def make():
        plan, _sessions = course(book_sessions=0)
        user = plan.created_by
        record = consent_services.consent_prepare(
            patient=plan.patient, plan_or_version=plan, by=user
        )
        if signed == "screen":
            consent_services.consent_sign_on_screen(
                record=record, signature_data_url=signature_png(), by=user
            )
            consent_services.consent_pdf_render(record_id=record.pk)
        elif signed == "paper":
            scan = SimpleUploadedFile("s.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
            consent_services.consent_mark_signed_on_paper(record=record, scan_file=scan, by=user)
            consent_services.consent_pdf_render(record_id=record.pk)
        return {"pk": record.pk}

    return make


def _batch():
    import uuid

    return {"batch_id": uuid.uuid4()}


DOCUMENT_SAMPLE_KWARGS = {
    "treatments:aftercare_sheet": _charted_session,
    "treatments:precare_sheet": _charted_session,
    "treatments:handout_given": lambda: {**_charted_session(), "kind": "aftercare"},
    "treatments:handout_acknowledged": lambda: {**_charted_session(), "kind": "aftercare"},
    "treatments:course_report": _plan,
    "treatments:consent_prepare": _plan,
    "treatments:consents": lambda: {"pk": course(book_sessions=0)[0].patient.pk},
    "treatments:consent": _consent(),
    "treatments:consent_print": _consent(),
    "treatments:consent_sign": _consent(),
    "treatments:consent_paper": _consent(),
    "treatments:consent_pdf": _consent("screen"),
    "treatments:consent_scan": _consent("paper"),
    "treatments:consent_verify": _consent("screen"),
    "treatments:consent_withdraw": _consent("screen"),
    "treatments:consent_retry": _consent("screen"),
    "treatments:documents_batch_status": _batch,
    "treatments:documents_batch_download": _batch,
}
