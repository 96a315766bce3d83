"""The whole load, in one transaction: refuse a database with real records, make the network,
plan the history, write every table (fastest path per backend), rebuild the real schema's
indexes and constraints, set lots' stock and sequences, and report figures per table."""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time

from django.db import connection, models, transaction
from django.db.models import Sum
from django.utils import timezone

from bench.data import audit, charts, clinical, followups, maps, people
from bench.data.calendar import Calendar
from bench.data.charts import Share
from bench.data.loader import Loader, Progress, TableFigure
from bench.data.network import network_create
from bench.data.schema import rebuild, reset_sequences, set_aside
from bench.data.world import world_plan
from clinic.models import AuditEvent
from patients.models import (
    Consultation,
    Measurement,
    MedicalHistoryReview,
    Patient,
    PatientMedication,
)
from protocols.models import Lot
from sessions.models import (
    AdverseEvent,
    Chart,
    ChartArea,
    ChartProduct,
    ConsentRecord,
    FollowUp,
    MapMark,
    TreatmentPlan,
    TreatmentSession,
)

SQLITE_MAX_PATIENTS = 5_000
# The history is seen from noon of the chosen day, so the same seed and day give the same data.
NOW_AT = clock_time(12)
LOT_SPARE_UNITS = 25
IDS = {
    "patient": Patient,
    "review": MedicalHistoryReview,
    "medication": PatientMedication,
    "consultation": Consultation,
    "consultation_indication": Consultation.indications.through,
    "plan": TreatmentPlan,
    "session": TreatmentSession,
    "chart": Chart,
    "chart_product": ChartProduct,
    "chart_area": ChartArea,
    "map_mark": MapMark,
    "adverse_event": AdverseEvent,
    "measurement": Measurement,
    "consent": ConsentRecord,
    "follow_up": FollowUp,
    "audit": AuditEvent,
}


class Refused(Exception):
    """The database is not one bench_data may fill; the message says why and what to do."""


@dataclass
class Options:
    patients: int
    seed: int = 1
    years: int = 5
    locations: int = 2
    practitioners: int = 20
    today: date | None = None
    force: bool = False
    verbosity: int = 1


@dataclass
class Result:
    figures: list[TableFigure] = field(default_factory=list)
    digest: str = ""
    seconds: float = 0.0
    planning_seconds: float = 0.0
    schema_seconds: float = 0.0
    not_laid: int = 0
    # CPU time, so a run on a busy shared machine can still be judged: this process, and the
    # PostgreSQL backend that served it (None when its /proc entry cannot be read).
    cpu_seconds: float = 0.0
    database_cpu_seconds: float | None = None

    @property
    def rows(self) -> int:
        return sum(figure.rows for figure in self.figures)

    def rows_of(self, model: type[models.Model]) -> int:
        return sum(f.rows for f in self.figures if f.table == model._meta.db_table)


def check_database(options: Options) -> None:
    if connection.vendor not in ("postgresql", "sqlite"):
        raise Refused(f"bench_data writes PostgreSQL or SQLite, not {connection.vendor}.")
    if connection.vendor == "sqlite" and options.patients > SQLITE_MAX_PATIENTS:
        raise Refused(
            f"On SQLite bench_data writes small data sets only (--patients up to "
            f"{SQLITE_MAX_PATIENTS:,}); a network-size set needs PostgreSQL "
            "(DATABASE_URL=postgres://...)."
        )
    patients = Patient.objects.count()
    if patients and not options.force:
        raise Refused(
            f"This database already holds {patients:,} patients. bench_data writes a "
            "fictitious clinic network for benchmarks and must never be mixed into a clinic's "
            "real records: point DATABASE_URL at an empty database made for benchmarks (e.g. "
            "mp_bench, after `manage.py migrate`). Only if every record here is benchmark or "
            "demo data, run again with --force to add to it."
        )


