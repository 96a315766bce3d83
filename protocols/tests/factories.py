"""Builders for the protocol library: ingredients, protocols with a blend, products, lots."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from protocols import services
from protocols.forms import BlendFormSet, ProtocolVersionForm
from protocols.models import Indication, Ingredient, Lot, Product


class IndicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indication
        django_get_or_create = ["code"]

    code = "skin_rejuvenation"
    name = "Skin rejuvenation"


class IngredientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ingredient
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Ingredient {n}")
    ingredient_class = "vitamin"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Product {n}")
    maker = "Laboratoire Test"
    ingredient = factory.SubFactory(IngredientFactory)
    concentration = "20 mg/mL"
    volume_ml = Decimal("2")


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    product = factory.SubFactory(ProductFactory)
    lot_number = factory.Sequence(lambda n: f"L{n:05d}")
    expiry_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))
    quantity_received = 10
    quantity_remaining = 10


def version_content(**overrides) -> dict:
    """Valid content for a protocol version (a small HA skin-booster card)."""
    content = {
        "summary": "Micro-injections of non-cross-linked hyaluronic acid.",
        "evidence_level": "trial",
        "evidence_summary": "Split-face RCT against saline [T1].",
        "evidence_caveats": "",
        "technique": "micropapules",
        "needle_gauge": 32,
        "needle_length_mm": Decimal("4"),
        "depth_min_mm": Decimal("1.5"),
        "depth_max_mm": Decimal("2"),
        "spacing_min_mm": Decimal("5"),
        "spacing_max_mm": Decimal("10"),
        "volume_per_point_min_ml": Decimal("0.01"),
        "volume_per_point_max_ml": Decimal("0.05"),
        "max_total_volume_ml": Decimal("2"),
        "sessions_count": 3,
        "interval_min_days": 14,
        "interval_max_days": 28,
        "maintenance_interval_days": None,
        "review_after_days": 30,
        "treatment_areas": ["face"],
        "pre_care": ["Arrive without make-up."],
        "aftercare": ["No sun for 48 hours."],
        "absolute_contraindications": ["pregnancy"],
        "relative_contraindications": ["anticoagulant"],
        "side_effects": [{"effect": "Redness", "usual_duration": "hours"}],
        "consent_risk_text": "Bruising and swelling are common.",
        "sources": [{"key": "T1", "citation": "Baspeyras 2013"}],
        "value_sources": {"technique": "[T1]"},
    }
    content.update(overrides)
    return content


def blend(*ingredient_names, volume="1.0"):
    return [
        {
            "ingredient": IngredientFactory(name=name),
            "concentration": Decimal("14"),
            "concentration_unit": "mg/g",
            "volume_ml": Decimal(volume),
        }
        for name in (ingredient_names or ("Non-cross-linked hyaluronic acid",))
    ]


def make_protocol(slug="ha-booster", name="HA booster", by=None, **content_overrides):
    return services.protocol_create(
        slug=slug,
        name=name,
        indication=IndicationFactory(),
        content=version_content(**content_overrides),
        blend=blend(),
        by=by,
    )


def revise_post_data(version, **overrides):
    """What the revise page posts when the user changes `overrides` and keeps the rest."""
    content, components = services.version_content(version)
    form = ProtocolVersionForm(initial=content)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, list) and name in (
            "treatment_areas",
            "absolute_contraindications",
            "relative_contraindications",
        ):
            data[name] = value
        else:
            data[name] = field.prepare_value(value) if value is not None else ""
    data["change_note"] = "Tighter spacing after the team's review."
    formset = BlendFormSet(initial=components, prefix="blend")
    for key, value in formset.management_form.initial.items():
        data[f"blend-{key}"] = value
    data["blend-TOTAL_FORMS"] = len(components)
    for index, component in enumerate(components):
        data[f"blend-{index}-ingredient"] = component["ingredient"].pk
        data[f"blend-{index}-concentration"] = component["concentration"] or ""
        data[f"blend-{index}-concentration_unit"] = component["concentration_unit"]
        data[f"blend-{index}-volume_ml"] = component["volume_ml"]
    data.update(overrides)
    return data
