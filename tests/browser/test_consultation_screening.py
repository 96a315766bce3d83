"""A consultation in a real browser: the practitioner records the patient's facts and the
screening blocks or warns, naming the fact and the rule; the front desk never sees them."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from clinic import roles
from patients import services
from patients.models import MedicationCatalogueEntry, PatientMedication
from patients.seed import load_medication_catalogue
from protocols.models import Protocol
from protocols.seed import load_reference_library
from tests.browser.conftest import sign_in, submit, watch_js_errors
from tests.support import make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PATIENT_URL = re.compile(r"/patients/(\d+)/$")
CONSULTATION_URL = re.compile(r"/patients/consultations/(\d+)/$")
PLAN_URL = re.compile(r"/treatments/plans/(\d+)/$")
SUPPLEMENT_WARNING = "Takes a supplement that raises bleeding risk"
PCDC_INGREDIENT = "Phosphatidylcholine 5% + sodium deoxycholate 2.5% (compounded)"


@pytest.fixture
def clinic_data(transactional_db):
    """The seeded protocol library and medication catalogue (live_server tests start empty)."""

    load_reference_library()
    load_medication_catalogue()


def select_option_containing(page: Page, select: str, text: str) -> str:
    """Choose the one option of a <select> whose label contains `text`; returns the label."""
    options = page.locator(f"{select} option", has_text=text)
    expect(options).to_have_count(1)
    label = options.inner_text().strip()
    page.locator(select).select_option(value=options.get_attribute("value"))
    return label


def start_consultation(page: Page, *, goals: str, protocol: str) -> str:
    """From the patient's page: a localized-fat consultation on the protocol whose label
    contains `protocol`. Returns the protocol's label as the form offered it."""
    page.locator("main").get_by_role("link", name="New consultation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New consultation")
    page.get_by_label("Localized fat").check()
    page.locator("#id_goals").fill(goals)
    label = select_option_containing(page, "#id_protocol_version", protocol)
    page.locator("#id_confirm_history").check()
    submit(page, "Save and screen")
    expect(page).to_have_url(CONSULTATION_URL)
    return label


def test_soy_allergy_blocks_phosphatidylcholine_and_fish_oil_needs_a_reason_for_kybella(
    page: Page, live_server, clinic_data, csp_violations, screenshots_dir
):
    practitioner = make_user(roles.PRACTITIONER)
    js_errors = watch_js_errors(page)
    sign_in(page, live_server.url, practitioner.username)
    main = page.locator("main")

    # Register the patient.
    page.goto(live_server.url + "/patients/new/")
    page.locator("#id_first_name").fill("Marta")
    page.locator("#id_last_name").fill("Keller")
    page.locator("#id_date_of_birth").fill("1979-06-21")
    page.locator("#id_phone").fill("+41 79 555 01 23")
    submit(page, "Save")
    expect(page).to_have_url(PATIENT_URL)
    patient_url = page.url
    flash = page.locator(".alert-success")
    expect(flash).to_contain_text(re.compile(r"Marta Keller registered with chart number P\d{6}\."))
    chart_number = re.search(r"P\d{6}", flash.inner_text()).group()
    expect(main.locator("header")).to_contain_text(chart_number)
    expect(page.get_by_role("heading", level=1)).to_have_text("KELLER Marta")

    # Medical history: allergic to soy.
    main.get_by_role("link", name="Record", exact=True).click()
    expect(page).to_have_url(patient_url + "history/")
    page.locator("input[name=allergies][value=allergy_soy]").check()
    page.locator("#id_attest").check()
    submit(page, "Record this review")
    expect(page).to_have_url(patient_url)
    expect(page.locator(".alert-success")).to_contain_text("Medical history recorded.")
    history = main.locator("section[aria-labelledby=history-h]")
    expect(history.locator("li", has_text="Soy")).to_have_count(1)

    # Medications: fish oil from the catalogue, bought over the counter (not prescribed).
    main.get_by_role("link", name="Add", exact=True).click()
    expect(page).to_have_url(patient_url + "medications/new/")
    fish_oil = select_option_containing(page, "#id_catalogue_entry", "fish oil")
    fish_oil_name = fish_oil.split(" — ")[0]
    expect(page.locator("#id_is_prescribed")).not_to_be_checked()
    submit(page, "Add")
    expect(page).to_have_url(patient_url)
    medications = main.locator("section[aria-labelledby=meds-h]")
    expect(medications).to_contain_text(fish_oil_name)
    expect(medications.locator(".badge", has_text="prescribed")).to_have_count(0)
    expect(medications.locator(".badge", has_text="bleeding risk")).to_have_count(1)

    # Consultation 1: phosphatidylcholine/deoxycholate, which contains soy → blocked.
    pcdc = start_consultation(
        page, goals="Wants the flanks slimmer before summer.", protocol="Phosphatidylcholine"
    )
    pcdc_name = re.sub(r" \(v\d+\)$", "", pcdc.split(": ", 1)[1])
    expect(main.locator("section[aria-labelledby=protocol-h]")).to_contain_text(f"{pcdc_name} v1")
    blocks = page.get_by_test_id("screening-blocks")
    expect(blocks).to_be_visible()
    expect(blocks).to_contain_text("This protocol cannot be planned for this patient")
    expect(blocks).to_contain_text(re.compile(r"\bsoy\b", re.IGNORECASE))
    expect(blocks).to_contain_text(PCDC_INGREDIENT)
    warnings = page.get_by_test_id("screening-warnings")
    expect(warnings).to_contain_text(SUPPLEMENT_WARNING)
    expect(warnings).to_contain_text(f"Takes {fish_oil_name} (not prescribed)")
    pre_care = page.get_by_test_id("pre-care")
    expect(pre_care).to_contain_text(
        f"Stop taking {fish_oil_name} 7 days before your session, unless a doctor prescribed it"
    )
    expect(main.get_by_role("button", name="Propose this plan")).to_have_count(0)
    expect(main.get_by_role("heading", name="Record the decision")).to_be_visible()
    page.screenshot(path=screenshots_dir / "consultation-screening-blocked.png", full_page=True)

    # Consultation 2, same patient: deoxycholic acid (KYBELLA) has no soy in it.
    page.goto(patient_url)
    start_consultation(page, goals="Fullness under the chin.", protocol="KYBELLA")
    expect(page.get_by_test_id("screening-blocks")).to_have_count(0)
    warnings = page.get_by_test_id("screening-warnings")
    expect(warnings).to_contain_text(SUPPLEMENT_WARNING)
    expect(warnings).to_contain_text(f"Takes {fish_oil_name} (not prescribed)")
    expect(warnings).to_contain_text("lists this as a relative contraindication")
    expect(page.get_by_test_id("pre-care")).to_contain_text(f"Stop taking {fish_oil_name} 7 days")
    propose = main.locator("section[aria-labelledby=propose-h]")
    expect(propose.locator("input[name=areas]:checked")).not_to_have_count(0)
    page.screenshot(path=screenshots_dir / "consultation-screening-warning.png", full_page=True)

    # Without a reason for the warning, nothing is proposed and the field says why.
    reason = propose.get_by_label(re.compile(r"Reason to go ahead despite: Takes a supplement"))
    expect(reason).to_have_count(1)
    expect(reason).to_have_value("")
    submit(page, "Propose this plan")
    expect(page).to_have_url(CONSULTATION_URL)
    expect(main.get_by_role("button", name="Propose this plan")).to_be_visible()
    expect(reason).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(propose.locator(".invalid-feedback")).to_contain_text("This field is required.")

    # With a reason, the plan is proposed on KYBELLA version 1 and keeps the reason.
    reason_text = "Fish oil paused 7 days before each session; bruising risk explained."
    reason.fill(reason_text)
    submit(page, "Propose this plan")
    expect(page).to_have_url(PLAN_URL)
    expect(page.locator(".alert-success")).to_contain_text("Treatment plan proposed.")
    planned = page.get_by_test_id("plan-protocol")
    expect(planned).to_contain_text("Deoxycholic acid 10 mg/mL, submental fat (KYBELLA")
    expect(planned).to_contain_text("version 1")
    expect(planned).not_to_contain_text("earlier version")
    overrides = main.get_by_role("status").filter(has_text="Warnings overridden")
    expect(overrides).to_contain_text(SUPPLEMENT_WARNING)
    expect(overrides).to_contain_text(reason_text)
    page.screenshot(path=screenshots_dir / "plan-with-override.png", full_page=True)

    assert csp_violations == []
    assert js_errors == []


