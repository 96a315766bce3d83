"""The calendar grid (day / week, by practitioner / room): placement, statuses, overlaps,
closures, free slots, navigation, and sessions across clock changes (Europe/Paris)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from clinic import roles
from patients.tests.factories import PatientFactory
from sessions.models import Closure, TreatmentSession, WorkingHours
from sessions.scheduling import booking
from sessions.scheduling import calendar as cal
from sessions.tests.factories.scheduling import (
    LocationFactory,
    RoomFactory,
    at,
    book,
    book_at,
    calendar_page,
    next_weekday,
)
from tests.support import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clinic_in_paris")]

PARIS = ZoneInfo("Europe/Paris")
SPRING_SUNDAY = datetime.date(2026, 3, 29)  # Paris: 02:00 CET → 03:00 CEST
AUTUMN_SUNDAY = datetime.date(2026, 10, 25)  # Paris: 03:00 CEST → 02:00 CET
Status = TreatmentSession.Status


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
                treatment_session=treatment_session,
                to=target,
                by=practitioner,
                reason="Flu",
                today=monday,  # each is moved along on its own day
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


def test_labels_formatted_in_python_read_as_the_template_filters_did():
    paris = ZoneInfo("Europe/Paris")
    starts = datetime.datetime(2026, 3, 29, 1, 45, tzinfo=paris)
    ends = datetime.datetime(2026, 3, 29, 3, 30, tzinfo=paris)  # across the clock change
    block = cal.Block(None, starts, ends, "/x")
    cell = cal.Cell(cal.FREE, starts=starts)
    filters = Template(
        "{{ s|date:'c' }}|{{ s|time:'H:i' }}|{{ e|date:'c' }}|{{ e|time:'H:i' }}|"
        "{{ s|date:'Y-m-d' }}T{{ s|time:'H:i' }}|{{ d|date:'D j N' }}"
    )
    for language in ("en", "fr"):
        with translation.override(language), timezone.override(paris):
            column = cal.Column(datetime.date(2026, 3, 29), None, False, [], [])
            expected = filters.render(Context({"s": starts, "e": ends, "d": column.day}))
            shown = (
                f"{block.starts_iso}|{block.starts_hm}|{block.ends_iso}|{block.ends_hm}|"
                f"{cell.drop_start}|{column.day_label}"
            )
            assert shown == expected
    assert cal.Cell(cal.OFF).drop_start == "" and cal.Cell(cal.OFF).starts_hm == ""
