"""A patient books, moves or cancels the next session of their course: the front desk's
checks (window, clash, hours, holidays, closures, medicine pauses), the notice period, and
the audit saying it was the patient through their link."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinic.models import AuditEvent
from patients.tests.factories import PatientFactory
from sessions.models import Closure, TreatmentSession
from sessions.scheduling import self_booking
from sessions.tests.factories.courses import FISH_OIL, library_course, take_medicine
from sessions.tests.factories.scheduling import at, book_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(practitioner):
    """Three sessions planned: the first given three days ago, the others not booked yet."""
    plan, sessions = library_course(practitioner=practitioner, sessions_count=3, book_sessions=1)
    given = at(timezone.localdate() - datetime.timedelta(days=3), 10)
    TreatmentSession.objects.filter(pk=sessions[0].pk).update(
        starts_at=given, ends_at=given + datetime.timedelta(minutes=45), status="completed"
    )
    sessions[0].refresh_from_db()
    return plan, sessions


def _day(moment):
    return timezone.localtime(moment).date()


def _window(plan, sessions):
    first = _day(sessions[0].starts_at)
    return (
        first + datetime.timedelta(days=plan.interval_min_days),
        first + datetime.timedelta(days=plan.interval_max_days),
    )


def test_the_next_session_to_book_is_offered_inside_the_window_and_hours(course):
    plan, sessions = course
    nxt = self_booking.next_session(plan)
    assert nxt.sequence == 2 and nxt.booked is None
    earliest, latest = _window(plan, sessions)
    assert (nxt.earliest, nxt.latest) == (earliest, latest)
    slots = self_booking.offered_slots(nxt, limit=500)
    assert slots
    for start, room in slots:
        local = timezone.localtime(start)
        assert earliest <= local.date() <= latest
        assert (
            local.weekday() < 5 and local.hour >= 9 and local + nxt.duration <= at(local.date(), 18)
        )
        assert room.location_id == nxt.location.pk


def test_booking_an_offered_slot_is_audited_as_the_patient(course):
    plan, sessions = course
    start, room = self_booking.offered_slots(self_booking.next_session(plan))[0]
    booked = self_booking.self_book(plan=plan, starts_at=start, room=room)
    assert booked.sequence == 2 and booked.booked_by is None
    assert booked.practitioner == sessions[0].practitioner
    event = AuditEvent.objects.get(action="session.booked", target_id=str(booked.pk))
    assert event.actor is None and event.details["via"] == "patient_link"
    assert self_booking.next_session(plan).booked == booked  # next ahead: to move or cancel


def test_a_day_outside_the_window_is_refused(course):
    plan, sessions = course
    earliest, latest = _window(plan, sessions)
    room = sessions[0].room
    for day in (earliest - datetime.timedelta(days=1), latest + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError, match="interval"):
            self_booking.self_book(plan=plan, starts_at=at(day, 10), room=room)
    assert TreatmentSession.objects.filter(plan=plan).count() == 1


def test_a_clash_is_never_offered_and_refused_when_asked(course, practitioner):
    plan, sessions = course
    nxt = self_booking.next_session(plan)
    start, room = self_booking.offered_slots(nxt)[0]
    # Another patient takes the practitioner at that time (in every room of the location).
    other = PatientFactory()
    book_at(other, practitioner, room, start)
    assert start not in [s for s, _r in self_booking.offered_slots(nxt, limit=500)]
    with pytest.raises(ValidationError, match="already booked"):
        self_booking.self_book(plan=plan, starts_at=start, room=room)


def test_closures_and_public_holidays_are_not_offered_and_refused(course, monkeypatch):
    plan, sessions = course
    earliest, _latest = _window(plan, sessions)
    weekdays = [
        earliest + datetime.timedelta(days=n)
        for n in range(14)
        if (earliest + datetime.timedelta(days=n)).weekday() < 5
    ]
    closed, holiday = weekdays[0], weekdays[1]
    Closure.objects.create(
        location=sessions[0].room.location, starts_on=closed, ends_on=closed, reason="Works"
    )
    monkeypatch.setattr(
        "sessions.scheduling.availability.public_holidays",
        lambda first, last: {holiday: "Test holiday"} if first <= holiday <= last else {},
    )
    nxt = self_booking.next_session(plan)
    days = {_day(start) for start, _room in self_booking.offered_slots(nxt, limit=500)}
    assert closed not in days and holiday not in days and weekdays[2] in days
    room = sessions[0].room
    with pytest.raises(ValidationError, match="Closed"):
        self_booking.self_book(plan=plan, starts_at=at(closed, 10), room=room)
    with pytest.raises(ValidationError, match="public holiday"):
        self_booking.self_book(plan=plan, starts_at=at(holiday, 10), room=room)


def test_a_day_inside_a_medicine_pause_window_is_not_offered_nor_booked(practitioner):
    """Fish oil is paused 7 days before a session: the first session moved to within a week
    from today cannot meet it."""
    plan, sessions = library_course(practitioner=practitioner, sessions_count=2, book_sessions=2)
    take_medicine(plan.patient, practitioner, FISH_OIL)
    nxt = self_booking.next_session(plan)
    assert nxt.booked == sessions[0]
    today = timezone.localdate()
    days = {_day(start) for start, _room in self_booking.offered_slots(nxt, limit=500)}
    assert days and min(days) >= today + datetime.timedelta(days=7)
    soon = next(
        today + datetime.timedelta(days=n)
        for n in range(2, 7)
        if (today + datetime.timedelta(days=n)).weekday() < 5
    )
    with pytest.raises(ValidationError, match="not possible for your treatment"):
        self_booking.self_move(plan=plan, starts_at=at(soon, 10), room=sessions[0].room)


def test_moving_and_cancelling_inside_the_notice_period(course):
    plan, _sessions = course
    start, room = self_booking.offered_slots(self_booking.next_session(plan))[0]
    booked = self_booking.self_book(plan=plan, starts_at=start, room=room)
    nxt = self_booking.next_session(plan)
    assert nxt.booked == booked
    start, room = self_booking.offered_slots(nxt)[-1]
    moved = self_booking.self_move(plan=plan, starts_at=start, room=room)
    assert moved.starts_at == start
    event = AuditEvent.objects.get(action="session.rescheduled")
    assert event.actor is None and event.details["via"] == "patient_link"
    cancelled = self_booking.self_cancel(plan=plan)
    assert cancelled.status == "cancelled"
    event = AuditEvent.objects.get(action="session.cancelled")
    assert event.actor is None and event.details["via"] == "patient_link"


def test_after_the_notice_period_the_patient_is_told_to_call(practitioner, settings):
    plan, sessions = library_course(practitioner=practitioner, sessions_count=2, book_sessions=2)
    settings.PORTAL_BOOKING_NOTICE_HOURS = 24
    soon = timezone.now() + datetime.timedelta(hours=5)
    TreatmentSession.objects.filter(pk=sessions[0].pk).update(
        starts_at=soon, ends_at=soon + datetime.timedelta(minutes=45)
    )
    with pytest.raises(self_booking.CallTheClinic, match="call the clinic"):
        self_booking.self_cancel(plan=plan)
    later = self_booking.offered_slots(self_booking.next_session(plan))
    with pytest.raises(self_booking.CallTheClinic, match="call the clinic"):
        self_booking.self_move(plan=plan, starts_at=later[0][0], room=later[0][1])
    sessions[0].refresh_from_db()
    assert sessions[0].status == "booked" and sessions[0].starts_at == soon


def test_a_slot_inside_the_notice_period_is_refused(course, settings):
    plan, sessions = course
    settings.PORTAL_BOOKING_NOTICE_HOURS = 24 * 365  # nothing is far enough ahead
    with pytest.raises(ValidationError, match="hours from now"):
        self_booking.self_book(
            plan=plan,
            starts_at=at(_window(plan, sessions)[0] + datetime.timedelta(days=1), 10),
            room=sessions[0].room,
        )
