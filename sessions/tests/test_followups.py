"""Follow-ups: the rules that schedule them, the sweep that delivers them, the queue that works
them. Faults with a real worker, Redis and SMTP server: tests/integration/test_followup_faults.py.
"""

import datetime
import smtplib
import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from clinic.models import AuditEvent
from patients import services
from patients.tests.factories import PatientFactory, record_history
from protocols.tests.factories import LotFactory, make_protocol
from sessions.followups import delivery, scheduling
from sessions.followups import queue as followups_queue
from sessions.followups import recall as followups_recall
from sessions.models import (
    AdverseEvent,
    Chart,
    ChartProduct,
    FollowUp,
    FollowUpEvent,
    TreatmentSession,
)
from sessions.scheduling import booking
from sessions.scheduling import plans as plan_services
from sessions.tests.factories import book, next_weekday
from tests.support import free_port, make_user

pytestmark = pytest.mark.django_db

Kind, Channel, Status = FollowUp.Kind, FollowUp.Channel, FollowUp.Status
SessionStatus = TreatmentSession.Status


@pytest.fixture(autouse=True)
def consent_on_file(monkeypatch):
    """Course sessions start only with a signed consent (tested in test_consents.py); these
    tests are about what follows a session, so every course here is consented."""
    monkeypatch.setattr(
        "sessions.documents.consent_rules.consent_problem", lambda treatment_session: None
    )


# --- Builders ---------------------------------------------------------------------------------


