"""The blend's lots and their stock: expired and archived lots refused, units taken and given
back as rows change, never below zero, and two charts racing for the last vial."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from clinic import dates as human_dates
from protocols.tests.factories import LotFactory
from sessions.charting import charts
from sessions.models import Chart, ChartProduct, TreatmentSession
from sessions.tests.factories.charts import booked_session, row
from tests.support import make_user

pytestmark = pytest.mark.django_db


# --- Blend, lots and stock --------------------------------------------------------------------


def test_an_expired_lot_is_refused_naming_the_lot_and_its_expiry(practitioner):
    treatment_session = booked_session(practitioner)
    day = charts.session_day(treatment_session)
    lot = LotFactory(lot_number="EXP-1", expiry_date=day - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        charts.chart_save(treatment_session=treatment_session, products=[row(lot)], by=practitioner)
    assert refused.value.messages == [
        f"Lot EXP-1 of {lot.product.name} expired on {human_dates.day(lot.expiry_date)}; "
        f"the session is on {human_dates.day(day)}."
    ]
    lot.refresh_from_db()
    assert lot.quantity_remaining == 10
    assert not Chart.objects.exists()  # nothing at all was saved
    assert (
        TreatmentSession.objects.get(pk=treatment_session.pk).status
        == TreatmentSession.Status.BOOKED
    )


def test_a_lot_expiring_on_the_session_day_can_still_be_used(practitioner):
    treatment_session = booked_session(practitioner)
    lot = LotFactory(expiry_date=charts.session_day(treatment_session))
    chart = charts.chart_save(
        treatment_session=treatment_session, products=[row(lot)], by=practitioner
    )
    assert chart.products.get().lot == lot


def test_a_lot_of_an_archived_product_is_refused(practitioner):
    treatment_session = booked_session(practitioner)
    lot = LotFactory(lot_number="ARCH-1", product__archived_at=timezone.now())
    with pytest.raises(ValidationError, match="Lot ARCH-1 .* which is archived"):
        charts.chart_save(treatment_session=treatment_session, products=[row(lot)], by=practitioner)


def test_saving_takes_units_from_the_lot_and_changing_or_removing_rows_gives_them_back(
    practitioner,
):
    treatment_session = booked_session(practitioner)
    lot, other = LotFactory(quantity_remaining=10), LotFactory(quantity_remaining=10)

    chart = charts.chart_save(
        treatment_session=treatment_session, products=[row(lot, units=3)], by=practitioner
    )
    lot.refresh_from_db()
    assert lot.quantity_remaining == 7

    existing = chart.products.get()
    charts.chart_save(
        treatment_session=treatment_session,
        products=[row(lot, units=1, id=existing.pk), row(other, units=2)],
        by=practitioner,
    )
    lot.refresh_from_db(), other.refresh_from_db()
    assert (lot.quantity_remaining, other.quantity_remaining) == (9, 8)

    charts.chart_save(treatment_session=treatment_session, products=[], by=practitioner)
    lot.refresh_from_db(), other.refresh_from_db()
    assert (lot.quantity_remaining, other.quantity_remaining) == (10, 10)
    assert not ChartProduct.objects.exists()


def test_saving_an_unchanged_blend_again_takes_nothing_more(practitioner):
    treatment_session = booked_session(practitioner)
    lot = LotFactory(quantity_remaining=1)
    chart = charts.chart_save(
        treatment_session=treatment_session, products=[row(lot)], by=practitioner
    )
    kept = chart.products.get()
    charts.chart_save(
        treatment_session=treatment_session,
        data={"notes": "Second save"},
        products=[row(lot, id=kept.pk)],
        by=practitioner,
    )
    lot.refresh_from_db()
    assert lot.quantity_remaining == 0


def test_stock_never_goes_below_zero(practitioner):
    treatment_session = booked_session(practitioner)
    lot = LotFactory(lot_number="LAST-2", quantity_remaining=2)
    with pytest.raises(ValidationError) as refused:
        charts.chart_save(
            treatment_session=treatment_session, products=[row(lot, units=3)], by=practitioner
        )
    assert refused.value.messages == [f"Only 2 units of lot LAST-2 ({lot.product.name}) remain."]
    lot.refresh_from_db()
    assert lot.quantity_remaining == 2
    assert not ChartProduct.objects.exists()


def _charting_threads(targets):
    """Run each target in its own thread (own database connection); collect the outcomes."""
    outcomes = {}

    def run(name, target):
        try:
            target()
            outcomes[name] = "saved"
        except ValidationError as error:
            outcomes[name] = error.messages
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in targets.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _skip_unless_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Row locks need PostgreSQL: run with DATABASE_URL=postgres://... "
            "(SQLite takes one writer at a time, so there is no race to test)."
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_charts_taking_the_last_vial_at_once_exactly_one_wins(transactional_db):
    _skip_unless_postgresql()
    practitioner = make_user("practitioner", username="racer")
    lot = LotFactory(lot_number="LAST-1", quantity_received=1, quantity_remaining=1)
    treatment_sessions = [booked_session(practitioner, hour=hour) for hour in (10, 12)]
    start = threading.Barrier(2)

    def chart(treatment_session):
        def target():
            start.wait(timeout=10)
            charts.chart_save(
                treatment_session=treatment_session, products=[row(lot)], by=practitioner
            )

        return target

    outcomes = _charting_threads({ts.pk: chart(ts) for ts in treatment_sessions})

    assert sorted(map(str, outcomes.values())) == [
        str([f"Only 0 units of lot LAST-1 ({lot.product.name}) remain."]),
        "saved",
    ]
    lot.refresh_from_db()
    assert lot.quantity_remaining == 0
    assert ChartProduct.objects.filter(lot=lot).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_chart_waits_for_the_lot_another_chart_is_taking_then_is_refused(transactional_db):
    """Deterministic interleaving: the first transaction holds the lot while the second
    starts; the second must wait for the commit and then see no stock left."""
    _skip_unless_postgresql()
    practitioner = make_user("practitioner", username="holder")
    lot = LotFactory(lot_number="LAST-1", quantity_received=1, quantity_remaining=1)
    first, second = (booked_session(practitioner, hour=hour) for hour in (10, 12))
    holding, release = threading.Event(), threading.Event()
    finished = {}

    def take_and_hold():
        with transaction.atomic():
            charts.chart_save(treatment_session=first, products=[row(lot)], by=practitioner)
            holding.set()
            release.wait(timeout=10)
        finished["first"] = time.monotonic()

    def take_while_held():
        holding.wait(timeout=10)
        try:
            charts.chart_save(treatment_session=second, products=[row(lot)], by=practitioner)
        finally:
            finished["second"] = time.monotonic()

    def let_go():
        holding.wait(timeout=10)
        time.sleep(0.5)  # the second chart is now blocked on the lot's row lock
        finished["released"] = time.monotonic()
        release.set()

    outcomes = _charting_threads(
        {"first": take_and_hold, "second": take_while_held, "release": let_go}
    )

    assert outcomes["first"] == "saved"
    assert outcomes["second"] == [f"Only 0 units of lot LAST-1 ({lot.product.name}) remain."]
    assert finished["second"] >= finished["released"]  # it waited for the first to commit
    lot.refresh_from_db()
    assert lot.quantity_remaining == 0
