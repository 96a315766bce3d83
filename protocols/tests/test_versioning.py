"""A saved protocol version never changes: revising writes the next version, through every
path the app offers (services, the revise form, the admin)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.models import AuditEvent
from protocols import services
from protocols.models import BlendComponent, Protocol, ProtocolVersion
from protocols.tests.factories import blend, make_protocol, revise_post_data, version_content

pytestmark = pytest.mark.django_db


def test_creating_a_protocol_writes_version_1_and_makes_it_current(clinic_admin):
    protocol = make_protocol(by=clinic_admin)
    assert protocol.current_version.number == 1
    assert protocol.current_version.blend.count() == 1
    assert AuditEvent.objects.filter(action="protocol.created", actor=clinic_admin).exists()


def test_revising_writes_the_next_version_and_leaves_the_old_one_as_it_was(clinic_admin):
    protocol = make_protocol(by=clinic_admin)
    first = protocol.current_version
    second = services.protocol_revise(
        protocol=protocol,
        content=version_content(spacing_min_mm=Decimal("4"), spacing_max_mm=Decimal("6")),
        blend=blend(),
        change_note="Tighter spacing.",
        by=clinic_admin,
    )
    protocol.refresh_from_db()
    first.refresh_from_db()
    assert (second.number, protocol.current_version) == (2, second)
    assert first.spacing_min_mm == Decimal("5")
    assert second.spacing_min_mm == Decimal("4")
    assert list(protocol.versions.values_list("number", flat=True)) == [2, 1]


def test_a_saved_version_refuses_to_be_changed_through_the_model():
    version = make_protocol().current_version
    version.needle_gauge = 27
    with pytest.raises(ValidationError):
        version.save()
    assert ProtocolVersion.objects.get(pk=version.pk).needle_gauge == 32


def test_a_saved_blend_refuses_to_be_changed_or_deleted():
    version = make_protocol().current_version
    component = version.blend.get()
    component.volume_ml = Decimal("9")
    with pytest.raises(ValidationError):
        component.save()
    with pytest.raises(ValidationError):
        version.delete()
    assert BlendComponent.objects.get(pk=component.pk).volume_ml == Decimal("1.0")


def test_a_revision_needs_a_note_saying_what_changed(clinic_admin):
    protocol = make_protocol()
    with pytest.raises(ValidationError):
        services.protocol_revise(
            protocol=protocol,
            content=version_content(),
            blend=blend(),
            change_note=" ",
            by=clinic_admin,
        )
    assert protocol.versions.count() == 1


def test_a_retired_protocol_cannot_be_revised(clinic_admin):
    protocol = make_protocol()
    services.protocol_retire(protocol=protocol, by=clinic_admin)
    with pytest.raises(ValidationError):
        services.protocol_revise(
            protocol=protocol,
            content=version_content(),
            blend=blend(),
            change_note="x",
            by=clinic_admin,
        )


def test_the_revise_page_saves_a_new_version_and_keeps_the_old(client, clinic_admin):
    protocol = make_protocol()
    client.force_login(clinic_admin)
    data = revise_post_data(protocol.current_version, needle_gauge="30")
    response = client.post(reverse("protocols:revise", args=[protocol.slug]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    protocol.refresh_from_db()
    assert protocol.current_version.number == 2
    assert protocol.current_version.needle_gauge == 30
    assert protocol.versions.get(number=1).needle_gauge == 32


def test_the_admin_refuses_to_change_a_version(client, clinic_admin):
    version = make_protocol().current_version
    client.force_login(clinic_admin)
    url = reverse("admin:protocols_protocolversion_change", args=[version.pk])
    response = client.post(url, {"needle_gauge": 27})
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.needle_gauge == 32


def test_the_admin_offers_no_delete_for_versions(client, clinic_admin):
    version = make_protocol().current_version
    client.force_login(clinic_admin)
    url = reverse("admin:protocols_protocolversion_delete", args=[version.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert ProtocolVersion.objects.filter(pk=version.pk).exists()


def test_the_diff_lists_exactly_the_changed_fields(clinic_admin):
    protocol = make_protocol()
    first = protocol.current_version
    second = services.protocol_revise(
        protocol=protocol,
        content=version_content(needle_gauge=30, aftercare=["No sun for 72 hours."]),
        blend=blend(),
        change_note="Finer needle.",
        by=clinic_admin,
    )
    changes = {change["label"]: change for change in services.version_diff(first, second)}
    assert set(changes) == {"needle gauge (G)", "aftercare instructions"}
    assert changes["needle gauge (G)"]["old"] == "32"
    assert changes["needle gauge (G)"]["new"] == "30"


def test_the_diff_page_shows_both_versions(client, practitioner, clinic_admin):
    protocol = make_protocol()
    services.protocol_revise(
        protocol=protocol,
        content=version_content(needle_gauge=30),
        blend=blend(),
        change_note="Finer needle.",
        by=clinic_admin,
    )
    client.force_login(practitioner)
    page = client.get(reverse("protocols:diff", args=[protocol.slug]), {"a": 1, "b": 2})
    text = page.content.decode()
    assert "Changes from version 1 to version 2" in text
    assert "Needle gauge (G)" in text
    assert Protocol.objects.get(pk=protocol.pk).current_version.number == 2


def test_reordering_a_list_of_codes_is_not_a_change_and_codes_read_as_labels(clinic_admin):
    protocol = make_protocol(relative_contraindications=["anticoagulant", "nsaid"])
    first = protocol.current_version
    second = services.protocol_revise(
        protocol=protocol,
        content=version_content(
            relative_contraindications=["nsaid", "anticoagulant"],
            absolute_contraindications=["pregnancy", "breastfeeding"],
        ),
        blend=blend(),
        change_note="Breastfeeding too.",
        by=clinic_admin,
    )
    [change] = services.version_diff(first, second)
    assert change["label"] == "absolute contraindications"
    assert change["new"] == "Pregnancy\nBreastfeeding"
