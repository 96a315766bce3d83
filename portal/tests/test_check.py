"""The post-treatment check: the follow-up's e-mail carries the link; any "yes" opens an
urgent task for the practitioner and tells the patient to call now; all "no" closes it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from patients.tests.factories import PatientFactory
from portal import check
from portal.models import CheckAnswer, PortalLink
from sessions.followups import delivery
from sessions.models import FollowUp
from sessions.tests.factories.charts import signed_chart

pytestmark = pytest.mark.django_db

RIGHT = {"portal_gate": "1", "day": "14", "month": "3", "year": "1985"}
ALL_NO = {**dict.fromkeys(check.TRIGGER_KEYS, "no"), "satisfaction": "8", "comment": ""}


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CLINIC_PHONE = "+33 1 40 00 00 00"
    settings.CLINIC_EMERGENCY_NUMBER = "15"
    cache.clear()


@pytest.fixture
def check_page(client, practitioner):
    """A completed session whose check e-mail went out, its link opened past the gate."""
    patient = PatientFactory(contact_by_email=True, email="p@example.org")
    treatment_session = signed_chart(practitioner, patient=patient).treatment_session
    follow_up = FollowUp.objects.get(
        treatment_session=treatment_session, kind=FollowUp.Kind.POST_TREATMENT_CHECK
    )
    # The aftercare e-mail goes first; the check is due 48 h later.
    delivery.follow_ups_sweep()
    delivery.follow_ups_sweep(now=follow_up.due_at + timedelta(minutes=1))
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.SENT
    message = next(m for m in mail.outbox if "How are you" in m.subject)
    path = re.search(r"https?://[^/\s]+(/p/[A-Za-z0-9_-]+/)", message.body).group(1)
    page = client.get(path)["Location"]
    assert client.post(page, RIGHT).status_code == 302
    return page, follow_up


def test_the_check_e_mail_carries_a_seven_day_link_about_its_follow_up(check_page):
    _page, follow_up = check_page
    link = PortalLink.objects.get(purpose="check")
    assert link.follow_up == follow_up and link.treatment_session == follow_up.treatment_session
    assert link.expires_at - timezone.now() > timedelta(days=6)


def test_the_questions_are_the_reference_triggers(client, check_page):
    page, _follow_up = check_page
    body = client.get(page).content.decode()
    for sign in (
        "A new painful lump",
        "Pus, discharge or an abscess",
        "Fever",
        "Redness that spreads",
        "blanching or a colour change",
        "Hair loss at the injection sites",
        "facial asymmetry",
        "Difficulty swallowing",
    ):
        assert sign in body
    assert len(check.QUESTIONS) == 8


def test_all_no_closes_the_follow_up_as_answered_by_the_patient(client, check_page):
    page, follow_up = check_page
    response = client.post(page, ALL_NO)
    body = response.content.decode()
    assert "Thank you" in body and "call the clinic now" not in body.lower()
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DONE and follow_up.done_by is None
    assert follow_up.outcome_note == "The patient answered the check on their link."
    answer = CheckAnswer.objects.get()
    assert answer.warning_signs == [] and answer.satisfaction == 8
    assert not FollowUp.objects.filter(kind=FollowUp.Kind.ADVERSE_EVENT_CHECK).exists()


def test_a_yes_escalates_to_the_practitioner_and_tells_the_patient_to_call(
    client, check_page, practitioner, front_desk
):
    page, follow_up = check_page
    answers = {**ALL_NO, "fever": "yes", "colour_change": "yes", "satisfaction": "3"}
    answers["comment"] = "Hot since yesterday"
    body = client.post(page, answers).content.decode()
    assert "Please call the clinic now" in body
    assert 'href="tel:+33140000000"' in body and 'href="tel:15"' in body
    task = FollowUp.objects.get(kind=FollowUp.Kind.ADVERSE_EVENT_CHECK)
    assert task.urgent and task.channel == FollowUp.Channel.TASK
    assert task.assignee == practitioner and task.due_at <= timezone.now()
    log = " ".join(task.events.values_list("note", flat=True))
    assert "Fever, or feeling hot and shivery" in log and "Hot since yesterday" in log
    assert "Satisfaction 3/10" in log
    # The check itself is closed with a note that says only that an answer came.
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DONE
    assert "Fever" not in follow_up.outcome_note and "Hot" not in follow_up.outcome_note
    assert CheckAnswer.objects.get().escalated_to == task
    # The practitioner's queue lists it first; the front desk never sees the task.
    client.force_login(practitioner)
    queue = client.get("/treatments/follow-ups/").content.decode()
    assert "Urgent" in queue and "warning sign on the post-treatment check" in queue
    client.force_login(front_desk)
    assert client.get(f"/treatments/follow-ups/{task.pk}/").status_code == 404
    desk_view = client.get(f"/treatments/follow-ups/{follow_up.pk}/").content.decode()
    assert "Hot since yesterday" not in desk_view and "Fever" not in desk_view


def test_an_open_adverse_event_check_is_made_urgent_rather_than_doubled(
    client, check_page, practitioner
):
    page, follow_up = check_page
    open_check = FollowUp.objects.create(
        patient=follow_up.patient,
        treatment_session=follow_up.treatment_session,
        kind=FollowUp.Kind.ADVERSE_EVENT_CHECK,
        channel=FollowUp.Channel.TASK,
        assignee=practitioner,
        due_at=timezone.now() + timedelta(days=1),
        idempotency_key="existing-check",
    )
    client.post(page, {**ALL_NO, "swallowing": "yes"})
    open_check.refresh_from_db()
    assert open_check.urgent and open_check.due_at <= timezone.now()
    assert FollowUp.objects.filter(kind=FollowUp.Kind.ADVERSE_EVENT_CHECK).count() == 1


def test_the_check_is_answered_once(client, check_page):
    page, _follow_up = check_page
    client.post(page, ALL_NO)
    response = client.post(page, {**ALL_NO, "fever": "yes"})
    assert "Already done" in response.content.decode()
    assert CheckAnswer.objects.count() == 1
    assert not FollowUp.objects.filter(kind=FollowUp.Kind.ADVERSE_EVENT_CHECK).exists()


def test_an_unanswered_question_is_a_form_error_and_submits_nothing(client, check_page):
    page, follow_up = check_page
    answers = {key: value for key, value in ALL_NO.items() if key != "fever"}
    answers["satisfaction"] = "eleven"
    response = client.post(page, answers)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Answer yes or no." in body and "Please answer every question" in body
    assert not CheckAnswer.objects.exists()
    assert PortalLink.objects.get(purpose="check").completed_at is None


def test_an_answer_is_kept_when_the_broker_is_down(
    client, check_page, monkeypatch, django_capture_on_commit_callbacks
):
    from sessions.documents import tasks as document_tasks
    from sessions.followups import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.follow_ups_sweep_task, "delay", broker_down)
    monkeypatch.setattr(document_tasks.handout_pdf_store_task, "delay", broker_down)
    page, _follow_up = check_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, {**ALL_NO, "painful_lump": "yes"})
    assert response.status_code == 200
    assert CheckAnswer.objects.get().warning_signs == ["painful_lump"]
    assert FollowUp.objects.get(kind=FollowUp.Kind.ADVERSE_EVENT_CHECK).urgent


def test_the_answers_show_on_the_patient_page_to_clinicians_only(
    client, check_page, practitioner, front_desk
):
    page, follow_up = check_page
    client.post(page, {**ALL_NO, "comment": "Very pleased, slight bruise"})
    client.force_login(practitioner)
    body = client.get(follow_up.patient.get_absolute_url()).content.decode()
    assert "No warning sign" in body and "satisfaction 8/10" in body
    assert "Very pleased, slight bruise" in body
    client.force_login(front_desk)
    body = client.get(follow_up.patient.get_absolute_url()).content.decode()
    assert "Done" in body
    assert "satisfaction 8/10" not in body and "slight bruise" not in body
