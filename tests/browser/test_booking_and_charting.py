"""A course from booking to a signed chart, in a real browser.

The front desk books a 4-session course from a proposed plan (and is told, with nothing
booked, when a row clashes or breaks the interval), finds it on the calendar; the
practitioner charts and signs session 1 and amends the signed chart; the front desk never
reaches a chart."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page, expect

from clinic import dates as human_dates
from clinic import roles
from patients import services
from patients.tests.factories import PatientFactory
from protocols.models import Ingredient, Lot, Protocol
from protocols.seed import load_reference_library
from protocols.tests.factories import LotFactory, ProductFactory
from sessions.models import Room, TreatmentPlan, WorkingHours
from sessions.scheduling import booking
from sessions.scheduling import plans as plan_services
from sessions.tests.factories import (
    LocationFactory,
    RoomFactory,
    at,
    book_course,
    consent_on_file,
    next_weekday,
    working_week,
)
from tests.browser.conftest import horizontal_overflow, sign_in, submit, watch_js_errors
from tests.support import make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SKIN_BOOSTER = "ha-skin-booster-face"
HA_INGREDIENT = "Non-cross-linked hyaluronic acid"
SESSIONS = 4
INTERVAL = (14, 28)
PLAN_URL = re.compile(r"/treatments/plans/(\d+)/$")
SESSION_URL = re.compile(r"/treatments/sessions/(\d+)/$")
CHART_URL = re.compile(r"/treatments/sessions/(\d+)/chart/$")


# --- Helpers (the style of test_consultation_screening.py) ------------------------------------


def slot_row(page: Page, index: int) -> dict:
    """Row `index` (0-based) of the course form: its day, start and room as the form holds them."""
    return {
        "day": page.locator(f"#id_slot-{index}-day").input_value(),
        "start": page.locator(f"#id_slot-{index}-start").input_value(),
        "room": page.locator(f"#id_slot-{index}-room").input_value(),
    }


def session_rows(page: Page):
    return page.locator("main section[aria-labelledby=sessions-h] tbody tr")


def listed_starts(page: Page) -> list[datetime.datetime]:
    """The "When" column of the plan's session table ("Mon 2025-01-06 09:00")."""
    texts = session_rows(page).locator("td:nth-child(2)").all_inner_texts()
    return [datetime.datetime.strptime(text.strip()[4:], "%Y-%m-%d %H:%M") for text in texts]


# --- Data, through the services ---------------------------------------------------------------


@pytest.fixture
def clinic(transactional_db):
    """The seeded library, a location with two rooms, a practitioner working weekdays 9–18,
    a patient with a proposed 4-session skin-booster plan, and a dosed HA product with a lot."""

    load_reference_library()
    practitioner = make_user(roles.PRACTITIONER)
    get_user_model().objects.filter(pk=practitioner.pk).update(
        first_name="Claire", last_name="Dumont"
    )
    practitioner.refresh_from_db()
    location = LocationFactory(name="Main clinic")
    rooms = [RoomFactory(location=location, name=name) for name in ("Room 1", "Room 2")]
    working_week(practitioner, location)

    patient = PatientFactory(first_name="Ines", last_name="Varga")
    services.history_review_record(patient=patient, data={}, by=practitioner)
    protocol = Protocol.objects.get(slug=SKIN_BOOSTER)
    consultation = services.consultation_start(
        patient=patient,
        data={"goals": "Dull, dehydrated skin.", "protocol_version": protocol.current_version},
        indications=[protocol.indication],
        by=practitioner,
    )
    warnings = services.screen_consultation(consultation).warnings
    plan = plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=["face"],
        sessions_count=SESSIONS,
        interval_min_days=INTERVAL[0],
        interval_max_days=INTERVAL[1],
        override_reasons={finding.key: "Reviewed with the patient." for finding in warnings},
        by=practitioner,
    )
    product = ProductFactory(
        name="Skin booster HA 20 mg/mL",
        ingredient=Ingredient.objects.get(name=HA_INGREDIENT),
        concentration="20 mg/mL",
        amount_per_ml=Decimal("20"),
        volume_ml=Decimal("2"),
    )
    lot = LotFactory(product=product, lot_number="HA24017", quantity_received=10)
    return {
        "practitioner": practitioner,
        "location": location,
        "rooms": rooms,
        "patient": patient,
        "plan": plan,
        "lot": lot,
    }


# --- 1. Booking the course --------------------------------------------------------------------


