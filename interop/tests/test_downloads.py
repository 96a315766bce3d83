"""The download buttons: who may export, what the audit trail keeps, and the lot export
listing exactly the recall page's patients."""

import hashlib
import json

import pytest
from django.urls import reverse

from clinic.models import AuditEvent
from interop.fhir.ids import fhir_id
from interop.tests.history import History, course, full_history, monday_weeks_ago
from patients.tests.factories import PatientFactory, record_history
from protocols.tests.factories import LotFactory
from protocols.views import recall_rows
from tests.support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("persona", "status"), [("front_desk", 403), ("practitioner", 200), ("clinic_admin", 200)]
)
def test_only_clinical_roles_download_a_patients_record(client, request, persona, status):
    patient = full_history().patient
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("interop:patient_fhir", args=[patient.pk]))
    assert response.status_code == status
    events = AuditEvent.objects.filter(action="patient.fhir_exported")
    if status != 200:
        assert not events.exists()
        return
    assert response["Content-Type"] == "application/fhir+json"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert json.loads(body)["resourceType"] == "Bundle"
    event = events.get()
    assert event.actor == user and event.target_id == str(patient.pk)
    assert event.details["sha256"] == hashlib.sha256(body).hexdigest()
    assert event.details["resources"]["Procedure"] == 3


def test_the_patient_page_shows_the_button_to_practitioners_not_to_the_front_desk(
    client, practitioner, front_desk
):
    patient = PatientFactory()
    url = reverse("interop:patient_fhir", args=[patient.pk])
    client.force_login(practitioner)
    assert url in client.get(patient.get_absolute_url()).content.decode()
    client.force_login(front_desk)
    assert url not in client.get(patient.get_absolute_url()).content.decode()


def lot_used_by_three_patients():
    """One lot in two patients' signed courses and a third patient's unsigned chart, beside a
    patient treated from another lot."""
    lot = LotFactory(expiry_date=monday_weeks_ago(-200))
    other = History(PatientFactory(), make_user("practitioner", username="p-other"))
    record_history(other.patient, by=other.practitioner)
    course(other, start=monday_weeks_ago(20), sessions=1, slug="c-other")
    for index in range(2):
        history = History(
            patient=PatientFactory(), practitioner=make_user("practitioner", username=f"p{index}")
        )
        record_history(history.patient, by=history.practitioner)
        course(history, start=monday_weeks_ago(20), sessions=2, slug=f"c{index}", lot=lot)
    unsigned = History(PatientFactory(), make_user("practitioner", username="p-unsigned"))
    record_history(unsigned.patient, by=unsigned.practitioner)
    course(unsigned, start=monday_weeks_ago(30), sessions=1, slug="c-3", lot=lot, sign=False)
    return lot


def test_the_lot_export_lists_exactly_the_patients_and_uses_of_the_recall_page(
    client, clinic_admin
):
    lot = lot_used_by_three_patients()
    client.force_login(clinic_admin)
    response = client.get(reverse("interop:lot_fhir", args=[lot.pk]))
    assert response.status_code == 200
    resources = [entry["resource"] for entry in json.loads(response.content)["entry"]]
    by_type = {}
    for resource in resources:
        by_type.setdefault(resource["resourceType"], []).append(resource)
    rows = recall_rows(lot)
    assert len(rows) == 5  # 2 + 2 signed sessions and 1 unsigned chart
    assert len(by_type["MedicationAdministration"]) == len(rows)
    recall_charts = {row["chart_number"] for row in rows}
    exported = {p["identifier"][0]["value"] for p in by_type["Patient"]}
    assert exported == recall_charts and len(exported) == 3
    subjects = {a["subject"]["reference"] for a in by_type["MedicationAdministration"]}
    assert subjects == {f"Patient/{p['id']}" for p in by_type["Patient"]}
    medication = by_type["Medication"][0]
    assert medication["id"] == fhir_id("Medication", lot.pk)
    assert medication["batch"] == {
        "lotNumber": lot.lot_number,
        "expirationDate": lot.expiry_date.isoformat(),
    }
    statuses = sorted(a["status"] for a in by_type["MedicationAdministration"])
    assert statuses == ["completed"] * 4 + ["in-progress"]
    event = AuditEvent.objects.get(action="lot.fhir_exported")
    assert event.details["patients"] == 3 and event.details["administrations"] == 5
    assert event.details["sha256"] == hashlib.sha256(response.content).hexdigest()


@pytest.mark.parametrize("persona", ["practitioner", "front_desk"])
def test_only_clinic_admins_export_a_lot(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("interop:lot_fhir", args=[LotFactory().pk]))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="lot.fhir_exported").exists()


def test_an_unknown_patient_or_lot_is_a_404(client, clinic_admin):
    client.force_login(clinic_admin)
    assert client.get(reverse("interop:patient_fhir", args=[999999])).status_code == 404
    assert client.get(reverse("interop:lot_fhir", args=[999999])).status_code == 404
