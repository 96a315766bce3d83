"""`manage.py erase_contact P000123 --reason "..."`: erase the emergency contact (a person who
is not a patient) from a patient's record, audited; the clinical record itself is kept."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from patients import services
from patients.models import Patient


class Command(BaseCommand):
    help = "Erase a patient's emergency contact (a non-patient's personal data), audited."

    def add_arguments(self, parser):
        parser.add_argument("chart_number", help="The patient's chart number, e.g. P000123.")
        parser.add_argument("--reason", required=True, help="Why, for the audit log.")

    def handle(self, *args, chart_number, reason, **options):
        patient = Patient.objects.filter(chart_number=chart_number.strip().upper()).first()
        if patient is None:
            raise CommandError(f"No patient has chart number {chart_number}.")
        try:
            updated = services.emergency_contact_erase(patient=patient, reason=reason, by=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if any(getattr(patient, name) for name in services.NON_PATIENT_CONTACT_FIELDS):
            self.stdout.write(
                f"Erased the emergency contact of {updated.chart_number}; the erasure is in "
                "the audit log (with its reason, not the erased values)."
            )
        else:
            self.stdout.write(f"{updated.chart_number} had no emergency contact: nothing erased.")
