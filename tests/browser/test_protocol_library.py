"""The protocol library in a real browser: revising a protocol, and printing its card."""

import datetime
import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from clinic import roles
from patients import services
from protocols.models import Protocol
from protocols.seed import load_reference_library
from sessions.scheduling import plans as plan_services
from tests.browser.conftest import sign_in, submit, watch_js_errors
from tests.support import make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SKIN_BOOSTER = "ha-skin-booster-face"
SKIN_BOOSTER_NAME = "Hyaluronic acid skin booster (face)"


@pytest.fixture
def library(transactional_db):
    """The 8 seeded protocols (live_server tests start from a flushed database)."""

    load_reference_library()
    return {protocol.slug: protocol for protocol in Protocol.objects.all()}


def log_out(page: Page):
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("input[name=password]")).to_be_visible()


def proposed_plan_on(protocol, *, practitioner):
    """A patient with a plan on the protocol's current version, made through the services."""

    version = protocol.current_version
    patient = services.patient_register(
        data={
            "first_name": "Ines",
            "last_name": "Varga",
            "date_of_birth": datetime.date(1984, 3, 9),
            "phone": "+36 30 555 0101",
        },
        by=practitioner,
    )
    services.history_review_record(patient=patient, data={}, by=practitioner)
    consultation = services.consultation_start(
        patient=patient,
        data={"goals": "Dull, dehydrated skin on the cheeks.", "protocol_version": version},
        indications=[protocol.indication],
        by=practitioner,
    )
    warnings = services.screen_consultation(consultation).warnings
    return plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=["face"],
        sessions_count=3,
        interval_min_days=14,
        interval_max_days=28,
        override_reasons={finding.key: "Reviewed with the patient." for finding in warnings},
        by=practitioner,
    )


def needle(page: Page):
    """The card's "Needle" value (gauge and length)."""
    return page.locator("dl.facts dt", has_text=re.compile(r"^Needle$")).locator(
        "xpath=following-sibling::dd[1]"
    )


def diff_row(page: Page, label: str):
    return page.locator("table.diff-table tbody tr").filter(
        has=page.get_by_role("rowheader", name=label, exact=True)
    )


