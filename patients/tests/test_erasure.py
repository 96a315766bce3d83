"""Retention and erasure: a non-patient's personal data (the emergency contact) can be erased,
audited with a reason and without the erased values; the clinical record is kept."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from clinic.models import AuditEvent
from patients import services
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_the_emergency_contact_is_erased_and_the_erasure_audited(practitioner):
    patient = PatientFactory(emergency_contact_name="Paul Martin", emergency_contact_phone="0601")
    services.emergency_contact_erase(patient=patient, reason="He asked us to", by=practitioner)
    patient.refresh_from_db()
    assert (patient.emergency_contact_name, patient.emergency_contact_phone) == ("", "")
    event = AuditEvent.objects.get(action="patient.emergency_contact_erased")
    assert event.details["reason"] == "He asked us to"
    assert "Paul" not in str(event.details) and "0601" not in str(event.details)
    assert patient.archived_at is None  # the patient's own record is untouched


def test_an_erasure_needs_a_reason(practitioner):
    patient = PatientFactory(emergency_contact_name="Paul Martin")
    with pytest.raises(ValidationError):
        services.emergency_contact_erase(patient=patient, reason=" ", by=practitioner)
    patient.refresh_from_db()
    assert patient.emergency_contact_name == "Paul Martin"


def test_the_command_erases_by_chart_number_and_refuses_an_unknown_one(capsys):
    patient = PatientFactory(emergency_contact_name="Paul Martin")
    assert patient.chart_number
    call_command("erase_contact", patient.chart_number.lower(), "--reason", "By e-mail, 2 Dec")
    patient.refresh_from_db()
    assert patient.emergency_contact_name == ""
    assert f"Erased the emergency contact of {patient.chart_number}" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No patient"):
        call_command("erase_contact", "P999999", "--reason", "x")
