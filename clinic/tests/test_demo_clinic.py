"""The living demo clinic (issue 12): what `make run` shows a new clinic, built through the
real services, loaded at a fixed Thursday (clock.as_of) so the weekdays and holidays are known."""

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from patients.models import Measurement, Patient
from protocols.models import EXPIRY_WARNING_DAYS, Lot
from protocols.seed import load_reference_library
from sessions.management.demo.clock import as_of
from sessions.models import (
    AdverseEvent,
    Chart,
    ChartArea,
    ChartProduct,
    FollowUp,
    Location,
    MapMark,
    Room,
    TreatmentSession,
)
from sessions.scheduling.booking import check_in_problem
from sessions.tests.factories.charts import chart_post, chart_url

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 3)  # a Thursday, no public holiday; Armistice (11 Nov) falls in the 4 weeks
NOW = timezone.make_aware(datetime.combine(TODAY, time(8, 30)))


def counts() -> dict:
    models = [
        *(Patient, TreatmentSession, Chart, ChartProduct, ChartArea, MapMark),
        *(Measurement, AdverseEvent, FollowUp),
    ]
    return {m.__name__: m.objects.count() for m in models} | {
        "lots": Lot.objects.count(),
        "users": get_user_model().objects.count(),
        "rooms": Room.objects.count(),
    }


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.HOLIDAYS_COUNTRY = "FR"  # the app's default (settings_test turns holidays off)
    with as_of(NOW):
        load_reference_library()
        call_command("load_demo")
        yield


def test_loading_twice_changes_nothing(demo):
    before = counts()
    call_command("load_demo")
    assert counts() == before


def test_three_practitioners_two_sites_two_rooms_each(demo):
    practitioners = get_user_model().objects.filter(groups__name="Practitioner")
    assert practitioners.count() >= 3
    assert Location.objects.count() >= 2
    for location in Location.objects.all():
        assert location.rooms.count() >= 2


def test_four_weeks_of_signed_charts_with_lots_and_measurements(demo):
    first = TODAY - timedelta(days=35)
    past = TreatmentSession.objects.filter(starts_at__lt=NOW.replace(hour=0))
    assert past.filter(starts_at__date__lte=TODAY - timedelta(days=21)).exists()
    charts = Chart.objects.filter(signed_at__isnull=False)
    assert charts.count() >= 10
    for chart in charts.select_related("treatment_session"):
        started = chart.treatment_session.starts_at
        assert first <= timezone.localdate(started) < TODAY
        assert started < chart.signed_at < started + timedelta(hours=2)  # signed on the day
        assert chart.treatment_session.status == TreatmentSession.Status.COMPLETED
        assert chart.products.exists()
        assert Measurement.objects.filter(treatment_session=chart.treatment_session).exists()
    assert not Chart.objects.filter(signed_at__isnull=True).exists()


def test_every_signed_demo_chart_carries_its_map(demo):
    charts = Chart.objects.filter(signed_at__isnull=False).prefetch_related(
        "products", "map_areas__marks"
    )
    for chart in charts:
        areas = {area.area: area for area in chart.map_areas.all()}
        assert sorted(areas) == sorted(chart.areas)
        marks = [mark for area in areas.values() for mark in area.marks.all()]
        assert len(marks) == chart.injection_points  # one point mark per charted point
        assert {mark.lot_id for mark in marks} == {row.lot_id for row in chart.products.all()}
        assert sum(m.volume_ml for m in marks) == sum(r.volume_ml for r in chart.products.all())
        assert all(area.technique == chart.technique for area in areas.values())


def test_never_on_a_public_holiday(demo):
    assert not TreatmentSession.objects.filter(starts_at__date=date(2026, 11, 11)).exists()


def test_measurements_trend_and_are_dated_at_their_session(demo):
    rows = Measurement.objects.filter(scale="circumference").select_related("treatment_session")
    assert rows.count() >= 3
    for row in rows:
        assert row.recorded_at - row.treatment_session.starts_at < timedelta(hours=1)
    values = [row.value for row in rows.order_by("recorded_at")]
    assert values == sorted(values, reverse=True) and values[0] > values[-1]


