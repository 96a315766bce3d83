"""Amending a signed chart: the original kept, amendments chained, reasons required, and adverse
events added after signing."""

import pytest
from django.core.exceptions import ValidationError

from clinic.models import AuditEvent
from sessions.charting import amendments, charts
from sessions.models import AdverseEvent, ChartAmendment
from sessions.tests.factories.charts import booked_session, chart_url, signed_chart

pytestmark = pytest.mark.django_db


# --- Amendments -------------------------------------------------------------------------------


def test_an_amendment_keeps_the_original_and_the_page_shows_both(client, practitioner):
    chart = signed_chart(practitioner)
    client.force_login(practitioner)
    url = chart_url(chart.treatment_session, "treatments:chart_amend")
    response = client.post(
        url,
        {
            "reason": "Typo in the point count",
            "injection_points": "42",
            "notes": "Tolerated well.",
            "technique": "",
        },
    )
    assert response.status_code == 302

    chart.refresh_from_db()
    assert chart.injection_points == 40  # the original stays in the chart
    amendment = ChartAmendment.objects.get()
    assert amendment.author == practitioner
    assert amendment.changes == {"injection_points": {"before": 40, "after": 42}}
    page = client.get(chart_url(chart.treatment_session)).content.decode()
    assert 'data-testid="chart-injection-points">40<' in page
    assert "Typo in the point count" in page
    assert '<td class="diff-old">40</td><td class="diff-new">42</td>' in page
    assert AuditEvent.objects.filter(action="chart.amended", actor=practitioner).exists()


def test_a_second_amendment_starts_from_the_amended_value(practitioner):
    chart = signed_chart(practitioner)
    amendments.chart_amend(
        chart=chart, reason="First", changes={"notes": "Better notes"}, by=practitioner
    )
    second = amendments.chart_amend(
        chart=chart, reason="Second", changes={"notes": "Best notes"}, by=practitioner
    )
    assert second.changes == {"notes": {"before": "Better notes", "after": "Best notes"}}
    chart.refresh_from_db()
    assert chart.notes == "Tolerated well."


def test_an_amendment_needs_a_reason_and_a_change(practitioner):
    chart = signed_chart(practitioner)
    with pytest.raises(ValidationError, match="Say why the chart is amended"):
        amendments.chart_amend(chart=chart, reason=" ", changes={"notes": "x"}, by=practitioner)
    with pytest.raises(ValidationError, match="Nothing was changed"):
        amendments.chart_amend(
            chart=chart, reason="Check", changes={"notes": "Tolerated well."}, by=practitioner
        )
    assert not ChartAmendment.objects.exists()


def test_an_unsigned_chart_is_edited_not_amended(practitioner):
    treatment_session = booked_session(practitioner)
    chart = charts.chart_save(treatment_session=treatment_session, by=practitioner)
    with pytest.raises(ValidationError, match="not signed yet"):
        amendments.chart_amend(chart=chart, reason="r", changes={"notes": "x"}, by=practitioner)


def test_an_amendment_can_add_an_adverse_event_noticed_after_signing(client, practitioner):
    chart = signed_chart(practitioner)
    client.force_login(practitioner)
    client.post(
        chart_url(chart.treatment_session, "treatments:chart_amend"),
        {
            "reason": "Patient called the next day",
            "notes": "Tolerated well.",
            "injection_points": "40",
            "event_type": "bruising",
            "event_severity": "mild",
            "event_description": "Small bruise on the cheek",
            "event_action_taken": "Arnica, reassurance",
        },
    )
    event = AdverseEvent.objects.get()
    assert event.chart == chart and event.recorded_by == practitioner
    amendment = ChartAmendment.objects.get()
    assert amendment.changes["adverse_event"]["after"]["type"] == "bruising"
    page = client.get(chart_url(chart.treatment_session)).content.decode()
    assert "No adverse event." in page  # the signed chart had none ...
    assert "Small bruise on the cheek" in page  # ... the amendment shows the one added
