"""Signing in and out in a real browser, as each role sees it on a chair-side tablet."""

import re

import pytest
from playwright.sync_api import Page, expect

from clinic import roles
from tests.browser.conftest import (
    DESKTOP_VIEWPORT,
    LOGIN_PATH,
    horizontal_overflow,
    sign_in,
    watch_csp_violations,
)
from tests.support import make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

DASHBOARD_HEADINGS = {
    roles.PRACTITIONER: "Practitioner dashboard",
    roles.FRONT_DESK: "Front desk dashboard",
    roles.CLINIC_ADMIN: "Clinic admin dashboard",
}
ALL_ROLES = [roles.PRACTITIONER, roles.FRONT_DESK, roles.CLINIC_ADMIN]


def expect_login_page(page: Page):
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))
    expect(page.locator("input[name=password]")).to_be_visible()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_signs_in_sees_its_dashboard_and_signs_out(
    page: Page, live_server, role, csp_violations, screenshots_dir
):
    user = make_user(role)
    js_errors: list[str] = []
    page.on("pageerror", lambda error: js_errors.append(str(error)))

    sign_in(page, live_server.url, user.username)

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(DASHBOARD_HEADINGS[role])
    current_user = page.get_by_test_id("current-user")
    expect(current_user).to_be_visible()
    expect(current_user).to_contain_text(user.get_full_name())
    expect(current_user.locator(".role-name")).to_have_text(str(roles.ROLE_BADGES[role]))
    overflow = horizontal_overflow(page)
    assert overflow is None, f"the dashboard scrolls sideways at 1024×768: {overflow}"
    page.screenshot(path=screenshots_dir / f"dashboard-{role}.png", full_page=True)

    page.get_by_role("button", name="Log out").click()
    expect_login_page(page)
    expect(page.get_by_test_id("current-user")).to_have_count(0)

    page.goto(live_server.url + "/")
    expect_login_page(page)

    assert csp_violations == [], "the Content-Security-Policy blocked something"
    assert js_errors == [], "JavaScript errors on the page"


def test_wrong_password_shows_an_error_and_stays_on_the_login_page(
    page: Page, live_server, csp_violations
):
    user = make_user(roles.PRACTITIONER)

    response = sign_in(page, live_server.url, user.username, password="not-the-password")

    assert response.status == 200, f"the login form answered {response.status}"
    expect_login_page(page)
    expect(page.locator(".alert-danger")).to_contain_text("correct username and password")
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    assert csp_violations == []


def test_front_desk_opening_the_audit_log_gets_the_polite_not_allowed_page(
    page: Page, live_server, csp_violations
):
    user = make_user(roles.FRONT_DESK)
    sign_in(page, live_server.url, user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text(DASHBOARD_HEADINGS[roles.FRONT_DESK])

    response = page.goto(live_server.url + "/audit/")

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("This page is not part of your role")
    expect(page.get_by_role("link", name="Back to the dashboard")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Traceback")
    # Still signed in, with the normal navbar: the error page is part of the site.
    expect(page.get_by_test_id("current-user")).to_be_visible()
    assert csp_violations == []


def test_clinic_admin_dashboard_fits_a_desktop_screen(browser, live_server, screenshots_dir):
    user = make_user(roles.CLINIC_ADMIN)
    context = browser.new_context(viewport=DESKTOP_VIEWPORT)
    try:
        page = context.new_page()
        csp_violations = watch_csp_violations(page)
        sign_in(page, live_server.url, user.username)

        expect(page.get_by_role("heading", level=1)).to_have_text(
            DASHBOARD_HEADINGS[roles.CLINIC_ADMIN]
        )
        expect(page.get_by_role("link", name="Back office")).to_be_visible()
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        overflow = horizontal_overflow(page)
        assert overflow is None, f"the dashboard scrolls sideways at 1440×900: {overflow}"
        page.screenshot(path=screenshots_dir / "dashboard-clinic_admin-desktop.png", full_page=True)
        assert csp_violations == []
    finally:
        context.close()
