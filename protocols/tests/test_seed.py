"""The seeded protocols: every value carries its source from the reference."""

import re

import pytest

from protocols import seed_data
from protocols.catalogues import ContraindicationTag
from protocols.models import Indication, Ingredient, Protocol, ProtocolVersion
from protocols.seed import load_reference_library

pytestmark = pytest.mark.django_db

SECTIONS = {
    "blend",
    "technique",
    "depth",
    "spacing",
    "volume",
    "course",
    "pre_care",
    "aftercare",
    "contraindications",
    "side_effects",
}


def test_loading_the_library_twice_creates_nothing_twice():
    first = load_reference_library()
    second = load_reference_library()
    assert first["protocols"] == len(seed_data.PROTOCOLS) >= 8
    assert second == {"indications": 0, "ingredients": 0, "protocols": 0, "patient_texts": 0}
    assert Protocol.objects.count() == len(seed_data.PROTOCOLS)
    assert ProtocolVersion.objects.count() == len(seed_data.PROTOCOLS)


def test_every_indication_has_at_least_two_protocols():
    load_reference_library()
    for indication in Indication.objects.all():
        assert indication.protocols.count() >= 2, indication


def test_every_seeded_value_names_its_source():
    load_reference_library()
    for version in ProtocolVersion.objects.all():
        keys = {source["key"] for source in version.sources}
        assert set(version.value_sources) >= SECTIONS, version
        cited = set()
        for text in [*version.value_sources.values(), version.evidence_summary]:
            cited |= set(re.findall(r"\[([A-Za-z0-9-]+)\]", text))
        assert cited - {"sic"} <= keys, (version, cited - keys)


def test_the_seed_never_overwrites_a_clinics_revision(clinic_admin):
    from protocols import services

    load_reference_library()
    protocol = Protocol.objects.get(slug=seed_data.PROTOCOLS[0]["slug"])
    content, blend = services.version_content(protocol.current_version)
    services.protocol_revise(
        protocol=protocol,
        content={**content, "needle_gauge": 30},
        blend=blend,
        change_note="Clinic preference.",
        by=clinic_admin,
    )
    load_reference_library()
    protocol.refresh_from_db()
    assert protocol.current_version.number == 2
    assert protocol.current_version.needle_gauge == 30


def test_phosphatidylcholine_carries_the_soy_allergy_tag():
    load_reference_library()
    ingredient = Ingredient.objects.get(name__startswith="Phosphatidylcholine")
    assert ContraindicationTag.ALLERGY_SOY in ingredient.contraindication_tags