def course(practitioner, patient=None, sessions=3, **protocol_content):
    """A booked course of weekly sessions, from a plan on a fresh protocol."""
    patient = patient or PatientFactory()
    record_history(patient, by=practitioner)
    version = make_protocol(slug=f"p-{patient.pk}", **protocol_content).current_version
    consultation = services.consultation_start(
        patient=patient,
        data={"goals": "Fresher skin", "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )
    plan = plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=["face"],
        sessions_count=sessions,
        interval_min_days=7,
        interval_max_days=28,
        override_reasons={},
        by=practitioner,
    )
    return [
        book(
            patient,
            practitioner=practitioner,
            plan=plan,
            sequence=n,
            day=next_weekday(0, weeks_ahead=n),
        )
        for n in range(1, sessions + 1)
    ]


def complete(treatment_session, by):
    for status in (SessionStatus.CHECKED_IN, SessionStatus.IN_PROGRESS, SessionStatus.COMPLETED):
        treatment_session = booking.session_transition(
            treatment_session=treatment_session, to=status, by=by
        )
    return treatment_session


def emailable(**extra):
    return PatientFactory(contact_by_email=True, email="anna@example.org", **extra)


def due_email(patient=None, key=None, due_at=None, **extra):
    patient = patient or emailable()
    follow_up = FollowUp.objects.create(
        patient=patient,
        kind=Kind.POST_TREATMENT_CHECK,
        channel=Channel.EMAIL,
        due_at=due_at or timezone.now() - datetime.timedelta(minutes=1),
        idempotency_key=key or f"test:{FollowUp.objects.count()}:{patient.pk}",
        **extra,
    )
    return follow_up


def charted(treatment_session):
    return Chart.objects.create(treatment_session=treatment_session)


def keys_sent():
    return [message.extra_headers["X-Mesoplan-Idempotency-Key"] for message in mail.outbox]


# --- Rules: what gets scheduled ---------------------------------------------------------------


def test_a_completed_session_schedules_a_phone_check_48_hours_later_for_the_front_desk(
    practitioner,
):
    first, *_ = course(practitioner)
    done = complete(first, practitioner)
    check = FollowUp.objects.get(kind=Kind.POST_TREATMENT_CHECK)
    assert check.channel == Channel.PHONE  # the patient did not agree to e-mail
    assert check.assignee is None  # the front desk's shared queue
    assert check.due_at == done.completed_at + datetime.timedelta(hours=48)
    assert check.idempotency_key == f"post_treatment_check:{first.pk}"
    assert check.events.get().action == "scheduled"


def test_a_patient_who_agreed_to_email_gets_the_check_by_email(practitioner):
    first, *_ = course(practitioner, patient=emailable())
    complete(first, practitioner)
    assert FollowUp.objects.get(kind=Kind.POST_TREATMENT_CHECK).channel == Channel.EMAIL


def test_the_next_session_of_the_course_gets_a_reminder_two_days_before(practitioner):
    first, second, _third = course(practitioner, patient=emailable())
    complete(first, practitioner)
    reminder = FollowUp.objects.get(kind=Kind.NEXT_SESSION_REMINDER)
    assert reminder.treatment_session == second
    assert reminder.due_at == second.starts_at - datetime.timedelta(days=2)
    assert reminder.channel == Channel.EMAIL


@override_settings(FOLLOW_UP_POST_TREATMENT_CHECK_HOURS=72, FOLLOW_UP_REMINDER_DAYS_BEFORE=3)
def test_the_delays_are_settings(practitioner):
    first, second, _third = course(practitioner)
    done = complete(first, practitioner)
    check = FollowUp.objects.get(kind=Kind.POST_TREATMENT_CHECK)
    reminder = FollowUp.objects.get(kind=Kind.NEXT_SESSION_REMINDER)
    assert check.due_at == done.completed_at + datetime.timedelta(hours=72)
    assert reminder.due_at == second.starts_at - datetime.timedelta(days=3)


def test_the_last_session_of_a_course_schedules_the_review_the_protocol_names(practitioner):
    sessions = course(practitioner, sessions=2, review_after_days=45)
    complete(sessions[0], practitioner)
    assert not FollowUp.objects.filter(kind=Kind.COURSE_REVIEW).exists()
    last = complete(sessions[1], practitioner)
    review = FollowUp.objects.get(kind=Kind.COURSE_REVIEW)
    assert review.due_at == last.completed_at + datetime.timedelta(days=45)
    assert review.channel == Channel.PHONE and review.plan == last.plan


@override_settings(FOLLOW_UP_COURSE_REVIEW_DEFAULT_DAYS=21)
def test_a_protocol_that_names_no_review_interval_uses_the_default(practitioner):
    (only,) = course(practitioner, sessions=1, review_after_days=None)
    last = complete(only, practitioner)
    review = FollowUp.objects.get(kind=Kind.COURSE_REVIEW)
    assert review.due_at == last.completed_at + datetime.timedelta(days=21)


def test_a_course_with_a_cancelled_session_is_not_finished_and_gets_a_rebook_call(practitioner):
    first, second = course(practitioner, sessions=2)
    booking.session_transition(
        treatment_session=second, to=SessionStatus.CANCELLED, by=practitioner, reason="Away"
    )
    complete(first, practitioner)
    assert not FollowUp.objects.filter(kind=Kind.COURSE_REVIEW).exists()
    rebook = FollowUp.objects.get(kind=Kind.REBOOK)
    assert rebook.treatment_session == second and rebook.channel == Channel.PHONE
    assert rebook.due_at <= timezone.now()


def test_cancelling_a_session_cancels_its_reminder(practitioner):
    first, second, _third = course(practitioner)
    complete(first, practitioner)
    booking.session_transition(
        treatment_session=second, to=SessionStatus.CANCELLED, by=practitioner, reason="Ill"
    )
    reminder = FollowUp.objects.get(kind=Kind.NEXT_SESSION_REMINDER)
    assert reminder.status == Status.CANCELLED
    assert reminder.events.last().note == "The session is cancelled."
    assert FollowUp.objects.get(kind=Kind.REBOOK).status == Status.PENDING


def test_a_no_show_creates_a_rebook_task(practitioner):
    session = book(PatientFactory(), practitioner=practitioner)
    booking.session_transition(treatment_session=session, to=SessionStatus.NO_SHOW, by=practitioner)
    rebook = FollowUp.objects.get(kind=Kind.REBOOK)
    assert rebook.idempotency_key == f"rebook:{session.pk}"
    assert "No-show" in rebook.events.get().note


def test_rescheduling_a_session_moves_its_reminder(practitioner):
    first, second, _third = course(practitioner)
    complete(first, practitioner)
    old = FollowUp.objects.get(kind=Kind.NEXT_SESSION_REMINDER)
    new_start = second.starts_at + datetime.timedelta(days=1, hours=1)
    booking.session_reschedule(
        treatment_session=second,
        starts_at=new_start,
        ends_at=new_start + datetime.timedelta(minutes=45),
        by=practitioner,
    )
    old.refresh_from_db()
    assert old.status == Status.CANCELLED
    moved = FollowUp.objects.get(kind=Kind.NEXT_SESSION_REMINDER, status=Status.PENDING)
    assert moved.due_at == new_start - datetime.timedelta(days=2)
    assert moved.treatment_session == second


def test_a_reminder_already_sent_is_followed_by_one_for_the_new_time(practitioner):
    first, second, _third = course(practitioner)
    complete(first, practitioner)
    FollowUp.objects.filter(kind=Kind.NEXT_SESSION_REMINDER).update(status=Status.SENT)
    new_start = second.starts_at + datetime.timedelta(hours=2)
    booking.session_reschedule(
        treatment_session=second,
        starts_at=new_start,
        ends_at=new_start + datetime.timedelta(minutes=45),
        by=practitioner,
    )
    statuses = sorted(
        FollowUp.objects.filter(kind=Kind.NEXT_SESSION_REMINDER).values_list("status", flat=True)
    )
    assert statuses == [Status.PENDING, Status.SENT]


def test_a_session_without_a_reminder_gets_none_when_moved(practitioner):
    session = book(PatientFactory(), practitioner=practitioner)
    start = session.starts_at + datetime.timedelta(hours=2)
    booking.session_reschedule(
        treatment_session=session,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=45),
        by=practitioner,
    )
    assert not FollowUp.objects.exists()


