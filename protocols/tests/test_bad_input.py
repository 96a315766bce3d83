"""Bad input is a clear form error naming the field, and nothing is half-saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from protocols.models import Lot, Product, ProtocolVersion
from protocols.tests.factories import LotFactory, ProductFactory, make_protocol, revise_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def revise(client, clinic_admin):
    protocol = make_protocol()
    client.force_login(clinic_admin)

    def post(**overrides):
        data = revise_post_data(protocol.current_version, **overrides)
        return client.post(reverse("protocols:revise", args=[protocol.slug]), data)

    return post


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"volume_per_point_max_ml": "0"},
            "volume_per_point_max_ml",
            "greater than or equal to 0.001",
        ),
        (
            {"volume_per_point_min_ml": "-0.02"},
            "volume_per_point_min_ml",
            "greater than or equal to 0.001",
        ),
        ({"max_total_volume_ml": "0"}, "max_total_volume_ml", "greater than or equal to 0.01"),
        ({"blend-0-volume_ml": "-1"}, "blend-0-volume_ml", "greater than or equal to 0.001"),
        ({"spacing_max_mm": "500"}, "spacing_max_mm", "less than or equal to 50"),
        ({"depth_max_mm": "6"}, "depth_max_mm", "greater than the needle"),
        (
            {"depth_min_mm": "3", "depth_max_mm": "2"},
            "depth_max_mm",
            "shallower than the shallowest",
        ),
        ({"interval_min_days": "0"}, "interval_min_days", "greater than or equal to 1"),
        (
            {"interval_min_days": "30", "interval_max_days": "14"},
            "interval_max_days",
            "shorter than the shortest",
        ),
        ({"needle_gauge": "60"}, "needle_gauge", "less than or equal to 34"),
        ({"treatment_areas": []}, "treatment_areas", "This field is required"),
        ({"sources": "Baspeyras without a key"}, "sources", 'write "key | citation"'),
    ],
)
def test_bad_protocol_values_are_refused_with_a_message_on_the_field(
    revise, overrides, field, message
):
    response = revise(**overrides)
    assert response.status_code == 200
    page = response.content.decode()
    version_form = response.context["version_form"]
    blend_formset = response.context["blend_formset"]
    if field.startswith("blend-"):
        errors = blend_formset.forms[0].errors["volume_ml"]
    else:
        errors = version_form.errors.get(field, [])
    assert any(message in error for error in errors), version_form.errors
    assert "Nothing was saved" in page
    assert ProtocolVersion.objects.count() == 1


def test_a_blend_with_no_ingredient_is_refused(revise):
    response = revise(
        **{
            "blend-0-ingredient": "",
            "blend-0-concentration": "",
            "blend-0-concentration_unit": "",
            "blend-0-volume_ml": "",
        }
    )
    assert "A blend needs at least one ingredient." in response.content.decode()
    assert ProtocolVersion.objects.count() == 1


def test_removing_every_blend_row_is_refused(revise):
    response = revise(**{"blend-0-DELETE": "on"})
    assert "A blend needs at least one ingredient." in response.content.decode()
    assert ProtocolVersion.objects.count() == 1


def test_the_same_tag_cannot_be_absolute_and_relative(revise):
    response = revise(relative_contraindications=["pregnancy"])
    assert "cannot be both absolute and relative" in response.content.decode()
    assert ProtocolVersion.objects.count() == 1


def lot_data(product, **overrides):
    data = {
        "product": product.pk,
        "lot_number": "A123",
        "expiry_date": (timezone.localdate() + datetime.timedelta(days=200)).isoformat(),
        "quantity_received": "10",
        "quantity_remaining": "",
        "received_on": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return data


def test_receiving_a_lot_fills_its_remaining_quantity(client, clinic_admin):
    product = ProductFactory()
    client.force_login(clinic_admin)
    response = client.post(reverse("protocols:lot_create"), lot_data(product))
    assert response.status_code == 302
    assert Lot.objects.get().quantity_remaining == 10


def test_an_expired_lot_cannot_be_received(client, clinic_admin):
    product = ProductFactory()
    client.force_login(clinic_admin)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("protocols:lot_create"), lot_data(product, expiry_date=yesterday)
    )
    assert "expiry_date" in response.context["form"].errors
    assert "it cannot be received" in response.content.decode()
    assert not Lot.objects.exists()


def test_a_duplicate_lot_number_for_the_same_product_is_refused(client, clinic_admin):
    lot = LotFactory(lot_number="A123")
    client.force_login(clinic_admin)
    response = client.post(reverse("protocols:lot_create"), lot_data(lot.product))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Lot.objects.count() == 1


def test_the_same_lot_number_is_fine_for_another_product(client, clinic_admin):
    LotFactory(lot_number="A123")
    client.force_login(clinic_admin)
    response = client.post(reverse("protocols:lot_create"), lot_data(ProductFactory()))
    assert response.status_code == 302
    assert Lot.objects.filter(lot_number="A123").count() == 2


def test_more_units_remaining_than_received_is_refused(client, clinic_admin):
    lot = LotFactory()
    client.force_login(clinic_admin)
    data = lot_data(
        lot.product,
        lot_number=lot.lot_number,
        quantity_remaining="11",
        expiry_date=lot.expiry_date.isoformat(),
    )
    response = client.post(reverse("protocols:lot_edit", args=[lot.pk]), data)
    assert "More units remain than were received." in response.content.decode()
    lot.refresh_from_db()
    assert lot.quantity_remaining == 10


def test_a_product_with_a_zero_volume_is_refused(client, clinic_admin):
    client.force_login(clinic_admin)
    response = client.post(
        reverse("protocols:product_create"),
        {"name": "Vial", "maker": "Lab", "volume_ml": "0", "form": "vial"},
    )
    assert "volume_ml" in response.context["form"].errors
    assert not Product.objects.exists()
