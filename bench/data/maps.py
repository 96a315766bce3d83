"""Rows of the injection maps of the data set's recent signed charts (charts.is_mapped): one
ChartArea per treated area with the protocol's technique, needle and depth, and point marks
spread over the area's region of its diagram, each with its lot and volume, adding up per lot
to the blend rows (charts.map_layout) as the chart form's own check requires."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from bench.data.charts import Share, charted_sessions, is_mapped, map_layout
from bench.data.tables import Table
from bench.data.world import World
from sessions.charting import maps
from sessions.models import ChartArea, MapMark

AREA_FIELDS = [
    "id", "chart", "area", "technique", "needle_gauge", "needle_length_mm", "depth_mm",
    "points", "volume_ml",
]  # fmt: skip
MARK_FIELDS = ["id", "chart_area", "kind", "coordinates", "lot", "volume_ml"]
SPOTS = 30  # places per area a chart's points are picked from (each chart starts elsewhere)


@functools.cache
def _spots(area: str) -> tuple[tuple[float, float], ...]:
    """SPOTS places spread evenly inside the area's region (read once per area)."""
    marks = maps.points_on_area(area=area, lot=0, count=SPOTS, volume_ml="1")
    return tuple(tuple(mark["coordinates"][0]) for mark in marks)


def _mapped(world: World, share: Share) -> Iterator[tuple[int, object, list]]:
    areas = {plan[0]: list(plan[4]) for plan in world.plans}
    for chart_id, s in charted_sessions(world):
        if is_mapped(world, share, s):
            yield chart_id, s, map_layout(world, s, areas[s.plan])


def _expected(world: World) -> int:
    return round(len(world.sessions) * 0.8 * 60 / max(world.calendar.today, 1))


def chart_areas(world: World, share: Share, first_id: int) -> tuple[Table, Iterator, int]:
    table = Table(ChartArea, AREA_FIELDS)
    versions = world.network.versions

    def rows():
        next_id = first_id
        for chart_id, s, layout in _mapped(world, share):
            version = versions[s.version]
            for area, marks in layout:
                yield (
                    next_id, chart_id, area, version.technique, version.needle_gauge,
                    version.needle_length_mm, version.depth_min_mm, len(marks),
                    sum(volume for _lot, volume in marks),
                )  # fmt: skip
                next_id += 1

    return table, rows(), round(_expected(world) * 1.3)


def map_marks(
    world: World, share: Share, first_id: int, first_area_id: int
) -> tuple[Table, Iterator, int]:
    table = Table(MapMark, MARK_FIELDS)

    def rows():
        next_id, area_id = first_id, first_area_id
        for _chart_id, s, layout in _mapped(world, share):
            for area, marks in layout:
                spots = _spots(area)
                start = s.id % SPOTS
                for index, (lot, volume) in enumerate(marks):
                    x, y = spots[(start + index * 7) % SPOTS]
                    yield next_id, area_id, "point", [[x, y]], lot, volume
                    next_id += 1
                area_id += 1

    return table, rows(), round(_expected(world) * 1.3 * 8)
