"""Amendments correct lots and volumes too (issue 12): the blend row is corrected, the lots'
stock moves back and forth, the map's marks follow, before and after kept and audited."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinic.models import AuditEvent
from protocols.models import Lot
from protocols.tests.factories import LotFactory
from sessions.charting import amendments, charts, maps
from sessions.models import ChartAmendment, ChartArea, ChartProduct, MapMark
from sessions.tests.factories.charts import (
    CHECKLIST,
    booked_session,
    chart_post,
    chart_url,
    row,
)

pytestmark = pytest.mark.django_db


def signed_mapped_chart(practitioner, *, volume="2", count=10, lots=None):
    """A signed face chart: one blend row per lot (`volume` mL, 1 unit each), each lot's
    volume spread over `count` points of the face."""
    lots = lots or [LotFactory(lot_number="OLD-1")]
    treatment_session = booked_session(practitioner)
    marks = []
    for lot in lots:
        marks += maps.points_on_area(area="face", lot=lot, count=count, volume_ml=volume)
    total = Decimal(volume) * len(lots)
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data={**CHECKLIST, "areas": ["face"]},
        products=[row(lot, volume) for lot in lots],
        injection_map=([{"area": "face", "volume_ml": str(total)}], marks),
        by=practitioner,
    )
    return charts.chart_sign(chart=chart, by=practitioner), lots


def correction(chart, **changes):
    product = chart.products.get()
    return [
        {
            "id": product.pk,
            "lot": product.lot_id,
            "volume_ml": product.volume_ml,
            "units_used": product.units_used,
            **changes,
        }
    ]


def stock(lot):
    return Lot.objects.get(pk=lot.pk).quantity_remaining


def test_a_wrong_lot_is_corrected_stock_moves_back_and_the_marks_follow(practitioner):
    chart, (old,) = signed_mapped_chart(practitioner)
    new = LotFactory(product=old.product, lot_number="NEW-2")
    assert (stock(old), stock(new)) == (9, 10)

    amendment = amendments.chart_amend(
        chart=chart,
        reason="Wrong vial scanned",
        products=correction(chart, lot=new.pk),
        by=practitioner,
    )

    assert (stock(old), stock(new)) == (10, 9)
    assert ChartProduct.objects.get(chart=chart).lot == new  # recall finds the right patient
    assert set(MapMark.objects.values_list("lot", flat=True)) == {new.pk}
    products = amendment.changes["products"]
    assert products["before"][0]["lot_number"] == "OLD-1"
    assert products["after"][0]["lot_number"] == "NEW-2"
    assert products["stock"] == [
        {"lot": old.pk, "lot_number": "OLD-1", "units": 1},
        {"lot": new.pk, "lot_number": "NEW-2", "units": -1},
    ]
    marks = amendment.changes["map_marks"]
    assert len(marks["before"]) == len(marks["after"]) == 10
    assert {m["lot_number"] for m in marks["before"]} == {"OLD-1"}
    assert {m["lot_number"] for m in marks["after"]} == {"NEW-2"}
    event = AuditEvent.objects.get(action="chart.products_corrected")
    assert event.details["amendment"] == amendment.pk
    assert event.details["marks_changed"] == 10
    assert event.details["products"]["after"][0]["lot_number"] == "NEW-2"
    assert event.patient_id == chart.treatment_session.patient_id


def test_a_corrected_volume_rescales_the_lots_marks_and_the_area_total(practitioner):
    chart, (lot,) = signed_mapped_chart(practitioner, volume="2", count=3)
    amendment = amendments.chart_amend(
        chart=chart,
        reason="Drew 2.5 mL, not 2",
        products=correction(chart, volume_ml=Decimal("2.5")),
        by=practitioner,
    )
    volumes = sorted(MapMark.objects.values_list("volume_ml", flat=True))
    assert sum(volumes) == Decimal("2.5")
    assert all(volume >= Decimal("0.8") for volume in volumes)
    assert ChartArea.objects.get(chart=chart).volume_ml == Decimal("2.5")
    assert amendment.changes["products"]["before"][0]["volume_ml"] == "2"
    assert amendment.changes["products"]["after"][0]["volume_ml"] == "2.5"
    assert amendment.changes["products"]["stock"] == []  # same lot, same units
    assert len(amendment.changes["map_marks"]["after"]) == 3
    assert stock(lot) == 9


def test_more_vials_take_more_stock_and_too_many_is_an_error_naming_the_lot(practitioner):
    chart, (lot,) = signed_mapped_chart(practitioner)
    amendments.chart_amend(
        chart=chart, reason="Two vials", products=correction(chart, units_used=3), by=practitioner
    )
    assert stock(lot) == 7
    with pytest.raises(ValidationError, match=r"Only 7 units of lot OLD-1 \("):
        amendments.chart_amend(
            chart=chart,
            reason="Typo",
            products=correction(chart, units_used=30),
            by=practitioner,
        )
    assert stock(lot) == 7
    assert ChartAmendment.objects.count() == 1


def test_an_expired_or_unknown_lot_is_refused_and_nothing_moves(practitioner):
    chart, (lot,) = signed_mapped_chart(practitioner)
    expired = LotFactory(
        lot_number="EXP-9", expiry_date=timezone.localdate() - datetime.timedelta(days=400)
    )
    with pytest.raises(ValidationError, match="Lot EXP-9 of .* expired on"):
        amendments.chart_amend(
            chart=chart,
            reason="Other vial",
            products=correction(chart, lot=expired.pk),
            by=practitioner,
        )
    with pytest.raises(ValidationError, match="Unknown lot"):
        amendments.chart_amend(
            chart=chart, reason="x", products=correction(chart, lot=999_999), by=practitioner
        )
    assert (stock(lot), stock(expired)) == (9, 10)
    assert not ChartAmendment.objects.exists()


def test_a_volume_too_small_for_the_marks_is_an_error_naming_both_totals(practitioner):
    chart, _lots = signed_mapped_chart(practitioner, count=10)
    with pytest.raises(ValidationError) as error:
        amendments.chart_amend(
            chart=chart,
            reason="x",
            products=correction(chart, volume_ml=Decimal("0.005")),
            by=practitioner,
        )
    assert error.value.messages == [
        f"{chart.products.get().lot.product.name} (lot OLD-1): the corrected blend says "
        "0.005 mL but the map's 10 marks of that lot add up to 2 mL, and cannot be rescaled "
        "to it."
    ]
    assert ChartProduct.objects.get(chart=chart).volume_ml == Decimal("2")


def test_one_of_two_rows_of_a_lot_moved_to_another_lot_cannot_be_guessed_on_the_map(
    practitioner,
):
    lot = LotFactory(lot_number="OLD-1")
    treatment_session = booked_session(practitioner)
    marks = maps.points_on_area(area="face", lot=lot, count=4, volume_ml="2")
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data={**CHECKLIST, "areas": ["face"]},
        products=[row(lot, "1"), row(lot, "1")],
        injection_map=([{"area": "face", "volume_ml": "2"}], marks),
        by=practitioner,
    )
    chart = charts.chart_sign(chart=chart, by=practitioner)
    first = chart.products.order_by("pk").first()
    other = LotFactory(lot_number="NEW-2")
    with pytest.raises(ValidationError, match="the map cannot tell which marks changed lot"):
        amendments.chart_amend(
            chart=chart,
            reason="x",
            products=[{"id": first.pk, "lot": other.pk, "volume_ml": "1", "units_used": 1}],
            by=practitioner,
        )


def test_the_amend_page_corrects_a_lot_and_shows_before_and_after(client, practitioner):
    chart, (old,) = signed_mapped_chart(practitioner)
    new = LotFactory(product=old.product, lot_number="NEW-2")
    product = chart.products.get()
    client.force_login(practitioner)
    url = chart_url(chart.treatment_session, "treatments:chart_amend")
    page = client.get(url).content.decode()
    assert 'name="p-0-lot"' in page and "NEW-2" in page
    post = chart_post(
        products=[{"id": product.pk, "lot": new.pk, "volume_ml": "2", "units_used": "1"}],
        reason="Wrong vial scanned",
    )
    post["p-INITIAL_FORMS"] = "1"
    response = client.post(url, post)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert stock(new) == 9
    page = client.get(chart_url(chart.treatment_session)).content.decode()
    assert "OLD-1" in page and "NEW-2" in page
    assert "10 marks" in page


def test_the_amend_page_shows_an_expired_lot_as_a_form_error(client, practitioner):
    chart, _lots = signed_mapped_chart(practitioner)
    expired = LotFactory(
        lot_number="EXP-9", expiry_date=timezone.localdate() - datetime.timedelta(days=400)
    )
    product = chart.products.get()
    client.force_login(practitioner)
    url = chart_url(chart.treatment_session, "treatments:chart_amend")
    post = chart_post(
        products=[{"id": product.pk, "lot": expired.pk, "volume_ml": "2", "units_used": "1"}],
        reason="Other vial",
    )
    post["p-INITIAL_FORMS"] = "1"
    response = client.post(url, post)
    assert response.status_code == 200
    assert response.content.decode().count("Lot EXP-9 of") == 1
    assert not ChartAmendment.objects.exists()
