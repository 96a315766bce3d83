"""Delivery: due e-mails sent after commit, once, with a stable key; retries and back-off; a
sweep that dies or times out; the broker down; two sweeps at once (PostgreSQL). Faults with
a real worker, Redis and SMTP server: tests/integration/test_followup_faults.py."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from patients.tests.factories import PatientFactory
from sessions.followups import delivery
from sessions.followups import queue as followups_queue
from sessions.models import FollowUp, TreatmentSession
from sessions.tests.factories.courses import weekly_course
from sessions.tests.factories.followups import complete, due_email, emailable, keys_sent
from sessions.tests.factories.scheduling import book
from tests.mail_backends import SlowLocmemBackend
from tests.support import make_user

pytestmark = pytest.mark.django_db

Kind, Channel, Status = FollowUp.Kind, FollowUp.Channel, FollowUp.Status
SessionStatus = TreatmentSession.Status


# --- Delivery ---------------------------------------------------------------------------------


@override_settings(FOLLOW_UP_POST_TREATMENT_CHECK_HOURS=0)
def test_a_due_email_is_sent_after_commit_once_with_text_html_and_a_stable_key(
    practitioner, django_capture_on_commit_callbacks
):
    first, *_ = weekly_course(practitioner, patient=emailable(first_name="Anna"))
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
    first, second, _third = weekly_course(practitioner, patient=emailable())
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


@override_settings(EMAIL_BACKEND="tests.mail_backends.RefusingBackend", FOLLOW_UP_MAX_ATTEMPTS=4)
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


@override_settings(EMAIL_BACKEND="tests.mail_backends.UnreachableBackend")
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
    first, *_ = weekly_course(practitioner, patient=emailable())
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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@override_settings(EMAIL_BACKEND="tests.mail_backends.SlowLocmemBackend")
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
