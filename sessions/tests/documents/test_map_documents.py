"""The injection map on paper (issue 12): the aftercare sheet's "what we used" and the course
report draw each treated area small, marks shaped by lot; the sheet stays one A4 page."""

from decimal import Decimal

import pytest

from protocols.seed_data import PROTOCOLS
from protocols.tests.factories import LotFactory
from sessions.charting import maps
from sessions.documents import course_report, map_thumbnails, sheets
from sessions.tests.factories.charts import chart
from sessions.tests.factories.courses import library_course
from tests.support import flat, pdf_pages, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def mapped_chart(treatment_session, areas, *, prefix="MAP", lots=2):
    """A chart of `areas` with `lots` blend rows of 2 mL each: the first lot's points spread
    over every area, the others' as points on the first area only."""
    lots = [LotFactory(lot_number=f"{prefix}-{chr(65 + i)}") for i in range(lots)]
    record = chart(treatment_session, lots=lots, areas=areas)
    share = (Decimal(2) / len(areas)).quantize(Decimal("0.001"))
    area_rows, marks = [], []
    for index, area in enumerate(areas):
        volume = share if index < len(areas) - 1 else Decimal(2) - share * index
        marks += maps.points_on_area(area=area, lot=lots[0], count=8, volume_ml=volume)
        if index == 0:
            for lot in lots[1:]:
                marks += maps.points_on_area(area=area, lot=lot, count=6, volume_ml="2")
                volume += 2
        area_rows.append({"area": area, "technique": "micropapules", "volume_ml": str(volume)})
    maps.chart_map_save(
        chart=record, by=treatment_session.practitioner, areas=area_rows, marks=marks
    )
    return record, lots


def test_thumbnails_are_cropped_to_each_area_and_shape_marks_by_lot(practitioner):
    _plan, sessions = library_course()
    record, lots = mapped_chart(sessions[0], ["face", "neck"])
    record = (
        type(record)
        .objects.prefetch_related("products", "map_areas__marks__lot__product")
        .get(pk=record.pk)
    )
    figures = map_thumbnails.area_thumbnails(record)
    assert [f["area"] for f in figures] == ["face", "neck"]
    face, neck = figures
    # cropped: the face thumbnail's frame is the face region (42..158 wide) plus a margin,
    # not the whole 200-wide diagram
    width = float(face["view_box"].split()[2])
    assert 116 < width < 200
    assert {m["colour"] for m in face["marks"]} == {"#b02a6b", "#0f5e63"}
    assert {m["colour"] for m in neck["marks"]} == {"#b02a6b"}
    assert [(lot["lot_number"], lot["volume"]) for lot in face["lots"]] == [
        ("MAP-A", "1"),
        ("MAP-B", "2"),
    ]
    assert face["points"] == 14


@pytest.mark.parametrize(
    "slug",
    [
        row["slug"]
        for row in PROTOCOLS
        # two pages with or without a map: its side-effect list is long in both languages
        if row["slug"] != "deoxycholic-acid-submental-kybella"
    ],
)
def test_the_aftercare_sheet_draws_todays_map_and_stays_one_a4_page(slug):
    plan, sessions = library_course(slug=slug)
    first = sessions[0]
    areas = list(plan.protocol_version.treatment_areas)
    areas = areas if len(areas) > 1 else [*areas, "neck"]  # at least two areas on the map
    mapped_chart(first, areas, lots=1)
    for language in ("en", "fr"):
        first.patient.preferred_language = language
        pdf = sheets.render_aftercare_sheet(first)
        assert pdf_pages(pdf) == 1, (slug, language)
        assert "MAP-A" in flat(pdf_text(pdf))
    context = sheets.aftercare_sheet_context(first)
    assert [f["area"] for f in context["map_thumbnails"]] == areas
    assert all(p["lot_style"] for p in context["products"])


def test_two_lots_on_a_two_area_face_map_keep_the_sheet_to_one_page_with_both_lots():
    _plan, sessions = library_course()
    mapped_chart(sessions[0], ["face", "neck"], lots=2)
    for language in ("en", "fr"):
        sessions[0].patient.preferred_language = language
        pdf = sheets.render_aftercare_sheet(sessions[0])
        assert pdf_pages(pdf) == 1, language
        text = flat(pdf_text(pdf))
        assert "MAP-A" in text and "MAP-B" in text
        assert ("Face · 3 mL" if language == "en" else "Visage · 3 mL") in text


def test_an_aftercare_sheet_without_a_map_has_no_figure_and_no_lot_symbols():
    _plan, sessions = library_course()
    chart(sessions[0])
    context = sheets.aftercare_sheet_context(sessions[0])
    assert context["map_thumbnails"] == []
    assert [p["lot_style"] for p in context["products"]] == [None]
    assert pdf_pages(sheets.render_aftercare_sheet(sessions[0])) == 1


def test_the_course_report_draws_each_charted_sessions_map_with_its_lots():
    plan, sessions = library_course()
    mapped_chart(sessions[0], ["face"], prefix="S1")
    mapped_chart(sessions[1], ["face", "neck"], prefix="S2")
    context = course_report.course_report_context(plan)
    maps_by_session = [[f["area"] for f in row["map_thumbnails"]] for row in context["sessions"]]
    assert maps_by_session == [["face"], ["face", "neck"], []]
    text = flat(pdf_text(course_report.render_course_report(plan)))
    assert "Injection maps" in text
    assert "Face · 4 mL · 14 points" in text
    assert "S2-A · 1 mL" in text and "S2-B · 2 mL" in text
