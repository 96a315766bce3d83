"""Rows of what was done at each session: charts (signed, but for the last days' stragglers),
products with the lot in stock that day, adverse events and measurements. Which recent charts
carry an injection map, and its layout, are decided here too (bench/data/maps.py writes it)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from bench.data.tables import Table
from bench.data.world import Session, World
from patients.models import Measurement
from patients.outcome_scales_data import SCALES
from sessions.models import AdverseEvent, Chart, ChartProduct, TreatmentSession

Status = TreatmentSession.Status
CHARTED = (Status.COMPLETED, Status.IN_PROGRESS)
UNSIGNED_WINDOW_DAYS = 7
SIGNED_IN_WINDOW = 0.85
ADVERSE_EVENT_SHARE = 0.02
MEASURED_SHARE = 0.4
# The injection map came late in the clinic's history: only the charts signed in the last
# MAP_DAYS carry one (older charts keep chart-level values only, as real ones do).
MAP_DAYS = 60
MARKS_PER_LOT = 6  # points of each lot on each area
MILLILITRE = Decimal("0.001")

CHART_FIELDS = [
    "id", "treatment_session", "consent_on_file", "history_reviewed_today",
    "medications_paused", "photos_taken", "anaesthesia_product", "areas", "technique",
    "needle_gauge", "needle_length_mm", "depth_mm", "injection_points", "updated_at",
    "signed_at", "signed_by",
]  # fmt: skip
PRODUCT_FIELDS = ["id", "chart", "lot", "volume_ml", "units_used"]
ADVERSE_FIELDS = [
    "id", "chart", "type", "severity", "description", "action_taken", "recorded_at",
    "recorded_by",
]  # fmt: skip
MEASUREMENT_FIELDS = [
    "id", "patient", "treatment_session", "scale", "area", "value", "recorded_at", "recorded_by",
]  # fmt: skip


class Share:
    """Whether a session falls in a share, decided from its id and the seed: every builder
    that asks about the same session gets the same answer without keeping a list."""

    def __init__(self, seed: int):
        self.salt = (seed * 0x85EBCA77) & 0xFFFFFFFF

    def __call__(self, session_id: int, question: int) -> float:
        mixed = (session_id * 0x9E3779B1 + question * 0xC2B2AE3D + self.salt) & 0xFFFFFFFF
        mixed ^= mixed >> 15
        mixed = (mixed * 0x2C1B3C6D) & 0xFFFFFFFF
        mixed ^= mixed >> 12
        return mixed / 0x1_0000_0000


def charted_sessions(world: World) -> Iterator[tuple[int, Session]]:
    """(chart id, session) for every session with a chart, in one fixed order."""
    chart_id = world.ids["chart"]
    for session in world.sessions:
        if session.kind in TreatmentSession.TREATMENT_KINDS and session.status in CHARTED:
            yield chart_id, session
            chart_id += 1


def is_signed(world: World, share: Share, session: Session) -> bool:
    if session.status != Status.COMPLETED:
        return False
    recent = session.day >= world.calendar.today - UNSIGNED_WINDOW_DAYS
    return not recent or share(session.id, 1) < SIGNED_IN_WINDOW


def is_mapped(world: World, share: Share, session: Session) -> bool:
    return session.day >= world.calendar.today - MAP_DAYS and is_signed(world, share, session)


def _split(total: Decimal, parts: int) -> list[Decimal]:
    """`total` mL in `parts` shares of whole µL; the last takes the rounding remainder."""
    each = (total / parts).quantize(MILLILITRE)
    return [each] * (parts - 1) + [total - each * (parts - 1)]


def map_layout(world: World, session: Session, areas: list[str]) -> list[tuple[str, list]]:
    """[(area, [(lot id, mL) per point mark])]: each blend row's volume shared by the areas,
    then by MARKS_PER_LOT points (fewer when the share is under 1 µL a point)."""
    network = world.network
    layout = [(area, []) for area in areas]
    for stock in network.stock[network.versions[session.version].pk]:
        lot = network.lot_for(stock, session.day)
        for (_area, marks), share in zip(layout, _split(stock.volume_ml, len(areas)), strict=True):
            count = max(1, min(MARKS_PER_LOT, int(share / MILLILITRE)))
            marks += [(lot, volume) for volume in _split(share, count)]
    return layout


def charts(world: World, rng: random.Random, share: Share) -> tuple[Table, Iterator, int]:
    table = Table(Chart, CHART_FIELDS)
    calendar = world.calendar
    network = world.network
    areas = {plan[0]: list(plan[4]) for plan in world.plans}

    def rows():
        for chart_id, s in charted_sessions(world):
            version = network.versions[s.version]
            ends = calendar.at(s.day, s.minute + s.minutes)
            signed = is_signed(world, share, s)
            signed_at = ends + timedelta(minutes=rng.randint(2, 180)) if signed else None
            photos = rng.random() < 0.6
            anaesthesia = "Lidocaine 5% cream" if rng.random() < 0.3 else ""
            points = rng.randint(20, 120)  # drawn for every chart: the stream stays as it was
            if is_mapped(world, share, s):  # the map's point marks are the points
                points = sum(len(marks) for _a, marks in map_layout(world, s, areas[s.plan]))
            yield (
                chart_id, s.id, True, True, True, photos, anaesthesia, areas[s.plan],
                version.technique, version.needle_gauge, version.needle_length_mm,
                version.depth_min_mm, points, signed_at or ends,
                signed_at, network.practitioners[s.practitioner] if signed else None,
            )  # fmt: skip

    return table, rows(), round(len(world.sessions) * 0.8)


def chart_products(world: World, first_id: int) -> tuple[Table, Iterator, int]:
    table = Table(ChartProduct, PRODUCT_FIELDS)
    network = world.network

    def rows():
        next_id = first_id
        for chart_id, s in charted_sessions(world):
            for stock in network.stock[network.versions[s.version].pk]:
                yield next_id, chart_id, network.lot_for(stock, s.day), stock.volume_ml, 1
                next_id += 1

    return table, rows(), round(len(world.sessions) * 1.6)


def adverse_events(
    world: World, rng: random.Random, share: Share, first_id: int
) -> tuple[Table, Iterator, int]:
    table = Table(AdverseEvent, ADVERSE_FIELDS)
    calendar = world.calendar
    practitioners = world.network.practitioners
    kinds = [("bruising", "mild"), ("bruising", "moderate"), ("vasovagal", "mild"),
             ("nodule", "moderate"), ("allergic", "mild"), ("infection", "severe")]  # fmt: skip

    def rows():
        next_id = first_id
        for chart_id, s in charted_sessions(world):
            if is_signed(world, share, s) and share(s.id, 2) < ADVERSE_EVENT_SHARE:
                kind, severity = rng.choice(kinds)
                yield (
                    next_id, chart_id, kind, severity, "Noted at the end of the session",
                    "Cold compress; reviewed before leaving",
                    calendar.at(s.day, s.minute + s.minutes), practitioners[s.practitioner],
                )  # fmt: skip
                next_id += 1

    return table, rows(), round(len(world.sessions) * 0.8 * ADVERSE_EVENT_SHARE)


def _scales_by_indication() -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for scale in SCALES:
        if scale["kind"] == "ordinal" and scale["max"] is not None:
            for code in scale["indications"]:
                found.setdefault(code, []).append(scale)
    return found


def measurements(
    world: World, rng: random.Random, share: Share, first_id: int
) -> tuple[Table, Iterator, int]:
    table = Table(Measurement, MEASUREMENT_FIELDS)
    calendar = world.calendar
    network = world.network
    scales = _scales_by_indication()
    patient_ids = [patient.id for patient in world.patients]
    areas = {plan[0]: plan[4] for plan in world.plans}

    def rows():
        next_id = first_id
        for _, s in charted_sessions(world):
            if share(s.id, 3) >= MEASURED_SHARE:
                continue
            version = network.versions[s.version]
            scale = rng.choice(scales[network.indication_codes[version.protocol.indication_id]])
            yield (
                next_id, patient_ids[s.patient], s.id, scale["code"], areas[s.plan][0],
                Decimal(rng.randint(scale["min"], scale["max"])),
                calendar.at(s.day, s.minute + 5), network.practitioners[s.practitioner],
            )  # fmt: skip
            next_id += 1

    return table, rows(), round(len(world.sessions) * 0.8 * MEASURED_SHARE)
