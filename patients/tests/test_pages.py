"""Patient pages: search, register, edit, archive, history, medications, consultations."""

import datetime

import pytest
from django.urls import reverse

from clinic.models import AuditEvent
from patients import services
from patients.models import Patient, PatientMedication
from patients.tests.factories import PatientFactory, catalogue_entry, record_history
from protocols.tests.factories import make_protocol

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "first_name": "Hélène",
    "last_name": "Dupré",
    "date_of_birth": "1980-05-17",
    "sex": "female",
    "phone": "+33 6 11 22 33 44",
    "email": "",
    "address": "",
    "preferred_language": "fr",
    "emergency_contact_name": "",
    "emergency_contact_phone": "",
}


def test_the_front_desk_registers_a_patient_with_a_chart_number(client, front_desk):
    client.force_login(front_desk)
    response = client.post(reverse("patients:register"), REGISTRATION, follow=True)
    patient = Patient.objects.get()
    assert patient.chart_number == f"P{patient.pk:06d}"
    assert f"registered with chart number {patient.chart_number}" in response.content.decode()
    assert AuditEvent.objects.filter(action="patient.registered", actor=front_desk).exists()


def test_a_possible_duplicate_needs_an_explicit_confirmation(client, front_desk):
    existing = PatientFactory(
        first_name="Helene", last_name="Dupre", date_of_birth=datetime.date(1980, 5, 17), phone=""
    )
    client.force_login(front_desk)
    response = client.post(reverse("patients:register"), REGISTRATION)
    page = response.content.decode()
    assert "Possible duplicates" in page
    assert existing.chart_number in page
    assert Patient.objects.count() == 1
    response = client.post(
        reverse("patients:register"), {**REGISTRATION, "confirm_new_person": "on"}
    )
    assert response.status_code == 302
    assert Patient.objects.count() == 2


def test_the_same_phone_is_a_possible_duplicate(client, front_desk):
    PatientFactory(first_name="Other", last_name="Person", phone="06 11 22 33 44")
    client.force_login(front_desk)
    response = client.post(reverse("patients:register"), REGISTRATION)
    assert "Possible duplicates" in response.content.decode()


def test_a_birth_date_in_the_future_is_a_form_error(client, front_desk):
    client.force_login(front_desk)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        reverse("patients:register"), {**REGISTRATION, "date_of_birth": tomorrow}
    )
    assert "The date of birth is in the future." in response.content.decode()
    assert not Patient.objects.exists()


def test_archiving_keeps_the_record_and_asks_for_a_reason(client, practitioner):
    patient = PatientFactory()
    client.force_login(practitioner)
    response = client.post(reverse("patients:archive", args=[patient.pk]), {"reason": ""})
    assert "This field is required." in response.content.decode()
    client.post(reverse("patients:archive", args=[patient.pk]), {"reason": "Duplicate record"})
    patient.refresh_from_db()
    assert patient.archived_at is not None
    assert client.get(patient.get_absolute_url()).status_code == 200


@pytest.fixture
def clinical_patient(practitioner):
    patient = PatientFactory(first_name="Clara", last_name="Secret")
    record_history(patient, by=practitioner, diabetes=True, allergies=["allergy_soy"])
    services.medication_add(
        patient=patient,
        medication=PatientMedication(
            catalogue_entry=catalogue_entry("Warfarin", "anticoagulant", "prescription"),
            is_prescribed=True,
        ),
        by=practitioner,
    )
    return patient


def test_front_desk_sees_contact_details_but_no_clinical_content(
    client, front_desk, clinical_patient
):
    client.force_login(front_desk)
    page = client.get(clinical_patient.get_absolute_url()).content.decode()
    assert clinical_patient.phone in page
    for clinical_text in ("Medical history", "Warfarin", "Diabetes", "Soy", "Consultations"):
        assert clinical_text not in page


def test_practitioner_sees_history_medications_and_flags(client, practitioner, clinical_patient):
    client.force_login(practitioner)
    page = client.get(clinical_patient.get_absolute_url()).content.decode()
    assert "Diabetes" in page and "Soy" in page
    assert "Warfarin" in page and "Anticoagulant" in page and "prescribed" in page


@pytest.mark.parametrize(
    "name", ["patients:history", "patients:medication_add", "patients:consultation_start"]
)
def test_front_desk_is_refused_clinical_pages_by_url(client, front_desk, clinical_patient, name):
    client.force_login(front_desk)
    assert client.get(reverse(name, args=[clinical_patient.pk])).status_code == 403


def test_clinic_admin_reads_but_cannot_write_the_clinical_record(
    client, clinic_admin, clinical_patient
):
    client.force_login(clinic_admin)
    assert "Warfarin" in client.get(clinical_patient.get_absolute_url()).content.decode()
    response = client.post(
        reverse("patients:history", args=[clinical_patient.pk]), {"attest": "on"}
    )
    assert response.status_code == 403


