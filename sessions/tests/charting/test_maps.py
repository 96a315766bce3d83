"""The injection map (issue 12): areas charted one by one, points and zones on the diagrams,
totals that must match the blend rows, and what the chart page shows and refuses."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clinic.models import AuditEvent
from protocols import body_diagrams
from protocols.catalogues import TreatmentArea
from protocols.tests.factories import LotFactory
from sessions.charting import charts, maps
from sessions.models import ChartArea, MapMark
from sessions.tests.factories.charts import CHECKLIST, booked_session, chart_post, chart_url, row

pytestmark = pytest.mark.django_db


def charted(practitioner, volume="2"):
    """An unsigned chart of the face with one blend row of `volume` mL."""
    lot = LotFactory()
    treatment_session = booked_session(practitioner)
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data={**CHECKLIST, "areas": ["face"]},
        products=[row(lot, volume)],
        by=practitioner,
    )
    return chart, lot


def face(volume="2", **extra):
    return {"area": "face", "technique": "micropapules", "volume_ml": volume, **extra}


def test_every_treatment_area_has_a_region_on_a_diagram():
    for area in TreatmentArea.values:
        diagram = body_diagrams.diagram_for_area(area)
        assert diagram.regions[area], area


def test_points_on_an_area_lie_inside_it_and_share_the_volume():
    marks = maps.points_on_area(area="hands", lot=7, count=9, volume_ml="1")
    diagram = body_diagrams.diagram_for_area("hands")
    assert len(marks) == 9
    assert len({tuple(m["coordinates"][0]) for m in marks}) == 9
    assert all(diagram.in_region("hands", *m["coordinates"][0]) for m in marks)
    assert sum(m["volume_ml"] for m in marks) == Decimal("1")


def test_a_map_whose_totals_match_the_blend_is_saved_and_audited(practitioner):
    chart, lot = charted(practitioner)
    marks = maps.points_on_area(area="face", lot=lot, count=20, volume_ml="2")
    maps.chart_map_save(chart=chart, by=practitioner, areas=[face()], marks=marks)
    area = ChartArea.objects.get(chart=chart)
    assert (area.area, area.volume_ml, area.points) == ("face", Decimal("2.000"), 20)
    assert MapMark.objects.filter(chart_area=area, lot=lot).count() == 20
    event = AuditEvent.objects.filter(action="chart.map_saved").get()
    assert event.details["marks"] == 20
    assert event.patient_id == chart.treatment_session.patient_id


def test_a_zone_is_kept_as_its_polygon(practitioner):
    chart, lot = charted(practitioner, volume="0.5")
    zone = {
        "area": "face",
        "kind": "zone",
        "coordinates": [[80, 120], [120, 120], [100, 150]],
        "lot": lot.pk,
        "volume_ml": "0.5",
    }
    maps.chart_map_save(chart=chart, by=practitioner, areas=[face("0.5")], marks=[zone])
    mark = MapMark.objects.get()
    assert (mark.kind, mark.coordinates) == ("zone", [[80, 120], [120, 120], [100, 150]])


def test_marks_that_do_not_add_up_to_the_blend_row_are_one_error_naming_both_volumes(
    practitioner,
):
    chart, lot = charted(practitioner, volume="2")
    marks = maps.points_on_area(area="face", lot=lot, count=10, volume_ml="1.5")
    with pytest.raises(ValidationError) as error:
        maps.chart_map_save(chart=chart, by=practitioner, areas=[face("1.5")], marks=marks)
    assert error.value.messages == [
        f"{lot.product.name} (lot {lot.lot_number}): the blend row says 2 mL but the map's "
        "marks add up to 1.5 mL."
    ]
    assert not ChartArea.objects.exists()


def test_an_area_volume_other_than_its_marks_is_refused(practitioner):
    chart, lot = charted(practitioner)
    marks = maps.points_on_area(area="face", lot=lot, count=4, volume_ml="2")
    marks[0]["volume_ml"] = str(marks[0]["volume_ml"])
    with pytest.raises(ValidationError, match="Face: the area's volume is 3 mL but its marks add"):
        maps.chart_map_save(chart=chart, by=practitioner, areas=[face("3")], marks=marks)


def test_a_mark_with_a_lot_outside_the_blend_is_refused(practitioner):
    chart, _lot = charted(practitioner)
    other = LotFactory()
    marks = maps.points_on_area(area="face", lot=other, count=2, volume_ml="2")
    with pytest.raises(ValidationError, match="a mark's lot is not one of the blend rows"):
        maps.chart_map_save(chart=chart, by=practitioner, areas=[face()], marks=marks)


@pytest.mark.parametrize(
    "coordinates",
    [
        [[500, 20]],  # off the diagram
        [[5, 5]],  # on the diagram, outside the face
        [["a", 3]],
        [[float("nan"), 3]],
        [[1, 2], [3, 4]],  # a point with two positions
        "100,100",
        [[True, 100]],
    ],
)
def test_bad_coordinates_are_refused(practitioner, coordinates):
    chart, lot = charted(practitioner, volume="0.1")
    mark = {"area": "face", "kind": "point", "coordinates": coordinates, "lot": lot.pk}
    with pytest.raises(ValidationError, match="Face: a mark"):
        maps.chart_map_save(
            chart=chart, by=practitioner, areas=[face("0.1")], marks=[{**mark, "volume_ml": "0.1"}]
        )


def test_an_area_not_ticked_on_the_chart_is_refused(practitioner):
    chart, lot = charted(practitioner)
    marks = maps.points_on_area(area="neck", lot=lot, count=2, volume_ml="2")
    with pytest.raises(ValidationError, match="Neck is on the map but not among the areas"):
        maps.chart_map_save(
            chart=chart,
            by=practitioner,
            areas=[face("0"), {"area": "neck", "volume_ml": "2"}],
            marks=marks,
        )


def test_a_signed_chart_map_cannot_be_changed(practitioner):
    chart, lot = charted(practitioner)
    charts.chart_sign(chart=chart, by=practitioner)
    with pytest.raises(ValidationError, match="signed"):
        maps.chart_map_save(chart=chart, by=practitioner, areas=[], marks=[])


@pytest.mark.parametrize(
    "text", ["{", "[]", '{"areas": 3}', '{"marks": [1]}', "x" * (maps.MAX_MAP_CHARS + 1)]
)
def test_unreadable_map_json_is_a_form_error(text):
    with pytest.raises(ValidationError, match="could not be read"):
        maps.map_parse(text)


# --- The chart page -----------------------------------------------------------------------


def page_post(lot, map_data, volume="2"):
    return chart_post(
        products=[{"lot": lot.pk, "volume_ml": volume, "units_used": 1}],
        areas="face",
        technique="micropapules",
        injection_map=map_data if isinstance(map_data, str) else json.dumps(map_data),
        **CHECKLIST,
    )


def test_the_chart_page_saves_the_map_and_the_signed_chart_draws_it(client, practitioner):
    treatment_session = booked_session(practitioner)
    lot = LotFactory()
    marks = maps.points_on_area(area="face", lot=lot, count=3, volume_ml="2")
    for mark in marks:
        mark["volume_ml"] = str(mark["volume_ml"])
    client.force_login(practitioner)
    response = client.post(
        chart_url(treatment_session), page_post(lot, {"areas": [face()], "marks": marks})
    )
    assert response.status_code == 302, response.context["form"].errors
    chart = treatment_session.chart
    assert chart.map_areas.get().marks.count() == 3
    editor = client.get(chart_url(treatment_session)).content.decode()
    assert "data-chart-map" in editor and "js/chart-map.js" in editor
    charts.chart_sign(chart=chart, by=practitioner)
    page = client.get(chart_url(treatment_session)).content.decode()
    assert 'data-testid="chart-map-readonly"' in page
    assert 'data-testid="map-figure-face_front"' in page
    assert page.count('<circle cx="') == 3


@pytest.mark.parametrize(
    ("map_data", "message"),
    [
        ("{not json", "The injection map could not be read"),
        (
            {"areas": [face("1")], "marks": []},
            "Face: the area&#x27;s volume is 1 mL but its marks add up to 0 mL.",
        ),
    ],
)
def test_a_bad_map_is_one_error_next_to_the_map_and_nothing_is_saved(
    client, practitioner, map_data, message
):
    treatment_session = booked_session(practitioner)
    lot = LotFactory()
    client.force_login(practitioner)
    response = client.post(chart_url(treatment_session), page_post(lot, map_data))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(message) == 1
    assert 'data-testid="map-errors"' in page
    assert not ChartArea.objects.exists()
    assert lot.chart_products.count() == 0  # the blend rows were rolled back with it


# --- Chart-level fields: the areas are the one source once charted --------------------------


def test_charted_areas_set_the_chart_level_technique_needle_depth_and_points(practitioner):
    lot = LotFactory()
    treatment_session = booked_session(practitioner)
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data={**CHECKLIST, "areas": ["face", "neck"], "technique": "nappage", "depth_mm": 4},
        products=[row(lot, "2")],
        by=practitioner,
    )
    marks = maps.points_on_area(area="face", lot=lot, count=6, volume_ml="1.5")
    marks += maps.points_on_area(area="neck", lot=lot, count=4, volume_ml="0.5")
    areas = [
        face("1.5", needle_gauge=32, depth_mm="1"),
        {"area": "neck", "technique": "micropapules", "volume_ml": "0.5", "needle_gauge": 32},
    ]
    maps.chart_map_save(chart=chart, by=practitioner, areas=areas, marks=marks)
    chart.refresh_from_db()
    # common values pass up; where the areas differ (depth 1 mm vs none) the chart has none
    assert (chart.technique, chart.needle_gauge, chart.depth_mm) == ("micropapules", 32, None)
    assert chart.injection_points == 10


def test_a_chart_without_areas_on_the_map_keeps_its_own_fields_and_shows_them(client, practitioner):
    chart = charts.chart_save(
        treatment_session=booked_session(practitioner),
        data={**CHECKLIST, "areas": ["face"], "technique": "nappage", "depth_mm": 2},
        products=[],
        by=practitioner,
    )
    client.force_login(practitioner)
    page = client.get(chart_url(chart.treatment_session)).content.decode()
    assert 'data-chart-level data-testid="chart-level-fields">' in page  # shown, not hidden
    charts.chart_sign(chart=chart, by=practitioner)
    page = client.get(chart_url(chart.treatment_session)).content.decode()
    assert 'data-testid="chart-depth">2 mm<' in page
    assert "per area, see the injection map" not in page


def test_once_areas_are_on_the_map_the_chart_level_fields_are_hidden_and_read_per_area(
    client, practitioner
):
    chart, lot = charted(practitioner)
    marks = maps.points_on_area(area="face", lot=lot, count=4, volume_ml="2")
    marks[0]["volume_ml"] = str(marks[0]["volume_ml"])
    maps.chart_map_save(chart=chart, by=practitioner, areas=[face()], marks=marks)
    client.force_login(practitioner)
    page = client.get(chart_url(chart.treatment_session)).content.decode()
    assert 'data-chart-level hidden data-testid="chart-level-fields">' in page
    assert 'data-testid="chart-level-note">' in page
    charts.chart_sign(chart=chart, by=practitioner)
    page = client.get(chart_url(chart.treatment_session)).content.decode()
    assert 'data-testid="chart-depth">per area, see the injection map<' in page
    assert 'data-testid="chart-technique">Papules / micropapules<' in page
    assert 'data-testid="chart-injection-points">4<' in page