def test_hooks_are_idempotent(practitioner):
    first, *_ = course(practitioner)
    done = complete(first, practitioner)
    before = FollowUp.objects.count()
    scheduling.follow_ups_on_session_completed(treatment_session=done)
    scheduling.follow_ups_on_session_completed(treatment_session=done)
    assert FollowUp.objects.count() == before == 2  # check + reminder


def test_an_adverse_event_gives_the_practitioner_a_check_the_next_day(practitioner):
    session = book(PatientFactory(), practitioner=practitioner)
    chart = charted(session)
    event = AdverseEvent.objects.create(
        chart=chart,
        type="bruising",
        severity="mild",
        action_taken="Cold pack",
        recorded_by=practitioner,
    )
    check = scheduling.follow_ups_on_adverse_event(adverse_event=event)
    assert check.kind == Kind.ADVERSE_EVENT_CHECK and check.channel == Channel.TASK
    assert check.assignee == practitioner
    assert check.due_at == event.recorded_at + datetime.timedelta(hours=24)
    # Idempotent per event; a second event while the check is open is noted on it.
    assert scheduling.follow_ups_on_adverse_event(adverse_event=event) == check
    second = AdverseEvent.objects.create(
        chart=chart,
        type="nodule",
        severity="mild",
        action_taken="Massage",
        recorded_by=practitioner,
    )
    assert scheduling.follow_ups_on_adverse_event(adverse_event=second) == check
    assert check.events.filter(action="adverse_event_added").count() == 1
    # Once it is done, a later event (an amendment) opens a new check.
    followups_queue.follow_up_mark_done(follow_up=check, outcome_note="Fine", by=practitioner)
    third = AdverseEvent.objects.create(
        chart=chart, type="other", severity="mild", action_taken="Advice", recorded_by=practitioner
    )
    assert scheduling.follow_ups_on_adverse_event(adverse_event=third) != check
    assert FollowUp.objects.filter(kind=Kind.ADVERSE_EVENT_CHECK).count() == 2


def test_a_lot_recall_makes_one_call_per_patient_who_received_it_once(practitioner, clinic_admin):
    lot, other_lot = LotFactory(), LotFactory()
    anna, ben = PatientFactory(first_name="Anna"), PatientFactory(first_name="Ben")
    for patient, hour in ((anna, 10), (anna, 12), (ben, 14)):
        session = book(patient, practitioner=practitioner, hour=hour)
        ChartProduct.objects.create(chart=charted(session), lot=lot, volume_ml=1)
    untouched = book(PatientFactory(), practitioner=practitioner, hour=16)
    ChartProduct.objects.create(chart=charted(untouched), lot=other_lot, volume_ml=1)

    assert followups_recall.lot_recall_start(lot=lot, by=clinic_admin) == 2
    assert followups_recall.lot_recall_start(lot=lot, by=clinic_admin) == 0
    recalls = FollowUp.objects.filter(kind=Kind.LOT_RECALL)
    assert {r.patient for r in recalls} == {anna, ben}
    assert {r.idempotency_key for r in recalls} == {
        f"lot_recall:{lot.pk}:{anna.pk}",
        f"lot_recall:{lot.pk}:{ben.pk}",
    }
    assert all(r.channel == Channel.PHONE and r.lot == lot for r in recalls)
    assert FollowUpEvent.objects.filter(follow_up__in=recalls, action="scheduled").count() == 2
    audits = AuditEvent.objects.filter(action="lot.recall_started", target_id=str(lot.pk))
    assert [a.details["follow_ups_created"] for a in audits.order_by("pk")] == [2, 0]


