"""The injection map as pages draw it: one figure per diagram (its outline, the treated
regions, the marks numbered as in the table), the per-area table, and the JSON the chart
form's editor starts from. Pure reads of a chart whose map is prefetched (map_prefetch)."""

from __future__ import annotations

import json
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from protocols import body_diagrams
from protocols.catalogues import Technique, TreatmentArea
from sessions.models import ChartArea, MapMark


def map_prefetch(prefix: str = "") -> Prefetch:
    """Prefetch a chart's areas with their marks and lots (prefix: "chart__" from a session)."""
    return Prefetch(
        f"{prefix}map_areas",
        queryset=ChartArea.objects.prefetch_related(
            Prefetch("marks", queryset=MapMark.objects.select_related("lot__product"))
        ),
    )


def polygon_points(polygon) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in polygon)


def mark_centre(coordinates) -> tuple[float, float]:
    return (
        sum(x for x, _y in coordinates) / len(coordinates),
        sum(y for _x, y in coordinates) / len(coordinates),
    )


def ml_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def diagram_figure(diagram, treated: list[str], marks=()) -> dict:
    """One diagram to draw: regions of `treated` areas highlighted, marks numbered."""
    return {
        "code": diagram.code,
        "title": diagram.title,
        "view_box": diagram.view_box_text,
        "outline": diagram.outline,
        "regions": [
            {
                "area": area,
                "label": TreatmentArea(area).label,
                "points": polygon_points(polygon),
                "treated": area in treated,
            }
            for area, polygons in diagram.regions.items()
            for polygon in polygons
        ],
        "marks": [
            {
                "number": number,
                "kind": mark.kind,
                "x": f"{mark_centre(mark.coordinates)[0]:.1f}",
                "y": f"{mark_centre(mark.coordinates)[1]:.1f}",
                "points": polygon_points(mark.coordinates),
            }
            for number, mark in marks
        ],
    }


def map_figures(chart) -> dict:
    """{"figures": [...], "areas": [...]} for a chart's read-only map; empty lists when the
    chart has no map. Marks are numbered across the chart, in the table's order."""
    areas = list(chart.map_areas.all()) if chart is not None else []
    by_diagram: dict[str, list] = {}
    rows, number = [], 0
    for charted in areas:
        code = body_diagrams.AREA_DIAGRAM[TreatmentArea(charted.area)]
        numbered = by_diagram.setdefault(code, [])
        marks = []
        for mark in charted.marks.all():
            number += 1
            numbered.append((number, mark))
            marks.append(
                {
                    "number": number,
                    "kind": mark.get_kind_display(),
                    "lot": f"{mark.lot.product.name} · {mark.lot.lot_number}",
                    "volume": ml_text(mark.volume_ml),
                }
            )
        rows.append(
            {
                "area": charted.area,
                "label": charted.get_area_display(),
                "technique": Technique(charted.technique).label if charted.technique else "",
                "needle": " · ".join(
                    part
                    for part in (
                        f"{charted.needle_gauge}G" if charted.needle_gauge else "",
                        f"{ml_text(charted.needle_length_mm)} mm"
                        if charted.needle_length_mm
                        else "",
                    )
                    if part
                ),
                "depth": f"{ml_text(charted.depth_mm)} mm" if charted.depth_mm is not None else "",
                "points": charted.points,
                "volume": ml_text(charted.volume_ml),
                "marks": marks,
            }
        )
    treated = [charted.area for charted in areas]
    figures = [
        diagram_figure(body_diagrams.diagram(code), treated, marks)
        for code, marks in by_diagram.items()
    ]
    return {"figures": figures, "areas": rows}


def map_sites_text(chart) -> list[str]:
    """Area names with their volume, e.g. "Face 2 mL" (documents, FHIR dosage.site)."""
    return [
        _("%(area)s %(volume)s mL")
        % {"area": row.get_area_display(), "volume": ml_text(row.volume_ml)}
        for row in chart.map_areas.all()
    ]


def editor_figures() -> list[dict]:
    """Every diagram, for the chart form's editor (the script shows those of ticked areas)."""
    return [
        diagram_figure(body_diagrams.diagram(code), []) for code in body_diagrams.DIAGRAM_TITLES
    ]


def map_json(chart) -> str:
    """The saved map in the shape the chart form posts (see maps.map_parse)."""
    if chart is None:
        return json.dumps({"areas": [], "marks": []})
    areas, marks = [], []
    for charted in chart.map_areas.all():
        areas.append(
            {
                "area": charted.area,
                "technique": charted.technique,
                "needle_gauge": charted.needle_gauge,
                "needle_length_mm": ml_text(charted.needle_length_mm),
                "depth_mm": ml_text(charted.depth_mm),
                "points": charted.points,
                "volume_ml": ml_text(charted.volume_ml),
            }
        )
        marks += [
            {
                "area": charted.area,
                "kind": mark.kind,
                "coordinates": mark.coordinates,
                "lot": mark.lot_id,
                "volume_ml": ml_text(mark.volume_ml),
            }
            for mark in charted.marks.all()
        ]
    return json.dumps({"areas": areas, "marks": marks})