def test_one_adverse_event_whose_check_waits_for_the_demo_practitioner(demo):
    event = AdverseEvent.objects.get()
    check = FollowUp.objects.get(kind=FollowUp.Kind.ADVERSE_EVENT_CHECK)
    assert check.treatment_session == event.chart.treatment_session
    assert check.status == FollowUp.Status.PENDING and check.due_at < NOW
    assert check.assignee.username == "practitioner"


def test_two_weeks_ahead_are_booked(demo):
    ahead = TreatmentSession.objects.filter(
        status=TreatmentSession.Status.BOOKED, starts_at__date__gt=TODAY
    )
    assert ahead.filter(starts_at__date__gt=TODAY + timedelta(days=7)).exists()
    assert ahead.filter(starts_at__date__lte=TODAY + timedelta(days=14)).count() >= 4


def test_follow_ups_due_today_and_overdue(demo):
    start_of_today = NOW.replace(hour=0, minute=0)
    pending = FollowUp.objects.filter(status=FollowUp.Status.PENDING)
    assert pending.filter(due_at__lt=start_of_today).count() >= 2
    assert (
        pending.filter(
            due_at__gte=start_of_today, due_at__lt=start_of_today + timedelta(days=1)
        ).count()
        >= 2
    )
    # what is older was dealt with, as a clinic would have
    assert FollowUp.objects.filter(status=FollowUp.Status.DONE).exists()


def test_a_lot_expires_soon(demo):
    assert Lot.objects.expiring(TODAY).filter(quantity_remaining__gt=0).exists()
    assert Lot.objects.filter(
        expiry_date__gt=TODAY, expiry_date__lte=TODAY + timedelta(days=EXPIRY_WARNING_DAYS)
    ).exists()


def test_todays_session_is_charted_and_signed_by_the_demo_practitioner(demo, client):
    today = TreatmentSession.objects.filter(
        starts_at__date=TODAY, status=TreatmentSession.Status.BOOKED, plan__isnull=False
    )
    assert today.values("practitioner").distinct().count() >= 2
    treatment_session = today.get(
        practitioner__username="practitioner", patient__last_name="Keller (demo)"
    )
    client.force_login(treatment_session.practitioner)
    url = chart_url(treatment_session)
    assert client.get(url).status_code == 200
    lot = Lot.objects.get(lot_number="DEMO-MX-2403")
    response = client.post(
        url,
        chart_post(
            products=[{"lot": lot.pk, "volume_ml": "1", "units_used": "1"}],
            measurements=[{"scale": "hair_density", "area": "scalp", "value": "134.2"}],
            areas="scalp",
            consent_on_file=True,
            history_reviewed_today=True,
            photos_taken=True,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.post(chart_url(treatment_session, "treatments:chart_sign"))
    treatment_session.refresh_from_db()
    assert treatment_session.status == TreatmentSession.Status.COMPLETED
    assert treatment_session.chart.is_signed


def test_todays_sessions_have_consent_and_can_be_checked_in(demo):
    today = TreatmentSession.objects.filter(starts_at__date=TODAY, plan__isnull=False)
    assert today.count() >= 3
    for treatment_session in today:
        assert check_in_problem(treatment_session) is None


def test_a_load_on_a_sunday_books_nothing_on_closed_days(settings):
    settings.DEBUG = True
    settings.HOLIDAYS_COUNTRY = "FR"
    sunday = date(2026, 12, 6)
    with as_of(timezone.make_aware(datetime.combine(sunday, time(11)))):
        load_reference_library()
        call_command("load_demo")
    assert Chart.objects.filter(signed_at__isnull=False).count() >= 10
    days = {timezone.localdate(s.starts_at) for s in TreatmentSession.objects.all()}
    assert all(day.weekday() != 6 for day in days)  # nobody works on Sundays
    assert date(2026, 11, 11) not in days  # Armistice