def test_a_recall_call_is_logged_as_it_is_worked(front_desk, practitioner, clinic_admin):
    lot = LotFactory()
    session = book(PatientFactory(), practitioner=practitioner)
    ChartProduct.objects.create(chart=charted(session), lot=lot, volume_ml=1)
    followups_recall.lot_recall_start(lot=lot, by=clinic_admin)
    recall = FollowUp.objects.get(kind=Kind.LOT_RECALL)
    later = timezone.now() + datetime.timedelta(hours=3)
    followups_queue.follow_up_reschedule(follow_up=recall, due_at=later, by=front_desk)
    followups_queue.follow_up_mark_done(
        follow_up=recall, outcome_note="Called; no reaction.", by=front_desk
    )
    assert list(recall.events.values_list("action", flat=True)) == [
        "scheduled",
        "rescheduled",
        "done",
    ]


# --- Delivery ---------------------------------------------------------------------------------


@override_settings(FOLLOW_UP_POST_TREATMENT_CHECK_HOURS=0)
def test_a_due_email_is_sent_after_commit_once_with_text_html_and_a_stable_key(
    practitioner, django_capture_on_commit_callbacks
):
    first, *_ = course(practitioner, patient=emailable(first_name="Anna"))
    with django_capture_on_commit_callbacks(execute=True):  # the nudge runs the sweep (eager)
        complete(first, practitioner)
    check = FollowUp.objects.get(kind=Kind.POST_TREATMENT_CHECK)
    assert check.status == Status.SENT and check.attempts == 1 and check.sent_at
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert message.subject.startswith("How are you after your treatment?")
    assert "Dear Anna," in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<li>" in html and "Dear Anna," in html
    assert message.extra_headers["X-Mesoplan-Idempotency-Key"] == check.idempotency_key
    assert message.extra_headers["Message-ID"].startswith(f"<follow-up.{check.pk}.")
    # Another sweep (beat, a duplicated nudge) sends nothing more.
    delivery.follow_ups_sweep()
    assert len(mail.outbox) == 1
    assert list(check.events.values_list("action", flat=True)) == ["scheduled", "sent"]


def test_the_reminder_names_the_time_and_place_of_the_next_session(practitioner):
    first, second, _third = course(practitioner, patient=emailable())
    complete(first, practitioner)
    reminder = FollowUp.objects.get(kind=Kind.NEXT_SESSION_REMINDER)
    delivery.follow_ups_sweep(now=reminder.due_at)  # the post-treatment check goes too
    (message,) = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    local = timezone.localtime(second.starts_at)
    assert f"at {local:%H:%M}" in message.subject
    assert "Where: Main clinic" in message.body


def test_a_patient_language_without_templates_falls_back_to_english():
    patient = emailable()
    patient.preferred_language = "xx"  # e.g. a language the clinic adds before its templates
    follow_up = due_email(patient=patient)
    message = delivery.follow_up_email(follow_up)
    assert "Dear" in message.body


def test_phone_calls_and_tasks_wait_in_the_queue_and_are_never_sent(practitioner):
    patient = PatientFactory()
    for kind, channel in ((Kind.REBOOK, Channel.PHONE), (Kind.ADVERSE_EVENT_CHECK, Channel.TASK)):
        FollowUp.objects.create(
            patient=patient,
            kind=kind,
            channel=channel,
            due_at=timezone.now(),
            idempotency_key=kind,
            assignee=practitioner if channel == Channel.TASK else None,
        )
    delivery.follow_ups_sweep()
    assert not mail.outbox
    assert set(FollowUp.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_an_email_to_a_patient_who_withdrew_consent_becomes_a_phone_call():
    follow_up = due_email()
    follow_up.patient.contact_by_email = False
    follow_up.patient.save(update_fields=["contact_by_email"])
    delivery.follow_ups_sweep()
    follow_up.refresh_from_db()
    assert not mail.outbox
    assert follow_up.channel == Channel.PHONE and follow_up.status == Status.PENDING
    assert follow_up.events.last().action == "moved_to_phone"


def test_a_reminder_for_a_session_no_longer_booked_is_cancelled_not_sent(practitioner):
    session = book(emailable(), practitioner=practitioner)
    FollowUp.objects.create(
        patient=session.patient,
        treatment_session=session,
        kind=Kind.NEXT_SESSION_REMINDER,
        channel=Channel.EMAIL,
        due_at=timezone.now(),
        idempotency_key="reminder",
    )
    TreatmentSession.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)
    delivery.follow_ups_sweep()
    assert not mail.outbox
    assert FollowUp.objects.get().status == Status.CANCELLED


class RefusingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPDataError(554, b"5.7.1 Mailbox unavailable")


@override_settings(
    EMAIL_BACKEND="sessions.tests.test_followups.RefusingBackend", FOLLOW_UP_MAX_ATTEMPTS=4
)
def test_a_refused_email_is_retried_with_back_off_then_failed_and_shown_in_the_queue(
    client, front_desk
):
    start = timezone.now()
    follow_up = due_email(due_at=start)
    retries_at = []
    for attempt, minutes in enumerate((0, 1, 3, 7), start=1):  # back-off: 1, 2, 4 minutes
        moment = start + datetime.timedelta(minutes=minutes, seconds=1)
        delivery.follow_ups_sweep(now=moment - datetime.timedelta(seconds=30))
        follow_up.refresh_from_db()
        assert follow_up.attempts == attempt - 1  # the retry is not due yet
        delivery.follow_ups_sweep(now=moment)
        follow_up.refresh_from_db()
        retries_at.append(follow_up.next_attempt_at)
    assert follow_up.attempts == 4
    assert follow_up.status == Status.FAILED
    assert follow_up.last_error == "SMTP 554: 5.7.1 Mailbox unavailable"
    assert [r - start if r else None for r in retries_at[:3]] == [
        datetime.timedelta(minutes=m, seconds=1) for m in (1, 3, 7)
    ]
    assert list(follow_up.events.values_list("action", flat=True)) == [
        "attempt_failed",
        "attempt_failed",
        "attempt_failed",
        "failed",
    ]
    client.force_login(front_desk)
    page = client.get(reverse("treatments:follow_ups"))
    assert page.status_code == 200
    assert "SMTP 554: 5.7.1 Mailbox unavailable" in page.text
    assert followups_queue.overdue_count(front_desk) == 1


class UnreachableBackend(LocmemBackend):
    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")


@override_settings(EMAIL_BACKEND="sessions.tests.test_followups.UnreachableBackend")
def test_a_mail_server_that_is_down_costs_one_attempt_per_sweep_not_one_per_row(front_desk):
    rows = [due_email(key=f"k{n}") for n in range(5)]
    assert delivery.follow_ups_sweep() == {"server_unavailable": 1}
    attempts = dict(FollowUp.objects.values_list("idempotency_key", "attempts"))
    assert attempts == {"k0": 1, "k1": 0, "k2": 0, "k3": 0, "k4": 0}
    probe = FollowUp.objects.get(pk=rows[0].pk)
    assert probe.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert set(FollowUp.objects.values_list("status", flat=True)) == {Status.PENDING}
    assert not FollowUp.objects.filter(claimed_at__isnull=False).exclude(pk=probe.pk).exists()


def test_the_back_off_doubles_up_to_an_hour():
    assert [delivery.retry_delay(n).seconds // 60 for n in (1, 2, 3, 4, 5, 8)] == [
        1,
        2,
        4,
        8,
        16,
        60,
    ]


def test_a_sweep_that_died_mid_batch_flags_the_one_message_it_may_have_sent():
    rows = [due_email(key=f"k{n}") for n in range(4)]
    claimed_at = timezone.now()
    assert delivery.follow_ups_claim(now=claimed_at, limit=10) == [r.pk for r in rows]
    # The worker died here: rows are `sending`. Before the timeout nobody touches them.
    delivery.follow_ups_sweep(now=claimed_at + datetime.timedelta(minutes=14))
    assert not mail.outbox
    assert set(FollowUp.objects.values_list("status", flat=True)) == {Status.SENDING}
    # After it, the first row of the batch may have gone out: failed, for a human to check;
    # the rest were never attempted and are delivered now.
    delivery.follow_ups_sweep(now=claimed_at + datetime.timedelta(minutes=16))
    first = FollowUp.objects.get(pk=rows[0].pk)
    assert first.status == Status.FAILED and first.last_error == delivery.INTERRUPTED
    assert sorted(keys_sent()) == ["k1", "k2", "k3"]
    assert followups_queue.overdue_count(make_user("front_desk")) == 1


