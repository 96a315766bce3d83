"""Nothing the reference rules out reaches the patient through the chart (issue 11): a
recalled or quarantined lot is never offered, saved or signed; a product with an ingredient
the patient is allergic to is refused, naming both."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from patients.models import SiteCondition
from patients.tests.factories import record_history
from protocols import services as protocol_services
from protocols.tests.factories import IngredientFactory, LotFactory, ProductFactory
from sessions.charting import charts
from sessions.followups import recall
from sessions.tests.factories.charts import CHECKLIST, booked_session, row

pytestmark = pytest.mark.django_db


def _lidocaine_lot():
    lidocaine = IngredientFactory(
        name="Lidocaine",
        ingredient_class="anaesthetic",
        contraindication_tags=["allergy_lidocaine"],
    )
    return LotFactory(product=ProductFactory(name="Xylocaine 2%", ingredient=lidocaine))


def test_a_recalled_lot_is_not_offered_and_cannot_be_charted(client, practitioner, clinic_admin):
    treatment_session = booked_session(practitioner)
    lot = LotFactory(lot_number="RC-1")
    recall.lot_recall_start(lot=lot, reason="Sterility doubt", by=clinic_admin)
    client.force_login(practitioner)
    page = client.get(reverse("treatments:chart", args=[treatment_session.pk]))
    assert "RC-1" not in page.content.decode()
    with pytest.raises(ValidationError) as refused:
        charts.chart_save(treatment_session=treatment_session, products=[row(lot)], by=practitioner)
    assert (
        "Lot RC-1" in refused.value.messages[0] and "Sterility doubt" in refused.value.messages[0]
    )


def test_a_chart_whose_lot_is_recalled_before_signing_cannot_be_signed(practitioner, clinic_admin):
    treatment_session = booked_session(practitioner)
    lot = LotFactory(lot_number="RC-2")
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data={**CHECKLIST, "injection_points": 20},
        products=[row(lot)],
        by=practitioner,
    )
    protocol_services.lot_recall_mark(lot=lot, reason="Supplier recall", by=clinic_admin)
    with pytest.raises(ValidationError, match="Lot RC-2 .*cannot be used"):
        charts.chart_sign(chart=chart, by=practitioner)
    with pytest.raises(ValidationError, match="Lot RC-2"):  # not even the row saved before
        charts.chart_save(treatment_session=treatment_session, products=[row(lot)], by=practitioner)


def test_a_quarantined_lot_is_refused_like_a_recalled_one(practitioner, clinic_admin):
    treatment_session = booked_session(practitioner)
    lot = LotFactory(lot_number="Q-1")
    protocol_services.lot_quarantine(lot=lot, reason="Cold chain broken", by=clinic_admin)
    with pytest.raises(ValidationError, match="Q-1.*Quarantined"):
        charts.chart_save(treatment_session=treatment_session, products=[row(lot)], by=practitioner)


def test_a_lidocaine_anaesthetic_is_refused_for_a_patient_allergic_to_it(practitioner):
    treatment_session = booked_session(practitioner)
    record_history(treatment_session.patient, by=practitioner, allergies=["allergy_lidocaine"])
    with pytest.raises(ValidationError) as refused:
        charts.chart_save(
            treatment_session=treatment_session, products=[row(_lidocaine_lot())], by=practitioner
        )
    [message] = refused.value.messages
    assert "Lidocaine" in message and "Xylocaine 2%" in message


def test_the_same_anaesthetic_is_charted_for_a_patient_without_that_allergy(practitioner):
    treatment_session = booked_session(practitioner)
    record_history(treatment_session.patient, by=practitioner, allergies=[])
    chart = charts.chart_save(
        treatment_session=treatment_session, products=[row(_lidocaine_lot())], by=practitioner
    )
    assert chart.products.count() == 1


def _infection_at(treatment_session, areas, by):
    """Inflamed skin recorded two days before the session, not resolved."""
    return SiteCondition.objects.create(
        patient=treatment_session.patient,
        kind=SiteCondition.Kind.INFECTION,
        areas=areas,
        on=charts.session_day(treatment_session) - datetime.timedelta(days=2),
        recorded_by=by,
    )


def test_charting_an_area_with_a_recorded_infection_is_refused(practitioner):
    treatment_session = booked_session(practitioner)
    _infection_at(treatment_session, ["face"], practitioner)
    with pytest.raises(ValidationError, match="infection or inflammation at the site"):
        charts.chart_save(
            treatment_session=treatment_session,
            data={"areas": ["face"]},
            by=practitioner,
        )


def test_the_same_infection_at_another_site_does_not_stop_the_chart(practitioner):
    treatment_session = booked_session(practitioner)
    _infection_at(treatment_session, ["thighs"], practitioner)
    chart = charts.chart_save(
        treatment_session=treatment_session, data={"areas": ["face"]}, by=practitioner
    )
    assert chart.areas == ["face"]


def test_a_lidocaine_cream_written_as_the_anaesthetic_is_refused_for_an_allergic_patient(
    practitioner,
):
    _lidocaine_lot()  # the library knows lidocaine and its allergy tag
    treatment_session = booked_session(practitioner)
    record_history(treatment_session.patient, by=practitioner, allergies=["allergy_lidocaine"])
    with pytest.raises(ValidationError, match="allergic to Lidocaine"):
        charts.chart_save(
            treatment_session=treatment_session,
            data={"anaesthesia_product": "Lidocaine 4% cream, 30 min"},
            by=practitioner,
        )
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data={"anaesthesia_product": "Ice pack"},
        by=practitioner,
    )
    assert chart.anaesthesia_product == "Ice pack"
