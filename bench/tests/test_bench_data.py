"""`manage.py bench_data` at a small size on the test database: the invariants a benchmark relies
on (no double booking, signed charts with lots, follow-ups in every state, counts that agree) and
the same data from the same seed."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from bench.data.charts import MAP_DAYS
from bench.data.run import Options, bench_data_load
from bench.data.schema import reset_sequences
from clinic.models import AuditEvent
from patients.models import Consultation, Patient
from patients.seed import load_medication_catalogue
from protocols import body_diagrams
from protocols.seed import load_reference_library
from sessions.models import (
    Chart,
    ChartArea,
    ChartProduct,
    FollowUp,
    TreatmentPlan,
    TreatmentSession,
)

TODAY = date(2026, 11, 18)
SMALL = ["--patients", "40", "--years", "1", "--practitioners", "3", "--seed", "7"]


@pytest.fixture
def bench_network(db):
    out = StringIO()
    call_command("bench_data", *SMALL, "--today", TODAY.isoformat(), stdout=out)
    return out.getvalue()


def _clashes(sessions, key) -> list[tuple[int, int]]:
    """Pairs of active sessions that share `key` (practitioner or room) and overlap."""
    found = []
    by_key: dict[int, list] = {}
    for session in sessions:
        by_key.setdefault(key(session), []).append(session)
    for same in by_key.values():
        same.sort(key=lambda s: s.starts_at)
        for before, after in zip(same, same[1:], strict=False):
            if after.starts_at < before.ends_at:
                found.append((before.pk, after.pk))
    return found


def test_no_practitioner_and_no_room_is_booked_twice_at_once(bench_network):
    active = list(TreatmentSession.objects.active())
    assert len(active) > 100
    practitioners = [s for s in active if not s.overlap_reason]
    assert _clashes(practitioners, lambda s: s.practitioner_id) == []
    assert _clashes(active, lambda s: s.room_id) == []


def test_sessions_span_the_years_and_four_weeks_ahead_at_every_site(bench_network):
    sessions = TreatmentSession.objects.all()
    first = sessions.order_by("starts_at").first().starts_at.date()
    last = sessions.order_by("-starts_at").first().starts_at.date()
    assert first < TODAY - timedelta(days=300)
    assert TODAY + timedelta(days=14) < last <= TODAY + timedelta(weeks=4)
    sites = set(sessions.values_list("room__location", flat=True))
    assert len(sites) == 2
    assert sessions.filter(status=TreatmentSession.Status.BOOKED, starts_at__date__gt=TODAY)


def test_every_signed_chart_has_products_from_lots_usable_that_day(bench_network):
    signed = Chart.objects.filter(signed_at__isnull=False)
    assert signed.count() > 50
    assert not signed.filter(products__isnull=True).exists()
    for product in ChartProduct.objects.select_related("lot", "chart__treatment_session"):
        day = product.chart.treatment_session.starts_at.date()
        assert product.lot.received_on <= day <= product.lot.expiry_date


def test_recent_signed_charts_carry_a_map_that_adds_up_and_older_ones_none(bench_network):
    recent = TODAY - timedelta(days=MAP_DAYS)
    signed = Chart.objects.filter(signed_at__isnull=False).prefetch_related(
        "products", "map_areas__marks"
    )
    mapped = [c for c in signed if c.treatment_session.starts_at.date() >= recent + timedelta(1)]
    assert len(mapped) > 10
    for chart in mapped:
        areas = list(chart.map_areas.all())
        assert sorted(a.area for a in areas) == sorted(chart.areas)
        by_lot: dict[int, Decimal] = {}
        for area in areas:
            marks = list(area.marks.all())
            assert area.volume_ml == sum(m.volume_ml for m in marks)
            assert area.points == len(marks)
            diagram = body_diagrams.diagram_for_area(area.area)
            assert all(diagram.in_region(area.area, *m.coordinates[0]) for m in marks)
            for mark in marks:
                by_lot[mark.lot_id] = by_lot.get(mark.lot_id, Decimal(0)) + mark.volume_ml
        blend: dict[int, Decimal] = {}
        for row in chart.products.all():
            blend[row.lot_id] = blend.get(row.lot_id, Decimal(0)) + row.volume_ml
        assert by_lot == blend
        assert chart.injection_points == sum(a.points for a in areas)
    old = Chart.objects.filter(treatment_session__starts_at__date__lt=recent - timedelta(1))
    assert old.exists() and not ChartArea.objects.filter(chart__in=old).exists()


def test_follow_ups_are_in_every_state(bench_network):
    states = set(FollowUp.objects.values_list("status", flat=True))
    assert states == set(FollowUp.Status.values)


def test_counts_agree_between_tables(bench_network):
    assert Patient.objects.count() == 40
    assert Patient.objects.filter(history_reviews__isnull=True).count() == 0
    charted = TreatmentSession.objects.filter(
        kind__in=TreatmentSession.TREATMENT_KINDS,
        status__in=[TreatmentSession.Status.COMPLETED, TreatmentSession.Status.IN_PROGRESS],
    )
    assert Chart.objects.count() == charted.count()
    assert Chart.objects.exclude(treatment_session__in=charted).count() == 0
    assert Consultation.objects.count() >= TreatmentPlan.objects.count()
    signed = Chart.objects.filter(signed_at__isnull=False).count()
    assert AuditEvent.objects.filter(action="chart.signed").count() == signed
    assert AuditEvent.objects.filter(action="session.booked").count() == (
        TreatmentSession.objects.count()
    )
    trail = AuditEvent.objects.exclude(action__startswith="protocol.")  # the reference library's
    assert trail.count() > Patient.objects.count() and not trail.filter(patient_id__isnull=True)
    assert f"{Patient.objects.count():>11,} rows" in bench_network


def test_new_rows_get_ids_after_the_load(bench_network):
    top = Patient.objects.order_by("-pk").first()
    patient = Patient.objects.create(
        first_name="Ada", last_name="After", date_of_birth=date(1990, 1, 1)
    )
    assert patient.pk > top.pk
    assert top.chart_number == f"P{top.pk:06d}"


def test_a_database_with_patients_is_refused_without_force(bench_network):
    with pytest.raises(CommandError, match="already holds 40 patients.*--force"):
        call_command("bench_data", *SMALL, stdout=StringIO())


def test_sqlite_refuses_a_network_size_set(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("bench_data", "--patients", "100000", stdout=StringIO())


class _Undo(Exception):
    pass


def _digest() -> str:
    """Load, note the digest, and undo it all (ids of staff and stock start over too)."""
    options = Options(patients=25, seed=3, years=1, practitioners=3, today=TODAY)
    try:
        with transaction.atomic():
            result = bench_data_load(options, StringIO(), live=False)
            raise _Undo
    except _Undo:
        pass
    # PostgreSQL's sequences do not roll back: start them again where the undone rows began.
    reset_sequences(connection, apps.get_models(include_auto_created=True))
    return result.digest


def _sequences_as_after_migrate() -> None:
    """The digest covers the ids of the rows bench_data makes through the ORM (sites, staff,
    lots), which come from the sequences. PostgreSQL's sequences do not roll back, so the
    earlier tests' loads (undone with their transactions) leave them far along, and the first
    load here would get other ids than the second (which runs after `_digest` restarted them).
    Restart them as a freshly migrated database has them: the premise of a comparable digest."""
    reset_sequences(connection, apps.get_models(include_auto_created=True))


def test_the_same_seed_gives_the_same_data(db):
    _sequences_as_after_migrate()
    load_reference_library()
    load_medication_catalogue()
    first = _digest()
    assert _digest() == first


def test_another_seed_gives_other_data(db):
    load_reference_library()
    load_medication_catalogue()
    first = _digest()
    options = Options(patients=25, seed=4, years=1, practitioners=3, today=TODAY)
    with transaction.atomic():
        assert bench_data_load(options, StringIO(), live=False).digest != first


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_tables_are_vacuumed_as_autovacuum_would():
    """A freshly loaded table has no visibility map until VACUUM: without it PostgreSQL
    never answers from an index alone, unlike a production database (autovacuum)."""
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM and the visibility map are PostgreSQL's")
    load_reference_library()
    load_medication_catalogue()
    call_command("bench_data", *SMALL, "--today", TODAY.isoformat(), stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relallvisible FROM pg_class WHERE relname = %s",
            [TreatmentSession._meta.db_table],
        )
        assert cursor.fetchone()[0] > 0
