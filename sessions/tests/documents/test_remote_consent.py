"""A consent signed on the patient's own device: recorded as signed remotely with the device,
time and the patient's questions; the first session waits until a practitioner confirms, at
the visit, that the questions were answered (check-in does not)."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.models import AuditEvent
from sessions.documents import consent_rules
from sessions.documents import consents as consent_services
from sessions.scheduling import booking
from sessions.tests.factories.consents import signature_png
from tests.support import flat, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)


def _sign_remotely(record, django_capture_on_commit_callbacks, questions="Will it bruise?"):
    with django_capture_on_commit_callbacks(execute=True):
        consent_services.consent_sign_remotely(
            record=record,
            signature_data_url=signature_png(),
            questions=questions,
            user_agent=IPHONE,
        )
    record.refresh_from_db()
    return record


def test_a_remote_signature_records_method_device_time_and_questions(
    prepared, django_capture_on_commit_callbacks
):
    _plan, _sessions, record = prepared
    record = _sign_remotely(record, django_capture_on_commit_callbacks)
    assert record.method == "remote" and record.signed_at is not None
    assert record.device == "Safari on iPhone" and record.witnessed_by is None
    assert record.patient_questions == "Will it bruise?"
    assert record.awaits_questions_confirmation
    text = flat(pdf_text(Path(record.pdf.path).read_bytes()))
    assert "SIGNED REMOTELY" in text.upper() and "Safari on iPhone" in text
    event = AuditEvent.objects.get(action="consent.signed")
    assert event.actor is None and event.details["method"] == "remote"
    with pytest.raises(ValidationError, match="already signed"):
        _sign_remotely(record, django_capture_on_commit_callbacks)


def test_an_empty_signature_is_refused_remotely_too(prepared):
    _plan, _sessions, record = prepared
    with pytest.raises(ValidationError):
        consent_services.consent_sign_remotely(
            record=record,
            signature_data_url=signature_png(draw=False),
            questions="",
            user_agent=IPHONE,
        )
    record.refresh_from_db()
    assert not record.is_signed


def test_the_first_session_waits_for_the_questions_confirmation_check_in_does_not(
    practitioner, prepared, django_capture_on_commit_callbacks
):
    _plan, sessions, record = prepared
    record = _sign_remotely(record, django_capture_on_commit_callbacks)
    problem = consent_rules.consent_problem(sessions[0])
    assert problem and "signed this consent remotely" in problem
    assert consent_rules.consent_problem(sessions[0], signed_only=True) is None
    booking.session_transition(
        treatment_session=sessions[0], to="checked_in", by=practitioner, charting=True
    )
    with pytest.raises(ValidationError, match="signed this consent remotely"):
        booking.session_transition(treatment_session=sessions[0], to="in_progress", by=practitioner)
    consent_services.consent_questions_confirm(record=record, by=practitioner)
    record.refresh_from_db()
    assert record.questions_answered_by == practitioner and record.questions_answered_at
    assert consent_rules.consent_problem(sessions[0]) is None
    assert AuditEvent.objects.filter(
        action="consent.questions_answered", actor=practitioner
    ).exists()
    with pytest.raises(ValidationError, match="nothing to confirm"):
        consent_services.consent_questions_confirm(record=record, by=practitioner)


def test_a_consent_signed_on_screen_needs_no_confirmation(
    practitioner, prepared, django_capture_on_commit_callbacks
):
    _plan, _sessions, record = prepared
    with django_capture_on_commit_callbacks(execute=True):
        consent_services.consent_sign_on_screen(
            record=record, signature_data_url=signature_png(), by=practitioner
        )
    with pytest.raises(ValidationError, match="nothing to confirm"):
        consent_services.consent_questions_confirm(record=record, by=practitioner)


def test_the_practitioner_sees_the_questions_and_confirms_on_the_consent_page(
    client, practitioner, front_desk, prepared, django_capture_on_commit_callbacks
):
    _plan, sessions, record = prepared
    record = _sign_remotely(
        record, django_capture_on_commit_callbacks, questions="<b>Can I fly</b> after?"
    )
    url = reverse("treatments:consent_questions", args=[record.pk])
    client.force_login(front_desk)
    assert client.post(url).status_code == 403
    client.force_login(practitioner)
    page = client.get(reverse("treatments:consent", args=[record.pk])).content.decode()
    assert "&lt;b&gt;Can I fly&lt;/b&gt; after?" in page and "Safari on iPhone" in page
    assert url in page
    session_page = client.get(reverse("treatments:session", args=[sessions[0].pk]))
    assert "signed this consent remotely" in session_page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.questions_answered_by == practitioner
    page = client.get(reverse("treatments:consent", args=[record.pk])).content.decode()
    assert "Confirmed answered at the visit" in page and url not in page
