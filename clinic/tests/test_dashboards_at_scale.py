"""Dashboards at network size: the front desk sees a screenful of its own site's arrivals,
and "charts to sign" reads only the unsigned charts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinic import views
from patients.tests.factories import PatientFactory
from sessions.charting import charts
from sessions.charting.unsigned import charts_to_sign
from sessions.models import Chart, WorkingHours
from sessions.scheduling.locations import REMEMBERED_KEY
from sessions.tests.factories import LocationFactory, RoomFactory, book
from tests.support import make_user

pytestmark = pytest.mark.django_db


def works_today(practitioner, location):
    WorkingHours.objects.create(
        practitioner=practitioner,
        location=location,
        weekday=timezone.localdate().weekday(),
        starts=datetime.time(7),
        ends=datetime.time(21),
    )


def arrivals_at(location, hours, name):
    practitioner = make_user("practitioner", username=f"doc-{name}")
    works_today(practitioner, location)
    room = RoomFactory(location=location, name=f"Room {name}")
    return [
        book(
            PatientFactory(last_name=f"{name}{hour}"),
            practitioner=practitioner,
            room=room,
            day=timezone.localdate(),
            hour=hour,
        )
        for hour in hours
    ]


def test_the_front_desk_sees_its_own_sites_arrivals_a_screenful_at_a_time(
    client, front_desk, monkeypatch
):
    monkeypatch.setattr(views, "ARRIVALS_SHOWN", 2)
    main, annex = LocationFactory(name="Main"), LocationFactory(name="Annex")
    here = arrivals_at(main, [9, 10, 11], "Here")
    there = arrivals_at(annex, [9], "There")
    client.force_login(front_desk)
    session = client.session
    session[REMEMBERED_KEY] = main.pk
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.context["todays_sessions"] == here[:2]
    assert 'data-testid="more-arrivals"' in response.text
    assert there[0].patient.last_name not in response.text


def test_charts_to_sign_are_the_practitioners_unsigned_ones_oldest_first(practitioner):
    location = LocationFactory(name="Main")
    works_today(practitioner, location)
    room = RoomFactory(location=location)
    today = timezone.localdate()
    sessions = [
        book(PatientFactory(), practitioner=practitioner, room=room, day=today, hour=hour)
        for hour in (12, 9, 10)
    ]
    for treatment_session in sessions:
        charts.chart_save(treatment_session=treatment_session, data={}, by=practitioner)
    Chart.objects.filter(treatment_session=sessions[2]).update(signed_at=timezone.now())
    someone_else = make_user("practitioner", username="someone-else")
    works_today(someone_else, location)
    theirs = book(
        PatientFactory(),
        practitioner=someone_else,
        room=RoomFactory(location=location),
        day=today,
        hour=9,
    )
    charts.chart_save(treatment_session=theirs, data={}, by=someone_else)
    with CaptureQueriesContext(connection) as queries:
        found = charts_to_sign(practitioner)
    assert [chart.treatment_session for chart in found] == [sessions[1], sessions[0]]
    assert len(queries.captured_queries) == 2
    assert charts_to_sign(make_user("practitioner", username="nothing-to-sign")) == []


@pytest.mark.postgres
def test_postgresql_finds_unsigned_charts_from_their_partial_index(practitioner):
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL (DATABASE_URL=postgres://...)")
    queryset = Chart.objects.filter(
        signed_at__isnull=True, treatment_session__practitioner=practitioner
    ).values_list("pk", flat=True)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "chart_unsigned_idx" in plan, plan