def test_a_sweep_stopped_by_its_time_limit_puts_the_unsent_rows_back(monkeypatch):
    rows = [due_email(key=f"k{n}") for n in range(3)]
    real = delivery.follow_up_deliver
    calls = []

    def deliver_then_stop(**kwargs):
        calls.append(kwargs["follow_up"].pk)
        if len(calls) == 2:
            raise TimeoutError("soft time limit")  # mid-send of the second row
        return real(**kwargs)

    monkeypatch.setattr(delivery, "follow_up_deliver", deliver_then_stop)
    with pytest.raises(TimeoutError):
        delivery.follow_ups_sweep()
    statuses = dict(FollowUp.objects.values_list("pk", "status"))
    assert [statuses[r.pk] for r in rows] == [Status.SENT, Status.SENDING, Status.PENDING]


def test_with_the_broker_down_the_request_succeeds_and_the_sweep_delivers_later(
    practitioner, broker_down, django_capture_on_commit_callbacks, caplog
):
    first, *_ = course(practitioner, patient=emailable())
    with (
        override_settings(FOLLOW_UP_POST_TREATMENT_CHECK_HOURS=0),
        django_capture_on_commit_callbacks(execute=True),
    ):
        complete(first, practitioner)  # the nudge fails after commit; robust=True logs it
    assert "Error calling" in caplog.text and "in on_commit()" in caplog.text
    check = FollowUp.objects.get(kind=Kind.POST_TREATMENT_CHECK)
    assert check.status == Status.PENDING and not mail.outbox
    first.refresh_from_db()
    assert first.status == SessionStatus.COMPLETED
    delivery.follow_ups_sweep()  # beat's next sweep, once a worker runs again
    delivery.follow_ups_sweep()
    assert keys_sent() == [check.idempotency_key]