def _first_day(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _first_ids() -> dict[str, int]:
    return {
        label: (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
        for label, model in IDS.items()
    }


def bench_data_load(options: Options, stdout, *, live: bool) -> Result:
    """Fill the database; raises Refused before writing anything it should not."""
    check_database(options)
    started = time.perf_counter()
    cpu_started = time.process_time()
    backend_started = _backend_cpu_seconds()
    today = options.today or timezone.localdate()
    now = timezone.make_aware(datetime.combine(today, NOW_AT))
    result = Result()
    with transaction.atomic():
        network = network_create(
            first_day=_first_day(today, options.years),
            last_day=today + timedelta(weeks=4),
            locations=options.locations,
            practitioners=options.practitioners,
        )
        calendar = Calendar(network, now)
        ids = _first_ids()
        world = world_plan(
            network=network, calendar=calendar, patients=options.patients, seed=options.seed,
            ids=ids,
        )  # fmt: skip
        result.planning_seconds = time.perf_counter() - started
        result.not_laid = world.refused
        stdout.write(
            f"  planned {len(world.sessions):,} sessions for {len(world.patients):,} patients "
            f"on {len(network.practitioners)} practitioners at {len(network.locations)} sites "
            f"in {result.planning_seconds:.1f} s"
        )
        _write(world, options, ids, stdout, live, result)
        _set_lot_stock(network)
        reset_sequences(connection, list(IDS.values()))
        backend_finished = _backend_cpu_seconds()
    _vacuum(stdout)
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu_started
    if backend_started is not None and backend_finished is not None:
        result.database_cpu_seconds = backend_finished - backend_started
    return result


def _backend_cpu_seconds() -> float | None:
    """User + system CPU seconds of this connection's PostgreSQL backend (same host only)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _write(world, options: Options, ids: dict, stdout, live: bool, result: Result) -> None:
    def stream(name: str) -> random.Random:
        return random.Random(f"bench-data:{options.seed}:{name}")

    share = Share(options.seed)
    names: list[str] = []
    builders = [
        lambda: people.patients(world, stream("patients"), names),
        lambda: people.history_reviews(world, stream("reviews")),
        lambda: people.medications(world, stream("medications"), ids["medication"]),
        lambda: clinical.consultations(world, stream("consultations")),
        lambda: clinical.consultation_indications(world, ids["consultation_indication"]),
        lambda: clinical.plans(world),
        lambda: clinical.sessions(world, stream("sessions")),
        lambda: charts.charts(world, stream("charts"), share),
        lambda: charts.chart_products(world, ids["chart_product"]),
        lambda: maps.chart_areas(world, share, ids["chart_area"]),
        lambda: maps.map_marks(world, share, ids["map_mark"], ids["chart_area"]),
        lambda: charts.adverse_events(world, stream("adverse"), share, ids["adverse_event"]),
        lambda: charts.measurements(world, stream("measurements"), share, ids["measurement"]),
        lambda: followups.consents(world, ids["consent"]),
        lambda: followups.follow_ups(world, stream("follow-ups"), share, ids["follow_up"]),
        lambda: audit.audit_events(world, stream("audit"), share, names, ids["audit"]),
    ]
    progress = Progress(stdout, live=live)
    postgres = connection.vendor == "postgresql"
    with Loader(connection, progress) as loader:
        kept = None
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
                kept = set_aside(cursor, [model._meta.db_table for model in IDS.values()])
        for build in builders:
            table, rows, expected = build()
            loader.write(table, rows, expected)
        result.figures = loader.figures
        result.digest = loader.digest.hexdigest()
    if kept is not None:
        with connection.cursor() as cursor:
            result.schema_seconds = _rebuild(cursor, kept, stdout, live)
        if options.verbosity > 1:
            for seconds, statement in sorted(kept.timings, reverse=True)[:8]:
                stdout.write(f"    {seconds:6.1f} s  {statement[:110]}")


def _vacuum(stdout) -> None:
    """What autovacuum does to a production database, done now: the visibility map that lets
    PostgreSQL answer from an index alone (index-only scans), and hint bits set once rather
    than by the first pages that read the rows. Not possible inside a transaction (tests)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    started = time.perf_counter()
    tables = ", ".join(model._meta.db_table for model in IDS.values())
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {tables}")
    stdout.write(f"  tables vacuumed in {time.perf_counter() - started:.1f} s")


def _rebuild(cursor, kept, stdout, live: bool) -> float:
    started = time.perf_counter()

    def report(done: int, total: int) -> None:
        if live:
            stdout.write(f"\r  rebuilding indexes and constraints {done}/{total}", ending="")
            stdout.flush()

    rebuild(cursor, kept, report)
    tables = ", ".join(model._meta.db_table for model in IDS.values())
    cursor.execute(f"ANALYZE {tables}")
    seconds = time.perf_counter() - started
    stdout.write(
        f"{chr(13) if live else ''}  {len(kept.statements)} indexes and constraints rebuilt "
        f"(every row checked against them) and tables analysed in {seconds:.1f} s" + " " * 10
    )
    return seconds


def _set_lot_stock(network) -> None:
    """Each bench lot received what its charts used, plus a few units still on the shelf."""
    lot_ids = [lot for stocks in network.stock.values() for stock in stocks for lot in stock.lots]
    used = dict(
        ChartProduct.objects.filter(lot__in=lot_ids)
        .values("lot")
        .annotate(units=Sum("units_used"))
        .values_list("lot", "units")
    )
    for lot_id in set(lot_ids):
        Lot.objects.filter(pk=lot_id).update(
            quantity_received=used.get(lot_id, 0) + LOT_SPARE_UNITS,
            quantity_remaining=LOT_SPARE_UNITS,
        )
