"""Course booking reads hours, closures and the sessions that could clash once per course,
and checks each slot once (not again when it books it)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patients.tests.factories import PatientFactory
from sessions.models import Closure, TreatmentSession
from sessions.scheduling import courses
from sessions.tests.factories import RoomFactory, next_weekday, working_week
from sessions.tests.factories.courses import plan_for

pytestmark = pytest.mark.django_db


def _plan(practitioner, sessions_count):
    return plan_for(
        PatientFactory(), practitioner, sessions_count=sessions_count, interval_min_days=7
    )


def _reads(queries, table: str) -> int:
    pattern = re.compile(rf'^SELECT .* FROM "?{table}"?\b', re.IGNORECASE | re.DOTALL)
    return sum(1 for query in queries if pattern.match(query["sql"]))


@pytest.fixture
def course_setting(practitioner):
    room = RoomFactory()
    RoomFactory(location=room.location)
    working_week(practitioner, room.location)
    first_monday = next_weekday(0)
    Closure.objects.create(
        location=room.location,
        starts_on=first_monday + datetime.timedelta(days=7),
        ends_on=first_monday + datetime.timedelta(days=8),
        reason="Training",
    )
    return practitioner, room, first_monday


def test_a_six_session_course_is_proposed_with_one_read_of_hours_closures_and_bookings(
    course_setting,
):
    practitioner, room, first_monday = course_setting
    plan = _plan(practitioner, 6)
    with CaptureQueriesContext(connection) as captured:
        proposals = courses.course_proposal(
            plan=plan,
            practitioner=practitioner,
            location=room.location,
            first_day=first_monday,
            duration=datetime.timedelta(minutes=45),
        )
    assert len(proposals) == 6 and all(p.starts_at for p in proposals)
    assert _reads(captured.captured_queries, "treatments_workinghours") == 1
    assert _reads(captured.captured_queries, "treatments_closure") == 1
    assert _reads(captured.captured_queries, "treatments_treatmentsession") == 1
    assert len(captured.captured_queries) == 4  # the three above and the location's rooms


def test_booking_a_six_session_course_checks_each_slot_once(course_setting):
    practitioner, room, first_monday = course_setting
    plan = _plan(practitioner, 6)
    proposals = courses.course_proposal(
        plan=plan,
        practitioner=practitioner,
        location=room.location,
        first_day=first_monday,
        duration=datetime.timedelta(minutes=45),
    )
    slots = [(p.starts_at, p.ends_at, p.room) for p in proposals]
    with CaptureQueriesContext(connection) as captured:
        booked = courses.course_book(
            plan=plan, slots=slots, practitioner=practitioner, by=practitioner
        )
    assert len(booked) == 6
    queries = captured.captured_queries
    assert _reads(queries, "treatments_workinghours") == 1
    assert _reads(queries, "treatments_closure") == 1
    # One read of the sessions that could clash, for the whole course (the inserts follow).
    assert _reads(queries, "treatments_treatmentsession") == 1
    assert TreatmentSession.objects.filter(plan=plan).count() == 6


def test_a_slot_on_a_closed_day_is_still_refused_by_name(course_setting):
    practitioner, room, first_monday = course_setting
    plan = _plan(practitioner, 2)
    start = datetime.datetime.combine(
        first_monday, datetime.time(10), tzinfo=datetime.UTC
    ).astimezone()
    closed = start + datetime.timedelta(days=7)
    slots = [
        (start, start + datetime.timedelta(minutes=45), room),
        (closed, closed + datetime.timedelta(minutes=45), room),
    ]
    with pytest.raises(Exception) as refused:
        courses.course_book(plan=plan, slots=slots, practitioner=practitioner, by=practitioner)
    assert "Session 2: Closed on" in str(refused.value)
    assert not TreatmentSession.objects.filter(plan=plan).exists()
