"""A French-speaking practitioner signs in and walks consultation -> plan -> consent -> chart:
no English is left on those pages (names and codes of the records aside), and French's longer
words do not make a page scroll sideways.

English is detected with the catalogue itself: a word that the English texts use and no French
translation uses is English. What a patient will read is left out (the consent text, the lines
the documents will tell the patient): it is written in the *patient's* language, not the
practitioner's, and comes with the patient-facing translations."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from clinic import language, roles
from clinic.translations import read_catalogue
from patients import services
from patients.seed import load_medication_catalogue
from protocols.models import Protocol
from protocols.seed import load_reference_library
from sessions.tests.factories.charts import booked_session
from tests.browser.conftest import LOGIN_PATH, horizontal_overflow, submit, watch_js_errors
from tests.support import make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SHOTS = Path("/work/shots")
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’-][A-Za-zÀ-ÿ]+)*")
# Two-letter English words worth catching; longer ones come from the catalogue.
SHORT_ENGLISH = {"of", "to", "in", "at", "is", "by", "or", "it", "if", "be", "we", "my"}
# Words shared by both languages or that are names and codes, whatever the catalogue says.
# Where a staff page shows what the patient's documents will say.
PATIENT_TEXT = [".consent-text", "[data-testid=patient-lines]", "[data-testid=pre-care]"]
ALLOWED = {"mesoplan", "fhir", "csv", "pdf", "sha", "inr", "mL", "mm", "min", "max", "ok"}


def english_words() -> set[str]:
    english, french = set(), set()
    for entry in read_catalogue(CATALOGUE):
        english.update(w.lower() for w in WORD.findall(entry.msgid + " " + entry.msgid_plural))
        french.update(w.lower() for text in entry.msgstr for w in WORD.findall(text))
    words = {w for w in english - french if len(w) > 2} | SHORT_ENGLISH
    return words - {w.lower() for w in ALLOWED}


def visible_text(page: Page, *, leave_out: str = "") -> str:
    """The page's visible text, without the parts that are records' own words."""
    return page.evaluate(
        """([leaveOut, PATIENT_TEXT]) => {
            const body = document.body.cloneNode(true);
            const skip = ["script", "style", ...PATIENT_TEXT, leaveOut].filter(Boolean);
            body.querySelectorAll(skip.join(",")).forEach((node) => node.remove());
            return body.innerText;
        }""",
        [leave_out, PATIENT_TEXT],
    )


def english_left(page: Page, names: list[str], vocabulary: set[str]) -> list[str]:
    """The lines of the page that still hold English words."""
    text = visible_text(page)
    for name in sorted(names, key=len, reverse=True):  # record names: patient, protocol, ...
        text = text.replace(name, " ")
    return [
        line.strip()
        for line in text.splitlines()
        if any(word.lower() in vocabulary for word in WORD.findall(line))
    ]


def look(page: Page, name: str, names: list[str], vocabulary: set[str]) -> None:
    page.screenshot(path=SHOTS / f"i18nstaff-{name}.png", full_page=True)
    left = english_left(page, names, vocabulary)
    assert left == [], f"English left on the {name} page:\n" + "\n".join(left)
    assert horizontal_overflow(page) is None, f"the {name} page scrolls sideways"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR"}  # Accept-Language: fr-FR


def test_a_french_practitioner_finds_no_english_from_consultation_to_chart(
    page: Page, live_server, csp_violations
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    load_reference_library()
    load_medication_catalogue()
    vocabulary = english_words()
    practitioner = make_user(roles.PRACTITIONER, username="dr-lefevre")
    practitioner.first_name, practitioner.last_name = "Hélène", "Lefèvre"
    practitioner.save()
    language.set_language(practitioner, "fr")
    patient = services.patient_register(
        data={"first_name": "Camille", "last_name": "Bernard", "date_of_birth": "1984-03-09"},
        by=practitioner,
    )
    services.history_review_record(patient=patient, data={"allergies": []}, by=practitioner)
    version = Protocol.objects.get(slug="ha-skin-booster-face").current_version
    # Records' own words: the people, and the protocol library's content (translated with
    # the protocol versions, not the catalogue).
    names = [
        patient.full_name,
        patient.last_name.upper(),
        patient.first_name,
        patient.chart_number,
        "Hélène Lefèvre",
        "dr-lefevre",
        settings.CLINIC_NAME,
        *Protocol.objects.values_list("name", flat=True),
        *[component.ingredient.name for component in version.blend.all()],
    ]
    js_errors = watch_js_errors(page)

    # The sign-in page follows the browser (French), before anyone is known.
    page.goto(live_server.url + LOGIN_PATH)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    look(page, "login", names, vocabulary)
    page.locator("input[name=username]").fill(practitioner.username)
    page.locator("input[name=password]").fill("pw-for-tests-123")
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tableau de bord")
    look(page, "dashboard", names, vocabulary)

    # Consultation.
    page.goto(f"{live_server.url}/patients/{patient.pk}/consultations/new/")
    page.locator(f"input[name=indications][value='{version.protocol.indication.pk}']").check()
    page.locator("#id_goals").fill("Une peau plus fraîche.")
    page.locator("#id_protocol_version").select_option(value=str(version.pk))
    page.locator("#id_confirm_history").check()
    look(page, "consultation-form", names, vocabulary)
    submit(page, "Enregistrer et dépister")
    expect(page.locator(".messages .alert-success")).to_contain_text("Consultation enregistrée.")
    look(page, "consultation", names, vocabulary)

    # Plan.
    submit(page, "Proposer ce plan")
    expect(page.locator(".messages .alert-success")).to_contain_text("Plan de traitement proposé.")
    look(page, "plan", names, vocabulary)

    # Consent: prepared from the plan, then the signing page.
    submit(page, "Préparer un formulaire de consentement")
    look(page, "consent", names, vocabulary)
    page.locator("main").get_by_role("link", name="Signer à l'écran").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Consentement au traitement")
    look(page, "consent-sign", names, vocabulary)

    # Chart of a session of this course (booked in the past: a chart is written on the day).
    from sessions.models import TreatmentPlan

    plan = TreatmentPlan.objects.get(patient=patient)
    treatment_session = booked_session(practitioner, plan=plan)
    page.goto(f"{live_server.url}/treatments/sessions/{treatment_session.pk}/chart/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fiche de séance")
    look(page, "chart", names + [treatment_session.room.name], vocabulary)

    # The language page names each language in its own language.
    page.goto(f"{live_server.url}/accounts/language/")
    expect(page.locator("#id_language")).to_have_value("fr")
    look(page, "language", [*names, "English"], vocabulary)

    # A phone's width, for the eye (the page crawl checks the layouts at 1024 and 1440 px).
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=SHOTS / "i18nstaff-chart-390.png", full_page=True)
    page.goto(f"{live_server.url}/treatments/plans/{plan.pk}/")
    page.screenshot(path=SHOTS / "i18nstaff-plan-390.png", full_page=True)

    assert csp_violations == []
    assert js_errors == []
