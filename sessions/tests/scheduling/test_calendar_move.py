"""Moving a session by dragging it on the calendar: the grid says what can be dragged and
where it can land; the drop posts the reschedule form with htmx, which answers in place
(errors once, the course-window offer) or reloads the calendar once the session moved."""

import datetime
import re

import pytest
from django.urls import reverse

from patients.tests.factories import PatientFactory
from sessions.models import TreatmentSession
from sessions.tests.factories.courses import weekly_course
from sessions.tests.factories.scheduling import RoomFactory, at, book, calendar_page, working_week

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clinic_in_paris")]
HTMX = {"HX-Request": "true"}


def _move(client, treatment_session, *, day, start, minutes=45, room=None, **extra):
    data = {
        "day": day.isoformat(),
        "start": start,
        "duration": minutes,
        "room": (room or treatment_session.room).pk,
        **extra,
    }
    url = reverse("treatments:reschedule", args=[treatment_session.pk])
    return client.post(url, data, headers=HTMX)


def test_every_session_block_carries_its_move_form_even_a_long_one(
    client, front_desk, practitioner, room, monday
):
    long_one = book(PatientFactory(), practitioner=practitioner, room=room, day=monday, minutes=60)
    client.force_login(front_desk)
    html = calendar_page(client, date=monday.isoformat()).content.decode()
    url = reverse("treatments:reschedule", args=[long_one.pk])
    block = re.search(rf'<a [^>]*data-testid="cal-session-{long_one.pk}"[^>]*>', html).group(0)
    assert f'data-move-url="{url}"' in block
    assert 'data-move-minutes="60"' in block
    assert f'data-move-room="{room.pk}"' in block
    assert f'data-move-owner="practitioner:{practitioner.pk}"' in block
    # A free slot at 14:00 that day is a drop target of that practitioner's column.
    assert f'data-drop-start="{monday.isoformat()}T14:00"' in html
    assert f'data-drop-owner="practitioner:{practitioner.pk}"' in html


def test_in_the_room_view_a_drop_target_names_its_room(client, front_desk, practitioner, monday):
    first = RoomFactory(name="Room 1")
    RoomFactory(location=first.location, name="Room 2")
    book(PatientFactory(), practitioner=practitioner, room=first, day=monday)
    client.force_login(front_desk)
    html = calendar_page(client, date=monday.isoformat(), by="room").content.decode()
    assert f'data-drop-owner="room:{first.pk}"' in html
    assert f'data-drop-room="{first.pk}"' in html


def test_a_session_cell_is_a_drop_target_too_so_a_clashing_drop_is_answered(
    client, front_desk, practitioner, room, monday
):
    book(PatientFactory(), practitioner=practitioner, room=room, day=monday, hour=11)
    client.force_login(front_desk)
    html = calendar_page(client, date=monday.isoformat()).content.decode()
    cell = re.search(r'<td [^>]*class="cal-cell cal-sessions[^>]*>', html).group(0)
    assert f'data-drop-start="{monday.isoformat()}T11:00"' in cell


def test_a_drop_to_a_free_slot_and_room_moves_the_session_and_reloads_the_calendar(
    client, front_desk, practitioner, room, monday
):
    other_room = RoomFactory(location=room.location, name="Room 2")
    moved = book(PatientFactory(), practitioner=practitioner, room=room, day=monday, minutes=50)
    client.force_login(front_desk)
    response = _move(client, moved, day=monday, start="15:30", minutes=50, room=other_room)
    assert response.status_code == 204, response.content.decode()[-1500:]
    assert response["HX-Refresh"] == "true"
    moved.refresh_from_db()
    assert moved.starts_at == at(monday, 15, 30)
    assert moved.ends_at == at(monday, 16, 20)
    assert moved.room == other_room


def test_a_clashing_drop_answers_the_form_in_place_with_the_error_once_and_moves_nothing(
    client, front_desk, practitioner, room, monday
):
    book(PatientFactory(), practitioner=practitioner, room=room, day=monday, hour=11)
    moved = book(PatientFactory(), practitioner=practitioner, room=room, day=monday, hour=14)
    client.force_login(front_desk)
    response = _move(client, moved, day=monday, start="11:00")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment for the calendar's move panel
    assert 'data-testid="move-form"' in html
    assert html.count("already booked") + html.count("is booked") == 1, html
    moved.refresh_from_db()
    assert moved.starts_at == at(monday, 14)


