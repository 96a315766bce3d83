"""Which body diagram (static/diagrams/<code>.svg) and which named region of it shows each
treatment area of the protocol library. The SVG files are the one drawing: their
`<polygon class="region" data-area="...">` elements are the regions, read here to check and
spread marks, and their outline is drawn again (read-only) on charts and documents."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET  # nosec B405 - parses only our own files in static/diagrams
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from protocols.catalogues import TreatmentArea

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)

DIAGRAM_TITLES = {
    "face_front": _("Face, front"),
    "face_profile": _("Face, profile"),
    "scalp": _("Scalp"),
    "neck_decolletage": _("Neck and décolletage"),
    "hands": _("Hands"),
    "abdomen_flanks": _("Abdomen and flanks"),
    "thighs_buttocks": _("Thighs and buttocks"),
    "arms": _("Arms and back"),
}

# Each treatment area of protocols.catalogues on one diagram; the region is named after
# the area (data-area="face").
AREA_DIAGRAM = {
    TreatmentArea.FACE: "face_front",
    TreatmentArea.PERIORBITAL: "face_front",
    TreatmentArea.SUBMENTAL: "face_profile",
    TreatmentArea.SCALP: "scalp",
    TreatmentArea.NECK: "neck_decolletage",
    TreatmentArea.DECOLLETAGE: "neck_decolletage",
    TreatmentArea.HANDS: "hands",
    TreatmentArea.ABDOMEN: "abdomen_flanks",
    TreatmentArea.FLANKS: "abdomen_flanks",
    TreatmentArea.THIGHS: "thighs_buttocks",
    TreatmentArea.BUTTOCKS: "thighs_buttocks",
    TreatmentArea.KNEES: "thighs_buttocks",
    TreatmentArea.UPPER_ARMS: "arms",
    TreatmentArea.BACK: "arms",
}

Point = tuple[float, float]


@dataclass(frozen=True)
class Diagram:
    code: str
    title: object  # a lazy translation: the cache outlives a request's language
    view_box: tuple[float, float, float, float]  # min x, min y, width, height
    outline: str  # the SVG markup of the drawing (our own file, never patient text)
    regions: dict[str, tuple[tuple[Point, ...], ...]]  # area -> its polygons

    @property
    def view_box_text(self) -> str:
        return " ".join(f"{v:g}" for v in self.view_box)

    def contains(self, x: float, y: float) -> bool:
        min_x, min_y, width, height = self.view_box
        return min_x <= x <= min_x + width and min_y <= y <= min_y + height

    def in_region(self, area: str, x: float, y: float) -> bool:
        return any(point_in_polygon(x, y, polygon) for polygon in self.regions.get(area, ()))


def point_in_polygon(x: float, y: float, polygon) -> bool:
    """Ray casting: a point on the polygon's edge may fall either way, which is fine at the
    scale of a finger on a tablet."""
    inside = False
    count = len(polygon)
    for i in range(count):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % count]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def diagram_dir() -> Path:
    return Path(settings.BASE_DIR) / "static" / "diagrams"


def _points(text: str) -> tuple[Point, ...]:
    pairs = text.replace(",", " ").split()
    values = [float(v) for v in pairs]
    return tuple(zip(values[0::2], values[1::2], strict=True))


@functools.cache
def diagram(code: str) -> Diagram:
    """The diagram `code`, read once per process from static/diagrams/<code>.svg."""
    if code not in DIAGRAM_TITLES:
        raise KeyError(code)
    # Our own repository file, not user input.
    root = ET.parse(diagram_dir() / f"{code}.svg").getroot()  # nosec B314
    view_box = tuple(float(v) for v in root.attrib["viewBox"].split())
    outline = root.find(f"{{{SVG_NS}}}g[@class='outline']")
    regions: dict[str, list] = {}
    for polygon in root.iter(f"{{{SVG_NS}}}polygon"):
        if polygon.get("class") == "region":
            regions.setdefault(polygon.attrib["data-area"], []).append(
                _points(polygon.attrib["points"])
            )
    return Diagram(
        code=code,
        title=DIAGRAM_TITLES[code],
        view_box=view_box,
        outline=ET.tostring(outline, encoding="unicode"),
        regions={area: tuple(polygons) for area, polygons in regions.items()},
    )


def diagram_for_area(area: str) -> Diagram:
    return diagram(AREA_DIAGRAM[TreatmentArea(area)])
