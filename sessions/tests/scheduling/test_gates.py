"""Gates before a patient is treated (issue 11): check-in only on the session's day and with a
consent on file; the chart opens only on or after the day, with the consent problem shown at
the top of the session and chart pages before any form."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clinic import dates as human_dates
from patients.tests.factories import PatientFactory
from sessions.charting import charts
from sessions.models import TreatmentSession
from sessions.scheduling import booking
from sessions.tests.factories import book, consent_on_file, next_weekday
from sessions.tests.factories.courses import plan_for
from tests.support import make_user

pytestmark = pytest.mark.django_db
Status = TreatmentSession.Status


def _course_session(practitioner, *, day, consented):
    patient = PatientFactory()
    plan = plan_for(patient, practitioner, slug=f"gate-{patient.pk}")
    if consented:
        consent_on_file(plan, practitioner)
    return book(patient, practitioner=practitioner, plan=plan, sequence=1, day=day, hour=10)


def _today_or_next_weekday():
    today = timezone.localdate()
    return today if today.weekday() < 5 else next_weekday(0, 0)


def test_a_session_next_week_cannot_be_checked_in_today(practitioner):
    treatment_session = _course_session(practitioner, day=next_weekday(0), consented=True)
    with pytest.raises(ValidationError, match="on the day of their session"):
        booking.session_transition(
            treatment_session=treatment_session, to=Status.CHECKED_IN, by=practitioner
        )


def test_on_its_day_a_consented_session_is_checked_in(practitioner):
    day = _today_or_next_weekday()
    treatment_session = _course_session(practitioner, day=day, consented=True)
    checked_in = booking.session_transition(
        treatment_session=treatment_session, to=Status.CHECKED_IN, by=practitioner, today=day
    )
    assert checked_in.status == Status.CHECKED_IN


def test_check_in_without_a_consent_on_file_is_refused_with_the_reason(practitioner):
    day = _today_or_next_weekday()
    treatment_session = _course_session(practitioner, day=day, consented=False)
    with pytest.raises(ValidationError, match="no signed consent"):
        booking.session_transition(
            treatment_session=treatment_session, to=Status.CHECKED_IN, by=practitioner, today=day
        )


def test_a_future_session_offers_no_chart_and_says_why(client, practitioner):
    day = next_weekday(0)
    treatment_session = _course_session(practitioner, day=day, consented=True)
    client.force_login(practitioner)
    page = client.get(reverse("treatments:session", args=[treatment_session.pk]))
    assert "Chart this session" not in page.content.decode()
    assert page.context["check_in_problem"] and "Check in</button>" not in page.content.decode()
    chart_page = client.get(reverse("treatments:chart", args=[treatment_session.pk]))
    assert chart_page.context["start_problem"] == (
        f"This session is on {human_dates.day(day)}; it can be charted from that day."
    )
    assert not chart_page.context["can_edit"]  # nothing to fill in


def test_a_missing_consent_is_at_the_top_of_the_session_and_chart_pages(client, practitioner):
    past = next_weekday(0, -1)
    treatment_session = _course_session(practitioner, day=past, consented=False)
    client.force_login(practitioner)
    page = client.get(reverse("treatments:session", args=[treatment_session.pk])).content.decode()
    problem_at = page.index('data-testid="session-consent-problem"')
    assert problem_at < page.index('<dl class="facts">')
    assert "Chart this session" not in page
    chart_page = client.get(reverse("treatments:chart", args=[treatment_session.pk]))
    html = chart_page.content.decode()
    assert "no signed consent" in chart_page.context["start_problem"]
    assert html.index('data-testid="chart-start-problem"') < html.index("</h1>") + 2000
    assert not chart_page.context["can_edit"]
    with pytest.raises(ValidationError, match="no signed consent"):
        charts.chart_start(treatment_session=treatment_session, by=practitioner)


def test_a_consented_session_of_last_week_can_still_be_charted(client, practitioner):
    treatment_session = _course_session(practitioner, day=next_weekday(0, -1), consented=True)
    chart = charts.chart_start(treatment_session=treatment_session, by=practitioner)
    treatment_session.refresh_from_db()
    assert chart.pk and treatment_session.status == Status.IN_PROGRESS


def test_the_front_desk_sees_the_check_in_button_only_on_the_day(client):
    practitioner = make_user("practitioner", username="gate-doc")
    front_desk = make_user("front_desk", username="gate-desk")
    day = timezone.localdate() + datetime.timedelta(days=7)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    treatment_session = _course_session(practitioner, day=day, consented=True)
    client.force_login(front_desk)
    page = client.get(reverse("treatments:session", args=[treatment_session.pk]))
    assert "Check in</button>" not in page.content.decode()
    assert (
        f"A patient is checked in on the day of their session ({human_dates.day(day)})."
        in page.content.decode()
    )
