"""The history review page's new facts (conditions at a site, INR, allergy resolution, stop
dates), bad input as form errors, and allergies at the top of the consultation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.models import AuditEvent
from patients import services
from patients.models import InrReading, PatientMedication, SiteCondition
from patients.tests.factories import PatientFactory, catalogue_entry, record_history
from protocols.tests.factories import IngredientFactory, make_protocol

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.fixture
def patient(practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    return patient


def test_a_condition_at_a_site_is_recorded_and_resolved(client, practitioner, patient):
    client.force_login(practitioner)
    url = reverse("patients:site_condition_add", args=[patient.pk])
    response = client.post(url, {"kind": "herpes", "areas": ["face"], "on": TOMORROW})
    assert response.status_code == 200 and "The date is in the future." in response.content.decode()
    response = client.post(url, {"kind": "herpes", "on": TODAY})
    assert response.status_code == 200 and not SiteCondition.objects.exists()
    response = client.post(url, {"kind": "herpes", "areas": ["face"], "on": TODAY})
    assert response.status_code == 302
    condition = SiteCondition.objects.get()
    assert condition.areas == ["face"] and condition.recorded_by == practitioner
    page = client.get(reverse("patients:history", args=[patient.pk])).content.decode()
    assert "Active herpes simplex" in page and "Face" in page
    client.post(reverse("patients:site_condition_resolve", args=[patient.pk, condition.pk]))
    condition.refresh_from_db()
    assert condition.resolved_on == TODAY
    assert AuditEvent.objects.filter(action="site_condition.resolved").exists()


def test_an_inr_is_recorded_with_its_date_and_bad_values_are_form_errors(
    client, practitioner, patient
):
    client.force_login(practitioner)
    url = reverse("patients:inr_add", args=[patient.pk])
    for bad in ({"value": "abc", "measured_on": TODAY}, {"value": "99", "measured_on": TODAY}):
        assert client.post(url, bad).status_code == 200
    assert client.post(url, {"value": "2.5", "measured_on": TOMORROW}).status_code == 200
    assert not InrReading.objects.exists()
    assert client.post(url, {"value": "2.5", "measured_on": TODAY}).status_code == 302
    assert InrReading.objects.get().value == pytest.approx(2.5)


def test_a_free_text_allergy_is_resolved_on_its_page(client, practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner, allergies_other="Swelling after a dentist's jab")
    lidocaine = IngredientFactory(name="Lidocaine", ingredient_class="anaesthetic")
    client.force_login(practitioner)
    history = client.get(reverse("patients:history", args=[patient.pk])).content.decode()
    assert "is not resolved" in history
    url = reverse("patients:allergy_resolve", args=[patient.pk])
    response = client.post(url, {})
    assert "Map the allergy to ingredients or classes" in response.content.decode()
    response = client.post(url, {"ingredients": [lidocaine.pk]})
    assert response.status_code == 302
    resolution = patient.allergy_resolutions.get()
    assert list(resolution.ingredients.all()) == [lidocaine]
    assert resolution.resolved_by == practitioner
    history = client.get(reverse("patients:history", args=[patient.pk])).content.decode()
    assert "resolved by" in history


def test_a_medication_already_stopped_is_recorded_with_its_dates(client, practitioner, patient):
    entry = catalogue_entry("Isotretinoin", "systemic_retinoid", "prescription")
    client.force_login(practitioner)
    url = reverse("patients:medication_add", args=[patient.pk])
    data = {"catalogue_entry": entry.pk, "is_prescribed": "on"}
    response = client.post(
        url, {**data, "started_on": TODAY, "stopped_on": TODAY - datetime.timedelta(days=5)}
    )
    assert "The stop date is before the start date." in response.content.decode()
    stopped = TODAY - datetime.timedelta(days=90)
    response = client.post(
        url, {**data, "started_on": stopped - datetime.timedelta(days=120), "stopped_on": stopped}
    )
    assert response.status_code == 302
    assert PatientMedication.objects.get().stopped_on == stopped
    assert not patient.medications.current().exists()


def test_stopping_a_medication_takes_a_date_and_refuses_the_future(client, practitioner, patient):
    medication = services.medication_add(
        patient=patient,
        medication=PatientMedication(
            catalogue_entry=catalogue_entry("Ibuprofen", "nsaid", "otc", 7)
        ),
        by=practitioner,
    )
    client.force_login(practitioner)
    url = reverse("patients:medication_stop", args=[patient.pk, medication.pk])
    client.post(url, {"stopped_on": TOMORROW})
    medication.refresh_from_db()
    assert medication.stopped_on is None
    client.post(url, {"stopped_on": TODAY - datetime.timedelta(days=3)})
    medication.refresh_from_db()
    assert medication.stopped_on == TODAY - datetime.timedelta(days=3)


def test_an_old_whole_patient_site_answer_stays_until_unticked(client, practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner, active_skin_infection=True)
    client.force_login(practitioner)
    url = reverse("patients:history", args=[patient.pk])
    assert "recorded without a site" in client.get(url).content.decode()
    client.post(url, {"smoking": "never", "attest": "on", "active_skin_infection": "on"})
    assert services.current_history(patient).active_skin_infection
    client.post(url, {"smoking": "never", "attest": "on"})
    assert not services.current_history(patient).active_skin_infection


def test_the_consultation_shows_allergies_and_anaphylaxis_first(client, practitioner):
    version = make_protocol().current_version
    patient = PatientFactory()
    record_history(
        patient,
        by=practitioner,
        allergies=["allergy_lidocaine"],
        allergies_other="Penicillin",
        anaphylaxis_history=True,
    )
    consultation = services.consultation_start(
        patient=patient,
        data={"goals": "x", "area_assessments": [], "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )
    client.force_login(practitioner)
    page = client.get(consultation.get_absolute_url()).content.decode()
    banner = page.index('data-testid="allergies"')
    assert banner < page.index('data-testid="screening"')
    chunk = page[banner : banner + 600]
    assert "Lidocaine" in chunk and "Penicillin" in chunk and "History of anaphylaxis" in chunk


def test_an_off_label_area_needs_an_acknowledgement_kept_on_the_plan(client, practitioner):
    version = make_protocol(
        slug="kybella",
        treatment_areas=["submental"],
        on_label_areas=["submental"],
        absolute_contraindications=[],
        relative_contraindications=[],
    ).current_version
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    consultation = services.consultation_start(
        patient=patient,
        data={"goals": "x", "area_assessments": [], "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )
    client.force_login(practitioner)
    plan_data = {
        "action": "plan",
        "areas": ["abdomen"],
        "sessions_count": "2",
        "interval_min_days": "30",
        "interval_max_days": "60",
    }
    url = consultation.get_absolute_url()
    page = client.post(url, plan_data).content.decode()
    assert "Off-label acknowledgement" in page and "This field is required." in page
    response = client.post(
        url, {**plan_data, "reason__off_label_area": "Patient informed: off-label, consents."}
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.plan.override_reasons["off_label_area"]["reason"].startswith("Patient")


def test_no_page_tells_a_patient_to_stop_a_prescribed_blood_thinner_or_ssri(client, practitioner):
    version = make_protocol().current_version
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    for name, risk in (
        ("Warfarin", "anticoagulant"),
        ("Clopidogrel", "antiplatelet"),
        ("Sertraline", "ssri_snri"),
    ):
        services.medication_add(
            patient=patient,
            medication=PatientMedication(
                catalogue_entry=catalogue_entry(name, risk, "prescription"), is_prescribed=True
            ),
            by=practitioner,
        )
    consultation = services.consultation_start(
        patient=patient,
        data={"goals": "x", "area_assessments": [], "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )
    client.force_login(practitioner)
    page = client.get(consultation.get_absolute_url()).content.decode().lower()
    for name in ("warfarin", "clopidogrel", "sertraline"):
        assert f"keep taking {name}" in page
        assert f"stop taking {name}" not in page and f"stop {name}" not in page
