"""One small function per demo chart: what the practitioner charted at each session of a demo
course, saved and signed through the charting services (checklist, lot expiry and stock, dose
limits, allergies, follow-ups) at the session's own time (clock.as_of).

Technique, needle, depth and volumes are the plan's protocol version (the library seeded from
the reference), charted per area on the injection map (demo_map); measurements trend over the
course, as the reference's scales allow (§9)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from protocols.models import Lot
from sessions.charting import charts as chart_services
from sessions.charting import maps
from sessions.management.demo.clock import as_of
from sessions.models import AdverseEvent, Chart, TreatmentSession

CHECKLIST = {
    "consent_on_file": True,
    "history_reviewed_today": True,
    "photos_taken": True,
}


def demo_map(
    treatment_session: TreatmentSession, *, lot: Lot, volume_ml: Decimal, points: int
) -> tuple[list[dict], list[dict]]:
    """The injection map the demo charts: the plan's areas share the points and the volume
    (the first area takes the odd point, the last the rounding of the volume), each area's
    points spread evenly over its region with the protocol's technique, needle and depth; in
    the shape chart_save's `injection_map` takes (checked like any chart's map)."""
    version = treatment_session.plan.protocol_version
    areas = list(treatment_session.plan.areas)
    each_ml = (volume_ml / len(areas)).quantize(Decimal("0.001"))
    rows, marks = [], []
    for index, area in enumerate(areas):
        count = points // len(areas) + (1 if index < points % len(areas) else 0)
        share = each_ml if index < len(areas) - 1 else volume_ml - each_ml * (len(areas) - 1)
        rows.append(
            {
                "area": area,
                "technique": version.technique,
                "needle_gauge": version.needle_gauge,
                "needle_length_mm": version.needle_length_mm,
                "depth_mm": version.depth_max_mm,
                "points": count,
                "volume_ml": share,
            }
        )
        marks += maps.points_on_area(area=area, lot=lot, count=count, volume_ml=share)
    return rows, marks


def _technique(treatment_session: TreatmentSession, points: int) -> dict:
    version = treatment_session.plan.protocol_version
    return {
        **CHECKLIST,
        "areas": list(treatment_session.plan.areas),
        "technique": version.technique,
        "needle_gauge": version.needle_gauge,
        "needle_length_mm": version.needle_length_mm,
        "depth_mm": version.depth_max_mm,
        "injection_points": points,
    }


def _blend_volume(treatment_session: TreatmentSession) -> Decimal:
    """The protocol's blend volume: the session cap the library took from the reference."""
    return sum(
        (row.volume_ml for row in treatment_session.plan.protocol_version.blend.all()),
        Decimal(0),
    )


def _chart_and_sign(
    *,
    treatment_session: TreatmentSession,
    by,
    lot_number: str,
    volume_ml: Decimal,
    points: int,
    notes: str,
    measurements: list[dict],
    adverse_events: list[dict] | None = None,
) -> Chart:
    lot = Lot.objects.get(lot_number=lot_number)
    start = treatment_session.starts_at
    with as_of(start + timedelta(minutes=5)):
        chart = chart_services.chart_save(
            treatment_session=treatment_session,
            by=by,
            data={**_technique(treatment_session, points), "notes": notes},
            products=[{"lot": lot, "volume_ml": volume_ml, "units_used": 1}],
            measurements=measurements,
            adverse_events=adverse_events or [],
            injection_map=demo_map(treatment_session, lot=lot, volume_ml=volume_ml, points=points),
        )
    with as_of(start + timedelta(minutes=40)):
        return chart_services.chart_sign(chart=chart, by=by)


def _bruising(where: str) -> list[dict]:
    """The adverse event the demo charts: mild bruising, which the reference expects after
    needle work (§2–§4: "mild pain and bruising" [C5]; bruising for about a week [P19])."""
    return [
        {
            "type": AdverseEvent.Type.BRUISING,
            "severity": AdverseEvent.Severity.MILD,
            "description": f"Demo: small bruise {where}.",
            "action_taken": "Pressure and a cold pack; told it fades within about a week.",
        }
    ]


def _area(treatment_session: TreatmentSession) -> str:
    return treatment_session.plan.areas[0]


def chart_skin_booster(*, treatment_session: TreatmentSession, by, step: int, **_) -> Chart:
    """HA 14 mg/g micropapules on the face: 0.02 mL a point, 50 per cheek (reference §2 [T1]);
    the short-dated lot first. Radiance and hydration rise over the course."""
    volume = _blend_volume(treatment_session)
    return _chart_and_sign(
        treatment_session=treatment_session,
        by=by,
        lot_number="DEMO-HA-2311",
        volume_ml=volume,
        points=100,
        notes="Demo: even micropapules, no bleeding.",
        measurements=[
            {"scale": "radiance_vas", "area": "face", "value": 38 + 9 * (step - 1)},
            {"scale": "corneometry", "area": "face", "value": Decimal("41.5") + 6 * (step - 1)},
        ],
    )


def chart_revitalising(*, treatment_session: TreatmentSession, by, step: int, **_) -> Chart:
    """HA polyrevitalising complex, micropapules (reference §2 [T2]); the nasolabial fold
    (WSRS 1–5) softens by a grade."""
    return _chart_and_sign(
        treatment_session=treatment_session,
        by=by,
        lot_number="DEMO-RC-2405",
        volume_ml=_blend_volume(treatment_session),
        points=125,
        notes="Demo: well tolerated.",
        measurements=[
            {"scale": "wsrs", "area": "face", "value": 4 if step < 2 else 3},
            {"scale": "radiance_vas", "area": "face", "value": 45 + 7 * (step - 1)},
        ],
    )


def chart_minoxidil(
    *, treatment_session: TreatmentSession, by, step: int, adverse_event: bool = False, **_
) -> Chart:
    """Minoxidil 2% point by point on the scalp, 1 mL at 0.05 mL a point (reference §3
    [T16]); density (hairs/cm²) rises and daily shedding falls (§9 [O2][O1]). With
    `adverse_event`, a small bruise is charted, which schedules the practitioner's check."""
    return _chart_and_sign(
        treatment_session=treatment_session,
        by=by,
        lot_number="DEMO-MX-2403",
        volume_ml=_blend_volume(treatment_session),
        points=20,
        notes="Demo: crown and parting treated.",
        measurements=[
            {
                "scale": "hair_density",
                "area": "scalp",
                "value": Decimal("118.0") + Decimal("3.8") * (step - 1),
            },
            {"scale": "hair_shed_count", "area": "scalp", "value": 95 - 9 * (step - 1)},
        ],
        adverse_events=_bruising("at the crown") if adverse_event else None,
    )


def chart_cellulite(*, treatment_session: TreatmentSession, by, step: int, **_) -> Chart:
    """Aminophylline intradermal on the thighs, 0.1 mL a point (reference §4 [P5]); thigh
    circumference and the Hexsel score fall."""
    return _chart_and_sign(
        treatment_session=treatment_session,
        by=by,
        lot_number="DEMO-AM-2404",
        volume_ml=_blend_volume(treatment_session),
        points=100,
        notes="Demo: both thighs, 2 cm spacing.",
        measurements=[
            {
                "scale": "circumference",
                "area": _area(treatment_session),
                "value": Decimal("58.4") - Decimal("0.6") * (step - 1),
            },
            {"scale": "hexsel_css", "area": _area(treatment_session), "value": 11 - (step - 1)},
        ],
    )
