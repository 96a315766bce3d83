"""The seeded library after issue 11: label areas, ancillary products, and pre-care lines that
leave pause windows to the medication catalogue (one source per substance)."""

import re

import pytest

from patients.medication_catalogue_data import MEDICATIONS
from protocols import seed_data
from protocols.models import Protocol
from protocols.seed import load_reference_library

WINDOW = re.compile(r"\b(\d+|one|two|three)\s+(day|days|week|weeks)\b", re.I)


def catalogue_names() -> set[str]:
    names = set()
    for row in MEDICATIONS:
        if row.get("stop_before_days"):
            for name in [row["name"], *row.get("aliases", [])]:
                names.add(re.sub(r"\s*\(.*\)", "", name).lower())
    return names


def test_no_pre_care_line_restates_a_catalogue_window():
    names = catalogue_names()
    assert {"ibuprofen", "fish oil", "ginkgo", "niacin"} <= names
    for protocol in seed_data.PROTOCOLS:
        for line in protocol["pre_care"]:
            lowered = line.lower()
            named = [name for name in names if re.search(rf"\b{re.escape(name)}\b", lowered)]
            assert not (named and WINDOW.search(line)), (protocol["slug"], line)
        assert "medication catalogue" in protocol["value_sources"]["pre_care"]


@pytest.mark.django_db
def test_the_seed_records_the_label_and_the_anaesthetic():
    load_reference_library()
    kybella = Protocol.objects.get(slug="deoxycholic-acid-submental-kybella").current_version
    assert kybella.on_label_areas == ["submental"]
    booster = Protocol.objects.get(slug="ha-skin-booster-face").current_version
    [anaesthetic] = booster.ancillaries.all()
    assert anaesthetic.role == "anaesthetic" and anaesthetic.ingredient.name == "Lidocaine"
    assert "allergy_lidocaine" in anaesthetic.ingredient.contraindication_tags
    unlabelled = Protocol.objects.get(slug="pcdc-injection-lipolysis-body").current_version
    assert unlabelled.on_label_areas == []
    # Cellulite cocktails get no anaesthetic: local anaesthetics inhibit lipolysis [T27].
    cellulite = Protocol.objects.get(slug="cellulite-deep-aminophylline").current_version
    assert not cellulite.ancillaries.exists()


@pytest.mark.django_db
def test_the_backfill_migration_restores_label_and_anaesthetic_on_an_older_library():
    import importlib

    from django.apps import apps

    from protocols.models import AncillaryProduct, ProtocolVersion

    migration = importlib.import_module(
        "protocols.migrations.0004_backfill_label_areas_and_anaesthetics"
    )
    load_reference_library()
    AncillaryProduct.objects.all().delete()  # as a library seeded before issue 11
    ProtocolVersion.objects.update(on_label_areas=[])
    migration.backfill(apps, None)
    kybella = Protocol.objects.get(slug="deoxycholic-acid-submental-kybella").current_version
    assert kybella.on_label_areas == ["submental"]
    with_numbing = set(AncillaryProduct.objects.values_list("version__protocol__slug", flat=True))
    assert with_numbing == {
        "ha-skin-booster-face",
        "ha-polyrevitalising-cocktail-face",
        "deoxycholic-acid-submental-kybella",
    }
    migration.backfill(apps, None)  # idempotent
    assert AncillaryProduct.objects.count() == 3