def patient_on_fish_oil_allergic_to_soy(*, practitioner):
    """The same patient, made through the services: history, fish oil and a consultation."""

    patient = services.patient_register(
        data={
            "first_name": "Marta",
            "last_name": "Keller",
            "date_of_birth": datetime.date(1979, 6, 21),
            "phone": "+41 79 555 01 23",
            "email": "marta.keller@example.com",
        },
        by=practitioner,
    )
    services.history_review_record(
        patient=patient, data={"allergies": ["allergy_soy"]}, by=practitioner
    )
    services.medication_add(
        patient=patient,
        medication=PatientMedication(
            catalogue_entry=MedicationCatalogueEntry.objects.get(name__icontains="fish oil")
        ),
        by=practitioner,
    )
    protocol = Protocol.objects.get(slug="pcdc-injection-lipolysis-body")
    consultation = services.consultation_start(
        patient=patient,
        data={"goals": "Flanks.", "protocol_version": protocol.current_version},
        indications=[protocol.indication],
        by=practitioner,
    )
    return patient, consultation


def test_front_desk_sees_contact_details_but_no_medical_record(
    page: Page, live_server, clinic_data, csp_violations
):
    practitioner = make_user(roles.PRACTITIONER)
    front_desk = make_user(roles.FRONT_DESK)
    patient, consultation = patient_on_fish_oil_allergic_to_soy(practitioner=practitioner)
    js_errors = watch_js_errors(page)
    sign_in(page, live_server.url, front_desk.username)
    main = page.locator("main")

    response = page.goto(f"{live_server.url}/patients/{patient.pk}/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("KELLER Marta")
    contact = main.locator("section[aria-labelledby=contact-h]")
    expect(contact.get_by_role("heading", name="Contact")).to_be_visible()
    expect(contact).to_contain_text("+41 79 555 01 23")
    expect(contact).to_contain_text("marta.keller@example.com")
    expect(main.get_by_role("heading", name="Medical history")).to_have_count(0)
    expect(main.get_by_role("heading", name="Medications and supplements")).to_have_count(0)
    expect(main.get_by_role("heading", name="Consultations")).to_have_count(0)
    expect(main.get_by_role("link", name="New consultation")).to_have_count(0)
    # Nor does the timeline give the clinical facts away.
    expect(main).not_to_contain_text(re.compile(r"soy|fish oil|consultation", re.IGNORECASE))

    response = page.goto(f"{live_server.url}/patients/consultations/{consultation.pk}/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("This page is not part of your role")
    expect(page.get_by_role("link", name="Back to the dashboard")).to_be_visible()
    expect(main).not_to_contain_text(re.compile(r"soy|fish oil|Phosphatidylcholine", re.I))
    expect(page.get_by_test_id("current-user")).to_be_visible()

    assert csp_violations == []
    assert js_errors == []
