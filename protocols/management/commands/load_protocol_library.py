from django.core.management.base import BaseCommand

from protocols.seed import load_reference_library


class Command(BaseCommand):
    help = (
        "Load the reference protocol library (indications, ingredients, sourced protocols). "
        "Idempotent; never changes what the clinic already has."
    )

    def handle(self, *args, **options):
        created = load_reference_library()
        self.stdout.write(
            "Protocol library: "
            + ", ".join(f"{count} {name} added" for name, count in created.items())
        )
