"""MedicationAdministration.dosage.site: the areas of the injection map that received the
administration's lot (with the map's volume), else the chart's areas; the same in the
patient's bundle, the lot's bundle and the clinic-wide files."""

import json

import pytest

from interop.fhir.bulk import bulk_export
from interop.fhir.bundle import patient_bundle
from interop.fhir.lot import lot_bundle
from protocols.tests.factories import LotFactory
from sessions.charting import charts, maps
from sessions.tests.factories.charts import CHECKLIST, booked_session, row

pytestmark = pytest.mark.django_db

AREA_SYSTEM = "https://mesoplan.invalid/fhir/CodeSystem/treatment-area"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FHIR_BASE_URL = "https://mesoplan.invalid/fhir"


def administrations(content: bytes) -> list[dict]:
    return [
        e["resource"]
        for e in json.loads(content)["entry"]
        if e["resource"]["resourceType"] == "MedicationAdministration"
    ]


def sites(administration) -> tuple[list[str], str]:
    site = administration["dosage"]["site"]
    assert all(coding["system"] == AREA_SYSTEM for coding in site["coding"])
    return [coding["code"] for coding in site["coding"]], site["text"]


def test_each_administration_names_the_map_areas_of_its_own_lot(practitioner, tmp_path):
    blend, booster = LotFactory(), LotFactory()
    treatment_session = booked_session(practitioner)
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data={**CHECKLIST, "areas": ["face", "neck"]},
        products=[row(blend, "1"), row(booster, "0.5")],
        by=practitioner,
    )
    marks = [
        *maps.points_on_area(area="face", lot=blend, count=3, volume_ml="0.6"),
        *maps.points_on_area(area="face", lot=booster, count=2, volume_ml="0.5"),
        *maps.points_on_area(area="neck", lot=blend, count=2, volume_ml="0.4"),
    ]
    areas = [
        {"area": "face", "technique": "micropapules", "volume_ml": "1.1"},
        {"area": "neck", "technique": "nappage", "volume_ml": "0.4"},
    ]
    maps.chart_map_save(chart=chart, by=practitioner, areas=areas, marks=marks)
    charts.chart_sign(chart=chart, by=practitioner)

    by_dose = {
        a["dosage"]["dose"]["value"]: a
        for a in administrations(patient_bundle(treatment_session.patient).content)
    }
    assert sites(by_dose[1]) == (["face", "neck"], "Face (0.6 mL), Neck (0.4 mL)")
    assert sites(by_dose[0.5]) == (["face"], "Face (0.5 mL)")
    (in_lot_export,) = administrations(lot_bundle(booster).content)
    assert in_lot_export["dosage"]["site"] == by_dose[0.5]["dosage"]["site"]
    bulk_export(tmp_path / "out", chunk_size=1)
    lines = (tmp_path / "out" / "MedicationAdministration.ndjson").read_text().splitlines()
    assert sorted(json.loads(line)["dosage"]["site"]["text"] for line in lines) == [
        "Face (0.5 mL)",
        "Face (0.6 mL), Neck (0.4 mL)",
    ]


def test_without_a_map_the_administration_names_the_charts_areas(practitioner):
    lot = LotFactory()
    treatment_session = booked_session(practitioner)
    charts.chart_save(
        treatment_session=treatment_session,
        data={**CHECKLIST, "areas": ["face", "neck"]},
        products=[row(lot, "1")],
        by=practitioner,
    )
    (administration,) = administrations(patient_bundle(treatment_session.patient).content)
    assert sites(administration) == (["face", "neck"], "Face, Neck")
