"""Who may open and post each charting page, and the audit of chart reads and writes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clinic.models import AuditEvent
from sessions.charting import charts, photos
from sessions.models import Chart
from sessions.tests.factories.charts import (
    CHECKLIST,
    JPEG,
    booked_session,
    chart_post,
    chart_url,
    signed_chart,
)
from tests.support import make_user

pytestmark = pytest.mark.django_db

ACCESS = {
    # url name: GET status for practitioner, front desk, clinic admin
    "treatments:chart": (200, 403, 200),
    "treatments:chart_sign": (405, 405, 405),  # POST only
    "treatments:chart_amend": (200, 403, 403),
    "treatments:photo_upload": (405, 405, 405),  # POST only
    "treatments:photo": (200, 403, 200),
}


# --- Access and audit -------------------------------------------------------------------------


@pytest.fixture
def sample_urls(practitioner, private_media):
    """One URL per charting page (GET), on real rows."""
    open_session = booked_session(practitioner, hour=10)
    signed = signed_chart(practitioner, hour=14)
    photo = photos.photo_upload(
        treatment_session=open_session,
        upload=SimpleUploadedFile("p.jpg", JPEG),
        area="face",
        moment="before",
        by=practitioner,
    )
    return {
        "treatments:chart": chart_url(open_session),
        "treatments:chart_sign": chart_url(signed.treatment_session, "treatments:chart_sign"),
        "treatments:chart_amend": chart_url(signed.treatment_session, "treatments:chart_amend"),
        "treatments:photo_upload": chart_url(open_session, "treatments:photo_upload"),
        "treatments:photo": reverse("treatments:photo", args=[photo.pk]),
    }


@pytest.mark.parametrize("name", ACCESS)
def test_each_role_gets_what_the_role_table_says(client, sample_urls, name):
    url = sample_urls[name]
    assert client.get(url).url.startswith(reverse("login"))
    personas = ("practitioner", "front_desk", "clinic_admin")
    for persona, status in zip(personas, ACCESS[name], strict=True):
        client.force_login(make_user(persona, username=f"{persona}-walker"))
        assert client.get(url).status_code == status, persona


def test_the_clinic_admin_reads_charts_but_cannot_write_them(
    client, practitioner, clinic_admin, private_media
):
    treatment_session = booked_session(practitioner)
    charts.chart_save(treatment_session=treatment_session, data=CHECKLIST, by=practitioner)
    client.force_login(clinic_admin)
    page = client.get(chart_url(treatment_session))
    assert page.status_code == 200
    assert 'data-testid="chart-form"' not in page.content.decode()
    assert 'data-testid="chart-original"' in page.content.decode()
    for name, data in [
        ("treatments:chart", chart_post(notes="x")),
        ("treatments:chart_sign", {}),
        ("treatments:chart_amend", {"reason": "x"}),
        ("treatments:photo_upload", {}),
    ]:
        assert client.post(chart_url(treatment_session, name), data).status_code == 403, name
    assert not Chart.objects.get().is_signed


def test_the_front_desk_cannot_open_or_post_a_chart(client, practitioner, front_desk):
    treatment_session = booked_session(practitioner)
    client.force_login(front_desk)
    assert client.get(chart_url(treatment_session)).status_code == 403
    assert client.post(chart_url(treatment_session), chart_post()).status_code == 403
    assert not Chart.objects.exists()


def test_reading_and_writing_a_chart_is_audited(client, practitioner, clinic_admin):
    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    client.get(chart_url(treatment_session))
    client.post(chart_url(treatment_session), chart_post(notes="Fine", **CHECKLIST))
    client.post(chart_url(treatment_session, "treatments:chart_sign"))
    client.force_login(clinic_admin)
    client.get(chart_url(treatment_session))
    chart = Chart.objects.get()
    events = list(
        AuditEvent.objects.filter(action__startswith="chart.")
        .order_by("pk")
        .values_list("action", "actor_username", "target_type")
    )
    assert events == [
        ("chart.viewed", practitioner.username, "treatments.treatmentsession"),
        ("chart.started", practitioner.username, "treatments.chart"),
        ("chart.saved", practitioner.username, "treatments.chart"),
        ("chart.signed", practitioner.username, "treatments.chart"),
        ("chart.viewed", clinic_admin.username, "treatments.chart"),
    ]
    assert AuditEvent.objects.filter(action="chart.viewed", target_id=str(chart.pk)).exists()
