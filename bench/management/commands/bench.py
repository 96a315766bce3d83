"""`manage.py bench` (`make bench`): the whole benchmark of issue 14 in one go.

The configured PostgreSQL database is the large set (a bench_data network, e.g. mp_bench);
beside it `<name>_1y` (the same clinic with one year of history instead of five: a fifth of
the patients, made with bench_data on first use) and
`<name>_sweep` (empty, for the follow-up sweep). Each key page is timed beside its bare twin
and the floor at both sizes (bench_pages, through gunicorn); then the follow-up sweep and
the document renders. Writes docs/benchmarks.json and docs/benchmarks.md.
`--quick` (CI): small networks made on first use, few rounds, small sweep: about a minute."""

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from bench.harness import report
from bench.harness.databases import configured_name, database_url, patients_in, prepared
from bench.harness.measure import Target, measure
from bench.harness.pages import Page
from bench.harness.server import Gunicorn

# The large set: `large` patients over LARGE_YEARS of history. The small set is the same
# clinic (practitioners, sites) with one year of history, filled to the same busy weeks:
# returning patients pile up over five years, so one year needs 0.4x the patients, not 0.2x,
# to book as many sessions around today (measured with bench_data, seed 1: 5,000 patients
# over 5 years book 253 sessions this week and 1,061 in the last 30 days; 2,250 over one
# year 269 and 1,292). Their ratio (flatness) then measures what years of history cost a
# page, not how much more a busier set shows on it.
LARGE_YEARS = 5
ONE_YEAR_SHARE = 0.4
FULL = {"large": 100_000, "rounds": 30, "warmup": 3, "sweep": 10_000, "docs": 15}
QUICK = {"large": 200, "rounds": 3, "warmup": 1, "sweep": 300, "docs": 2}


class Command(BaseCommand):
    help = "Benchmark the key pages (vs bare twins, at two sizes), the sweep and documents."

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="Small sets, few rounds (CI).")
        parser.add_argument("--rounds", type=int, help="Measured rounds per page.")
        parser.add_argument("--out-dir", default="docs", help="Where the two files go.")
        parser.add_argument("--skip-sweeps", action="store_true", help="Pages only.")
        parser.add_argument(
            "--fill",
            action="store_true",
            help="Fill the configured database with a network when it holds no patients.",
        )

    def handle(self, *args, quick, rounds, out_dir, skip_sweeps, fill, **options):
        if connection.vendor != "postgresql":
            raise CommandError("`manage.py bench` needs PostgreSQL: set DATABASE_URL.")
        plan = dict(QUICK if quick else FULL, rounds=rounds or (QUICK if quick else FULL)["rounds"])
        today = timezone.localdate().isoformat()
        large = configured_name()
        if not patients_in(large) and not (fill or quick):
            raise CommandError(
                f"{large} holds no bench_data network: fill it (`manage.py bench_data "
                "--patients 100000`) or pass --fill."
            )
        load_start = _load()
        patients = round(plan["large"] * ONE_YEAR_SHARE)
        self._say(f"Preparing the small set {large}_1y ({patients:,} patients, 1 year) ...")
        small = prepared(f"{large}_1y", patients=patients, today=today, years=1)
        prepared(large, patients=plan["large"], today=today, years=LARGE_YEARS)
        with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
            plans = {}
            for label, name in (("small", small), ("large", large)):
                self._say(f"Planning the pages at the {label} set ({name}) ...")
                out = Path(scratch, f"{label}.json")
                self._manage(name, "bench_pages", f"--out={out}")
                plans[label] = json.loads(out.read_text())
            figures = self._pages(plans, plan)
            sweep, documents = {"per_s": 0.0, "duplicates": 0, "skipped": True}, []
            if not skip_sweeps:
                sweep_db = prepared(f"{large}_sweep", patients=0, today=today)
                self._say(f"Follow-up sweep, {plan['sweep']:,} e-mails ({sweep_db}) ...")
                out = Path(scratch, "sweep.json")
                self._manage(
                    sweep_db, "bench_followups", f"--count={plan['sweep']}", f"--json={out}"
                )
                sweep = json.loads(out.read_text())
                self._say("Documents against bare WeasyPrint ...")
                out = Path(scratch, "documents.json")
                self._manage(sweep_db, "bench_documents", f"--runs={plan['docs']}", f"--json={out}")
                documents = json.loads(out.read_text())
        document = {
            "meta": {
                "generated_at": timezone.now().isoformat(timespec="seconds"),
                "quick": quick,
                "rounds": plan["rounds"],
                "warmup": plan["warmup"],
                "cpus": os.cpu_count(),
                "load_start": load_start,
                "load_end": _load(),
            },
            "sizes": {label: figures[label]["size"] for label in figures},
            "floor": figures["large"]["results"]["floor"]["floor"],
            "pages": report.page_rows(figures["large"], figures["small"]),
            "sweep": sweep,
            "documents": documents,
        }
        if found := report.problems(document):
            raise CommandError("The figures do not fit the schema: " + "; ".join(found))
        target = Path(out_dir)
        (target / "benchmarks.json").write_text(json.dumps(document, indent=2) + "\n")
        (target / "benchmarks.md").write_text(report.markdown(document))
        self._say(report.markdown(document))

    def _pages(self, plans: dict, plan: dict) -> dict:
        """Both sizes at once: a gunicorn per database, one client interleaving them."""
        self._say(
            f"Pages: {len(plans['large']['pages'])} x (page, twin, floor) x {len(plans)} sizes, "
            f"{plan['rounds']} rounds after {plan['warmup']} warm-up"
        )

        def progress(done, total):
            sys.stdout.write(f"\r  round {done}/{total}")
            sys.stdout.flush()

        with contextlib.ExitStack() as stack:
            targets = []
            for label, planned in plans.items():
                server = stack.enter_context(Gunicorn(database_url(planned["size"]["database"])))
                pages = [Page(**page) for page in planned["pages"]]
                targets.append(Target(label, server.port, pages, planned["cookies"]))
            results = measure(
                targets, rounds=plan["rounds"], warmup=plan["warmup"], progress=progress
            )
        sys.stdout.write("\n")
        figures = {}
        for label, planned in plans.items():
            for page in planned["pages"]:
                results[label][page["name"]].update(url=page["url"], twin_url=page["twin_url"])
            figures[label] = {"size": planned["size"], "results": results[label]}
        return figures

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def _manage(self, name: str, *arguments: str) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(name),
            "SECRET_KEY": settings.SECRET_KEY,
        }
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments], cwd=settings.BASE_DIR, env=env
        )
        if result.returncode:
            raise CommandError(f"manage.py {arguments[0]} failed on {name}")
        self._say(f"  ({arguments[0]}: {time.monotonic() - started:.0f} s)")


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())
