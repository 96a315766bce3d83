"""`manage.py bench_pages --out FILE`: the key pages beside their twins and the floor, on the
configured database (a bench_data network), through gunicorn as in production. `manage.py
bench` runs it once per data size; it is its own command so each size is its own process."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.harness import measure, pages
from bench.harness.databases import database_url
from bench.harness.server import Gunicorn
from patients.models import Patient
from sessions.models import TreatmentSession


class Command(BaseCommand):
    help = "Time the key pages against their bare twins and the floor (one data size)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="JSON file to write")
        parser.add_argument("--rounds", type=int, default=30)
        parser.add_argument("--warmup", type=int, default=3)

    def handle(self, *args, out, rounds, warmup, **options):
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
            f"  {size['database']}: {size['patients']:,} patients, {size['sessions']:,} sessions;"
            f" {len(key_pages)} pages x (page, twin, floor) x {rounds} rounds"
        )

        def progress(done, total):
            sys.stdout.write(f"\r  round {done}/{total}")
            sys.stdout.flush()

        with Gunicorn(database_url()) as server:
            results = measure.measure(
                server.port, key_pages, cookies, rounds=rounds, warmup=warmup, progress=progress
            )
        sys.stdout.write("\n")
        urls = {page.name: {"url": page.url, "twin_url": page.twin_url} for page in key_pages}
        for name, entry in results.items():
            entry.update(urls.get(name, {}))
        with open(out, "w") as handle:
            json.dump({"size": size, "results": results}, handle, indent=2)
