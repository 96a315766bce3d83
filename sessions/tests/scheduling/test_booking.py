"""Booking one session: clashes of room and practitioner, working hours, closures and leave,
the status flow, concurrent bookings (PostgreSQL), and the booking page's form errors."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse

from patients.tests.factories import PatientFactory
from sessions.models import Closure, TreatmentSession
from sessions.scheduling import booking
from sessions.tests.factories.scheduling import RoomFactory, at, book_at, next_weekday, working_week
from tests.support import make_user

pytestmark = pytest.mark.django_db

Status = TreatmentSession.Status


def test_a_clash_in_the_room_names_the_other_booking(setting, front_desk):
    practitioner, room = setting
    other_doc = make_user("practitioner", username="other-doc")
    working_week(other_doc, room.location)
    monday = next_weekday(0)
    first = book_at(
        PatientFactory(first_name="Anna", last_name="First"), practitioner, room, at(monday, 10)
    )
    with pytest.raises(ValidationError) as error:
        book_at(PatientFactory(), other_doc, room, at(monday, 10, 30))
    message = " ".join(error.value.messages)
    assert "Room A is already booked then" in message
    assert "Anna First" in message and "10:00–10:45" in message
    assert TreatmentSession.objects.count() == 1 and first.pk


def test_a_practitioner_is_never_booked_twice_without_a_reason(setting):
    practitioner, room = setting
    second_room = RoomFactory(name="Room B", location=room.location)
    monday = next_weekday(0)
    book_at(PatientFactory(), practitioner, room, at(monday, 10))
    with pytest.raises(ValidationError, match="The practitioner is already booked then"):
        book_at(PatientFactory(), practitioner, second_room, at(monday, 10, 15))
    overlap = book_at(
        PatientFactory(),
        practitioner,
        second_room,
        at(monday, 10, 15),
        overlap_reason="Short check while the numbing cream works",
    )
    assert overlap.overlap_reason.startswith("Short check")


def test_a_room_is_never_overlapped_even_with_a_reason(setting):
    practitioner, room = setting
    monday = next_weekday(0)
    book_at(PatientFactory(), practitioner, room, at(monday, 10))
    with pytest.raises(ValidationError, match="Room A is already booked"):
        book_at(PatientFactory(), practitioner, room, at(monday, 10, 15), overlap_reason="Please")


def test_a_cancelled_session_frees_its_slot(setting):
    practitioner, room = setting
    monday = next_weekday(0)
    first = book_at(PatientFactory(), practitioner, room, at(monday, 10))
    booking.session_transition(
        treatment_session=first, to=Status.CANCELLED, by=practitioner, reason="Patient is ill"
    )
    assert book_at(PatientFactory(), practitioner, room, at(monday, 10)).pk != first.pk


def test_bookings_outside_working_hours_or_on_closures_are_refused(setting):
    practitioner, room = setting
    monday = next_weekday(0)
    with pytest.raises(ValidationError, match="outside"):
        book_at(PatientFactory(), practitioner, room, at(monday, 19))
    with pytest.raises(ValidationError, match="outside"):
        book_at(PatientFactory(), practitioner, room, at(next_weekday(6), 10))  # Sunday
    Closure.objects.create(
        location=room.location, starts_on=monday, ends_on=monday, reason="Bank holiday"
    )
    with pytest.raises(ValidationError, match="Closed on .*Bank holiday"):
        book_at(PatientFactory(), practitioner, room, at(monday, 10))


def test_a_practitioners_leave_blocks_only_them(setting):
    practitioner, room = setting
    colleague = make_user("practitioner", username="colleague")
    working_week(colleague, room.location)
    monday = next_weekday(0)
    Closure.objects.create(
        practitioner=practitioner, starts_on=monday, ends_on=monday, reason="Leave"
    )
    with pytest.raises(ValidationError, match="Leave"):
        book_at(PatientFactory(), practitioner, room, at(monday, 10))
    assert book_at(PatientFactory(), colleague, room, at(monday, 10))


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ([Status.CHECKED_IN, Status.IN_PROGRESS, Status.COMPLETED], True),
        ([Status.NO_SHOW], True),
        ([Status.IN_PROGRESS], False),
        ([Status.CHECKED_IN, Status.COMPLETED], False),
        ([Status.NO_SHOW, Status.CHECKED_IN], False),
    ],
)
def test_the_status_flow_refuses_illegal_moves(setting, path, allowed):
    practitioner, room = setting
    day = next_weekday(0)
    session = book_at(PatientFactory(), practitioner, room, at(day, 10))
    try:
        for status in path:
            booking.session_transition(
                treatment_session=session, to=status, by=practitioner, today=day
            )
    except ValidationError as error:
        assert not allowed
        assert "cannot become" in error.messages[0]
    else:
        assert allowed


def test_cancelling_needs_a_reason(setting):
    practitioner, room = setting
    session = book_at(PatientFactory(), practitioner, room, at(next_weekday(0), 10))
    with pytest.raises(ValidationError, match="Say why"):
        booking.session_transition(treatment_session=session, to=Status.CANCELLED, by=practitioner)


def _book_concurrently(room, practitioner, patients, start):
    """Each thread tries the same slot with its own connection; returns (booked, errors)."""
    results, barrier = [], threading.Barrier(len(patients))

    def attempt(patient):
        close_old_connections()
        try:
            barrier.wait(timeout=10)
            session = booking.session_book(
                patient=patient,
                practitioner=practitioner,
                room=room,
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=45),
                by=practitioner,
            )
            results.append(("booked", session.pk))
        except ValidationError as error:
            results.append(("refused", " ".join(error.messages)))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(patient,)) for patient in patients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_slot_book_exactly_one(practitioner):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's exclusion constraint (DATABASE_URL=postgres://...)")
    room = RoomFactory(name="Room A")
    working_week(practitioner, room.location)
    patients = [PatientFactory() for _ in range(6)]
    results = _book_concurrently(room, practitioner, patients, at(next_weekday(0), 10))
    assert len(results) == 6
    assert sum(1 for kind, _ in results if kind == "booked") == 1
    refusals = [text for kind, text in results if kind == "refused"]
    assert all("already booked" in text or "same moment" in text for text in refusals), refusals
    assert TreatmentSession.objects.active().count() == 1


def test_the_booking_page_turns_a_clash_into_a_form_error(client, front_desk, setting):
    practitioner, room = setting
    monday = next_weekday(0)
    book_at(
        PatientFactory(first_name="Anna", last_name="First"), practitioner, room, at(monday, 10)
    )
    patient = PatientFactory()
    client.force_login(front_desk)
    response = client.post(
        reverse("treatments:book"),
        {
            "patient": patient.chart_number,
            "kind": "treatment",
            "practitioner": practitioner.pk,
            "room": room.pk,
            "day": monday.isoformat(),
            "start": "10:15",
            "duration": "45",
        },
    )
    assert response.status_code == 200
    assert "already booked then" in response.content.decode()
    assert "Anna First" in response.content.decode()


def test_the_front_desk_cannot_book_a_deliberate_overlap(client, front_desk, setting):
    client.force_login(front_desk)
    page = client.get(reverse("treatments:book")).content.decode()
    assert "overlap_reason" not in page
