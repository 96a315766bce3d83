"""Two-factor enrolment in a real browser: the QR code shows under the strict CSP, a code from
the key on the page turns it on, and a signed-out page cannot be brought back with Back."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.browser.test_login_roles import sign_in
from tests.support import make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_a_practitioner_enrols_with_the_qr_page_and_reaches_the_dashboard(
    page: Page, live_server, settings, csp_violations, screenshots_dir
):
    settings.REQUIRE_2FA_FOR = ["practitioner"]
    user = make_user("practitioner")
    sign_in(page, live_server.url, user.username)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next="))
    qr = page.locator("svg.qr-code")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] > 100 and box["height"] > 100
    page.screenshot(path=str(screenshots_dir / "two-factor-enrolment.png"), full_page=True)

    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    code = f"{totp(base64.b32decode(secret)):06d}"
    page.get_by_role("textbox", name="Code").fill(code)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_role("heading", name="Practitioner dashboard")).to_be_visible()
    assert csp_violations == []


def test_back_after_signing_out_shows_no_patient_page(page: Page, live_server):
    from patients.tests.factories import PatientFactory

    patient = PatientFactory(last_name="Backbutton")
    user = make_user("front_desk")
    sign_in(page, live_server.url, user.username)
    page.goto(f"{live_server.url}/patients/{patient.pk}/")
    expect(page.get_by_text("Backbutton").first).to_be_visible()
    page.locator("form[action='/accounts/logout/'] button").first.click()
    expect(page.locator("input[name=password]")).to_be_visible()
    page.go_back()
    page.wait_for_load_state()
    assert "Backbutton" not in page.content()
