"""`manage.py bench_pages --out FILE`: the benchmark's plan for the configured database (a
bench_data network): its size, the key pages with their twins' URLs for this network's rows,
and a signed-in session per role. `manage.py bench` runs it once per data size (each size
is its own database, so its own process), then measures all sizes interleaved."""

import json
from dataclasses import asdict
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Min
from django.utils import timezone

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
        now = timezone.now()
        first = TreatmentSession.objects.aggregate(first=Min("starts_at"))["first"] or now
        size = {
            "database": connection.settings_dict["NAME"],
            "patients": Patient.objects.count(),
            "sessions": TreatmentSession.objects.count(),
            # What tells history from content: how far back it goes, how busy this week is.
            "history_years": round((now - first).days / 365.25, 1),
            "sessions_this_week": TreatmentSession.objects.filter(
                starts_at__gte=now - timedelta(days=3, hours=12),
                starts_at__lt=now + timedelta(days=3, hours=12),
            ).count(),
        }
        self.stdout.write(
            f"  {size['database']}: {size['patients']:,} patients, {size['sessions']:,} sessions"
        )
        plan = {"size": size, "pages": [asdict(page) for page in key_pages], "cookies": cookies}
        with open(out, "w") as handle:
            json.dump(plan, handle, indent=2)