def test_reading_and_changing_the_record_is_audited(client, practitioner, clinical_patient):
    client.force_login(practitioner)
    client.get(clinical_patient.get_absolute_url())
    client.get(reverse("patients:history", args=[clinical_patient.pk]))
    client.post(
        reverse("patients:history", args=[clinical_patient.pk]),
        {"smoking": "never", "attest": "on"},
    )
    actions = set(
        AuditEvent.objects.filter(
            actor=practitioner, target_id=str(clinical_patient.pk)
        ).values_list("action", flat=True)
    )
    assert {"patient.viewed", "history.viewed", "history.reviewed", "medication.added"} <= actions


def test_a_history_review_without_attestation_is_refused(client, practitioner, clinical_patient):
    client.force_login(practitioner)
    before = clinical_patient.history_reviews.count()
    response = client.post(
        reverse("patients:history", args=[clinical_patient.pk]), {"smoking": "never"}
    )
    assert "This field is required." in response.content.decode()
    assert clinical_patient.history_reviews.count() == before


def test_a_medication_needs_a_catalogue_entry_or_a_name(client, practitioner, clinical_patient):
    client.force_login(practitioner)
    response = client.post(reverse("patients:medication_add", args=[clinical_patient.pk]), {})
    assert "Choose from the list, or type the name below." in response.content.decode()


def test_the_consultation_page_shows_screening_and_proposes_a_plan(
    client, practitioner, clinical_patient
):
    version = make_protocol().current_version  # relative: anticoagulant
    client.force_login(practitioner)
    response = client.post(
        reverse("patients:consultation_start", args=[clinical_patient.pk]),
        {
            "indications": [version.protocol.indication.pk],
            "goals": "Brighter skin",
            "protocol_version": version.pk,
            "confirm_history": "on",
            "m-TOTAL_FORMS": "3",
            "m-INITIAL_FORMS": "0",
            "m-0-scale": "glogau",
            "m-0-area": "face",
            "m-0-value": "2",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Takes Warfarin (prescribed)" in page
    assert "Keep taking Warfarin" in page
    assert "Type II" in page  # the Glogau baseline, described by its label
    plan_data = {
        "action": "plan",
        "areas": ["face"],
        "sessions_count": "3",
        "interval_min_days": "14",
        "interval_max_days": "28",
    }
    consultation_url = response["Location"]
    response = client.post(consultation_url, plan_data)
    assert "This field is required." in response.content.decode()  # the reason
    response = client.post(
        consultation_url, {**plan_data, "reason__anticoagulant": "Prescriber agrees."}
    )
    assert response.status_code == 302
    plan_page = client.get(response["Location"]).content.decode()
    assert "Prescriber agrees." in plan_page


def test_a_measurement_outside_its_scale_is_a_form_error(client, practitioner, clinical_patient):
    version = make_protocol().current_version
    client.force_login(practitioner)
    response = client.post(
        reverse("patients:consultation_start", args=[clinical_patient.pk]),
        {
            "indications": [version.protocol.indication.pk],
            "goals": "x",
            "protocol_version": version.pk,
            "confirm_history": "on",
            "m-TOTAL_FORMS": "1",
            "m-INITIAL_FORMS": "0",
            "m-0-scale": "glogau",
            "m-0-area": "",
            "m-0-value": "9",
        },
    )
    assert response.status_code == 200
    assert "The highest value on this scale is 4." in response.content.decode()
    assert not clinical_patient.consultations.exists()


def test_the_patient_page_has_a_constant_number_of_queries(
    client, practitioner, clinical_patient, django_assert_max_num_queries
):
    client.force_login(practitioner)
    version = make_protocol().current_version
    for _ in range(5):
        services.consultation_start(
            patient=clinical_patient,
            data={"goals": "g", "protocol_version": version},
            indications=[version.protocol.indication],
            by=practitioner,
        )
    # 16: sessions and history reviews read once for the appointments, the timeline and the
    # history card; permissions and role in one query (issue 14); +2 for the patient links
    # panel and the questionnaires awaiting review (issue 17).
    with django_assert_max_num_queries(18):
        client.get(clinical_patient.get_absolute_url())


def test_a_measurement_must_fit_the_chosen_indications(client, practitioner, clinical_patient):
    version = make_protocol().current_version  # indication: skin rejuvenation
    client.force_login(practitioner)
    response = client.post(
        reverse("patients:consultation_start", args=[clinical_patient.pk]),
        {
            "indications": [version.protocol.indication.pk],
            "goals": "x",
            "protocol_version": version.pk,
            "confirm_history": "on",
            "m-TOTAL_FORMS": "1",
            "m-INITIAL_FORMS": "0",
            "m-0-scale": "hexsel_css",
            "m-0-area": "",
            "m-0-value": "5",
        },
    )
    assert "This scale does not measure the indications chosen above." in response.content.decode()
    assert not clinical_patient.consultations.exists()
