"""`manage.py bench_fhir`: how long and how large one patient's FHIR export is with a 5-year
history, and how fast and how lean the clinic-wide NDJSON export is.

The data is made through the real services (consent PDFs rendered by WeasyPrint) by the
export tests' history builder (so it needs the dev requirements: factory-boy) inside one
transaction that is rolled back: nothing is kept.
Run it on PostgreSQL for figures worth comparing (docs/fhir.md has the last ones)."""

import datetime
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from interop.fhir.bulk import bulk_export
from interop.fhir.bundle import patient_bundle


class Rollback(Exception):
    """Raised at the end so the benchmark's rows are never kept."""


class Command(BaseCommand):
    help = "Benchmark the FHIR exports on generated data (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=5, help="history of the one patient")
        parser.add_argument("--patients", type=int, default=150, help="patients for --all")
        parser.add_argument("--runs", type=int, default=5, help="timed exports of the patient")

    def handle(self, *args, years, patients, runs, **options):
        # Consent PDFs are rendered for real (their bytes go into the export) into a
        # throwaway media folder, since the rolled-back rows would leave them orphaned.
        # DEBUG keeps every query's SQL in memory (connection.queries): not what an export
        # pays, so the figures are taken without it.
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(MEDIA_ROOT=media, DEBUG=False),
        ):
            try:
                with transaction.atomic():
                    self.one_patient(years, runs)
                    self.clinic(patients)
                    raise Rollback
            except Rollback:
                pass

    def one_patient(self, years: int, runs: int) -> None:
        # The history builder lives with the tests (factory-boy); a dev-only dependency.
        from interop.tests.history import (
            History,
            course,
            monday_weeks_ago,
            render_consent_pdfs,
        )
        from patients.tests.factories import PatientFactory, record_history
        from protocols.tests.factories import IngredientFactory, LotFactory, ProductFactory
        from sessions.scheduling.public_holidays import public_holidays
        from sessions.tests.factories import RoomFactory
        from tests.support import make_user

        # Factory names count from 0 in each process: start past any earlier run's rows.
        for factory in (PatientFactory, ProductFactory, LotFactory, IngredientFactory, RoomFactory):
            factory.reset_sequence(int(time.time()))
        patient = PatientFactory()
        practitioner = make_user("practitioner", username=f"bench-fhir-{patient.pk}")
        history = History(patient=patient, practitioner=practitioner)
        record_history(patient, by=practitioner, allergies=["allergy_soy"], smoking="former")
        start = monday_weeks_ago(52 * years)
        # Two courses of four sessions a year (a skin course in spring, another in autumn).
        holidays = public_holidays(start, start + datetime.timedelta(weeks=52 * years + 60))
        for index in range(2 * years):
            course_start = start + datetime.timedelta(weeks=26 * index)
            # Booking refuses a public holiday: move the course a week until none falls on one.
            while any(course_start + datetime.timedelta(weeks=3 * n) in holidays for n in range(4)):
                course_start += datetime.timedelta(weeks=1)
            course(
                history,
                start=course_start,
                sessions=4,
                slug=f"bench-{patient.pk}-{index}",
                override=False,
            )
        render_consent_pdfs(patient)
        patient_bundle(patient)  # warm: imports, translations
        timings, cpu = [], []
        for _ in range(runs):
            began, began_cpu = time.perf_counter(), time.process_time()
            export = patient_bundle(patient)
            timings.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
        with CaptureQueriesContext(connection) as queries:
            patient_bundle(patient)
        resources = sum(export.counts.values())
        self.stdout.write(
            f"One patient, {years} years: {len(history.sessions)} sessions, {resources} "
            f"resources, {len(export.content) / 1024:.0f} KiB, median "
            f"{statistics.median(timings) * 1000:.0f} ms over {runs} runs "
            f"({statistics.median(cpu) * 1000:.0f} ms of CPU in this process), "
            f"{len(queries)} queries"
        )

    def clinic(self, patients: int) -> None:
        from interop.tests.history import full_history

        began = time.perf_counter()
        for _ in range(patients):
            full_history()
        self.stdout.write(f"Made {patients} patients in {time.perf_counter() - began:.0f} s")
        with tempfile.TemporaryDirectory() as folder:
            began = time.perf_counter()
            result = bulk_export(Path(folder) / "plain", chunk_size=500)
            elapsed = time.perf_counter() - began
            size = sum(path.stat().st_size for path in (Path(folder) / "plain").iterdir())
            resources = sum(result.counts.values())
            self.stdout.write(
                f"Clinic: {result.rows} rows -> {resources} resources, {size / 1024:.0f} KiB "
                f"in {elapsed:.2f} s: {result.rows / elapsed:.0f} rows/s, "
                f"{resources / elapsed:.0f} resources/s"
            )
            for chunk_size in (100, 500, 2000):
                tracemalloc.start()
                bulk_export(Path(folder) / f"traced-{chunk_size}", chunk_size=chunk_size)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                self.stdout.write(
                    f"  peak Python memory with chunks of {chunk_size}: {peak / 2**20:.1f} MiB"
                )