def test_with_the_broker_down_a_page_that_makes_an_email_due_still_answers(
    client, front_desk, broker_down
):
    follow_up = due_email(due_at=timezone.now() + datetime.timedelta(days=2))
    client.force_login(front_desk)
    now = timezone.localtime()
    response = client.post(
        reverse("treatments:follow_up_reschedule", args=[follow_up.pk]),
        {
            "day": now.date().isoformat(),
            "time": (now - datetime.timedelta(minutes=1)).strftime("%H:%M"),
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == Status.PENDING and follow_up.due_at <= timezone.now()


@pytest.fixture
def broker_down(monkeypatch):
    """Point the Celery app at a closed port and stop running tasks inline, for one test."""
    from celery import _state

    from clinic.celery import app

    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # it would override app.conf
    closed = f"redis://127.0.0.1:{free_port()}/0"
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    current = _state.get_current_app()
    app.set_current()  # shared tasks resolve to the current app
    app.conf.update(broker_url=closed, task_always_eager=False)
    app._pool, app.amqp._producer_pool = None, None  # forget connections to the old broker
    yield closed
    app.conf.update(previous)
    app._pool, app.amqp._producer_pool = None, None
    current.set_current()


class SlowLocmemBackend(LocmemBackend):
    """Slow enough for two sweeps to overlap; records every send in one list."""

    sent: list = []
    senders: set = set()
    lock = threading.Lock()

    def send_messages(self, messages):
        import time

        time.sleep(0.002)
        with self.lock:
            self.sent.extend(m.extra_headers["X-Mesoplan-Idempotency-Key"] for m in messages)
            self.senders.add(threading.get_ident())
        return len(messages)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@override_settings(EMAIL_BACKEND="sessions.tests.test_followups.SlowLocmemBackend")
def test_two_sweeps_at_once_never_send_the_same_follow_up(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Two sweeps at once need PostgreSQL's row locks (SKIP LOCKED): run with "
            "DATABASE_URL=postgres://... (SQLite takes one writer at a time: one beat, serial)."
        )
    patient = emailable()
    for n in range(120):
        due_email(patient=patient, key=f"race:{n}")
    SlowLocmemBackend.sent, SlowLocmemBackend.senders = [], set()
    start = threading.Barrier(3)

    def sweep():
        try:
            start.wait(timeout=10)
            delivery.follow_ups_sweep(batch_size=7)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(SlowLocmemBackend.senders) > 1  # the sweeps really ran side by side
    assert sorted(SlowLocmemBackend.sent) == sorted(f"race:{n}" for n in range(120))
    assert set(FollowUp.objects.values_list("status", flat=True)) == {Status.SENT}


# --- The queue --------------------------------------------------------------------------------


@pytest.fixture
def queue(practitioner):
    """A phone check for the front desk and an adverse-event check for the practitioner."""
    patient = PatientFactory(first_name="Anna", last_name="Martin", phone="+33 6 00 00 00 01")
    session = book(patient, practitioner=practitioner)
    call = FollowUp.objects.create(
        patient=patient,
        treatment_session=session,
        kind=Kind.POST_TREATMENT_CHECK,
        channel=Channel.PHONE,
        due_at=timezone.now() - datetime.timedelta(hours=1),
        idempotency_key="call",
    )
    task = FollowUp.objects.create(
        patient=patient,
        treatment_session=session,
        kind=Kind.ADVERSE_EVENT_CHECK,
        channel=Channel.TASK,
        assignee=practitioner,
        due_at=timezone.now() - datetime.timedelta(hours=1),
        idempotency_key="task",
    )
    return call, task


def test_anonymous_users_are_sent_to_the_login_page(client, queue):
    for url in (
        reverse("treatments:follow_ups"),
        reverse("treatments:follow_up", args=[queue[0].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_user_without_a_role_is_refused(client, no_role_user, queue):
    client.force_login(no_role_user)
    assert client.get(reverse("treatments:follow_ups")).status_code == 403
    response = client.post(
        reverse("treatments:follow_up_done", args=[queue[0].pk]), {"outcome_note": "x"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["front_desk", "practitioner", "clinic_admin"])
def test_every_role_that_schedules_opens_the_queue(client, request, persona, queue):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("treatments:follow_ups"), {"when": "due"})
    assert response.status_code == 200
    assert "Anna Martin" in response.text and "+33 6 00 00 00 01" in response.text


def test_the_front_desk_never_sees_the_practitioners_adverse_event_checks(
    client, front_desk, queue
):
    call, task = queue
    client.force_login(front_desk)
    page = client.get(reverse("treatments:follow_ups"))
    assert f'data-testid="follow-up-{call.pk}"' in page.text
    assert f'data-testid="follow-up-{task.pk}"' not in page.text
    assert "Adverse-event check" not in page.text
    assert client.get(reverse("treatments:follow_up", args=[task.pk])).status_code == 404
    done = client.post(reverse("treatments:follow_up_done", args=[task.pk]), {"outcome_note": "x"})
    assert done.status_code == 404


def test_practitioners_start_with_their_own_adverse_event_checks(client, practitioner, queue):
    call, task = queue
    client.force_login(practitioner)
    page = client.get(reverse("treatments:follow_ups"))
    assert f'data-testid="follow-up-{task.pk}"' in page.text
    assert f'data-testid="follow-up-{call.pk}"' not in page.text  # the front desk's call
    everyone = client.get(reverse("treatments:follow_ups"), {"assignee": ""})
    assert f'data-testid="follow-up-{call.pk}"' in everyone.text


def test_the_badge_counts_what_needs_action_now(front_desk, practitioner, queue):
    call, task = queue
    assert followups_queue.overdue_count(front_desk) == 1  # the due call
    assert followups_queue.overdue_count(practitioner) == 1  # their adverse-event check
    due_email()  # an e-mail the sweep will send: nobody's work
    FollowUp.objects.filter(pk=call.pk).update(due_at=timezone.now() + datetime.timedelta(days=1))
    assert followups_queue.overdue_count(front_desk) == 0


def test_the_navigation_badge_shows_the_count_only_when_there_is_one():
    from django.template.loader import render_to_string

    nothing = render_to_string("treatments/follow_up_badge.html", {"follow_ups_overdue": 0})
    assert not nothing.strip()
    html = render_to_string("treatments/follow_up_badge.html", {"follow_ups_overdue": 3})
    assert ">3<" in html and "follow-ups need action" in html  # read out by screen readers


def test_marking_done_needs_an_outcome_and_is_logged_and_audited(client, front_desk, queue):
    call, _task = queue
    client.force_login(front_desk)
    url = reverse("treatments:follow_up_done", args=[call.pk])
    refused = client.post(url, {"outcome_note": "  "})
    assert refused.status_code == 200 and "This field is required." in refused.text
    call.refresh_from_db()
    assert call.status == Status.PENDING
    back = reverse("treatments:follow_ups") + "?when=today"
    response = client.post(url, {"outcome_note": "Doing well, slight bruise.", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    call.refresh_from_db()
    assert call.status == Status.DONE and call.done_by == front_desk
    assert call.outcome_note == "Doing well, slight bruise."
    assert call.events.last().action == "done"
    assert AuditEvent.objects.filter(action="follow_up.done", target_id=str(call.pk)).exists()
    assert client.get(url).status_code == 405


def test_an_unsafe_next_address_is_ignored(client, front_desk, queue):
    client.force_login(front_desk)
    response = client.post(
        reverse("treatments:follow_up_done", args=[queue[0].pk]),
        {"outcome_note": "Done", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("treatments:follow_ups")


def test_rescheduling_and_reassigning_are_logged_and_audited(client, front_desk, queue):
    call, _task = queue
    colleague = make_user("front_desk", username="colleague")
    client.force_login(front_desk)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.post(
        reverse("treatments:follow_up_reschedule", args=[call.pk]),
        {"day": tomorrow.isoformat(), "time": "09:30"},
    )
    client.post(
        reverse("treatments:follow_up_reassign", args=[call.pk]), {"assignee": colleague.pk}
    )
    call.refresh_from_db()
    assert timezone.localtime(call.due_at).date() == tomorrow
    assert f"{timezone.localtime(call.due_at):%H:%M}" == "09:30"
    assert call.assignee == colleague
    assert list(call.events.values_list("action", flat=True)) == ["rescheduled", "reassigned"]
    actions = set(
        AuditEvent.objects.filter(target_id=str(call.pk)).values_list("action", flat=True)
    )
    assert {"follow_up.rescheduled", "follow_up.reassigned"} <= actions
    page = client.get(reverse("treatments:follow_up", args=[call.pk]))
    assert "Rescheduled" in page.text and "Reassigned" in page.text


def test_a_past_day_is_refused_and_a_task_stays_with_a_practitioner(client, practitioner, queue):
    call, task = queue
    client.force_login(practitioner)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("treatments:follow_up_reschedule", args=[call.pk]),
        {"day": yesterday.isoformat(), "time": "09:00"},
    )
    assert "Choose today or a later day." in response.text
    front = make_user("front_desk", username="desk-2")
    refused = client.post(
        reverse("treatments:follow_up_reassign", args=[task.pk]), {"assignee": front.pk}
    )
    assert refused.status_code == 200
    task.refresh_from_db()
    assert task.assignee == practitioner


def test_a_follow_up_being_sent_cannot_be_worked(client, front_desk):
    follow_up = due_email(status=Status.SENDING, claimed_at=timezone.now())
    client.force_login(front_desk)
    response = client.post(
        reverse("treatments:follow_up_done", args=[follow_up.pk]), {"outcome_note": "Called"}
    )
    assert "being sent right now" in response.text
    follow_up.refresh_from_db()
    assert follow_up.status == Status.SENDING


def test_the_queue_filters_by_kind_status_and_time(client, front_desk, queue):
    call, _task = queue
    patient = call.patient
    later = FollowUp.objects.create(
        patient=patient,
        kind=Kind.REBOOK,
        channel=Channel.PHONE,
        due_at=timezone.now() + datetime.timedelta(days=3),
        idempotency_key="later",
    )
    client.force_login(front_desk)
    url = reverse("treatments:follow_ups")
    assert f"follow-up-{later.pk}" not in client.get(url).text  # default: due by tonight
    upcoming = client.get(url, {"when": "upcoming"}).text
    assert f"follow-up-{later.pk}" in upcoming and f"follow-up-{call.pk}" not in upcoming
    by_kind = client.get(url, {"when": "any", "kind": Kind.REBOOK}).text
    assert f"follow-up-{later.pk}" in by_kind and f"follow-up-{call.pk}" not in by_kind
    followups_queue.follow_up_mark_done(follow_up=call, outcome_note="Fine", by=front_desk)
    assert f"follow-up-{call.pk}" not in client.get(url, {"when": "any"}).text
    assert f"follow-up-{call.pk}" in client.get(url, {"when": "any", "status": "done"}).text


def test_an_empty_queue_says_so(client, front_desk):
    client.force_login(front_desk)
    assert "Nothing to follow up here." in client.get(reverse("treatments:follow_ups")).text


def test_the_queue_pages_and_its_query_count_does_not_grow(
    client, front_desk, django_assert_max_num_queries
):
    client.force_login(front_desk)
    url = reverse("treatments:follow_ups")
    due_email(patient=PatientFactory())
    client.get(url)  # warm caches (permissions, content types)
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(db) as few:
        client.get(url)
    for n in range(60):
        FollowUp.objects.create(
            patient=PatientFactory(),
            kind=Kind.REBOOK,
            channel=Channel.PHONE,
            due_at=timezone.now(),
            idempotency_key=f"many:{n}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert "Page 1 of 2" in page.text
    assert "Page 2 of 2" in client.get(url, {"page": 2}).text
