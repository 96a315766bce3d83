"""Starting a chart (which session may be charted) and the chart page: blend, adverse events,
measurements, refusals shown as form errors, warnings and a constant query count."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clinic.models import AuditEvent
from patients.models import Measurement
from patients.tests.factories import PatientFactory
from protocols.tests.factories import LotFactory
from sessions.charting import amendments, charts
from sessions.models import Chart, TreatmentSession
from sessions.scheduling import booking
from sessions.tests.factories.charts import CHECKLIST, booked_session, chart_post, chart_url, row
from sessions.tests.factories.scheduling import book, next_weekday

pytestmark = pytest.mark.django_db


# --- Starting a chart -------------------------------------------------------------------------


def test_starting_a_chart_checks_a_booked_patient_in_and_starts_the_session(practitioner):
    treatment_session = booked_session(practitioner)
    chart = charts.chart_start(treatment_session=treatment_session, by=practitioner)
    treatment_session.refresh_from_db()
    assert treatment_session.status == TreatmentSession.Status.IN_PROGRESS
    assert treatment_session.checked_in_at and treatment_session.started_at
    assert chart.areas == ["face"]  # from the plan
    assert charts.chart_start(treatment_session=treatment_session, by=practitioner) == chart
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"session.checked_in", "session.in_progress", "chart.started"} <= actions


def test_a_cancelled_session_cannot_be_charted(practitioner):
    treatment_session = booked_session(practitioner)
    booking.session_transition(
        treatment_session=treatment_session, to="cancelled", by=practitioner, reason="Ill"
    )
    with pytest.raises(ValidationError, match="This session is cancelled; it cannot be charted"):
        charts.chart_save(treatment_session=treatment_session, by=practitioner)


def test_a_session_in_the_future_cannot_be_charted_yet(practitioner):
    treatment_session = book(PatientFactory(), practitioner=practitioner, day=next_weekday(0, 1))
    with pytest.raises(ValidationError, match="it can be charted from that day"):
        charts.chart_save(treatment_session=treatment_session, by=practitioner)


def test_a_session_without_a_plan_is_charted_without_a_protocol_reference(client, practitioner):
    treatment_session = book(
        PatientFactory(), practitioner=practitioner, kind="review", day=next_weekday(0, -1)
    )
    charts.chart_save(
        treatment_session=treatment_session,
        data=CHECKLIST,
        products=[row(LotFactory(), "5")],  # no protocol: no volume maximum to break
        by=practitioner,
    )
    client.force_login(practitioner)
    page = client.get(chart_url(treatment_session)).content.decode()
    assert 'data-testid="chart-protocol"' not in page
    charts.chart_sign(chart=Chart.objects.get(), by=practitioner)
    assert Chart.objects.get().is_signed


# --- The chart page ---------------------------------------------------------------------------


def test_the_chart_page_saves_blend_events_and_measurements(client, practitioner):
    treatment_session = booked_session(practitioner)
    lot = LotFactory(quantity_remaining=5)
    client.force_login(practitioner)
    response = client.post(
        chart_url(treatment_session),
        chart_post(
            products=[{"lot": lot.pk, "volume_ml": "1.5", "units_used": "2"}],
            events=[
                {"type": "bruising", "severity": "mild", "action_taken": "Cold compress"},
            ],
            measurements=[{"scale": "gais_practitioner", "area": "face", "value": "2"}],
            areas=["face", "neck"],
            technique="nappage",
            injection_points="60",
            notes="Well tolerated",
            **CHECKLIST,
        ),
    )
    assert response.status_code == 302
    chart = Chart.objects.get()
    assert chart.areas == ["face", "neck"] and chart.consent_on_file
    assert chart.products.get().volume_ml == Decimal("1.5")
    assert chart.adverse_events.get().recorded_by == practitioner
    measurement = Measurement.objects.get()
    assert measurement.treatment_session == treatment_session
    assert measurement.patient == treatment_session.patient
    lot.refresh_from_db()
    assert lot.quantity_remaining == 3
    page = client.get(chart_url(treatment_session)).content.decode()
    assert "1.5 mL" in page


def test_the_chart_page_shows_the_lot_refusal_and_saves_nothing(client, practitioner):
    treatment_session = booked_session(practitioner)
    expired = LotFactory(
        lot_number="OLD-9",
        expiry_date=charts.session_day(treatment_session) - datetime.timedelta(days=3),
    )
    client.force_login(practitioner)
    response = client.post(
        chart_url(treatment_session),
        chart_post(products=[{"lot": expired.pk, "volume_ml": "1", "units_used": "1"}]),
    )
    assert response.status_code == 200
    assert "Lot OLD-9 of" in response.content.decode()
    assert not Chart.objects.exists()


def test_the_lot_list_offers_only_usable_lots(client, practitioner):
    treatment_session = booked_session(practitioner)
    day = charts.session_day(treatment_session)
    LotFactory(lot_number="GOOD-1")
    LotFactory(lot_number="OLD-1", expiry_date=day - datetime.timedelta(days=1))
    LotFactory(lot_number="EMPTY-1", quantity_remaining=0)
    client.force_login(practitioner)
    page = client.get(chart_url(treatment_session)).content.decode()
    assert "lot GOOD-1" in page
    assert "lot OLD-1" not in page and "lot EMPTY-1" not in page


def test_a_measurement_outside_its_scale_is_refused(client, practitioner):
    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    response = client.post(
        chart_url(treatment_session),
        chart_post(measurements=[{"scale": "gais_practitioner", "area": "", "value": "9"}]),
    )
    assert "The highest value on this scale is 5." in response.content.decode()
    assert not Measurement.objects.exists()


def test_the_chart_shows_the_plans_protocol_and_override_reasons(client, practitioner):
    treatment_session = booked_session(practitioner)
    plan = treatment_session.plan
    plan.override_reasons = {"anticoagulant": {"label": "Anticoagulant", "reason": "INR fine"}}
    plan.save(update_fields=["override_reasons"])
    client.force_login(practitioner)
    page = client.get(chart_url(treatment_session)).content.decode()
    assert "version 1" in page
    assert "INR fine" in page


def test_going_over_the_protocol_volume_shows_a_warning(client, practitioner):
    treatment_session = booked_session(practitioner)
    charts.chart_save(
        treatment_session=treatment_session, products=[row(LotFactory(), "3")], by=practitioner
    )
    client.force_login(practitioner)
    page = client.get(chart_url(treatment_session)).content.decode()
    assert "The total volume, 3 mL, is over the protocol&#x27;s maximum of 2 mL." in page


@pytest.mark.parametrize("rows", [1, 6])
def test_the_chart_page_has_a_constant_number_of_queries(
    client, practitioner, django_assert_max_num_queries, rows
):
    treatment_session = booked_session(practitioner)
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data=CHECKLIST,
        products=[row(LotFactory()) for _ in range(rows)],
        adverse_events=[{"type": "bruising", "severity": "mild", "action_taken": "Cold pack"}]
        * rows,
        measurements=[{"scale": "gais_practitioner", "value": Decimal(2)}] * rows,
        by=practitioner,
    )
    client.force_login(practitioner)
    # While it is edited: forms and lot choices; the patient's medicines (the checklist) and
    # allergies (the banner); the injection map (its areas, their marks).
    with django_assert_max_num_queries(25):
        assert client.get(chart_url(treatment_session)).status_code == 200

    charts.chart_sign(chart=chart, by=practitioner, dose_override_reason="Large area")
    for index in range(rows):
        amendments.chart_amend(
            chart=chart,
            reason=f"Correction {index}",
            changes={"notes": f"Notes {index}"},
            adverse_event={"type": "bruising", "severity": "mild", "action_taken": "Arnica"},
            by=practitioner,
        )
    with django_assert_max_num_queries(23):  # signed, with amendments
        assert client.get(chart_url(treatment_session)).status_code == 200
