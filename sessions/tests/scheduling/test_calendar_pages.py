"""The calendar pages: a query count that does not grow with the sessions shown, and who may
open them."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic import roles
from patients.tests.factories import PatientFactory
from sessions.tests.factories.scheduling import LocationFactory, RoomFactory, book, calendar_page
from tests.support import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clinic_in_paris")]


# --- Query count ------------------------------------------------------------------------------


def _book_busy_monday(monday, first, last):
    """Sessions number `first` to `last` - 1 of a busy Monday: eight per practitioner, each
    practitioner in their own room."""
    location = LocationFactory(name="Main clinic")
    for index in range(first, last):
        username = f"busy-{index // 8}"
        practitioner = get_user_model().objects.filter(username=username).first() or make_user(
            roles.PRACTITIONER, username=username
        )
        room = RoomFactory(location=location, name=f"Busy room {index // 8}")
        book(PatientFactory(), practitioner=practitioner, room=room, day=monday, hour=9 + index % 8)


@pytest.mark.parametrize(
    "params",
    [
        {"view": "day"},
        {"view": "day", "by": "room"},
        {"view": "week"},
        {"view": "week", "by": "room"},
    ],
    ids=["day", "day-by-room", "week", "week-by-room"],
)
def test_query_count_does_not_grow_with_the_sessions_shown(
    client, front_desk, monday, params, django_assert_max_num_queries
):
    client.force_login(front_desk)
    params = {**params, "date": monday.isoformat()}
    _book_busy_monday(monday, 0, 3)
    with CaptureQueriesContext(connection) as few:
        assert calendar_page(client, **params).status_code == 200
    _book_busy_monday(monday, 3, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = calendar_page(client, **params)
    assert response.content.decode().count('data-testid="cal-session-') == 40


def test_the_week_of_one_resource_keeps_a_constant_query_count(
    client, front_desk, monday, django_assert_max_num_queries
):
    practitioner = make_user(roles.PRACTITIONER, username="weekly")
    room = RoomFactory(location=LocationFactory(name="Main clinic"), name="Room 1")
    book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    client.force_login(front_desk)
    params = {"view": "week", "date": monday.isoformat(), "resource": practitioner.pk}
    with CaptureQueriesContext(connection) as few:
        calendar_page(client, **params)
    for day in range(5):
        for hour in range(9, 17):
            if (day, hour) != (0, 10):
                book(
                    PatientFactory(),
                    practitioner=practitioner,
                    room=room,
                    day=monday + datetime.timedelta(day),
                    hour=hour,
                )
    with django_assert_max_num_queries(len(few.captured_queries)):
        calendar_page(client, **params)


# --- Access -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    for name in ("treatments:calendar", "treatments:ical_settings"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["practitioner", "front_desk", "clinic_admin"])
def test_every_role_sees_the_calendar(client, request, persona, room, monday):
    book(PatientFactory(), room=room, day=monday)
    client.force_login(request.getfixturevalue(persona))
    assert calendar_page(client, date=monday.isoformat()).status_code == 200
    assert calendar_page(client, view="week").status_code == 200
    assert client.get(reverse("treatments:ical_settings")).status_code == 200


def test_a_user_without_a_role_is_refused(client, no_role_user):
    client.force_login(no_role_user)
    assert calendar_page(client).status_code == 403
    assert client.get(reverse("treatments:ical_settings")).status_code == 403


def test_without_a_location_the_calendar_says_what_to_do(client, clinic_admin):
    client.force_login(clinic_admin)
    response = calendar_page(client)
    assert response.status_code == 200
    assert "No location yet." in response.content.decode()
