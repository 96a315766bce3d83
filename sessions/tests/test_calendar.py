"""The calendar pages (day / week, by practitioner / room) and the iCalendar feed."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from clinic import roles
from patients.models import Patient
from patients.tests.factories import PatientFactory
from sessions.models import Closure, Location, Room, TreatmentSession, WorkingHours
from sessions.scheduling import booking, ical
from sessions.scheduling import calendar as cal
from sessions.tests.factories import LocationFactory, RoomFactory, at, book, next_weekday
from sessions.views import calendar as calendar_views
from tests.support import make_user

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
SPRING_SUNDAY = datetime.date(2026, 3, 29)  # Paris: 02:00 CET → 03:00 CEST
AUTUMN_SUNDAY = datetime.date(2026, 10, 25)  # Paris: 03:00 CEST → 02:00 CET
Status = TreatmentSession.Status


@pytest.fixture(autouse=True)
def clinic_in_paris(settings):
    settings.TIME_ZONE = "Europe/Paris"


@pytest.fixture
def room():
    return RoomFactory(location=LocationFactory(name="Main clinic"), name="Room 1")


@pytest.fixture
def monday():
    return next_weekday(0)


def calendar_page(client, **params):
    return client.get(reverse("treatments:calendar"), params)


def placement(grid, treatment_session):
    """(row label, rows spanned, column) of the cell showing this session."""
    for grid_row in grid.rows:
        for cell in grid_row.cells:
            if any(block.treatment_session.pk == treatment_session.pk for block in cell.blocks):
                return grid_row.row.label, cell.rowspan, cell.column
    raise AssertionError(f"session {treatment_session.pk} is not in the grid")


def labels(grid):
    return [grid_row.row.label for grid_row in grid.rows]


def work_on(practitioner, location, weekday, starts, ends):
    WorkingHours.objects.create(
        practitioner=practitioner, location=location, weekday=weekday, starts=starts, ends=ends
    )


def book_at(patient, practitioner, room, starts, minutes=45, **extra):
    # Add durations in UTC: Python adds them to the wall time of an aware datetime, and drops
    # `fold`, so 02:15 CET + 30 min would be 02:45 CEST, an hour before it starts.
    starts = starts.astimezone(datetime.UTC)
    return booking.session_book(
        patient=patient,
        practitioner=practitioner,
        room=room,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=minutes),
        by=practitioner,
        **extra,
    )


# --- The grid ---------------------------------------------------------------------------------


def test_a_session_from_ten_to_ten_forty_five_spans_the_three_rows_from_ten(
    client, practitioner, room, monday
):
    treatment_session = book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    client.force_login(practitioner)
    response = calendar_page(client, date=monday.isoformat())
    assert response.status_code == 200
    label, rows, column = placement(response.context["grid"], treatment_session)
    assert (label, rows) == ("10:00", 3)
    assert column.resource.pk == practitioner.pk
    assert labels(response.context["grid"])[0] == "09:00"  # the earliest working hour
    assert labels(response.context["grid"])[-1] == "17:45"  # the last row before 18:00
    page = response.content.decode()
    assert treatment_session.patient.full_name in page  # staff see full names
    assert '10:00</time><span class="cal-end">–<time' in page


def test_columns_are_practitioners_or_rooms(client, front_desk, room, monday):
    other_room = RoomFactory(location=room.location, name="Room 2")
    alice = make_user(roles.PRACTITIONER, username="alice")
    bob = make_user(roles.PRACTITIONER, username="bob")
    treatment_session = book(PatientFactory(), practitioner=alice, room=other_room, day=monday)
    book(PatientFactory(), practitioner=bob, room=room, day=monday)
    client.force_login(front_desk)

    by_practitioner = calendar_page(client, date=monday.isoformat()).context["grid"]
    assert [c.resource.pk for c in by_practitioner.columns] == [alice.pk, bob.pk]
    assert placement(by_practitioner, treatment_session)[2].resource.pk == alice.pk

    response = calendar_page(client, date=monday.isoformat(), by="room")
    by_room = response.context["grid"]
    assert [c.resource.label for c in by_room.columns] == ["Room 1", "Room 2"]
    assert placement(by_room, treatment_session)[2].resource.pk == other_room.pk
    # In a room's column the block names the practitioner instead of the room.
    assert alice.get_full_name() in response.content.decode()


def test_the_location_filter_shows_only_that_sites_sessions(client, front_desk, room, monday):
    annex_room = RoomFactory(location=LocationFactory(name="Annex"), name="Annex room")
    main_session = book(PatientFactory(last_name="Mainsite"), room=room, day=monday)
    annex_session = book(PatientFactory(last_name="Annexsite"), room=annex_room, day=monday)
    client.force_login(front_desk)

    default = calendar_page(client, date=monday.isoformat())
    assert default.context["location"].name == "Annex"  # the first location by name
    assert "Annexsite" in default.content.decode()
    assert "Mainsite" not in default.content.decode()

    main = calendar_page(client, date=monday.isoformat(), location=room.location_id)
    placement(main.context["grid"], main_session)
    assert "Annexsite" not in main.content.decode()
    with pytest.raises(AssertionError):
        placement(main.context["grid"], annex_session)


def test_each_status_has_its_class_and_its_word(client, practitioner, room, monday):
    sessions = {}
    steps = {
        Status.BOOKED: [],
        Status.CHECKED_IN: [Status.CHECKED_IN],
        Status.IN_PROGRESS: [Status.CHECKED_IN, Status.IN_PROGRESS],
        Status.COMPLETED: [Status.CHECKED_IN, Status.IN_PROGRESS, Status.COMPLETED],
        Status.CANCELLED: [Status.CANCELLED],
        Status.NO_SHOW: [Status.NO_SHOW],
    }
    for hour, (status, path) in enumerate(steps.items(), start=9):
        treatment_session = book(
            PatientFactory(), practitioner=practitioner, room=room, day=monday, hour=hour
        )
        for target in path:
            treatment_session = booking.session_transition(
                treatment_session=treatment_session, to=target, by=practitioner, reason="Flu"
            )
        sessions[status] = treatment_session
    client.force_login(practitioner)
    page = calendar_page(client, date=monday.isoformat()).content.decode()
    for status, treatment_session in sessions.items():
        assert f'cal-status-{status}" href="' in page
        assert f'data-testid="cal-session-{treatment_session.pk}"' in page
        assert f'<span class="cal-status-text">{Status(status).label}</span>' in page


def test_a_deliberate_overlap_is_marked_with_its_reason(client, practitioner, room, monday):
    other_room = RoomFactory(location=room.location, name="Room 2")
    first = book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    second = book_at(
        PatientFactory(),
        practitioner,
        other_room,
        at(monday, 10, 15),
        minutes=15,
        overlap_reason="Check while the numbing cream works",
    )
    client.force_login(practitioner)
    response = calendar_page(client, date=monday.isoformat())
    label, rows, _ = placement(response.context["grid"], second)
    assert placement(response.context["grid"], first)[:2] == (label, rows) == ("10:00", 3)
    page = response.content.decode()
    assert "cal-overlap" in page
    assert "Overlap on purpose: Check while the numbing cream works" in page


def test_closures_are_shaded_and_hours_outside_work_greyed(client, front_desk, room, monday):
    late_starter = make_user(roles.PRACTITIONER, username="late")
    for weekday in range(5):
        work_on(late_starter, room.location, weekday, datetime.time(13), datetime.time(18))
    on_leave = make_user(roles.PRACTITIONER, username="leave")
    book(PatientFactory(), practitioner=on_leave, room=room, day=monday - datetime.timedelta(7))
    Closure.objects.create(
        practitioner=on_leave, starts_on=monday, ends_on=monday, reason="Annual leave"
    )
    client.force_login(front_desk)
    grid = calendar_page(client, date=monday.isoformat()).context["grid"]
    cells = {column.resource.pk: [] for column in grid.columns}
    for grid_row in grid.rows:
        for cell in grid_row.cells:
            cells[cell.column.resource.pk].append((grid_row.row.label, cell.kind, cell.rowspan))
    assert cells[late_starter.pk][0] == ("09:00", cal.OFF, 16)  # 09:00–13:00 in one grey cell
    assert cells[late_starter.pk][1] == ("13:00", cal.FREE, 1)
    assert cells[on_leave.pk] == [("09:00", cal.CLOSED, 36)]
    leave_column = next(c for c in grid.columns if c.resource.pk == on_leave.pk)
    assert leave_column.closures == ["Annual leave"]


def test_free_slots_link_to_the_booking_page_prefilled(client, front_desk, room, monday):
    practitioner = make_user(roles.PRACTITIONER, username="bookable")
    treatment_session = book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    client.force_login(front_desk)
    page = calendar_page(client, date=monday.isoformat()).content.decode()
    base, start = reverse("treatments:book"), f"{monday.isoformat()}T10%3A45"  # local time
    # A practitioner's slot suggests a room free then (Room 1 is free again from 10:45).
    assert (
        f'href="{base}?practitioner={practitioner.pk}&amp;room={room.pk}&amp;start={start}"' in page
    )
    assert f'href="{treatment_session.get_absolute_url()}"' in page
    by_room = calendar_page(client, date=monday.isoformat(), by="room").content.decode()
    assert f'href="{base}?room={room.pk}&amp;start={start}"' in by_room


def test_a_practitioners_slot_suggests_a_room_free_then(client, front_desk, room, monday):
    second_room = RoomFactory(location=room.location, name="Room 2")
    busy = make_user(roles.PRACTITIONER, username="busy")
    idle = make_user(roles.PRACTITIONER, username="idle")
    book(PatientFactory(), practitioner=busy, room=room, day=monday)  # Room 1, 10:00–10:45
    book(PatientFactory(), practitioner=idle, room=second_room, day=monday, hour=15)
    client.force_login(front_desk)
    grid = calendar_page(client, date=monday.isoformat()).context["grid"]
    slots = {
        (cell.column.resource.pk, grid_row.row.label): cell.book_url
        for grid_row in grid.rows
        for cell in grid_row.cells
        if cell.kind == cal.FREE
    }
    assert f"room={second_room.pk}&" in slots[(idle.pk, "09:30")]  # Room 1 is busy at 10:00
    assert f"room={room.pk}&" in slots[(idle.pk, "11:00")]


def test_past_slots_are_not_offered(client, front_desk, room):
    book(PatientFactory(), room=room, day=next_weekday(0))
    client.force_login(front_desk)
    grid = calendar_page(client, date=next_weekday(0, weeks_ahead=-1).isoformat()).context["grid"]
    cells = [cell for grid_row in grid.rows for cell in grid_row.cells]
    assert not [cell for cell in cells if cell.kind == cal.FREE]
    assert [cell.kind for cell in cells] == [cal.PAST]


def test_the_page_works_without_the_booking_and_session_pages(
    client, practitioner, room, monday, monkeypatch
):
    treatment_session = book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    real_reverse = calendar_views.reverse

    def reverse_without(name, *args, **kwargs):  # as before those pages were written
        if name in ("treatments:book", "treatments:session"):
            raise NoReverseMatch(name)
        return real_reverse(name, *args, **kwargs)

    monkeypatch.setattr(calendar_views, "reverse", reverse_without)
    client.force_login(practitioner)
    response = calendar_page(client, date=monday.isoformat())
    assert response.status_code == 200
    grid = response.context["grid"]
    free = [cell for grid_row in grid.rows for cell in grid_row.cells if cell.kind == cal.FREE]
    assert free and not any(cell.book_url for cell in free)
    assert f'href="{treatment_session.patient.get_absolute_url()}"' in response.content.decode()


def test_the_week_view_shows_one_resource_with_days_as_columns(client, practitioner, room, monday):
    tuesday_session = book(
        PatientFactory(), practitioner=practitioner, room=room, day=monday + datetime.timedelta(1)
    )
    client.force_login(practitioner)
    response = calendar_page(client, view="week", date=monday.isoformat(), resource=practitioner.pk)
    grid = response.context["grid"]
    assert [c.day for c in grid.columns] == [monday + datetime.timedelta(d) for d in range(5)]
    label, rows, column = placement(grid, tuesday_session)
    assert (label, rows, column.day) == ("10:00", 3, monday + datetime.timedelta(1))


def test_the_week_overview_lists_everyone_by_day(client, front_desk, room, monday):
    practitioner = make_user(roles.PRACTITIONER, username="weekly")
    treatment_session = book(
        PatientFactory(), practitioner=practitioner, room=room, day=monday + datetime.timedelta(2)
    )
    client.force_login(front_desk)
    response = calendar_page(client, view="week", date=(monday + datetime.timedelta(4)).isoformat())
    (row,) = response.context["overview"]
    assert row.resource.pk == practitioner.pk
    assert [len(cell.blocks) for cell in row.cells] == [0, 0, 1, 0, 0]
    assert row.cells[2].blocks[0].treatment_session == treatment_session


def test_previous_and_next_move_by_a_day_or_a_week(client, practitioner, room, monday):
    client.force_login(practitioner)
    day = calendar_page(client, date=monday.isoformat()).context["urls"]
    assert f"date={(monday - datetime.timedelta(1)).isoformat()}" in day["previous"]
    assert f"date={(monday + datetime.timedelta(1)).isoformat()}" in day["next"]
    week = calendar_page(client, view="week", date=monday.isoformat()).context["urls"]
    assert f"date={(monday + datetime.timedelta(7)).isoformat()}" in week["next"]


def test_a_mistyped_address_shows_today(client, practitioner, room):
    client.force_login(practitioner)
    response = calendar_page(client, date="2026-02-31", location="x", view="year", by="bed")
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()
    assert (response.context["query"].view, response.context["query"].by) == ("day", "practitioner")


# --- Clock changes ----------------------------------------------------------------------------


def test_spring_forward_week_keeps_every_session_in_its_wall_clock_row(client, practitioner, room):
    friday, sunday = SPRING_SUNDAY - datetime.timedelta(2), SPRING_SUNDAY
    monday_after = SPRING_SUNDAY + datetime.timedelta(1)
    work_on(practitioner, room.location, 6, datetime.time(9), datetime.time(13))
    before = book(PatientFactory(), practitioner=practitioner, room=room, day=friday)  # CET
    on_the_day = book(PatientFactory(), practitioner=practitioner, room=room, day=sunday)
    after = book(PatientFactory(), practitioner=practitioner, room=room, day=monday_after)
    in_utc = [s.starts_at.astimezone(datetime.UTC).hour for s in (before, on_the_day)]
    assert in_utc == [9, 8]  # UTC differs…
    client.force_login(practitioner)
    week = calendar_page(
        client, view="week", date=sunday.isoformat(), resource=practitioner.pk
    ).context["grid"]
    assert placement(week, before)[:2] == ("10:00", 3)  # …the rows do not
    assert placement(week, on_the_day)[:2] == ("10:00", 3)
    assert placement(week, on_the_day)[2].day == sunday
    next_day = calendar_page(client, date=monday_after.isoformat()).context["grid"]
    assert placement(next_day, after)[:2] == ("10:00", 3)


def test_the_spring_forward_day_has_no_rows_for_the_skipped_hour(client, practitioner, room):
    work_on(practitioner, room.location, 6, datetime.time(1), datetime.time(5))
    night = book_at(PatientFactory(), practitioner, room, at(SPRING_SUNDAY, 1, 30), minutes=90)
    client.force_login(practitioner)
    response = calendar_page(client, date=SPRING_SUNDAY.isoformat())
    grid = response.context["grid"]
    assert len(grid.rows) == 12  # 01:00–05:00 lasts three hours that night
    assert not [label for label in labels(grid) if label.startswith("02:")]
    assert labels(grid)[:5] == ["01:00", "01:15", "01:30", "01:45", "03:00"]
    # 01:30 CET + 90 minutes = 04:00 CEST: rows 01:30, 01:45, 03:00 … 03:45.
    assert placement(grid, night)[:2] == ("01:30", 6)
    assert "Clocks go forward one hour" in response.content.decode()


def test_the_fall_back_day_repeats_the_hour_and_labels_it_with_the_zone(client, practitioner, room):
    work_on(practitioner, room.location, 6, datetime.time(1), datetime.time(5))
    first_pass = book_at(PatientFactory(), practitioner, room, at(AUTUMN_SUNDAY, 2, 15), 30)
    second_start = datetime.datetime(2026, 10, 25, 2, 15, fold=1, tzinfo=PARIS)
    second_pass = book_at(PatientFactory(), practitioner, room, second_start, 30)
    assert second_pass.starts_at - first_pass.starts_at == datetime.timedelta(hours=1)
    client.force_login(practitioner)
    response = calendar_page(client, date=AUTUMN_SUNDAY.isoformat())
    grid = response.context["grid"]
    assert len(grid.rows) == 20  # 01:00–05:00 lasts five hours that night
    assert labels(grid)[4:12] == [
        "02:00 CEST", "02:15 CEST", "02:30 CEST", "02:45 CEST",
        "02:00 CET", "02:15 CET", "02:30 CET", "02:45 CET",
    ]  # fmt: skip
    assert placement(grid, first_pass)[:2] == ("02:15 CEST", 2)
    assert placement(grid, second_pass)[:2] == ("02:15 CET", 2)
    assert "Clocks go back one hour" in response.content.decode()


def test_a_session_on_the_monday_after_fall_back_is_at_its_wall_time(client, practitioner, room):
    monday_after = AUTUMN_SUNDAY + datetime.timedelta(1)
    friday_before = AUTUMN_SUNDAY - datetime.timedelta(2)
    before = book(PatientFactory(), practitioner=practitioner, room=room, day=friday_before)
    after = book(PatientFactory(), practitioner=practitioner, room=room, day=monday_after)
    client.force_login(practitioner)
    week = calendar_page(
        client, view="week", date=friday_before.isoformat(), resource=practitioner.pk
    ).context["grid"]
    assert placement(week, before)[:2] == ("10:00", 3)
    next_week = calendar_page(
        client, view="week", date=monday_after.isoformat(), resource=practitioner.pk
    ).context["grid"]
    assert placement(next_week, after)[:2] == ("10:00", 3)


def test_instant_knows_which_wall_times_exist():
    assert cal.instant(SPRING_SUNDAY, datetime.time(2, 30), PARIS) is None
    assert cal.instant(SPRING_SUNDAY, datetime.time(3), PARIS) == datetime.datetime(
        2026, 3, 29, 1, tzinfo=datetime.UTC
    )
    assert cal.instant(AUTUMN_SUNDAY, datetime.time(2, 30, fold=1), PARIS) == datetime.datetime(
        2026, 10, 25, 1, 30, tzinfo=datetime.UTC
    )
    assert cal.instant(SPRING_SUNDAY, datetime.time(10, fold=1), PARIS) is None


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


# --- iCalendar feed ---------------------------------------------------------------------------


def feed(client, token):
    return client.get(reverse("treatments:ical_feed", args=[token]))


def unfolded(body: str) -> str:
    return body.replace("\r\n ", "")


def test_the_feed_needs_no_login_and_shows_initials_only(client, practitioner, room, monday):
    patient = PatientFactory(first_name="Hélène", last_name="Dubois")
    treatment_session = book(patient, practitioner=practitioner, room=room, day=monday)
    token = ical.feed_token_create(user=practitioner)
    response = feed(client, token)  # anonymous: the token is the credential
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "SUMMARY:H.D. — Treatment session\r\n" in unfolded(body)
    assert "Hélène" not in body and "Dubois" not in body
    assert patient.chart_number not in body and patient.phone not in body
    assert f"UID:session-{treatment_session.pk}@mesoplan\r\n" in body
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "LOCATION:Room 1\\, Main clinic\r\n" in unfolded(body)
    assert "STATUS:CONFIRMED" in body


def test_feed_times_are_utc(client, practitioner, room, monday):
    book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    body = feed(client, ical.feed_token_create(user=practitioner)).content.decode()
    starts = at(monday, 10).astimezone(datetime.UTC)
    ends = starts + datetime.timedelta(minutes=45)
    assert f"DTSTART:{starts:%Y%m%dT%H%M%S}Z\r\nDTEND:{ends:%Y%m%dT%H%M%S}Z\r\n" in body


def test_feed_times_are_utc_on_either_side_of_a_clock_change():
    location = Location(name="Main clinic")
    patient = Patient(first_name="Hélène", last_name="Dubois")

    def unsaved(pk, day):
        starts = at(day, 10)
        return TreatmentSession(
            pk=pk,
            patient=patient,
            room=Room(name="Room 1", location=location),
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=45),
        )

    body = ical.calendar_feed(
        [unsaved(1, SPRING_SUNDAY - datetime.timedelta(1)), unsaved(2, SPRING_SUNDAY)],
        now=datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC),
        name="Test",
    )
    assert "DTSTAMP:20260301T120000Z\r\n" in body
    assert "DTSTART:20260328T090000Z\r\nDTEND:20260328T094500Z\r\n" in body  # CET
    assert "DTSTART:20260329T080000Z\r\nDTEND:20260329T084500Z\r\n" in body  # CEST


def test_a_cancelled_session_is_cancelled_in_the_feed(client, practitioner, room, monday):
    treatment_session = book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    booking.session_transition(
        treatment_session=treatment_session, to=Status.CANCELLED, by=practitioner, reason="Ill"
    )
    body = unfolded(feed(client, ical.feed_token_create(user=practitioner)).content.decode())
    assert "STATUS:CANCELLED\r\nTRANSP:TRANSPARENT" in body
    assert "— Treatment session (Cancelled)" in body


def test_the_feed_holds_only_its_owners_sessions_in_its_window(client, practitioner, room, monday):
    colleague = make_user(roles.PRACTITIONER, username="colleague")
    mine = book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    theirs = book(PatientFactory(), practitioner=colleague, room=room, day=monday, hour=14)
    far = book(
        PatientFactory(),
        practitioner=practitioner,
        room=room,
        day=next_weekday(0, weeks_ahead=27),  # beyond 180 days
    )
    body = feed(client, ical.feed_token_create(user=practitioner)).content.decode()
    assert f"UID:session-{mine.pk}@mesoplan" in body
    assert f"UID:session-{theirs.pk}@mesoplan" not in body
    assert f"UID:session-{far.pk}@mesoplan" not in body


def test_revoked_renewed_and_unknown_tokens_get_404(client, practitioner):
    first = ical.feed_token_create(user=practitioner)
    assert feed(client, first).status_code == 200
    second = ical.feed_token_create(user=practitioner)  # renewing revokes the first
    assert feed(client, first).status_code == 404
    assert feed(client, second).status_code == 200
    ical.feed_token_revoke(user=practitioner)
    assert feed(client, second).status_code == 404
    assert feed(client, "not-a-token").status_code == 404


def test_a_deactivated_users_feed_stops(client, practitioner):
    token = ical.feed_token_create(user=practitioner)
    practitioner.is_active = False
    practitioner.save()
    assert feed(client, token).status_code == 404


def test_only_a_hash_of_the_token_is_stored(practitioner):
    token = ical.feed_token_create(user=practitioner)
    row = ical.active_feed_token(practitioner)
    assert row.token_hash == ical.token_hash(token) != token
    assert len(token) >= 40


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "é,;\\" * 40
    folded = ical.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert all(part.startswith(" ") for part in folded.split("\r\n")[1:])
    assert folded.replace("\r\n ", "") == line
    assert ical.fold("SHORT:x") == "SHORT:x"


def test_text_values_escape_commas_semicolons_backslashes_and_newlines():
    assert ical.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_the_feed_folds_and_escapes_what_it_writes(client, practitioner, monday):
    long_room = RoomFactory(
        location=LocationFactory(name="Clinique du Parc; aile Est, étage 2"),
        name="Salle de soins numéro 3 — côté jardin, près de l'accueil",
    )
    book(PatientFactory(), practitioner=practitioner, room=long_room, day=monday)
    body = feed(client, ical.feed_token_create(user=practitioner)).content.decode()
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert (
        "LOCATION:Salle de soins numéro 3 — côté jardin\\, près de l'accueil\\, "
        "Clinique du Parc\\; aile Est\\, étage 2\r\n"
    ) in unfolded(body)


def test_initials_of_composed_and_missing_names():
    assert ical.initials("Élodie", "Bérard") == "É.B."
    assert ical.initials("  ", "dupont") == "D."
    assert ical.initials("", "") == "?"


# --- Feed settings page -----------------------------------------------------------------------


def test_creating_a_link_shows_it_once(client, practitioner):
    client.force_login(practitioner)
    url = reverse("treatments:ical_settings")
    response = client.post(url, {"action": "renew"}, follow=True)
    page = response.content.decode()
    token = ical.active_feed_token(practitioner)
    assert token is not None
    feed_url = re.search(r'id="feed-url"[^>]*value="([^"]+)"', page).group(1)
    assert feed_url.startswith("http://testserver/treatments/calendar/feed/")
    assert feed_url.endswith(".ics")
    assert client.get(feed_url.removeprefix("http://testserver")).status_code == 200
    again = client.get(url).content.decode()
    assert feed_url not in again  # never stored, never shown twice
    assert "A link is active since" in again
    assert "data-confirm=" in again


def test_renewing_and_revoking_from_the_page(client, practitioner):
    client.force_login(practitioner)
    url = reverse("treatments:ical_settings")
    old = ical.feed_token_create(user=practitioner)
    client.post(url, {"action": "renew"})
    assert feed(client, old).status_code == 404
    assert ical.active_feed_token(practitioner) is not None
    page = client.get(url).content.decode()
    assert 'data-confirm="Revoke your calendar link?' in page
    client.post(url, {"action": "revoke"})
    assert ical.active_feed_token(practitioner) is None
    assert "You have no active link." in client.get(url).content.decode()
    assert client.post(url, {"action": "explode"}).status_code == 400
