"""The injection map as printed documents draw it (aftercare sheet, course report): one small
figure per treated area, cropped to that area, with its marks drawn by lot (a shape and a
colour per lot, so a black-and-white print still tells the lots apart) and the lot legend.
Pure reads of a chart whose map is prefetched (map_figures.map_prefetch)."""

from __future__ import annotations

from decimal import Decimal

from protocols import body_diagrams
from sessions.documents.map_figures import mark_centre, ml_text, polygon_points

# (colour, shape) per lot, in the order the chart's lots first appear.
LOT_STYLES = (
    ("#b02a6b", "circle"),
    ("#0f5e63", "square"),
    ("#8a5a00", "triangle"),
    ("#3d3da8", "diamond"),
    ("#5b6770", "cross"),
)
CROP_MARGIN = 0.12  # of the region's size, on each side


# Each shape as vertices around (0, 0), in units of the mark's half-size.
SHAPES = {
    "square": ((-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)),
    "triangle": ((0, -1.1), (1, 0.8), (-1, 0.8)),
    "diamond": ((0, -1.2), (1, 0), (0, 1.2), (-1, 0)),
    "cross": (
        (-0.35, -1), (0.35, -1), (0.35, -0.35), (1, -0.35), (1, 0.35), (0.35, 0.35),
        (0.35, 1), (-0.35, 1), (-0.35, 0.35), (-1, 0.35), (-1, -0.35), (-0.35, -0.35),
    ),
}  # fmt: skip


def symbol_path(shape: str, x: float, y: float, r: float) -> str:
    """An SVG path `d` for a mark of `shape` centred on (x, y), `r` its half-size."""
    if shape in SHAPES:
        corners = [f"{x + dx * r:.2f} {y + dy * r:.2f}" for dx, dy in SHAPES[shape]]
        return "M" + "L".join(corners) + "z"
    return f"M{x - r:.2f} {y:.2f}a{r:.2f} {r:.2f} 0 1 0 {2 * r:.2f} 0a{r:.2f} {r:.2f} 0 1 0 {-2 * r:.2f} 0z"  # noqa: E501


def lot_styles(chart) -> dict[int, dict]:
    """lot id -> {"colour", "shape", "swatch"}: the blend rows' lots first, then any other
    lot a mark carries (an amended chart), in order."""
    order: list[int] = [row.lot_id for row in chart.products.all()]
    for charted in chart.map_areas.all():
        order += [mark.lot_id for mark in charted.marks.all()]
    styles = {}
    for lot_id in dict.fromkeys(order):
        colour, shape = LOT_STYLES[len(styles) % len(LOT_STYLES)]
        styles[lot_id] = {
            "colour": colour,
            "shape": shape,
            "swatch": symbol_path(shape, 5, 5, 4),
        }
    return styles


def _crop(polygons) -> tuple[float, float, float, float]:
    xs = [x for polygon in polygons for x, _y in polygon]
    ys = [y for polygon in polygons for _x, y in polygon]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    margin = max(width, height) * CROP_MARGIN
    return min(xs) - margin, min(ys) - margin, width + 2 * margin, height + 2 * margin


def area_thumbnails(chart, styles: dict[int, dict] | None = None) -> list[dict]:
    """One figure per charted area that has marks: the diagram cropped to the area, its
    region shaded, each mark a shape of its lot; with the area's totals and its lots."""
    if chart is None:
        return []
    styles = styles if styles is not None else lot_styles(chart)
    figures = []
    for charted in chart.map_areas.all():
        marks = list(charted.marks.all())
        if not marks:
            continue
        diagram = body_diagrams.diagram_for_area(charted.area)
        polygons = diagram.regions[charted.area]
        min_x, min_y, width, height = _crop(polygons)
        size = max(width, height) * 0.03
        by_lot: dict[int, Decimal] = {}
        drawn = []
        for mark in marks:
            style = styles[mark.lot_id]
            by_lot[mark.lot_id] = by_lot.get(mark.lot_id, Decimal(0)) + mark.volume_ml
            x, y = mark_centre(mark.coordinates)
            drawn.append(
                {
                    "zone": mark.kind == mark.Kind.ZONE,
                    "points": polygon_points(mark.coordinates),
                    "d": symbol_path(style["shape"], x, y, size),
                    "colour": style["colour"],
                }
            )
        lots = {mark.lot_id: mark.lot for mark in marks}
        figures.append(
            {
                "area": charted.area,
                "label": charted.get_area_display(),
                "volume": ml_text(charted.volume_ml),
                "points": charted.points,
                "zones": sum(1 for mark in marks if mark.kind == mark.Kind.ZONE),
                "view_box": f"{min_x:.1f} {min_y:.1f} {width:.1f} {height:.1f}",
                "outline": diagram.outline,
                "stroke": f"{max(width, height) / 150:.2f}",
                "regions": [polygon_points(polygon) for polygon in polygons],
                "marks": drawn,
                "lots": [
                    {
                        **styles[lot_id],
                        "product": lots[lot_id].product.name,
                        "lot_number": lots[lot_id].lot_number,
                        "volume": ml_text(volume),
                    }
                    for lot_id, volume in by_lot.items()
                ],
            }
        )
    return figures
