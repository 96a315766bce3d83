"""Booking a course: the proposal within the plan's interval, the whole course checked before
anything is saved, one-step booking, moving a session and re-flowing the later ones."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from patients import services
from patients.models import Measurement
from patients.tests.factories import PatientFactory, record_history
from protocols.tests.factories import make_protocol
from sessions.models import Closure, TreatmentPlan, TreatmentSession
from sessions.scheduling import courses
from sessions.scheduling import plans as plan_services
from sessions.tests.factories.scheduling import at, book_at, next_weekday

pytestmark = pytest.mark.django_db

Status = TreatmentSession.Status


@pytest.fixture
def plan(practitioner):

    patient = PatientFactory()
    record_history(patient, by=practitioner)
    version = make_protocol(relative_contraindications=[]).current_version
    consultation = services.consultation_start(
        patient=patient,
        data={"goals": "x", "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )
    return plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=["face"],
        sessions_count=4,
        interval_min_days=14,
        interval_max_days=21,
        override_reasons={},
        by=practitioner,
    )


def test_the_course_proposal_respects_the_interval_closures_and_bookings(setting, plan):
    practitioner, room = setting
    monday = next_weekday(0)
    # The first Monday morning is taken, and the week of session 2 starts with a closure.
    book_at(PatientFactory(), practitioner, room, at(monday, 9), minutes=120)
    Closure.objects.create(
        location=room.location,
        starts_on=monday + datetime.timedelta(days=14),
        ends_on=monday + datetime.timedelta(days=16),
        reason="Training",
    )
    proposals = courses.course_proposal(
        plan=plan,
        practitioner=practitioner,
        location=room.location,
        first_day=monday,
        duration=datetime.timedelta(minutes=45),
    )
    starts = [p.starts_at for p in proposals]
    assert all(starts) and len(starts) == 4
    assert starts[0] == at(monday, 11)
    assert courses.interval_problems(plan, starts) == []
    closed = {monday + datetime.timedelta(days=d) for d in (14, 15, 16)}
    assert not {timezone.localtime(start).date() for start in starts} & closed


def test_the_whole_course_is_checked_before_anything_is_saved(setting, plan):
    practitioner, room = setting
    monday = next_weekday(0)
    taken = book_at(
        PatientFactory(first_name="Bea", last_name="Busy"),
        practitioner,
        room,
        at(monday + datetime.timedelta(days=35), 10),
    )
    slots = [
        (
            at(monday + datetime.timedelta(days=d), 10),
            at(monday + datetime.timedelta(days=d), 10, 45),
            room,
        )
        for d in (0, 7, 21, 35)
    ]  # 7 days is too short; day 35 is taken
    with pytest.raises(ValidationError) as error:
        courses.course_book(plan=plan, slots=slots, practitioner=practitioner, by=practitioner)
    messages = error.value.messages
    assert any("Session 2 is 7 days after session 1" in m for m in messages)
    assert any(m.startswith("Session 4:") and "Bea Busy" in m for m in messages)
    assert TreatmentSession.objects.exclude(pk=taken.pk).count() == 0
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.PROPOSED


def test_a_valid_course_is_booked_in_one_step(setting, plan):
    practitioner, room = setting
    monday = next_weekday(0)
    slots = [
        (
            at(monday + datetime.timedelta(days=d), 10),
            at(monday + datetime.timedelta(days=d), 10, 45),
            room,
        )
        for d in (0, 14, 28, 42)
    ]
    sessions = courses.course_book(
        plan=plan, slots=slots, practitioner=practitioner, by=practitioner
    )
    assert [s.sequence for s in sessions] == [1, 2, 3, 4]
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.BOOKED


def test_moving_a_course_session_checks_the_window_and_reflows_the_later_ones(setting, plan):
    practitioner, room = setting
    monday = next_weekday(0)
    slots = [
        (
            at(monday + datetime.timedelta(days=d), 10),
            at(monday + datetime.timedelta(days=d), 10, 45),
            room,
        )
        for d in (0, 14, 28, 42)
    ]
    sessions = courses.course_book(
        plan=plan, slots=slots, practitioner=practitioner, by=practitioner
    )
    new_start = at(monday + datetime.timedelta(days=21), 10)  # session 2 one week later
    assert courses.neighbour_problems(sessions[1], new_start) == [
        "Session 3 is 7 days after session 2; the protocol asks for 14–21 days."
    ]
    moved = courses.session_reschedule_with_reflow(
        treatment_session=sessions[1],
        starts_at=new_start,
        ends_at=new_start + datetime.timedelta(minutes=45),
        room=room,
        by=practitioner,
    )
    assert len(moved) == 3
    starts = [s.starts_at for s in TreatmentSession.objects.filter(plan=plan).order_by("sequence")]
    assert courses.interval_problems(plan, starts) == []


def test_the_plan_page_shows_course_progress_and_measurements_over_time(
    client, practitioner, front_desk, plan
):

    Measurement.objects.create(
        patient=plan.patient,
        consultation=plan.consultation,
        scale="glogau",
        area="face",
        value=3,
        recorded_by=practitioner,
    )
    client.force_login(practitioner)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "0 of 4 done" in page
    assert "Glogau" in page and "<svg" in page
    client.force_login(front_desk)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "0 of 4 done" in page and "<svg" not in page  # measurements are clinical


def _course_at(setting, plan, days):
    practitioner, room = setting
    monday = next_weekday(0)
    slots = [
        (
            at(monday + datetime.timedelta(days=d), 10),
            at(monday + datetime.timedelta(days=d), 10, 45),
            room,
        )
        for d in days
    ]
    return monday, courses.course_book(
        plan=plan, slots=slots, practitioner=practitioner, by=practitioner
    )


def test_a_reflow_that_would_leave_a_35_day_gap_before_the_moved_session_is_refused(setting, plan):
    """Issue 12: the re-flow fixed the later sessions and missed the gap left behind."""
    practitioner, room = setting
    monday, sessions = _course_at(setting, plan, (0, 14, 28, 42))
    new_start = at(monday + datetime.timedelta(days=49), 10)  # 35 days after session 2
    problems = courses.neighbour_problems(sessions[2], new_start)
    assert any("35 days after session 2" in problem for problem in problems)
    assert courses.reflow_leaves(
        sessions[2],
        new_start,
        courses.reflow_proposal(sessions[2], new_start, datetime.timedelta(minutes=45)),
    ) == ["Session 3 is 35 days after session 2; the protocol asks for 14–21 days."]
    before = list(TreatmentSession.objects.filter(plan=plan).values_list("starts_at", flat=True))
    with pytest.raises(ValidationError, match="35 days after session 2"):
        courses.session_reschedule_with_reflow(
            treatment_session=sessions[2],
            starts_at=new_start,
            ends_at=new_start + datetime.timedelta(minutes=45),
            room=room,
            by=practitioner,
        )
    after = list(TreatmentSession.objects.filter(plan=plan).values_list("starts_at", flat=True))
    assert after == before


def test_every_accepted_reflow_leaves_the_whole_course_in_its_window(setting, plan):
    practitioner, room = setting
    monday, sessions = _course_at(setting, plan, (0, 14, 28, 42))
    accepted = 0
    for index, shift in ((1, 7), (2, 7), (1, -7), (3, 14)):
        moving = TreatmentSession.objects.get(pk=sessions[index].pk)
        new_start = moving.starts_at + datetime.timedelta(days=shift)
        proposals = courses.reflow_proposal(moving, new_start, datetime.timedelta(minutes=45))
        if courses.reflow_leaves(moving, new_start, proposals):
            continue
        courses.session_reschedule_with_reflow(
            treatment_session=moving,
            starts_at=new_start,
            ends_at=new_start + datetime.timedelta(minutes=45),
            room=room,
            by=practitioner,
        )
        starts = [
            s.starts_at for s in TreatmentSession.objects.filter(plan=plan).order_by("sequence")
        ]
        assert courses.interval_problems(plan, starts) == [], (index, shift)
        accepted += 1
    assert accepted >= 2
