"""The injection map of a chart: parse what the chart form posts, check it against the
diagrams and the blend rows, save it (audited), and spread points on an area for callers
that build maps in code (the demo, the benchmark data set).

Totals: each charted area's volume is the sum of its marks, and once anything is marked the
marks of each lot add up to the volume of that lot's blend rows (ChartProduct)."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clinic import audit
from protocols import body_diagrams
from protocols.catalogues import TreatmentArea
from protocols.models import Lot
from sessions.models import Chart, ChartArea, MapMark

MAX_MAP_CHARS = 200_000
MAX_MARKS = 1000
MAX_ZONE_VERTICES = 64
AREA_FIELDS = ("technique", "needle_gauge", "needle_length_mm", "depth_mm", "points")
MILLILITRE = Decimal("0.001")


def _unreadable() -> ValidationError:
    return ValidationError(
        _("The injection map could not be read; reload the page and place the marks again."),
        code="map",
    )


def map_parse(text: str | None) -> tuple[list[dict], list[dict]]:
    """The areas and marks a chart form posted as JSON ({"areas": [...], "marks": [...]}).
    Empty text is an empty map; anything unreadable is one form error, never a 500."""
    if not text or not text.strip():
        return [], []
    if len(text) > MAX_MAP_CHARS:
        raise _unreadable()
    try:
        data = json.loads(text)
    except ValueError:
        raise _unreadable() from None
    if not isinstance(data, dict):
        raise _unreadable()
    areas, marks = data.get("areas", []), data.get("marks", [])
    if not isinstance(areas, list) or not isinstance(marks, list):
        raise _unreadable()
    if not all(isinstance(row, dict) for row in [*areas, *marks]):
        raise _unreadable()
    return areas, marks


def _area_label(area: str) -> str:
    try:
        return str(TreatmentArea(area).label)
    except ValueError:
        return str(area)


def _volume(value) -> Decimal | None:
    """A volume in mL with at most three decimals, or None when it is not one."""
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        volume = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not volume.is_finite() or volume != volume.quantize(MILLILITRE):
        return None
    return volume


def _ml(value: Decimal) -> str:
    return f"{value.quantize(MILLILITRE).normalize():f}"


def _coordinates(raw, kind: str) -> list[list[float]] | None:
    if not isinstance(raw, list):
        return None
    result = []
    for pair in raw:
        if not isinstance(pair, list) or len(pair) != 2:
            return None
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in pair):
            return None
        if not all(math.isfinite(v) for v in pair):
            return None
        result.append([round(float(pair[0]), 1), round(float(pair[1]), 1)])
    if kind == MapMark.Kind.POINT and len(result) != 1:
        return None
    if kind == MapMark.Kind.ZONE and not 3 <= len(result) <= MAX_ZONE_VERTICES:
        return None
    return result


def _anchor(coordinates: list[list[float]]) -> tuple[float, float]:
    """Where a mark sits: the point itself, or a zone's centre (mean of its vertices)."""
    xs = [x for x, _y in coordinates]
    ys = [y for _x, y in coordinates]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def _clean_areas(chart: Chart, rows: list[dict]) -> tuple[dict[str, ChartArea], list[str]]:
    problems, result = [], {}
    for row in rows:
        area = row.get("area")
        if area not in TreatmentArea.values:
            problems.append(_("The map names an unknown area; reload the page."))
            continue
        label = _area_label(area)
        if area in result:
            problems.append(_("%(area)s is on the map twice.") % {"area": label})
            continue
        if area not in (chart.areas or []):
            problems.append(
                _("%(area)s is on the map but not among the areas treated: tick it or remove it.")
                % {"area": label}
            )
            continue
        volume = _volume(row.get("volume_ml", "0"))
        charted = ChartArea(
            chart=chart,
            area=area,
            volume_ml=volume if volume is not None else Decimal("-1"),
            **{name: row.get(name) if row.get(name) != "" else None for name in AREA_FIELDS},
        )
        charted.technique = charted.technique or ""
        try:
            charted.full_clean(exclude=["chart"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                field = str(ChartArea._meta.get_field(name).verbose_name)
                problems += [f"{label}, {field}: {message}" for message in messages]
            continue
        result[area] = charted
    return result, problems


def _clean_marks(areas: dict[str, ChartArea], rows: list[dict], lots: dict[int, Lot]):
    problems, result = [], []
    if len(rows) > MAX_MARKS:
        return [], [_("The map holds more than %(n)s marks.") % {"n": MAX_MARKS}]
    for row in rows:
        area = row.get("area")
        if area not in areas:
            problems.append(
                _("A mark is on %(area)s, which is not charted on the map.")
                % {"area": _area_label(area)}
            )
            continue
        label = _area_label(area)
        kind = row.get("kind")
        if kind not in MapMark.Kind.values:
            problems.append(_("%(area)s: a mark is neither a point nor a zone.") % {"area": label})
            continue
        coordinates = _coordinates(row.get("coordinates"), kind)
        diagram = body_diagrams.diagram_for_area(area)
        if coordinates is None or not all(diagram.contains(x, y) for x, y in coordinates):
            problems.append(
                _("%(area)s: a mark's position is not on the diagram; place it again.")
                % {"area": label}
            )
            continue
        if not diagram.in_region(area, *_anchor(coordinates)):
            problems.append(
                _("%(area)s: a mark lies outside the area on the diagram; place it inside.")
                % {"area": label}
            )
            continue
        lot_id = row.get("lot")
        lot = lots.get(lot_id) if isinstance(lot_id, int) and not isinstance(lot_id, bool) else None
        if lot is None:
            problems.append(
                _("%(area)s: a mark's lot is not one of the blend rows; choose a lot of the blend.")
                % {"area": label}
            )
            continue
        volume = _volume(row.get("volume_ml"))
        if volume is None or not MILLILITRE <= volume <= Decimal("100"):
            problems.append(
                _(
                    "%(area)s: a mark's volume must be a number of mL above zero (at most three "
                    "decimals)."
                )
                % {"area": label}
            )
            continue
        result.append(
            MapMark(
                chart_area=areas[area],
                kind=kind,
                coordinates=coordinates,
                lot=lot,
                volume_ml=volume,
            )
        )
    return result, problems


def _total_problems(chart, areas: dict[str, ChartArea], marks: list[MapMark]) -> list[str]:
    """Each area's volume against its marks; each blend row's lot against the marks of that
    lot (only once something is marked: a chart may have no map)."""
    problems = []
    by_area: dict[str, Decimal] = defaultdict(Decimal)
    by_lot: dict[int, Decimal] = defaultdict(Decimal)
    for mark in marks:
        by_area[mark.chart_area.area] += mark.volume_ml
        by_lot[mark.lot_id] += mark.volume_ml
    for area, charted in areas.items():
        if charted.volume_ml != by_area[area]:
            problems.append(
                _(
                    "%(area)s: the area's volume is %(area_ml)s mL but its marks add up to "
                    "%(marks_ml)s mL."
                )
                % {
                    "area": _area_label(area),
                    "area_ml": _ml(charted.volume_ml),
                    "marks_ml": _ml(by_area[area]),
                }
            )
    if not marks:
        return problems
    blend: dict[int, Decimal] = defaultdict(Decimal)
    lots = {}
    for row in chart.products.select_related("lot__product"):
        blend[row.lot_id] += row.volume_ml
        lots[row.lot_id] = row.lot
    for lot_id, volume in blend.items():
        if by_lot[lot_id] != volume:
            lot = lots[lot_id]
            problems.append(
                _(
                    "%(product)s (lot %(lot)s): the blend row says %(blend_ml)s mL but the "
                    "map's marks add up to %(marks_ml)s mL."
                )
                % {
                    "product": lot.product.name,
                    "lot": lot.lot_number,
                    "blend_ml": _ml(volume),
                    "marks_ml": _ml(by_lot[lot_id]),
                }
            )
    return problems


@transaction.atomic
def chart_map_save(*, chart: Chart, by, areas: list[dict], marks: list[dict], request=None):
    """Replace the map of an unsigned chart with `areas` (dicts: area, technique,
    needle_gauge, needle_length_mm, depth_mm, points, volume_ml) and `marks` (dicts: area,
    kind, coordinates in the diagram's viewBox frame, lot id, volume_ml). Checks every value
    (positions on the area's region, lots among the blend rows, totals; see the module
    docstring) and raises one ValidationError listing each problem once; audits the save.
    Call it after the blend rows are saved (chart_save does)."""
    chart = Chart.objects.select_for_update().get(pk=chart.pk)
    if chart.is_signed:
        raise ValidationError(_("This chart is signed; add an amendment instead."))
    lots = {row.lot_id: row.lot for row in chart.products.select_related("lot__product")}
    charted, problems = _clean_areas(chart, areas)
    placed, mark_problems = _clean_marks(charted, marks, lots)
    problems += mark_problems
    if not problems:
        problems = _total_problems(chart, charted, placed)
    if problems:
        raise ValidationError(
            [ValidationError(problem, code="map") for problem in dict.fromkeys(problems)]
        )
    for area, item in charted.items():
        kinds = [m.kind for m in placed if m.chart_area.area == area]
        if item.points is None and kinds and set(kinds) == {MapMark.Kind.POINT}:
            item.points = len(kinds)  # only points: the count is known
    MapMark.objects.filter(chart_area__chart=chart).delete()
    chart.map_areas.all().delete()
    for item in charted.values():
        item.save()
    for mark in placed:
        mark.chart_area = charted[mark.chart_area.area]  # now saved, with its pk
    MapMark.objects.bulk_create(placed)
    if charted:
        _chart_fields_from_areas(chart, list(charted.values()))
    audit.record(
        actor=by,
        action="chart.map_saved",
        target=chart,
        request=request,
        details={
            "areas": sorted(charted),
            "marks": len(placed),
            "total_volume_ml": _ml(sum((m.volume_ml for m in placed), Decimal(0))),
        },
    )
    return chart


# The chart-level field each per-area field gives its value to (issue 12: once areas are
# charted, the areas are the one source; the chart keeps a summary for older readers).
CHART_LEVEL = {
    "technique": "technique",
    "needle_gauge": "needle_gauge",
    "needle_length_mm": "needle_length_mm",
    "depth_mm": "depth_mm",
}


def _chart_fields_from_areas(chart: Chart, areas: list[ChartArea]) -> None:
    """Derive the chart-level technique, needle and depth (the areas' common value, or empty
    where they differ) and injection points (the areas' sum) from the charted areas."""
    for area_field, chart_field in CHART_LEVEL.items():
        values = {getattr(area, area_field) for area in areas}
        common = values.pop() if len(values) == 1 else None
        if common is None and chart_field == "technique":
            common = ""
        setattr(chart, chart_field, common)
    counts = [area.points for area in areas if area.points is not None]
    chart.injection_points = sum(counts) if counts else None
    chart.save(update_fields=[*CHART_LEVEL.values(), "injection_points", "updated_at"])


def points_on_area(*, area: str, lot, count: int, volume_ml) -> list[dict]:
    """`count` point marks spread evenly over the area's region of its diagram, sharing
    `volume_ml` (the total, in mL; the last point takes the rounding remainder), as dicts
    chart_map_save accepts. `lot` is a Lot or its id."""
    if count < 1:
        return []
    diagram = body_diagrams.diagram_for_area(area)
    polygons = diagram.regions[area]
    candidates = _grid_inside(diagram, area, polygons, count)
    step = len(candidates) / count
    chosen = [candidates[int(i * step + step / 2)] for i in range(count)]
    total = Decimal(str(volume_ml))
    each = (total / count).quantize(MILLILITRE)
    volumes = [each] * (count - 1) + [total - each * (count - 1)]
    lot_id = lot.pk if isinstance(lot, Lot) else int(lot)
    return [
        {
            "area": area,
            "kind": MapMark.Kind.POINT,
            "coordinates": [[x, y]],
            "lot": lot_id,
            "volume_ml": volume,
        }
        for (x, y), volume in zip(chosen, volumes, strict=True)
    ]


def _grid_inside(diagram, area, polygons, count) -> list[tuple[float, float]]:
    """Grid points inside the region, the grid made finer until at least `count` fit."""
    xs = [x for polygon in polygons for x, _y in polygon]
    ys = [y for polygon in polygons for _x, y in polygon]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    step = max(width, height) / 2
    while True:
        points = [
            (round(min(xs) + step * (i + 0.5), 1), round(min(ys) + step * (j + 0.5), 1))
            for j in range(int(height / step) + 1)
            for i in range(int(width / step) + 1)
        ]
        inside = [p for p in points if diagram.in_region(area, *p)]
        if len(inside) >= count:
            return inside
        step /= 1.5
