"""Moving a session by dragging it on the calendar (issue 12), in a real browser: a drop on a
free slot of another room moves it there; a drop that clashes shows the form's error once, in
place, and moves nothing. Screenshots of the calendar for a receptionist's eye."""

import pytest
from playwright.sync_api import expect

from clinic import roles
from patients.tests.factories import PatientFactory
from sessions.models import TreatmentSession
from sessions.tests.factories import RoomFactory, next_weekday
from sessions.tests.factories.scheduling import at, book
from tests.browser.conftest import sign_in, watch_csp_violations, watch_js_errors
from tests.support import make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
SHOTS = "/work/shots"


def _drag(page, block, target):
    target.scroll_into_view_if_needed()
    block.scroll_into_view_if_needed()
    start, end = block.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + 8)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=12)
    page.mouse.up()


def test_front_desk_drags_a_session_to_another_time_and_room_and_a_clash_moves_nothing(
    page, live_server, settings
):
    settings.TIME_ZONE = "Europe/Paris"
    monday = next_weekday(0)
    practitioner = make_user(roles.PRACTITIONER, username="claire")
    room_one = RoomFactory(name="Room 1")
    room_two = RoomFactory(location=room_one.location, name="Room 2")
    moved = book(
        PatientFactory(last_name="Moreau"),
        practitioner=practitioner,
        room=room_one,
        day=monday,
        hour=12,
        minutes=50,
    )
    other = make_user(roles.PRACTITIONER, username="paul")
    bernard = PatientFactory(last_name="Bernard")
    book(bernard, practitioner=other, room=room_two, day=monday, hour=14)
    desk = make_user(roles.FRONT_DESK, username="desk")
    errors, csp = watch_js_errors(page), watch_csp_violations(page)
    sign_in(page, live_server.url, desk.username)
    page.goto(f"{live_server.url}/treatments/calendar/?view=day&by=room&date={monday.isoformat()}")
    page.screenshot(path=f"{SHOTS}/calendar-1024.png", full_page=True)

    block = page.get_by_test_id(f"cal-session-{moved.pk}")
    target = page.locator(
        f'td[data-drop-start="{monday.isoformat()}T13:00"][data-drop-owner="room:{room_two.pk}"]'
    )
    with page.expect_navigation():  # the calendar reloads once the session moved
        _drag(page, block, target)
    expect(page.get_by_text("Session moved.")).to_be_visible()
    moved.refresh_from_db()
    assert (moved.starts_at, moved.ends_at, moved.room) == (
        at(monday, 13),
        at(monday, 13, 50),
        room_two,
    )
    expect(
        page.locator(f'td[data-drop-owner="room:{room_two.pk}"]').get_by_test_id(
            f"cal-session-{moved.pk}"
        )
    ).to_be_visible()

    # Onto Bernard's 14:00 session in the same room: a clash, answered in place.
    clashing = page.locator(
        f'td.cal-sessions[data-drop-start="{monday.isoformat()}T14:00"]'
        f'[data-drop-owner="room:{room_two.pk}"]'
    )
    _drag(page, page.get_by_test_id(f"cal-session-{moved.pk}"), clashing)
    panel = page.get_by_test_id("cal-move-panel")
    expect(panel.get_by_test_id("move-form")).to_be_visible()
    expect(panel.get_by_text("Room 2 is already booked then")).to_have_count(1)
    expect(page.locator("#cal-move-title")).to_be_focused()  # the answer is brought into view
    expect(panel).to_be_in_viewport()
    page.wait_for_timeout(600)  # Bootstrap's smooth scrolling ends before the screenshot
    assert page.get_by_text("already booked then").count() == 1
    page.screenshot(path=f"{SHOTS}/calendar-1024-clash.png", full_page=False)
    moved.refresh_from_db()
    assert moved.starts_at == at(monday, 13)
    assert TreatmentSession.objects.filter(starts_at=at(monday, 14)).count() == 1
    panel.get_by_role("button", name="Cancel").click()
    expect(panel.get_by_test_id("move-form")).to_have_count(0)

    # The front desk looks for an hour free: the picker marks where it fits.
    page.get_by_label("Free for").select_option("60")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    expect(page.locator("td.cal-fits").first).to_be_visible()
    page.screenshot(path=f"{SHOTS}/calendar-1024-free.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.screenshot(path=f"{SHOTS}/calendar-390.png", full_page=True)
    assert errors == [] and csp == []


def test_a_drop_on_another_practitioners_column_moves_the_session_to_them(
    page, live_server, settings
):
    settings.TIME_ZONE = "Europe/Paris"
    monday = next_weekday(0)
    claire = make_user(roles.PRACTITIONER, username="claire")
    paul = make_user(roles.PRACTITIONER, username="paul")
    for user, name in ((claire, "Claire"), (paul, "Paul")):
        user.first_name = name
        user.save(update_fields=["first_name"])
    room_one = RoomFactory(name="Room 1")
    room_two = RoomFactory(location=room_one.location, name="Room 2")
    moved = book(
        PatientFactory(last_name="Moreau"), practitioner=claire, room=room_one, day=monday, hour=10
    )
    book(PatientFactory(last_name="Bernard"), practitioner=paul, room=room_two, day=monday, hour=9)
    desk = make_user(roles.FRONT_DESK, username="desk")
    errors, csp = watch_js_errors(page), watch_csp_violations(page)
    sign_in(page, live_server.url, desk.username)
    page.goto(
        f"{live_server.url}/treatments/calendar/?view=day&by=practitioner&date={monday.isoformat()}"
    )
    target = page.locator(
        f'td[data-drop-start="{monday.isoformat()}T13:00"][data-drop-owner="practitioner:{paul.pk}"]'
    )
    with page.expect_navigation():  # moved: the calendar reloads
        _drag(page, page.get_by_test_id(f"cal-session-{moved.pk}"), target)
    expect(page.get_by_text("Session moved.")).to_be_visible()
    moved.refresh_from_db()
    assert (moved.practitioner, moved.starts_at, moved.room) == (paul, at(monday, 13), room_one)
    expect(
        page.locator(f'td[data-drop-owner="practitioner:{paul.pk}"]').get_by_test_id(
            f"cal-session-{moved.pk}"
        )
    ).to_be_visible()
    page.screenshot(path=f"{SHOTS}/map2-calendar-practitioner-1024.png", full_page=True)
    assert errors == [] and csp == []
