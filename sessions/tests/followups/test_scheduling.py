"""What a session's life schedules: the post-treatment check, the next session's reminder,
the course review, rebook calls, moved and cancelled reminders, adverse-event checks."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from patients.tests.factories import PatientFactory
from sessions.followups import queue as followups_queue
from sessions.followups import scheduling
from sessions.models import AdverseEvent, FollowUp, TreatmentSession
from sessions.scheduling import booking
from sessions.tests.factories.courses import weekly_course
from sessions.tests.factories.followups import charted, complete, emailable
from sessions.tests.factories.scheduling import book

pytestmark = pytest.mark.django_db

Kind, Channel, Status = FollowUp.Kind, FollowUp.Channel, FollowUp.Status
SessionStatus = TreatmentSession.Status


# --- Rules: what gets scheduled ---------------------------------------------------------------


def test_a_completed_session_schedules_a_phone_check_48_hours_later_for_the_front_desk(
    practitioner,
):
    first, *_ = weekly_course(practitioner)
    done = complete(first, practitioner)
    check = FollowUp.objects.get(kind=Kind.POST_TREATMENT_CHECK)
    assert check.channel == Channel.PHONE  # the patient did not agree to e-mail
    assert check.assignee is None  # the front desk's shared queue
    assert check.due_at == done.completed_at + datetime.timedelta(hours=48)
    assert check.idempotency_key == f"post_treatment_check:{first.pk}"
    assert check.events.get().action == "scheduled"


def test_a_patient_who_agreed_to_email_gets_the_check_by_email(practitioner):
    first, *_ = weekly_course(practitioner, patient=emailable())
    complete(first, practitioner)
    assert FollowUp.objects.get(kind=Kind.POST_TREATMENT_CHECK).channel == Channel.EMAIL


def test_the_next_session_of_the_course_gets_a_reminder_two_days_before(practitioner):
    first, second, _third = weekly_course(practitioner, patient=emailable())
    complete(first, practitioner)
    reminder = FollowUp.objects.get(kind=Kind.NEXT_SESSION_REMINDER)
    assert reminder.treatment_session == second
    assert reminder.due_at == second.starts_at - datetime.timedelta(days=2)
    assert reminder.channel == Channel.EMAIL


@override_settings(FOLLOW_UP_POST_TREATMENT_CHECK_HOURS=72, FOLLOW_UP_REMINDER_DAYS_BEFORE=3)
def test_the_delays_are_settings(practitioner):
    first, second, _third = weekly_course(practitioner)
    done = complete(first, practitioner)
    check = FollowUp.objects.get(kind=Kind.POST_TREATMENT_CHECK)
    reminder = FollowUp.objects.get(kind=Kind.NEXT_SESSION_REMINDER)
    assert check.due_at == done.completed_at + datetime.timedelta(hours=72)
    assert reminder.due_at == second.starts_at - datetime.timedelta(days=3)


def test_the_last_session_of_a_course_schedules_the_review_the_protocol_names(practitioner):
    sessions = weekly_course(practitioner, sessions=2, review_after_days=45)
    complete(sessions[0], practitioner)
    assert not FollowUp.objects.filter(kind=Kind.COURSE_REVIEW).exists()
    last = complete(sessions[1], practitioner)
    review = FollowUp.objects.get(kind=Kind.COURSE_REVIEW)
    assert review.due_at == last.completed_at + datetime.timedelta(days=45)
    assert review.channel == Channel.PHONE and review.plan == last.plan


@override_settings(FOLLOW_UP_COURSE_REVIEW_DEFAULT_DAYS=21)
def test_a_protocol_that_names_no_review_interval_uses_the_default(practitioner):
    (only,) = weekly_course(practitioner, sessions=1, review_after_days=None)
    last = complete(only, practitioner)
    review = FollowUp.objects.get(kind=Kind.COURSE_REVIEW)
    assert review.due_at == last.completed_at + datetime.timedelta(days=21)


def test_a_course_with_a_cancelled_session_is_not_finished_and_gets_a_rebook_call(practitioner):
    first, second = weekly_course(practitioner, sessions=2)
    booking.session_transition(
        treatment_session=second, to=SessionStatus.CANCELLED, by=practitioner, reason="Away"
    )
    complete(first, practitioner)
    assert not FollowUp.objects.filter(kind=Kind.COURSE_REVIEW).exists()
    rebook = FollowUp.objects.get(kind=Kind.REBOOK)
    assert rebook.treatment_session == second and rebook.channel == Channel.PHONE
    assert rebook.due_at <= timezone.now()


def test_cancelling_a_session_cancels_its_reminder(practitioner):
    first, second, _third = weekly_course(practitioner)
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
    first, second, _third = weekly_course(practitioner)
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
    first, second, _third = weekly_course(practitioner)
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
    first, *_ = weekly_course(practitioner)
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
