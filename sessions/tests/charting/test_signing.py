"""Signing a chart: the checklist, reasons for going over a limit, the session completed, and a
signed chart refusing every change."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clinic.models import AuditEvent
from patients.tests.factories import PatientFactory
from protocols.tests.factories import LotFactory
from sessions.charting import charts, photos
from sessions.models import Chart, TreatmentSession
from sessions.tests.factories.charts import (
    CHECKLIST,
    JPEG,
    booked_session,
    chart_post,
    chart_url,
    dosed_lot,
    row,
    signed_chart,
)
from sessions.tests.factories.courses import FISH_OIL, WARFARIN, plan_for, take_medicine

pytestmark = pytest.mark.django_db


# --- Signing ----------------------------------------------------------------------------------


def test_signing_is_refused_until_the_whole_checklist_is_ticked(practitioner):
    treatment_session = booked_session(practitioner)
    take_medicine(treatment_session.patient, practitioner, FISH_OIL)  # told to pause it
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data={**CHECKLIST, "photos_taken": False, "medications_paused": False},
        by=practitioner,
    )
    with pytest.raises(ValidationError) as refused:
        charts.chart_sign(chart=chart, by=practitioner)
    assert refused.value.messages == [
        "Complete the pre-treatment checklist before signing: medications paused as "
        "instructed; photos taken."
    ]
    chart.refresh_from_db()
    assert chart.signed_at is None


def test_signing_over_a_dose_limit_needs_a_reason(practitioner):
    treatment_session = booked_session(practitioner)
    lot = dosed_lot(per_session="30")
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data=CHECKLIST,
        products=[row(lot, "2")],  # 40 mg of caffeine, 30 mg allowed
        by=practitioner,
    )
    with pytest.raises(ValidationError) as refused:
        charts.chart_sign(chart=chart, by=practitioner)
    assert "Caffeine: 40 mg in this session, over the maximum of 30 mg." in refused.value.messages

    charts.chart_sign(
        chart=chart, by=practitioner, dose_override_reason="Larger area, discussed with patient"
    )
    chart.refresh_from_db()
    assert chart.is_signed
    assert chart.dose_override_reason == "Larger area, discussed with patient"
    event = AuditEvent.objects.get(action="chart.signed")
    assert event.details["limits_exceeded"]


def test_signing_over_the_lifetime_limit_needs_a_reason(practitioner):
    lot = dosed_lot(per_session=None, lifetime="50")
    patient = PatientFactory()
    plan = plan_for(patient, practitioner)
    signed_chart(practitioner, plan=plan, weeks_ahead=1, products=[row(lot, "2")])  # 40 mg
    later = booked_session(practitioner, plan=plan, weeks_ahead=3)
    chart = charts.chart_save(
        treatment_session=later, data=CHECKLIST, products=[row(lot, "1")], by=practitioner
    )
    with pytest.raises(ValidationError, match="60 mg in total for this patient"):
        charts.chart_sign(chart=chart, by=practitioner)


def test_signing_over_the_protocols_total_volume_needs_a_reason(practitioner):
    treatment_session = booked_session(practitioner)  # the protocol allows 2 mL
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data=CHECKLIST,
        products=[row(LotFactory(), "2.5")],
        by=practitioner,
    )
    with pytest.raises(ValidationError, match="The total volume, 2.5 mL, is over"):
        charts.chart_sign(chart=chart, by=practitioner, dose_override_reason="   ")
    charts.chart_sign(chart=chart, by=practitioner, dose_override_reason="Neck added")
    assert Chart.objects.get().is_signed


def test_signing_completes_the_session_and_records_who_signed(practitioner):
    chart = signed_chart(practitioner)
    chart.refresh_from_db()
    assert chart.signed_by == practitioner and chart.signed_at is not None
    assert chart.treatment_session.status == TreatmentSession.Status.COMPLETED
    assert AuditEvent.objects.filter(action="chart.signed", actor=practitioner).exists()
    assert AuditEvent.objects.filter(action="session.completed").exists()


def test_a_signed_chart_refuses_every_change_through_the_services(practitioner):
    chart = signed_chart(practitioner)
    refusal = "This chart is signed; add an amendment instead."
    with pytest.raises(ValidationError, match=refusal):
        charts.chart_save(
            treatment_session=chart.treatment_session, data={"notes": "x"}, by=practitioner
        )
    with pytest.raises(ValidationError, match=refusal):
        charts.chart_sign(chart=chart, by=practitioner)
    with pytest.raises(ValidationError, match=refusal):
        photos.photo_upload(
            treatment_session=chart.treatment_session,
            upload=SimpleUploadedFile("a.jpg", JPEG),
            area="face",
            moment="after",
            by=practitioner,
        )
    chart.refresh_from_db()
    assert chart.notes == "Tolerated well."


def test_a_signed_chart_refuses_edits_through_the_page(client, practitioner):
    chart = signed_chart(practitioner)
    client.force_login(practitioner)
    url = chart_url(chart.treatment_session)
    response = client.post(url, chart_post(notes="Rewritten"), follow=True)
    assert "This chart is signed; add an amendment instead." in response.content.decode()
    chart.refresh_from_db()
    assert chart.notes == "Tolerated well."
    assert 'data-testid="chart-form"' not in client.get(url).content.decode()


def test_signing_through_the_page_without_the_checklist_says_what_is_missing(client, practitioner):
    treatment_session = booked_session(practitioner)
    charts.chart_save(treatment_session=treatment_session, by=practitioner)
    client.force_login(practitioner)
    response = client.post(chart_url(treatment_session, "treatments:chart_sign"), follow=True)
    html = response.content.decode()
    # Said once (issue 12): nothing was signed, and the list of what is still to tick.
    assert "The chart is not signed yet" in html
    assert html.count("Still to tick before signing:") == 1
    assert html.count("photos taken") == 1
    assert not Chart.objects.get().is_signed


def test_signing_through_the_page_completes_the_session(client, practitioner):
    treatment_session = booked_session(practitioner)
    charts.chart_save(treatment_session=treatment_session, data=CHECKLIST, by=practitioner)
    client.force_login(practitioner)
    response = client.post(chart_url(treatment_session, "treatments:chart_sign"), follow=True)
    assert "Chart signed. The session is completed." in response.content.decode()
    treatment_session.refresh_from_db()
    assert treatment_session.status == TreatmentSession.Status.COMPLETED


def test_a_patient_who_only_keeps_taking_warfarin_is_not_asked_about_pausing(practitioner):
    treatment_session = booked_session(practitioner)
    take_medicine(treatment_session.patient, practitioner, WARFARIN)
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data={**CHECKLIST, "medications_paused": False},
        by=practitioner,
    )
    assert charts.checklist_missing(chart) == []
    [warfarin] = charts.medicine_checklist(treatment_session)
    assert (warfarin["name"], warfarin["told"], warfarin["paused"]) == (
        "Warfarin",
        "keep taking it",
        False,
    )