def test_front_desk_books_a_four_session_course_and_finds_it_on_the_calendar(
    page: Page, live_server, clinic, csp_violations, screenshots_dir
):

    plan, practitioner, location = clinic["plan"], clinic["practitioner"], clinic["location"]
    patient = clinic["patient"]
    front_desk = make_user(roles.FRONT_DESK)
    first_day = next_weekday(0)
    js_errors = watch_js_errors(page)
    sign_in(page, live_server.url, front_desk.username)
    main = page.locator("main")

    # The plan, as the front desk sees it: proposed, nothing booked, a button to book.
    page.goto(f"{live_server.url}/treatments/plans/{plan.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Treatment plan")
    expect(page.get_by_role("heading", level=1).locator(".badge")).to_have_text("Proposed")
    expect(main).to_contain_text("4 sessions, every 14–28 days")
    expect(main).to_contain_text("No session booked yet.")
    main.get_by_role("link", name="Book the course").click()
    expect(page).to_have_url(f"{live_server.url}/treatments/plans/{plan.pk}/book/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Book the course")
    expect(main).to_contain_text("4 sessions, 14–28 days apart.")

    # Setup: who, where, from when, how long → four proposed rows.
    page.get_by_label("Practitioner").select_option(label="Claire Dumont")
    page.get_by_label("Location").select_option(label="Main clinic")
    page.get_by_label("First session from").fill(first_day.isoformat())
    page.get_by_label("Session length").select_option(label="45 minutes")
    submit(page, "Propose slots")
    rows = main.locator("form[method=post] tbody tr")
    expect(rows).to_have_count(SESSIONS)
    expect(page.get_by_test_id("course-problems")).to_have_count(0)
    proposed = [slot_row(page, index) for index in range(SESSIONS)]
    assert proposed[0]["day"] == first_day.isoformat(), proposed
    days = [datetime.date.fromisoformat(row["day"]) for row in proposed]
    gaps = [(later - earlier).days for earlier, later in zip(days, days[1:], strict=False)]
    assert all(INTERVAL[0] <= gap <= INTERVAL[1] for gap in gaps), (days, gaps)

    # Meanwhile a colleague books another patient into session 3's room and time, and the
    # front desk moves session 4 only 10 days after session 3.
    colleague = make_user(roles.PRACTITIONER, username="colleague")
    working_week(colleague, location)
    other_patient = PatientFactory(first_name="Paul", last_name="Moreau")
    third_room = Room.objects.get(pk=proposed[2]["room"])
    hour, minute = (int(part) for part in proposed[2]["start"].split(":")[:2])
    third_start = at(days[2], hour, minute)
    booking.session_book(
        patient=other_patient,
        practitioner=colleague,
        room=third_room,
        starts_at=third_start,
        ends_at=third_start + datetime.timedelta(minutes=45),
        by=colleague,
    )
    too_soon = days[2] + datetime.timedelta(days=10)
    page.locator("#id_slot-3-day").fill(too_soon.isoformat())
    submit(page, "Book all sessions")

    problems = page.get_by_test_id("course-problems")
    expect(problems).to_be_visible()
    expect(problems).to_contain_text("Nothing is booked yet.")
    expect(problems).to_contain_text(
        "Session 4 is 10 days after session 3; the protocol asks for 14–28 days."
    )
    expect(problems).to_contain_text(
        f"Session 3: {third_room.name} is already booked then: Paul Moreau with "
        f"{colleague.get_full_name()} in {third_room.name}, {human_dates.day(days[2])} "
        f"{proposed[2]['start'][:5]}–"
    )
    expect(problems.locator("li")).to_have_count(2)
    # The rows keep what was typed, so they can be corrected in place.
    expect(page.locator("#id_slot-3-day")).to_have_value(too_soon.isoformat())
    page.screenshot(path=screenshots_dir / "booking-course-problems.png", full_page=True)
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.PROPOSED
    assert plan.treatment_sessions.count() == 0
    plan_page = page.context.new_page()
    plan_page.goto(f"{live_server.url}/treatments/plans/{plan.pk}/")
    expect(plan_page.get_by_role("heading", level=1).locator(".badge")).to_have_text("Proposed")
    expect(plan_page.locator("main")).to_contain_text("No session booked yet.")
    plan_page.close()

    # Fixed: session 3 in the other room, session 4 back on its proposed day.
    other_room = next(room for room in clinic["rooms"] if room.pk != third_room.pk)
    page.locator("#id_slot-2-room").select_option(value=str(other_room.pk))
    page.locator("#id_slot-3-day").fill(proposed[3]["day"])
    submit(page, "Book all sessions")

    expect(page).to_have_url(PLAN_URL)
    expect(page.locator(".alert-success")).to_contain_text(
        "The whole course is booked: 4 sessions."
    )
    expect(page.get_by_role("heading", level=1).locator(".badge")).to_have_text("Booked")
    expect(main.get_by_role("link", name="Book the course")).to_have_count(0)
    rows = session_rows(page)
    expect(rows).to_have_count(SESSIONS)
    expect(rows.locator("td:first-child")).to_have_text(["1", "2", "3", "4"])
    expect(rows.locator("td:nth-child(3)")).to_have_text(["Claire Dumont"] * SESSIONS)
    expect(rows.locator("td:nth-child(5)")).to_have_text(["Booked"] * SESSIONS)
    expect(rows.nth(2).locator("td:nth-child(4)")).to_have_text(f"{other_room.name} · Main clinic")
    starts = listed_starts(page)
    assert [start.date() for start in starts] == days, (starts, days)
    assert starts == sorted(starts)
    assert starts[0].date() >= first_day
    for earlier, later in zip(starts, starts[1:], strict=False):
        assert INTERVAL[0] <= (later.date() - earlier.date()).days <= INTERVAL[1], starts
    overflow = horizontal_overflow(page)
    assert overflow is None, f"the plan page scrolls sideways at 1024×768: {overflow}"
    page.screenshot(path=screenshots_dir / "booking-plan-booked.png", full_page=True)
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.BOOKED
    sessions = list(plan.treatment_sessions.order_by("sequence"))
    assert [s.sequence for s in sessions] == [1, 2, 3, 4]
    assert sessions[2].room == other_room

    # The calendar: the week of session 1 at the location, everyone, then the practitioner.
    first = sessions[0]
    page.goto(
        f"{live_server.url}/treatments/calendar/?view=week&by=practitioner"
        f"&date={first_day.isoformat()}&location={location.pk}"
    )
    week = first_day.isocalendar().week
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Week {week} ·")
    chip = page.get_by_test_id(f"cal-session-{first.pk}")
    expect(chip).to_be_visible()
    expect(chip).to_contain_text(patient.full_name)
    expect(chip).to_contain_text("09:00")
    # Only session 1 falls in that week; the other patient's session is weeks later.
    expect(main.locator(".cal-chip")).to_have_count(1)
    page.locator("nav.cal-resources").get_by_role("link", name="Claire Dumont").click()
    expect(page).to_have_url(re.compile(rf"resource={practitioner.pk}"))
    expect(page.locator("main header")).to_contain_text("Main clinic · Claire Dumont")
    block = page.get_by_test_id(f"cal-session-{first.pk}")
    expect(block).to_be_visible()
    expect(block).to_contain_text(patient.full_name)
    expect(block).to_contain_text("Booked")
    expect(block).to_contain_text(first.room.name)
    page.screenshot(path=screenshots_dir / "booking-calendar-week.png", full_page=True)
    with page.expect_navigation():
        block.click()
    expect(page).to_have_url(f"{live_server.url}/treatments/sessions/{first.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Treatment session 1 of 4")
    expect(page.get_by_test_id("session-status")).to_have_text("Booked")
    # The front desk has no chart button.
    expect(main.get_by_role("link", name="Chart this session")).to_have_count(0)

    assert csp_violations == []
    assert js_errors == []


