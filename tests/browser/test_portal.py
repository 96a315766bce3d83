"""Issue 17 on a phone (390x844): a patient opens the aftercare e-mail's link, passes the
date-of-birth check, reads the sheet and confirms it; then opens the post-treatment check's
link and answers (a "yes" in English: told to call now; all "no" in French: thanked). Each
page passes axe-core, fits the phone without sideways scrolling, runs no blocked script or
style; screenshots go to /work/shots/portal-*.png (var/screenshots when that is absent)."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from portal.models import CheckAnswer
from sessions.followups import delivery
from sessions.models import DocumentHandout, FollowUp
from sessions.tests.factories.charts import signed_chart
from sessions.tests.factories.courses import library_course
from tests.browser.conftest import horizontal_overflow, watch_csp_violations, watch_js_errors
from tests.support import PROJECT_ROOT, require_service

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}
SHOTS = Path("/work/shots")
AXE_JS = PROJECT_ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """
async () => {
  const results = await axe.run(document, {runOnly: {type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]});
  return results.violations.map((v) => `${v.id}: ${v.help} - `
    + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
}
"""
WORDS = {
    "en": {
        "day": "Day",
        "continue": "Continue",
        "read": "I have read it",
        "thanks_read": "you confirmed you have read this sheet",
        "send": "Send my answers",
        "yes": "Yes",
        "no": "No",
    },
    "fr": {
        "day": "Jour",
        "continue": "Continuer",
        "read": "Je l’ai lue",
        "thanks_read": "vous avez confirmé avoir lu cette fiche",
        "send": "Envoyer mes réponses",
        "yes": "Oui",
        "no": "Non",
    },
}


@pytest.fixture
def shots(screenshots_dir):
    return SHOTS if SHOTS.is_dir() else screenshots_dir


@pytest.fixture(autouse=True)
def clinic_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CLINIC_NAME = "Clinique des Lilas"
    settings.CLINIC_PHONE = "+33 1 23 45 67 89"
    settings.CLINIC_EMERGENCY_NUMBER = "15"


def signed_session(language):
    plan, _sessions = library_course(book_sessions=0, first_name="Élodie", last_name="Bérard")
    patient = plan.patient
    patient.contact_by_email, patient.email = True, "elodie@example.org"
    patient.preferred_language = language
    patient.save()
    return signed_chart(plan.created_by, plan=plan).treatment_session


def link_path(subject_part):
    message = next(m for m in reversed(mail.outbox) if subject_part in m.subject)
    return re.search(r"https?://[^/\s]+(/p/[A-Za-z0-9_-]+/)", message.body).group(1)


def check_page(page: Page, name: str, shots: Path, problems: list, axe: str, wide=False):
    """axe-core, no sideways scroll at the phone's width (and the tablet's), a screenshot."""
    page.evaluate(axe)
    problems += [f"{name}: axe {v}" for v in page.evaluate(RUN_AXE)]
    if horizontal_overflow(page):
        problems.append(f"{name}: scrolls sideways at 390: {horizontal_overflow(page)}")
    page.screenshot(path=str(shots / f"portal-{name}-390.png"), full_page=True)
    if wide:
        page.set_viewport_size(TABLET)
        if horizontal_overflow(page):
            problems.append(f"{name}: scrolls sideways at 1024")
        page.screenshot(path=str(shots / f"portal-{name}-1024.png"), full_page=True)
        page.set_viewport_size(PHONE)


def pass_gate(page: Page, words: dict):
    page.get_by_label(words["day"]).fill("14")
    page.locator("input[name=month]").fill("3")
    page.locator("input[name=year]").fill("1985")
    with page.expect_navigation():
        page.get_by_role("button", name=words["continue"]).click()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_aftercare_and_check_on_a_phone(browser, live_server, shots, language):
    require_service("axe-core", AXE_JS.exists(), "npm install --prefix .ci/node axe-core")
    axe = AXE_JS.read_text()
    words = WORDS[language]
    treatment_session = signed_session(language)
    delivery.follow_ups_sweep()
    context = browser.new_context(viewport=PHONE, locale="en-GB" if language == "fr" else "fr-FR")
    page = context.new_page()
    js_errors, csp = watch_js_errors(page), watch_csp_violations(page)
    problems: list[str] = []
    try:
        # Aftercare: the link from the evening e-mail, the gate, the sheet, "I have read it".
        page.goto(live_server.url + link_path("aftercare" if language == "en" else "fiche"))
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_text("Clinique des Lilas").first).to_be_visible()
        check_page(page, f"gate-{language}", shots, problems, axe, wide=language == "en")
        pass_gate(page, words)
        expect(page.get_by_role("button", name=words["read"])).to_be_visible()
        check_page(page, f"aftercare-{language}", shots, problems, axe, wide=language == "en")
        pdf = page.request.get(page.url + "sheet.pdf")
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
        with page.expect_navigation():
            page.get_by_role("button", name=words["read"]).click()
        expect(page.get_by_test_id("acknowledged")).to_contain_text(words["thanks_read"])
        handout = DocumentHandout.objects.get(treatment_session=treatment_session)
        assert handout.status == DocumentHandout.Status.ACKNOWLEDGED

        # The check, 48 hours later.
        follow_up = FollowUp.objects.get(
            treatment_session=treatment_session, kind=FollowUp.Kind.POST_TREATMENT_CHECK
        )
        delivery.follow_ups_sweep(now=follow_up.due_at + timedelta(minutes=1))
        page.goto(live_server.url + link_path("?" if language == "en" else "?"))
        pass_gate(page, words)
        check_page(page, f"check-{language}", shots, problems, axe, wide=language == "en")
        questions = page.locator("fieldset.portal-question")
        expect(questions).to_have_count(9)  # eight triggers and the satisfaction scale
        for index in range(8):
            answer = words["yes"] if language == "en" and index == 2 else words["no"]
            questions.nth(index).get_by_label(answer, exact=True).check()
        page.locator("label[for=id_satisfaction_7]").click()
        with page.expect_navigation():
            page.get_by_role("button", name=words["send"]).click()
        check_page(page, f"check-answered-{language}", shots, problems, axe)
        answer = CheckAnswer.objects.get()
        if language == "en":
            assert answer.warning_signs == ["fever"]
            expect(page.get_by_role("heading", name="Please call the clinic now")).to_be_visible()
            expect(page.get_by_test_id("call-clinic")).to_have_attribute("href", "tel:+33123456789")
            assert FollowUp.objects.get(kind=FollowUp.Kind.ADVERSE_EVENT_CHECK).urgent
        else:
            assert answer.warning_signs == [] and answer.satisfaction == 7
            expect(page.get_by_role("heading", name="Merci")).to_be_visible()
            follow_up.refresh_from_db()
            assert follow_up.status == FollowUp.Status.DONE
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert not js_errors and not csp, js_errors + csp


def test_front_desk_sends_and_revokes_a_link_from_the_patient_page(
    page: Page, live_server, shots, csp_violations
):
    from clinic import roles
    from tests.browser.conftest import sign_in
    from tests.support import make_user

    treatment_session = signed_session("en")
    patient = treatment_session.patient
    make_user(roles.FRONT_DESK, username="desk")
    assert sign_in(page, live_server.url, "desk").status == 302
    page.goto(live_server.url + patient.get_absolute_url())
    panel = page.locator("section[aria-labelledby=portal-h]")
    panel.get_by_label("Send a link for").select_option("aftercare")
    with page.expect_navigation():
        panel.get_by_role("button", name="Send link").click()
    panel = page.locator("section[aria-labelledby=portal-h]")
    expect(panel.locator("tbody tr").first).to_contain_text("Sent")
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "portal-staff-panel-1024.png"), full_page=False)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        panel.get_by_role("button", name="Revoke Aftercare sheet").first.click()
    expect(page.locator("section[aria-labelledby=portal-h] tbody tr").first).to_contain_text(
        "Revoked"
    )
    page.set_viewport_size(PHONE)
    page.locator("section[aria-labelledby=portal-h]").scroll_into_view_if_needed()
    assert not horizontal_overflow(page)
    page.screenshot(path=str(shots / "portal-staff-panel-390.png"), full_page=False)
    assert not csp_violations
