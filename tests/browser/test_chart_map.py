"""The injection map in a real browser (issue 12): points placed by tap and by keyboard,
saved, signed, drawn read-only on the signed chart, and on the aftercare sheet and the course
report (their PDFs read back). Screenshots of the chart page at 1024x768 and 390x844 go to
/work/shots/map-*.png (var/screenshots when that is absent)."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sessions.models import MapMark, WorkingHours
from sessions.tests.factories import book_course, consent_on_file
from tests.browser.conftest import horizontal_overflow, sign_in, submit, watch_js_errors
from tests.browser.test_booking_and_charting import clinic  # noqa: F401 (a fixture)
from tests.support import flat, pdf_pages, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

CHART_URL = re.compile(r"/treatments/sessions/(\d+)/chart/$")
SHOTS = Path("/work/shots")


def shots_dir(screenshots_dir: Path) -> Path:
    return SHOTS if SHOTS.is_dir() else screenshots_dir


def tap(page: Page, svg, x: float, y: float):
    """Tap the diagram at (x, y) of its 200 x 240 viewBox."""
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    page.mouse.click(box["x"] + x * box["width"] / 200, box["y"] + y * box["height"] / 240)


def test_points_placed_by_tap_and_keyboard_are_saved_signed_and_drawn(
    page: Page,
    live_server,
    clinic,  # noqa: F811 (the fixture imported above)
    csp_violations,
    screenshots_dir,
):
    practitioner, lot = clinic["practitioner"], clinic["lot"]
    today = timezone.localdate()
    WorkingHours.objects.get_or_create(
        practitioner=practitioner,
        location=clinic["location"],
        weekday=today.weekday(),
        defaults={"starts": datetime.time(0, 15), "ends": datetime.time(23, 45)},
    )
    sessions = book_course(clinic["plan"], practitioner, clinic["location"], first_day=today)
    consent_on_file(clinic["plan"], practitioner)
    js_errors = watch_js_errors(page)
    sign_in(page, live_server.url, practitioner.username)
    page.goto(f"{live_server.url}/treatments/sessions/{sessions[0].pk}/chart/")
    form = page.get_by_test_id("chart-form")
    for label in (
        "Consent on file for this protocol version",
        "Medical history reviewed today",
        "Photos taken",
    ):
        form.get_by_label(label).check()
    page.locator("#id_p-0-lot").select_option(value=str(lot.pk))
    page.locator("#id_p-0-volume_ml").fill("0.4")
    page.locator("#id_p-0-volume_ml").blur()

    chart_map = page.get_by_test_id("chart-map")
    expect(chart_map.get_by_label("Area", exact=True)).to_have_value("face")
    # The face is on the map: technique, needle, depth and points are charted per area.
    expect(page.get_by_test_id("chart-level-fields")).to_be_hidden()
    expect(page.get_by_test_id("chart-level-note")).to_be_visible()
    page.get_by_test_id("chart-level-note").scroll_into_view_if_needed()
    page.screenshot(path=shots_dir(screenshots_dir) / "map2-chart-treatment-1024.png")
    expect(chart_map.get_by_label("Lot", exact=True)).to_have_value(str(lot.pk))
    chart_map.get_by_label("Volume per mark (mL)").fill("0.1")
    svg = page.get_by_test_id("map-svg-face_front")
    expect(svg).to_be_visible()

    # Two points by tap, one tap outside the face refused.
    tap(page, svg, 100, 140)
    tap(page, svg, 80, 160)
    tap(page, svg, 5, 5)
    expect(page.get_by_test_id("map-status")).to_have_text(
        "Place the mark inside the highlighted area."
    )
    # Two by keyboard: the cross starts at the area's centre.
    svg.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowUp")
    page.keyboard.press("Enter")
    marks = page.get_by_test_id("map-marks").locator("tbody tr")
    expect(marks).to_have_count(4)
    expect(page.get_by_test_id("map-totals")).to_contain_text("0.4 mL marked, 0.4 mL")

    # The table works without the drawing: remove one, the total no longer matches.
    marks.nth(3).get_by_role("button", name="Remove").click()
    expect(marks).to_have_count(3)
    svg.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(marks).to_have_count(4)

    shots = shots_dir(screenshots_dir)
    page.set_viewport_size({"width": 1024, "height": 768})
    chart_map.scroll_into_view_if_needed()
    page.screenshot(path=shots / "map-chart-1024.png")
    page.screenshot(path=shots / "map2-chart-1024.png")
    assert horizontal_overflow(page) is None
    page.set_viewport_size({"width": 390, "height": 844})
    chart_map.scroll_into_view_if_needed()
    page.screenshot(path=shots / "map-chart-390.png")
    page.set_viewport_size({"width": 1024, "height": 768})

    submit(page, "Save the chart")
    expect(page.locator(".alert-success")).to_contain_text("Chart saved.")
    assert MapMark.objects.filter(lot=lot).count() == 4
    expect(page.get_by_test_id("map-marks").locator("tbody tr")).to_have_count(4)

    page.once("dialog", lambda dialog: dialog.accept())
    submit(page, "Sign and complete the session")
    expect(page.get_by_test_id("chart-signed")).to_have_text("Signed")
    readonly = page.get_by_test_id("chart-map-readonly")
    expect(readonly.get_by_test_id("map-figure-face_front").locator("circle")).to_have_count(4)
    expect(readonly.get_by_test_id("map-area-face")).to_contain_text("0.4 mL")
    readonly.scroll_into_view_if_needed()
    page.screenshot(path=shots / "map-signed-1024.png")
    assert js_errors == [] and csp_violations == []

    # On paper: the aftercare sheet's "What we used" and the course report draw the face
    # with its four marks (read back as text: the area and the lot lines).
    aftercare = page.request.get(
        f"{live_server.url}/treatments/sessions/{sessions[0].pk}/aftercare.pdf"
    )
    assert aftercare.ok, aftercare.status
    assert pdf_pages(aftercare.body()) == 1
    text = flat(pdf_text(aftercare.body()))
    assert "Face · 0.4 mL" in text and lot.lot_number in text
    (shots / "map2-aftercare-browser.pdf").write_bytes(aftercare.body())
    report = page.request.get(f"{live_server.url}/treatments/plans/{clinic['plan'].pk}/report.pdf")
    assert report.ok, report.status
    text = flat(pdf_text(report.body()))
    assert "Injection maps" in text
    assert "Face · 0.4 mL · 4 points" in text
    assert f"{lot.product.name} · {lot.lot_number} · 0.4 mL" in text

    # An amendment corrects the volume: the row, the marks and the aftercare sheet follow,
    # and the chart shows the row and the marks before and after.
    page.get_by_role("link", name="Amend the chart").click()
    page.get_by_label("Reason for the amendment").fill("Drew 0.5 mL, not 0.4")
    page.locator("#id_p-0-volume_ml").fill("0.5")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.get_by_test_id("amend-products").scroll_into_view_if_needed()
    page.screenshot(path=shots / "map2-amend-form-1024.png")
    submit(page, "Record the amendment")
    amendment = page.get_by_test_id("amendment")
    expect(amendment).to_contain_text("Product and lot")
    expect(amendment).to_contain_text(f"lot {lot.lot_number} · 0.4 mL")
    expect(amendment).to_contain_text(f"lot {lot.lot_number} · 0.5 mL")
    expect(amendment).to_contain_text(f"Face: 4 marks, lot {lot.lot_number}, 0.5 mL")
    amendment.scroll_into_view_if_needed()
    page.screenshot(path=shots / "map2-amended-1024.png")
    assert sum(m.volume_ml for m in MapMark.objects.filter(lot=lot)) == Decimal("0.5")
    # The course report is drawn from the corrected data; the aftercare sheet is the copy
    # stored when it was first printed (what the patient took home), so it still says 0.4.
    report = page.request.get(f"{live_server.url}/treatments/plans/{clinic['plan'].pk}/report.pdf")
    assert "Face · 0.5 mL · 4 points" in flat(pdf_text(report.body()))
    (shots / "map2-course-browser.pdf").write_bytes(report.body())
    aftercare = page.request.get(
        f"{live_server.url}/treatments/sessions/{sessions[0].pk}/aftercare.pdf"
    )
    assert "Face · 0.4 mL" in flat(pdf_text(aftercare.body()))
    assert js_errors == [] and csp_violations == []