# --- 2. Charting and signing session 1 --------------------------------------------------------


def test_practitioner_charts_signs_and_amends_session_one(
    page: Page, live_server, clinic, csp_violations, screenshots_dir
):

    practitioner, lot = clinic["practitioner"], clinic["lot"]
    # A session is charted on its day: the course starts today, whatever day that is.
    today = timezone.localdate()
    WorkingHours.objects.get_or_create(
        practitioner=practitioner,
        location=clinic["location"],
        weekday=today.weekday(),
        defaults={"starts": datetime.time(0, 15), "ends": datetime.time(23, 45)},
    )
    sessions = book_course(clinic["plan"], practitioner, clinic["location"], first_day=today)

    consent_on_file(clinic["plan"], practitioner)  # a session starts only with consent on file
    first = sessions[0]
    js_errors = watch_js_errors(page)
    sign_in(page, live_server.url, practitioner.username)
    main = page.locator("main")

    page.goto(f"{live_server.url}/treatments/sessions/{first.pk}/")
    expect(page.get_by_test_id("session-status")).to_have_text("Booked")
    main.get_by_role("link", name="Chart this session").click()
    expect(page).to_have_url(CHART_URL)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chart")
    expect(page.get_by_test_id("chart-protocol")).to_contain_text(
        "Hyaluronic acid skin booster (face)"
    )
    starts_note = main.get_by_role("status").filter(has_text="Saving the chart starts the session")
    expect(starts_note).to_be_visible()
    form = page.get_by_test_id("chart-form")
    lot_label = f"Skin booster HA 20 mg/mL · lot {lot.lot_number}"
    expect(page.locator("#id_p-0-lot option", has_text=lot_label)).to_contain_text("10 left")

    # Checklist, treatment, one blend row. This patient takes no medicine to pause, so the
    # checklist does not ask about pausing (issue 11).
    expect(form.get_by_label("Medications paused as instructed")).to_have_count(0)
    for label in (
        "Consent on file for this protocol version",
        "Medical history reviewed today",
        "Photos taken",
    ):
        form.get_by_label(label).check()
    face = form.locator("input[name=areas][value=face]")
    expect(face).to_be_checked()  # the plan's areas come pre-ticked
    # The face is on the injection map: technique, needle, depth and points are charted per
    # area there (the chart-level fields are hidden and derived from the areas).
    expect(form.get_by_label("Technique", exact=True)).to_be_hidden()
    form.get_by_label("Face: Technique", exact=True).select_option(label="Papules / micropapules")
    form.get_by_label("Face: G", exact=True).fill("32")
    form.get_by_label("Face: mm", exact=True).fill("4")
    form.get_by_label("Face: depth mm", exact=True).fill("1.5")
    form.get_by_label("Face: points", exact=True).fill("40")
    page.locator("#id_p-0-lot").select_option(value=str(lot.pk))
    page.locator("#id_p-0-volume_ml").fill("1.5")
    expect(page.locator("#id_p-0-units_used")).to_have_value("1")
    submit(page, "Save the chart")

    expect(page).to_have_url(CHART_URL)
    expect(page.locator(".alert-success")).to_contain_text("Chart saved.")
    expect(page.get_by_test_id("session-status")).to_have_text("In progress")
    expect(main.get_by_text("Not signed yet")).to_be_visible()
    expect(page.get_by_test_id("chart-errors")).to_have_count(0)
    # One vial taken from the lot: the list now says 9 left, and so does the database.
    expect(page.locator("#id_p-0-lot option:checked")).to_contain_text("9 left")
    assert Lot.objects.get(pk=lot.pk).quantity_remaining == 9
    doses = page.get_by_test_id("chart-doses")
    expect(page.get_by_test_id("total-volume")).to_have_text("1.5 mL")
    expect(doses).to_contain_text("protocol maximum 2 mL")
    expect(page.get_by_test_id("dose-warnings")).to_have_count(0)
    ha_row = doses.locator("tbody tr", has_text=HA_INGREDIENT)
    expect(ha_row).to_have_count(1)
    # 1.5 mL × 20 mg/mL = 30 this session, this course and lifetime.
    for column in (2, 3, 4):
        expect(ha_row.locator(f"td:nth-child({column})")).to_have_text(re.compile(r"^30\b"))
    sign = main.locator("section[aria-labelledby=sign-h]")
    expect(sign.get_by_role("status")).to_have_count(0)  # nothing left to tick
    page.screenshot(path=screenshots_dir / "chart-before-signing.png", full_page=True)

    # Sign (the browser asks to confirm first).
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    submit(page, "Sign and complete the session")
    assert dialogs == ["Sign this chart? It cannot be edited afterwards, only amended."]
    expect(page).to_have_url(CHART_URL)
    expect(page.locator(".alert-success")).to_contain_text(
        "Chart signed. The session is completed."
    )
    expect(page.get_by_test_id("session-status")).to_have_text("Completed")
    expect(page.get_by_test_id("chart-signed")).to_have_text("Signed")
    expect(page.get_by_test_id("chart-form")).to_have_count(0)
    expect(main.get_by_role("button", name="Save the chart")).to_have_count(0)
    expect(main.get_by_role("button", name="Sign and complete the session")).to_have_count(0)
    original = page.get_by_test_id("chart-original")
    expect(original.locator("input, select, textarea")).to_have_count(0)
    expect(original).to_contain_text(lot.lot_number)
    expect(page.get_by_test_id("chart-technique")).to_have_text("Papules / micropapules")
    expect(page.get_by_test_id("chart-injection-points")).to_have_text("40")
    expect(page.get_by_test_id("chart-signature")).to_contain_text("Signed by Claire Dumont")
    expect(ha_row.locator("td:nth-child(2)")).to_have_text(re.compile(r"^30\b"))

    # Amend: 45 points, not 40, with a reason; the original value stays.
    main.get_by_role("link", name="Amend the chart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amend the chart")
    expect(page.get_by_label("Injection points")).to_have_value("40")
    page.get_by_label("Reason for the amendment").fill("Recounted from the photos: 45 papules.")
    page.get_by_label("Injection points").fill("45")
    submit(page, "Record the amendment")
    expect(page).to_have_url(CHART_URL)
    expect(page.locator(".alert-success")).to_contain_text(
        "Amendment recorded. The original chart is kept."
    )
    expect(original.get_by_role("heading", level=2)).to_have_text(
        "Chart as signed (original values)"
    )
    expect(page.get_by_test_id("chart-injection-points")).to_have_text("40")
    amendment = page.get_by_test_id("amendment")
    expect(amendment).to_have_count(1)
    expect(amendment).to_contain_text("Claire Dumont")
    expect(amendment).to_contain_text("Recounted from the photos: 45 papules.")
    change = amendment.locator("tbody tr")
    expect(change).to_have_count(1)
    expect(change.locator("td")).to_have_text(["Injection points", "40", "45"])
    overflow = horizontal_overflow(page)
    assert overflow is None, f"the chart scrolls sideways at 1024×768: {overflow}"
    page.screenshot(path=screenshots_dir / "chart-signed-amended.png", full_page=True)

    # The session page agrees: completed, and the chart opens read-only.
    page.goto(f"{live_server.url}/treatments/sessions/{first.pk}/")
    expect(page.get_by_test_id("session-status")).to_have_text("Completed")
    expect(main.get_by_role("link", name="Chart this session")).to_have_count(0)
    expect(main.get_by_role("link", name="Open the chart")).to_be_visible()
    assert Lot.objects.get(pk=lot.pk).quantity_remaining == 9

    assert csp_violations == []
    assert js_errors == []


