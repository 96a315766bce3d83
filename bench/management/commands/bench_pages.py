"""`manage.py bench_pages --out FILE`: the benchmark's plan for the configured database (a
bench_data network): its size, the key pages with their twins' URLs for this network's rows,
and a signed-in session per role. `manage.py bench` runs it once per data size (each size
is its own database, so its own process), then measures all sizes interleaved."""

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.harness import pages
from patients.models import Patient
from sessions.models import TreatmentSession


class Command(BaseCommand):
    help = "Plan the page benchmark on this database: pages, twins, signed-in sessions."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="JSON file to write")

    def handle(self, *args, out, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The page benchmark runs on PostgreSQL (set DATABASE_URL).")
        try:
            key_pages, cookies = pages.key_pages()
        except pages.NoNetwork as error:
            raise CommandError(f"No bench_data network here: {error}") from error
        size = {
            "database": connection.settings_dict["NAME"],
            "patients": Patient.objects.count(),
            "sessions": TreatmentSession.objects.count(),
        }
        self.stdout.write(
            f"  {size['database']}: {size['patients']:,} patients, {size['sessions']:,} sessions"
        )
        plan = {"size": size, "pages": [asdict(page) for page in key_pages], "cookies": cookies}
        with open(out, "w") as handle:
            json.dump(plan, handle, indent=2)
