"""Load the medication catalogue (patients/medication_catalogue_data.py). Idempotent; an
entry the clinic already has is left as it is."""

from django.db import transaction

from patients.medication_catalogue_data import MEDICATIONS
from patients.models import MedicationCatalogueEntry


@transaction.atomic
def load_medication_catalogue() -> int:
    existing = set(MedicationCatalogueEntry.objects.values_list("name", flat=True))
    new = [MedicationCatalogueEntry(**row) for row in MEDICATIONS if row["name"] not in existing]
    for entry in new:
        entry.full_clean()
    MedicationCatalogueEntry.objects.bulk_create(new)
    return len(new)