# --- 3. The front desk and charts -------------------------------------------------------------


def test_front_desk_gets_the_polite_403_on_a_chart(page: Page, live_server, clinic, csp_violations):
    sessions = book_course(clinic["plan"], clinic["practitioner"], clinic["location"])
    front_desk = make_user(roles.FRONT_DESK)
    js_errors = watch_js_errors(page)
    sign_in(page, live_server.url, front_desk.username)
    main = page.locator("main")

    response = page.goto(f"{live_server.url}/treatments/sessions/{sessions[0].pk}/chart/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("This page is not part of your role")
    expect(page.get_by_role("link", name="Back to the dashboard")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_be_visible()
    expect(main).not_to_contain_text(re.compile(r"hyaluronic|checklist|lot", re.IGNORECASE))

    assert csp_violations == []
    assert js_errors == []


# --- Known layout bug -------------------------------------------------------------------------


def test_the_chart_form_fits_a_1024_tablet(page: Page, live_server, clinic):
    # The form shows on the session's day, with consent on file (issue 11's gates).
    today = timezone.localdate()
    WorkingHours.objects.get_or_create(
        practitioner=clinic["practitioner"],
        location=clinic["location"],
        weekday=today.weekday(),
        defaults={"starts": datetime.time(0, 15), "ends": datetime.time(23, 45)},
    )
    sessions = book_course(
        clinic["plan"], clinic["practitioner"], clinic["location"], first_day=today
    )
    consent_on_file(clinic["plan"], clinic["practitioner"])
    sign_in(page, live_server.url, clinic["practitioner"].username)
    page.goto(f"{live_server.url}/treatments/sessions/{sessions[0].pk}/chart/")
    scale = page.locator("#id_m-0-scale")
    expect(scale).to_be_attached()
    box = scale.bounding_box()
    assert box["x"] + box["width"] <= 1024, f"the first measurement row is off-screen: {box}"
    overflow = horizontal_overflow(page)
    assert overflow is None, f"the chart form scrolls sideways at 1024×768: {overflow}"
