"""Cumulative doses: per session, per course and over the patient's life, against the
ingredient's limits (pure), and as a chart counts them."""

from decimal import Decimal

import pytest

from patients.tests.factories import PatientFactory
from sessions.charting import charts
from sessions.charting import doses as charting_doses
from sessions.charting.doses import DoseLine, cumulative_doses
from sessions.tests.factories.charts import booked_session, dosed_lot, row, signed_chart
from sessions.tests.factories.courses import plan_for

pytestmark = pytest.mark.django_db


# --- Cumulative dose (pure) -------------------------------------------------------------------


def line(volume, amount_per_ml="20", ingredient_id=1, **extra):
    return DoseLine(
        product=extra.pop("product", "Caffeine 20 mg/mL"),
        volume_ml=Decimal(volume),
        amount_per_ml=Decimal(amount_per_ml) if amount_per_ml else None,
        ingredient_id=ingredient_id,
        ingredient=extra.pop("ingredient", "Caffeine"),
        unit="mg",
        max_per_session=extra.pop("max_per_session", Decimal("100")),
        max_cumulative=extra.pop("max_cumulative", Decimal("250")),
    )


def test_the_dose_is_volume_times_amount_per_ml_summed_per_ingredient():
    summary = cumulative_doses(
        this_session=[line("1.5"), line("0.5"), line("2", "5", ingredient_id=2, ingredient="DMAE")]
    )
    doses = {dose.name: dose for dose in summary.ingredients}
    assert doses["Caffeine"].this_session == Decimal("40")
    assert doses["DMAE"].this_session == Decimal("10")
    assert summary.total_volume_ml == Decimal("4")
    assert not summary.problems


def test_course_and_lifetime_add_earlier_rows_to_this_session():
    summary = cumulative_doses(
        this_session=[line("2")],
        earlier_in_course=[line("3")],
        earlier_lifetime=[line("3"), line("4"), line("9", ingredient_id=7)],
    )
    (dose,) = summary.ingredients
    assert (dose.this_session, dose.course, dose.lifetime) == (40, 100, 180)


def test_products_without_an_ingredient_or_an_amount_are_not_computable():
    summary = cumulative_doses(
        this_session=[
            line("1"),
            line("1", amount_per_ml=None, product="Blend X"),
            line("1", ingredient_id=None, product="Ready-made cocktail"),
        ],
        earlier_lifetime=[line("5", amount_per_ml=None)],
    )
    assert summary.not_computable == ["Blend X", "Ready-made cocktail"]
    (dose,) = summary.ingredients
    assert dose.this_session == 20
    assert dose.incomplete  # an earlier row could not be added: the lifetime is a lower bound
    assert summary.total_volume_ml == 3


def test_going_over_a_session_lifetime_or_volume_limit_is_a_problem():
    summary = cumulative_doses(
        this_session=[line("6")],
        earlier_lifetime=[line("7")],
        max_total_volume_ml=Decimal("5"),
    )
    assert summary.problems == [
        "The total volume, 6 mL, is over the protocol's maximum of 5 mL.",
        "Caffeine: 120 mg in this session, over the maximum of 100 mg.",
        "Caffeine: 260 mg in total for this patient, over the lifetime maximum of 250 mg.",
    ]


def test_the_chart_doses_count_signed_charts_of_the_course_and_of_the_patients_life(
    practitioner,
):
    lot = dosed_lot(per_session=None, lifetime=None)
    patient = PatientFactory()
    old_plan = plan_for(patient, practitioner, slug="old-course")
    plan = plan_for(patient, practitioner, slug="this-course")
    signed_chart(practitioner, plan=old_plan, weeks_ahead=1, products=[row(lot, "1")])
    signed_chart(practitioner, plan=plan, weeks_ahead=2, products=[row(lot, "2")])
    unsigned = booked_session(practitioner, plan=plan, weeks_ahead=3)
    charts.chart_save(treatment_session=unsigned, products=[row(lot, "4")], by=practitioner)
    current = booked_session(practitioner, plan=plan, weeks_ahead=4)
    chart = charts.chart_save(
        treatment_session=current, products=[row(lot, "0.5")], by=practitioner
    )

    summary = charting_doses.chart_doses(chart=chart, treatment_session=current)

    (dose,) = summary.ingredients
    assert dose.this_session == Decimal("10")
    assert dose.course == Decimal("50")  # + 2 mL of this course's signed chart
    assert dose.lifetime == Decimal("70")  # + 1 mL of the earlier course
    assert summary.unsigned_earlier == 1  # the unsigned chart is not counted, but flagged