def test_a_drop_outside_working_hours_is_refused_like_the_form_refuses_it(
    client, front_desk, practitioner, room, monday
):
    moved = book(PatientFactory(), practitioner=practitioner, room=room, day=monday, hour=14)
    client.force_login(front_desk)
    response = _move(client, moved, day=monday, start="19:00")
    assert response.status_code == 200
    assert 'data-testid="move-form"' in response.content.decode()
    moved.refresh_from_db()
    assert moved.starts_at == at(monday, 14)


def test_a_drop_that_breaks_the_course_window_offers_the_reflow_in_place(
    client, front_desk, practitioner
):
    first, second, third = weekly_course(practitioner)
    client.force_login(front_desk)
    day = (first.starts_at + datetime.timedelta(days=1)).date()
    response = _move(client, second, day=day, start="10:00")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="window-problems"' in html
    assert 'name="ignore_window"' in html
    second.refresh_from_db()
    assert second.starts_at == at(second.starts_at.date(), 10)
    assert TreatmentSession.objects.get(pk=second.pk).starts_at.date() != day


def test_the_keyboard_path_still_answers_the_full_page(client, front_desk, practitioner, room):
    moved = book(PatientFactory(), practitioner=practitioner, room=room)
    client.force_login(front_desk)
    response = client.get(reverse("treatments:reschedule", args=[moved.pk]))
    assert "<html" in response.content.decode()


def test_the_move_form_keeps_a_session_length_that_is_not_a_standard_choice(
    client, front_desk, practitioner, room
):
    fifty = book(PatientFactory(), practitioner=practitioner, room=room, minutes=50)
    client.force_login(front_desk)
    html = client.get(reverse("treatments:reschedule", args=[fifty.pk])).content.decode()
    assert '<option value="50" selected>' in html


def test_a_move_that_reflow_cannot_fix_offers_no_reflow(client, practitioner):
    sessions = weekly_course(practitioner, sessions=3)  # a 7–28-day window
    client.force_login(practitioner)
    # Session 2 five weeks after session 1: a 35-day gap no re-flow of session 3 can close.
    day = (sessions[0].starts_at + datetime.timedelta(days=35)).date()
    html = _move(client, sessions[1], day=day, start="10:00").content.decode()
    assert 'data-testid="reflow-left"' in html
    assert "35 days after session 1" in html
    assert 'name="reflow"' not in html


# --- A drop on another practitioner's column ---------------------------------------------------


def test_a_drop_on_another_practitioners_column_moves_the_session_to_them(
    client, front_desk, practitioner, room, monday
):
    from clinic.models import AuditEvent
    from tests.support import make_user

    other = make_user("practitioner", username="doc-other")
    working_week(other, room.location)
    moved = book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    client.force_login(front_desk)
    response = _move(client, moved, day=monday, start="14:00", practitioner=other.pk)
    assert response.status_code == 204, response.content.decode()[-1500:]
    moved.refresh_from_db()
    assert (moved.practitioner, moved.starts_at) == (other, at(monday, 14))
    event = AuditEvent.objects.filter(action="session.rescheduled").latest("pk")
    assert event.details["practitioner"] == {"from": practitioner.pk, "to": other.pk}


def test_a_drop_on_a_practitioner_who_does_not_work_then_is_one_error_and_nothing_moves(
    client, front_desk, practitioner, room, monday
):
    from tests.support import make_user

    other = make_user("practitioner", username="doc-off")  # no working hours at all
    moved = book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    client.force_login(front_desk)
    response = _move(client, moved, day=monday, start="14:00", practitioner=other.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("outside Practitioner Tester&#x27;s working hours") == 1, html[-3000:]
    moved.refresh_from_db()
    assert (moved.practitioner, moved.starts_at) == (practitioner, at(monday, 10))


def test_a_drop_on_a_busy_practitioner_names_the_clash(
    client, front_desk, practitioner, room, monday
):
    from tests.support import make_user

    other = make_user("practitioner", username="doc-busy")
    other_room = RoomFactory(location=room.location, name="Room 2")
    book(PatientFactory(), practitioner=other, room=other_room, day=monday, hour=14)
    moved = book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    client.force_login(front_desk)
    response = _move(client, moved, day=monday, start="14:00", practitioner=other.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("already booked") + html.count("is booked") == 1, html[-3000:]
    moved.refresh_from_db()
    assert moved.practitioner == practitioner


def test_the_move_form_offers_the_practitioners_with_the_current_one_chosen(
    client, front_desk, practitioner, room, monday
):
    moved = book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    client.force_login(front_desk)
    html = client.get(reverse("treatments:reschedule", args=[moved.pk])).content.decode()
    select = re.search(r'<select name="practitioner".*?</select>', html, re.S).group(0)
    assert re.search(rf'<option value="{practitioner.pk}" selected>', select)
