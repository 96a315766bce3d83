"""`manage.py load_reference_data`: the sourced protocols and the medication catalogue
(idempotent)."""

from django.core.management.base import BaseCommand

from patients.seed import load_medication_catalogue
from protocols.seed import load_reference_library


class Command(BaseCommand):
    help = (
        "Load the reference data: the protocol library (indications, ingredients, sourced "
        "protocols) and the medication catalogue. Idempotent; never changes what the clinic "
        "already has."
    )

    def handle(self, *args, **options):
        created = load_reference_library()
        created["medication catalogue entries"] = load_medication_catalogue()
        self.stdout.write(
            "Reference data: "
            + ", ".join(f"{count} {name} added" for name, count in created.items())
        )
