"""Issue 17 on a phone (390x844), in English and French: a patient opens their links, passes
the date-of-birth check, answers the health questionnaire, reads and signs the consent with a
finger on the pad, and books the next session of their course (then cancels it). Each page
passes axe-core, fits the phone without sideways scrolling, runs no blocked script or style;
screenshots go to /work/shots/portalforms-*.png (var/screenshots when that is absent). Then
the practitioner reads the questionnaire beside the record at 1024 px."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from patients.models import HealthQuestionnaire
from patients.seed import load_medication_catalogue
from portal import access
from sessions.documents import consents as consent_services
from sessions.models import ConsentRecord, TreatmentSession
from sessions.tests.factories.courses import library_course
from sessions.tests.factories.scheduling import at
from tests.browser.conftest import (
    PASSWORD,
    horizontal_overflow,
    sign_in,
    watch_csp_violations,
    watch_js_errors,
)
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
        "pregnant": "Are you pregnant, or could you be?",
        "yes": "Yes",
        "no": "No",
        "never": "No, never",
        "send": "Send my answers",
        "sent": "Thank you, your answers are sent",
        "read": "I have read this form and I agree",
        "sign": "Sign and send",
        "signed": "Thank you, your consent is signed",
        "book": "Book this time",
        "booked": "Booked.",
        "cancel": "Cancel this session",
        "cancelled": "Cancelled.",
    },
    "fr": {
        "day": "Jour",
        "continue": "Continuer",
        "pregnant": "Êtes-vous enceinte, ou pourriez-vous l’être",
        "yes": "Oui",
        "no": "Non",
        "never": "Non, jamais",
        "send": "Envoyer mes réponses",
        "sent": "Merci, vos réponses sont envoyées",
        "read": "J’ai lu ce formulaire et j’accepte",
        "sign": "Signer et envoyer",
        "signed": "Merci, votre consentement est signé",
        "book": "Réserver cet horaire",
        "booked": "Réservé.",
        "cancel": "Annuler cette séance",
        "cancelled": "Annulé.",
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


def check_page(page: Page, name: str, shots: Path, problems: list, axe: str, wide=False):
    """axe-core and no sideways scroll at the phone's width (and the tablet's); full-page
    screenshots."""
    page.evaluate(axe)
    problems += [f"{name}: axe {v}" for v in page.evaluate(RUN_AXE)]
    if horizontal_overflow(page):
        problems.append(f"{name}: scrolls sideways at 390: {horizontal_overflow(page)}")
    page.screenshot(path=str(shots / f"portalforms-{name}.png"), full_page=True)
    if wide:
        page.set_viewport_size(TABLET)
        if horizontal_overflow(page):
            problems.append(f"{name}: scrolls sideways at 1024")
        page.screenshot(path=str(shots / f"portalforms-{name}-1024.png"), full_page=True)
        page.set_viewport_size(PHONE)


def open_link(page: Page, live_server, patient, purpose, words, **about):
    _link, url = access.portal_link_issue(patient=patient, purpose=purpose, **about)
    page.goto(live_server.url + url.split("localhost:8000", 1)[-1])
    page.get_by_label(words["day"]).fill("14")
    page.locator("input[name=month]").fill("3")
    page.locator("input[name=year]").fill("1985")
    with page.expect_navigation():
        page.get_by_role("button", name=words["continue"]).click()


def draw_signature(page: Page):
    canvas = page.locator("canvas[data-signature-pad]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(
            box["x"] + 30 + step * (box["width"] - 60) / 11,
            box["y"] + box["height"] * (0.3 if step % 2 else 0.7),
        )
    page.mouse.up()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_questionnaire_consent_and_booking_on_a_phone(browser, live_server, shots, language):
    require_service("axe-core", AXE_JS.exists(), "npm install --prefix .ci/node axe-core")
    axe = AXE_JS.read_text()
    words = WORDS[language]
    load_medication_catalogue()
    plan, sessions = library_course(
        first_name="Élodie", last_name="Bérard", sessions_count=3, book_sessions=1
    )
    patient = plan.patient
    patient.preferred_language = language
    patient.save(update_fields=["preferred_language"])
    record = consent_services.consent_prepare(
        patient=patient, plan_or_version=plan, by=plan.created_by
    )
    context = browser.new_context(viewport=PHONE, locale="en-GB" if language == "fr" else "fr-FR")
    page = context.new_page()
    js_errors, csp = watch_js_errors(page), watch_csp_violations(page)
    problems: list[str] = []
    try:
        # 1. The health questionnaire.
        open_link(page, live_server, patient, "questionnaire", words)
        expect(page.get_by_text(words["pregnant"])).to_be_visible()
        for question in page.locator("fieldset.portal-question").all():
            radios = question.locator("input[type=radio]")
            if radios.count() == 2:  # a yes/no question
                question.get_by_label(words["no"], exact=True).check()
        page.locator("fieldset", has_text=words["pregnant"]).get_by_label(
            words["yes"], exact=True
        ).check()
        page.get_by_label(words["never"]).check()
        page.locator("input[name=medicine_0]").fill("Advil")
        page.locator("input[name=dose_0]").fill("200 mg")
        page.locator("textarea[name=goals]").fill("Fresher skin before the summer")
        check_page(page, f"questionnaire-{language}", shots, problems, axe, wide=language == "en")
        with page.expect_navigation():
            page.get_by_role("button", name=words["send"]).click()
        expect(page.get_by_role("heading", name=words["sent"])).to_be_visible()
        check_page(page, f"questionnaire-done-{language}", shots, problems, axe)
        questionnaire = HealthQuestionnaire.objects.get(patient=patient)
        assert questionnaire.conditions == ["pregnancy"]
        assert questionnaire.medications[0]["name"] == "Ibuprofen"
        assert questionnaire.language == language

        # 2. The consent, read and signed with a finger (a mouse here).
        open_link(page, live_server, patient, "consent", words, consent=record)
        check_page(page, f"consent-{language}", shots, problems, axe, wide=language == "en")
        page.locator("textarea[name=questions]").fill("Can I fly the week after?")
        page.get_by_label(words["read"]).check()
        draw_signature(page)
        with page.expect_navigation():
            page.get_by_role("button", name=words["sign"]).click()
        expect(page.get_by_role("heading", name=words["signed"])).to_be_visible()
        check_page(page, f"consent-done-{language}", shots, problems, axe)
        record.refresh_from_db()
        assert record.method == ConsentRecord.Method.REMOTE and record.signature
        assert record.device.startswith("Chrome") and record.awaits_questions_confirmation

        # 3. The next session: sessions[0] was given three days ago; book session 2.
        given = at(timezone.localdate() - datetime.timedelta(days=3), 10)
        TreatmentSession.objects.filter(pk=sessions[0].pk).update(
            starts_at=given, ends_at=given + datetime.timedelta(minutes=45), status="completed"
        )
        open_link(page, live_server, patient, "booking", words, plan=plan)
        check_page(page, f"booking-{language}", shots, problems, axe, wide=language == "en")
        page.locator("input[name=slot]").first.check()
        with page.expect_navigation():
            page.get_by_role("button", name=words["book"]).click()
        expect(page.get_by_text(words["booked"])).to_be_visible()
        check_page(page, f"booking-booked-{language}", shots, problems, axe)
        booked = TreatmentSession.objects.get(plan=plan, sequence=2, status="booked")
        assert booked.booked_by is None
        with page.expect_navigation():
            page.get_by_role("button", name=words["cancel"]).click()
        expect(page.get_by_text(words["cancelled"])).to_be_visible()
        booked.refresh_from_db()
        assert booked.status == "cancelled"
    finally:
        context.close()
    assert problems == [] and js_errors == [] and csp == []


def test_the_practitioner_reviews_the_questionnaire_beside_the_record(
    browser, live_server, shots, practitioner
):
    from patients import questionnaires
    from patients.tests.factories import PatientFactory, record_history

    load_medication_catalogue()
    patient = PatientFactory(first_name="Élodie", last_name="Bérard")
    record_history(patient, by=practitioner, diabetes=True, allergies_other="penicillin")
    questionnaire = questionnaires.questionnaire_submit(
        patient=patient,
        answers={
            "conditions": ["pregnancy", "diabetes"],
            "allergies": ["allergy_soy"],
            "allergies_other": "latex",
            "smoking": "current",
            "medications": [{"name": "advil", "dose": "200 mg"}, {"name": "Ginger tea"}],
            "goals": "Fresher skin",
        },
        language="fr",
    )
    page = browser.new_page(viewport=TABLET)
    js_errors, csp = watch_js_errors(page), watch_csp_violations(page)
    sign_in(page, live_server.url, practitioner.username, PASSWORD)
    page.goto(live_server.url + questionnaire.get_absolute_url())
    expect(page.get_by_role("heading", name="Health questionnaire")).to_be_visible()
    assert horizontal_overflow(page) is None
    page.screenshot(path=str(shots / "portalforms-review-1024.png"), full_page=True)
    page.get_by_label("Are you pregnant, or could you be?").check()
    page.locator("input[value='medication:0']").check()
    page.get_by_label("I reviewed these answers").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Questionnaire reviewed")).to_be_visible()
    page.screenshot(path=str(shots / "portalforms-review-done-1024.png"), full_page=True)
    page.close()
    history = patient.history_reviews.order_by("-reviewed_at", "-pk").first()
    assert history.pregnancy and history.diabetes and history.allergies == []
    assert [m.name for m in patient.medications.all()] == ["Ibuprofen"]
    assert js_errors == [] and csp == []


def test_the_practitioner_sees_remote_questions_and_confirms_them(
    browser, live_server, shots, practitioner, django_capture_on_commit_callbacks
):
    from sessions.tests.factories.consents import signature_png

    plan, sessions = library_course(practitioner=practitioner, first_name="Élodie")
    record = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=practitioner
    )
    consent_services.consent_sign_remotely(
        record=record,
        signature_data_url=signature_png(),
        questions="Can I fly the week after?",
        user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1",
    )
    page = browser.new_page(viewport=TABLET)
    js_errors, csp = watch_js_errors(page), watch_csp_violations(page)
    sign_in(page, live_server.url, practitioner.username, PASSWORD)
    page.goto(live_server.url + f"/treatments/sessions/{sessions[0].pk}/")
    expect(page.get_by_text("signed this consent remotely").first).to_be_visible()
    page.goto(live_server.url + f"/treatments/consents/{record.pk}/")
    expect(page.get_by_text("Can I fly the week after?")).to_be_visible()
    expect(page.get_by_text("Safari on iPhone")).to_be_visible()
    assert horizontal_overflow(page) is None
    page.screenshot(path=str(shots / "portalforms-remote-consent-1024.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="The patient's questions were answered").click()
    expect(page.get_by_text("Confirmed answered at the visit")).to_be_visible()
    page.close()
    record.refresh_from_db()
    assert record.questions_answered_by == practitioner
    assert js_errors == [] and csp == []
