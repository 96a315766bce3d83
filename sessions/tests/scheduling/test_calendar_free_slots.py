"""Free for [30/45/60/90 min]: the calendar marks the starts where a session of that length
fits — inside the column's working hours, not closed, clear of its sessions, with a room (by
practitioner) or a practitioner (by room) free for the whole of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinic import roles
from patients.tests.factories import PatientFactory
from sessions.models import Closure
from sessions.tests.factories.scheduling import RoomFactory, book, calendar_page, working_week
from tests.support import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clinic_in_paris")]


def _fitting_starts(response, owner_pk=None) -> set[str]:
    return {
        cell.starts.strftime("%H:%M")
        for row in response.context["grid"].rows
        for cell in row.cells
        if cell.fits and (owner_pk is None or cell.column.resource.pk == owner_pk)
    }


def test_a_start_fits_when_the_whole_length_is_free_and_inside_the_hours(
    client, front_desk, practitioner, room, monday
):
    book(PatientFactory(), practitioner=practitioner, room=room, day=monday, hour=10)  # 10–10:45
    client.force_login(front_desk)
    response = calendar_page(client, date=monday.isoformat(), free=60)
    starts = _fitting_starts(response, practitioner.pk)
    assert {"09:00", "10:45", "17:00"} <= starts
    assert not {"09:15", "09:45", "10:00", "10:30", "17:15", "17:45"} & starts
    html = response.content.decode()
    assert 'class="cal-cell cal-free cal-fits"' in html
    assert "Free for 60 min" in html


def test_without_the_picker_nothing_is_marked(client, front_desk, practitioner, room, monday):
    working_week(practitioner, room.location)
    client.force_login(front_desk)
    assert _fitting_starts(calendar_page(client, date=monday.isoformat())) == set()


def test_a_closed_day_has_no_free_start(client, front_desk, practitioner, room, monday):
    working_week(practitioner, room.location)
    Closure.objects.create(location=room.location, starts_on=monday, ends_on=monday, reason="Works")
    client.force_login(front_desk)
    assert _fitting_starts(calendar_page(client, date=monday.isoformat(), free=30)) == set()


def test_by_practitioner_a_start_needs_a_free_room(client, front_desk, practitioner, room, monday):
    working_week(practitioner, room.location)
    other = make_user(roles.PRACTITIONER, username="other")
    book(PatientFactory(), practitioner=other, room=room, day=monday, hour=11)  # the only room
    client.force_login(front_desk)
    starts = _fitting_starts(
        calendar_page(client, date=monday.isoformat(), free=30), practitioner.pk
    )
    assert "10:00" in starts
    assert not {"10:45", "11:00", "11:30"} & starts


def test_by_room_a_start_needs_a_free_practitioner(client, front_desk, practitioner, monday):
    first = RoomFactory(name="Room 1")
    second = RoomFactory(location=first.location, name="Room 2")
    book(PatientFactory(), practitioner=practitioner, room=first, day=monday, hour=11)
    client.force_login(front_desk)
    response = calendar_page(client, date=monday.isoformat(), by="room", free=30)
    starts = _fitting_starts(response, second.pk)
    assert "10:00" in starts  # the one practitioner is free then
    assert not {"11:00", "11:30"} & starts  # busy in room 1
    assert "18:00" not in starts and "08:00" not in starts  # nobody works then


def test_the_picker_keeps_the_query_count_flat(client, front_desk, practitioner, room, monday):
    client.force_login(front_desk)
    book(PatientFactory(), practitioner=practitioner, room=room, day=monday, hour=9)
    with CaptureQueriesContext(connection) as few:
        calendar_page(client, date=monday.isoformat(), by="room", free=45)
    for hour in range(10, 17):
        extra = RoomFactory(location=room.location, name=f"Room {hour}")
        book(PatientFactory(), practitioner=practitioner, room=extra, day=monday, hour=hour)
    with CaptureQueriesContext(connection) as many:
        calendar_page(client, date=monday.isoformat(), by="room", free=45)
    assert len(many.captured_queries) <= len(few.captured_queries)


@pytest.mark.parametrize("value", ["", "7", "abc", "45x"])
def test_an_odd_length_is_ignored(client, front_desk, practitioner, room, monday, value):
    working_week(practitioner, room.location)
    client.force_login(front_desk)
    response = calendar_page(client, date=monday.isoformat(), free=value)
    assert response.status_code == 200
    assert _fitting_starts(response) == set()


def test_the_week_view_of_one_practitioner_marks_free_starts(
    client, front_desk, practitioner, room, monday
):
    working_week(practitioner, room.location)
    client.force_login(front_desk)
    response = calendar_page(
        client, date=monday.isoformat(), view="week", resource=practitioner.pk, free=90
    )
    assert "16:30" in _fitting_starts(response) and "16:45" not in _fitting_starts(response)