def test_admin_revision_shows_version_2_while_an_existing_plan_keeps_version_1(
    page: Page, live_server, library, csp_violations, screenshots_dir
):
    admin = make_user(roles.CLINIC_ADMIN)
    practitioner = make_user(roles.PRACTITIONER)
    plan = proposed_plan_on(library[SKIN_BOOSTER], practitioner=practitioner)
    assert plan.protocol_version.number == 1
    js_errors = watch_js_errors(page)
    card_url = f"{live_server.url}/protocols/{SKIN_BOOSTER}/"

    # The clinic admin revises the needle gauge.
    sign_in(page, live_server.url, admin.username)
    page.goto(card_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(SKIN_BOOSTER_NAME)
    expect(page.get_by_test_id("version-badge")).to_have_text("version 1")
    expect(needle(page)).to_have_text("32G · 12.7 mm")
    page.get_by_role("link", name="Revise (new version)").click()
    expect(page).to_have_url(card_url + "revise/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("now version 1")
    expect(page.locator("#id_needle_gauge")).to_have_value("32")
    page.locator("#id_needle_gauge").fill("30")
    page.locator("#id_change_note").fill("30G needles reach the papule depth with less pain.")
    submit(page, "Save as a new version")

    expect(page).to_have_url(card_url)
    expect(page.locator(".alert-success")).to_contain_text("Saved as version 2")
    expect(page.get_by_test_id("version-badge")).to_have_text("version 2")
    history_rows = page.locator("section[aria-labelledby=history-h] tbody tr")
    expect(history_rows).to_have_count(2)
    expect(history_rows.nth(0)).to_contain_text("v2")
    expect(history_rows.nth(0)).to_contain_text("30G needles reach the papule depth")
    expect(history_rows.nth(1)).to_contain_text("v1")

    # The diff lists the needle gauge change (that nothing else is listed: see the xfail below).
    submit(page, "Compare selected versions")
    expect(page).to_have_url(re.compile(r"/compare/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes from version 1 to version 2")
    expect(page.locator("main")).to_contain_text("30G needles reach the papule depth")
    gauge = diff_row(page, "Needle gauge (G)")
    expect(gauge.locator("td.diff-old")).to_have_text("32")
    expect(gauge.locator("td.diff-new")).to_have_text("30")
    log_out(page)

    # The practitioner reads the current card: version 2.
    sign_in(page, live_server.url, practitioner.username)
    page.goto(card_url)
    expect(page.get_by_test_id("version-badge")).to_have_text("version 2")
    expect(needle(page)).to_have_text("30G · 12.7 mm")
    expect(page.get_by_role("link", name="Revise (new version)")).to_have_count(0)

    # The plan made before the revision keeps version 1, and says so.
    page.goto(f"{live_server.url}/treatments/plans/{plan.pk}/")
    planned = page.get_by_test_id("plan-protocol")
    expect(planned).to_contain_text(SKIN_BOOSTER_NAME)
    expect(planned).to_contain_text("version 1")
    expect(planned).not_to_contain_text("version 2")
    expect(planned).to_contain_text("planned with an earlier version")
    page.screenshot(path=screenshots_dir / "plan-earlier-version.png", full_page=True)

    # Its protocol link opens version 1 (needle still 32G), marked as not current.
    planned.get_by_role("link", name=SKIN_BOOSTER_NAME).click()
    expect(page).to_have_url(card_url + "v1/")
    expect(page.get_by_test_id("version-badge")).to_have_text("version 1")
    expect(needle(page)).to_have_text("32G · 12.7 mm")
    expect(page.get_by_role("status").filter(has_text="not the current version")).to_be_visible()

    assert csp_violations == []
    assert js_errors == []


def test_a_revision_that_changes_one_field_shows_only_that_field_in_the_diff(
    page: Page, live_server, library
):
    admin = make_user(roles.CLINIC_ADMIN)
    card_url = f"{live_server.url}/protocols/{SKIN_BOOSTER}/"
    sign_in(page, live_server.url, admin.username)
    page.goto(card_url + "revise/")
    page.locator("#id_needle_gauge").fill("30")
    page.locator("#id_change_note").fill("Thinner needle.")
    submit(page, "Save as a new version")
    expect(page.get_by_test_id("version-badge")).to_have_text("version 2")

    page.goto(f"{card_url}compare/?a=1&b=2")
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes from version 1 to version 2")
    expect(diff_row(page, "Needle gauge (G)")).to_have_count(1)
    changed = page.locator("table.diff-table tbody th").all_inner_texts()
    assert changed == ["Needle gauge (G)"]


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def test_every_seeded_protocol_card_prints_on_one_a4_page(
    page: Page, live_server, library, csp_violations
):
    assert len(library) == 8, "the reference library seeds 8 protocols"
    practitioner = make_user(roles.PRACTITIONER)
    sign_in(page, live_server.url, practitioner.username)

    too_long = {}
    for slug, protocol in sorted(library.items()):
        page.goto(f"{live_server.url}/protocols/{slug}/")
        expect(page.get_by_test_id("version-badge")).to_have_text("version 1")
        pages, text = pdf_text(page.pdf(format="A4"))
        if pages != 1:
            too_long[slug] = pages
        first_words = " ".join(protocol.name.split()[:3])
        assert first_words in text, f"{slug}: the printed card lacks its name {first_words!r}"
        # The last line of the printed card: nothing was cut off to make it fit.
        assert "Printed from Mesoplan, version 1." in text, f"{slug}: the footer is missing"
        # Paper gets the protocol, not the app around it.
        assert "Log out" not in text and "Version history" not in text, slug

    assert too_long == {}, f"cards printing on more than one A4 page: {too_long}"
    assert csp_violations == []
