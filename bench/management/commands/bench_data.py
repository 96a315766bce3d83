"""`manage.py bench_data --patients N`: a clinic network's years of data for benchmarks, seeded
and repeatable (bench.data.run does the work; this parses and reports)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from bench.data.run import Options, Refused, bench_data_load


class Command(BaseCommand):
    help = (
        "Fill an empty database with a fictitious clinic network for benchmarks: patients with "
        "history, consultations, plans, courses laid without clashes over the years and four "
        "weeks ahead, signed charts with lots, consents, follow-ups and audit events. The same "
        "seed (and --today) gives the same data. Refuses a database that holds patients unless "
        "--force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, required=True, help="How many patients.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument("--years", type=int, default=5, help="Years of history.")
        parser.add_argument("--locations", type=int, default=2, help="Clinic sites.")
        parser.add_argument("--practitioners", type=int, default=20, help="Practitioners.")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The day the history leads up to (YYYY-MM-DD; default today).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add to a database that already holds patients (benchmark or demo data only).",
        )

    def handle(self, *args, **options):
        for name in ("patients", "years", "locations", "practitioners"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1.")
        settings = Options(
            patients=options["patients"],
            seed=options["seed"],
            years=options["years"],
            locations=options["locations"],
            practitioners=options["practitioners"],
            today=options["today"],
            force=options["force"],
            verbosity=options["verbosity"],
        )
        live = self.stdout.isatty()
        try:
            result = bench_data_load(settings, self.stdout, live=live)
        except Refused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(
            f"bench_data: {result.rows:,} rows in {result.seconds:.1f} s "
            f"({result.rows / result.seconds:,.0f} rows/s; planning "
            f"{result.planning_seconds:.1f} s, indexes and constraints "
            f"{result.schema_seconds:.1f} s)."
        )
        database = (
            f", its PostgreSQL backend {result.database_cpu_seconds:.1f} s"
            if result.database_cpu_seconds is not None
            else ""
        )
        self.stdout.write(f"  CPU time: this process {result.cpu_seconds:.1f} s{database}.")
        if result.not_laid:
            self.stdout.write(
                f"  {result.not_laid:,} bookings found no free slot (the calendar was full) "
                "and were left out."
            )
        self.stdout.write(
            f"  data digest (an empty database, the same engine, seed and --today give the same "
            f"one): {result.digest}"
        )
