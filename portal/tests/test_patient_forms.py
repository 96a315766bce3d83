"""The patient's questionnaire, consent and booking pages behind their link: the gate first,
the patient's language, one use per link where the task is a submit, and what reaches the
record (nothing, for the questionnaire, until a practitioner accepts it)."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from clinic.models import AuditEvent
from patients.models import HISTORY_CONDITIONS, HealthQuestionnaire
from patients.seed import load_medication_catalogue
from patients.services import current_history
from patients.tests.factories import PatientFactory, record_history
from portal import access
from portal.booking import slot_value
from portal.panel import portal_link_send_new
from sessions.documents import consent_rules
from sessions.documents import consents as consent_services
from sessions.models import ConsentRecord, TreatmentSession
from sessions.scheduling import self_booking
from sessions.tests.factories.consents import signature_png
from sessions.tests.factories.courses import library_course
from sessions.tests.factories.scheduling import at

pytestmark = [pytest.mark.django_db]

RIGHT = {"portal_gate": "1", "day": "14", "month": "3", "year": "1985"}
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)


@pytest.fixture(autouse=True)
def clear_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


def _open(client, patient, purpose, **about):
    link, url = access.portal_link_issue(patient=patient, purpose=purpose, **about)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    page = reverse(f"portal:{purpose}", kwargs={"token": token})
    client.post(page, RIGHT)
    return link, page


def _answers(**extra):
    data = {f"c_{tag}": "no" for tag in HISTORY_CONDITIONS}
    data.update(smoking="never", medicine_0="Advil", dose_0="1 a day", goals="Brighter skin")
    data.update(extra)
    return data


def test_the_questionnaire_is_stored_for_review_and_the_link_used_once(client, practitioner):
    load_medication_catalogue()
    patient = PatientFactory(last_name="Quenneville")
    record_history(patient, by=practitioner)
    link, page = _open(client, patient, "questionnaire")
    body = client.get(page).content.decode()
    assert "Are you pregnant, or could you be?" in body and 'list="medicine-names"' in body
    assert '<option value="Advil">' in body
    response = client.post(page, {"smoking": "never"})  # questions left unanswered
    assert response.status_code == 200 and not HealthQuestionnaire.objects.exists()
    assert "Some answers are missing" in response.content.decode()
    response = client.post(page, _answers(c_pregnancy="yes", allergies_other="latex"))
    assert "Thank you, your answers are sent" in response.content.decode()
    questionnaire = HealthQuestionnaire.objects.get()
    assert questionnaire.conditions == ["pregnancy"] and questionnaire.allergies_other == "latex"
    assert questionnaire.medications[0]["name"] == "Ibuprofen"
    assert not current_history(patient).pregnancy  # nothing in the record yet
    link.refresh_from_db()
    assert link.completed_at is not None
    again = client.post(page, _answers()).content.decode()
    assert "Already done" in again and HealthQuestionnaire.objects.count() == 1
    assert AuditEvent.objects.filter(action="questionnaire.submitted").count() == 1


def test_the_questionnaire_speaks_the_patients_language(client):
    patient = PatientFactory(preferred_language="fr")
    _link, page = _open(client, patient, "questionnaire")
    body = client.get(page).content.decode()
    assert "Êtes-vous enceinte, ou pourriez-vous l’être" in body
    assert "Envoyer mes réponses" in body


def test_a_site_problem_needs_where_and_when(client):
    patient = PatientFactory()
    _link, page = _open(client, patient, "questionnaire")
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    body = client.post(page, _answers(site_kind="herpes", site_on=future)).content.decode()
    assert "Tick where it is." in body and "This date is in the future." in body
    assert not HealthQuestionnaire.objects.exists()


@pytest.fixture
def unsigned(practitioner):
    plan, sessions = library_course(practitioner=practitioner)
    record = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=practitioner
    )
    return plan, sessions, record


def test_the_consent_is_read_and_signed_remotely(
    client, unsigned, django_capture_on_commit_callbacks
):
    plan, sessions, record = unsigned
    link, page = _open(client, plan.patient, "consent", consent=record)
    body = client.get(page).content.decode()
    assert record.text.splitlines()[0].lstrip("# ")[:20] in body
    assert "js/signature-pad.js" in body and "<script>" not in body
    response = client.post(page, {"has_read": "on", "signature": signature_png(draw=False)})
    assert response.status_code == 200 and "empty" in response.content.decode()
    record.refresh_from_db()
    assert not record.is_signed and link.__class__.objects.get(pk=link.pk).completed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page,
            {"has_read": "on", "signature": signature_png(), "questions": "Will it bruise?"},
            HTTP_USER_AGENT=IPHONE,
        )
    assert "Thank you, your consent is signed" in response.content.decode()
    record.refresh_from_db()
    assert record.method == ConsentRecord.Method.REMOTE and record.device == "Safari on iPhone"
    assert record.patient_questions == "Will it bruise?" and record.signed_at
    assert "signed this consent remotely" in consent_rules.consent_problem(sessions[0])


def test_the_panel_sends_the_unsigned_consent_and_the_bookable_course(
    unsigned, practitioner, mailoutbox
):
    plan, _sessions, record = unsigned
    patient = plan.patient
    patient.contact_by_email = True
    patient.save(update_fields=["contact_by_email"])
    link = portal_link_send_new(patient=patient, purpose="consent", by=practitioner)
    assert link.consent == record
    link = portal_link_send_new(patient=patient, purpose="booking", by=practitioner)
    assert link.plan == plan
    link = portal_link_send_new(patient=patient, purpose="questionnaire", by=practitioner)
    assert len(mailoutbox) == 3


def test_booking_from_the_link_books_moves_and_says_call_when_too_late(
    client, practitioner, settings
):
    plan, sessions = library_course(practitioner=practitioner, sessions_count=3, book_sessions=1)
    given = at(timezone.localdate() - datetime.timedelta(days=3), 10)
    TreatmentSession.objects.filter(pk=sessions[0].pk).update(
        starts_at=given, ends_at=given + datetime.timedelta(minutes=45), status="completed"
    )
    _link, page = _open(client, plan.patient, "booking", plan=plan)
    body = client.get(page).content.decode()
    assert "Choose a time" in body and 'name="slot"' in body
    nxt = self_booking.next_session(plan)
    slots = self_booking.offered_slots(nxt)
    assert client.post(page, {"action": "book", "slot": "nonsense"}).status_code == 400
    response = client.post(page, {"action": "book", "slot": slot_value(*slots[0])})
    assert response.status_code == 302
    booked = TreatmentSession.objects.get(plan=plan, sequence=2)
    assert booked.starts_at == slots[0][0] and booked.booked_by is None
    body = client.get(response["Location"]).content.decode()
    assert "Booked." in body and "Cancel this session" in body
    settings.CLINIC_PHONE = "+33 1 23 45 67 89"
    soon = timezone.now() + datetime.timedelta(hours=3)
    TreatmentSession.objects.filter(pk=booked.pk).update(
        starts_at=soon, ends_at=soon + datetime.timedelta(minutes=45)
    )
    body = client.get(page).content.decode()
    assert "please call the clinic" in body and "Cancel this session" not in body
    response = client.post(page, {"action": "cancel"})
    assert response.status_code == 400 and "call the clinic" in response.content.decode()
    booked.refresh_from_db()
    assert booked.status == "booked"


def test_pages_answer_only_their_own_purpose(client):
    patient = PatientFactory()
    link, url = access.portal_link_issue(patient=patient, purpose="questionnaire")
    token = url.rstrip("/").rsplit("/", 1)[-1]
    response = client.get(reverse("portal:booking", kwargs={"token": token}))
    assert response.status_code == 404
