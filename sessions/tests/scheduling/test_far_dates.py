"""Far dates in sessions/ (issue 13): every date parameter of every treatments URL, fuzzed with
year 1, year 9999 and garbage, answers below 500; the booking window (today minus one year to
today plus two years) is a form error on the booking, course, follow-up and batch forms and a
message on the calendar."""

import datetime

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from clinic.tests.test_url_access import SAMPLE_KWARGS, project_url_names
from patients.tests.factories import PatientFactory
from sessions.models import FollowUp, Room, TreatmentSession
from sessions.scheduling import dates
from sessions.tests.factories.courses import library_course
from sessions.tests.factories.scheduling import book
from tests.support import make_user

pytestmark = pytest.mark.django_db

FAR = ["0001-01-01", "9999-12-31", "99999-01-01", "not-a-date", "2026-02-30"]
FAR_MOMENTS = ["0001-01-01T00:00", "9999-12-31T23:59", "9999-12-31"]
# Every date parameter a treatments page reads, from its query string or its forms.
DATE_PARAMS = ["date", "day", "first_day", "precare_day", "aftercare_day"]
TREATMENT_URLS = [name for name in project_url_names() if name.startswith("treatments:")]


def _other_fields():
    """Fields that make the booking, course and follow-up forms valid but for their day, so a
    far day reaches the code that used to overflow."""
    if not Room.objects.exists():
        library_course(book_sessions=0)  # a location, its rooms and a practitioner's hours
    room = Room.objects.select_related("location").first()
    patient = PatientFactory()
    practitioner = make_user("practitioner", username="far-dates-practitioner")
    return {
        "start": "10:00",
        "time": "10:00",
        "duration": "45",
        "room": room.pk,
        "location": room.location_id,
        "practitioner": practitioner.pk,
        "patient": patient.chart_number,
        "kind": "consultation",
        "view": "week",
    }


def test_the_fuzz_covers_every_treatments_url():
    assert "treatments:calendar" in TREATMENT_URLS and len(TREATMENT_URLS) > 30
    missing = [name for name in TREATMENT_URLS if name not in SAMPLE_KWARGS]
    patterns = {name for name in missing if _needs_kwargs(name)}
    assert not patterns, f"add sample arguments for {patterns}"


def _needs_kwargs(name):
    app, url_name = name.split(":")
    resolver = get_resolver().namespace_dict[app][1]
    return any(
        pattern.name == url_name and pattern.pattern.regex.groupindex
        for pattern in resolver.url_patterns
    )


@pytest.mark.parametrize("value", FAR)
@pytest.mark.parametrize("name", TREATMENT_URLS)
def test_every_date_parameter_of_every_url_answers_below_500(
    client, settings, tmp_path, name, value
):
    settings.MEDIA_ROOT = tmp_path
    kwargs = SAMPLE_KWARGS[name]() if name in SAMPLE_KWARGS else {}
    url = reverse(name, kwargs=kwargs)
    fields = _other_fields()
    client.force_login(make_user("practitioner"))
    data = {**fields, **dict.fromkeys(DATE_PARAMS, value)}
    for view in ("week", "day"):
        response = client.get(url, {**data, "view": view})
        assert response.status_code < 500, (url, "GET", view)
    response = client.post(url, data)
    assert response.status_code < 500, (url, "POST")


@pytest.mark.parametrize("value", FAR_MOMENTS + FAR)
def test_the_booking_page_start_ignores_a_far_or_bad_moment(client, practitioner, value):
    client.force_login(practitioner)
    response = client.get(reverse("treatments:book"), {"start": value})
    assert response.status_code == 200
    assert response.context["form"].initial.get("day") is None


def test_a_start_inside_the_window_still_prefills_the_booking_page(client, practitioner):
    client.force_login(practitioner)
    day = timezone.localdate() + datetime.timedelta(days=3)
    response = client.get(reverse("treatments:book"), {"start": f"{day.isoformat()}T10:00"})
    assert response.context["form"].initial["day"] == day


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("view", ["day", "week"])
def test_a_far_calendar_date_shows_today_with_a_message(client, practitioner, view, value):
    library_course(book_sessions=0)  # a location with rooms
    client.force_login(practitioner)
    response = client.get(reverse("treatments:calendar"), {"date": value, "view": view})
    assert response.status_code == 200
    assert response.context["query"].day == timezone.localdate()
    assert "here is today" in response.content.decode()


def test_the_booking_window_edges(practitioner):
    first, last = dates.booking_window()
    today = timezone.localdate()
    assert first == today - datetime.timedelta(days=365)
    assert last == today + datetime.timedelta(days=730)
    assert dates.in_booking_window(first) and dates.in_booking_window(last)
    assert not dates.in_booking_window(first - datetime.timedelta(days=1))
    assert not dates.in_booking_window(last + datetime.timedelta(days=1))


def _day_error(response, field="day"):
    assert response.status_code == 200
    form = response.context["form"]
    return " ".join(form.errors.get(field, []))


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "99999-01-01"])
def test_a_far_day_is_a_form_error_when_booking_and_rescheduling(client, practitioner, value):
    plan, sessions = library_course(book_sessions=1)
    client.force_login(practitioner)
    data = {**_other_fields(), "day": value}
    assert _day_error(client.post(reverse("treatments:book"), data))
    assert TreatmentSession.objects.count() == 1
    reschedule = reverse("treatments:reschedule", args=[sessions[0].pk])
    assert _day_error(client.post(reschedule, data))
    before = sessions[0].starts_at
    sessions[0].refresh_from_db()
    assert sessions[0].starts_at == before


def test_a_day_past_the_window_says_which_days_are_open(client, practitioner):
    client.force_login(practitioner)
    _first, last = dates.booking_window()
    far = last + datetime.timedelta(days=1)
    error = _day_error(client.post(reverse("treatments:book"), {**_other_fields(), "day": far}))
    assert "Choose a day between" in error


def test_a_far_first_day_is_a_course_form_error(client, practitioner):
    plan, _sessions = library_course(book_sessions=0)
    client.force_login(practitioner)
    response = client.get(
        reverse("treatments:course_book", args=[plan.pk]),
        {**_other_fields(), "first_day": "9999-12-25"},
    )
    assert response.status_code == 200
    assert "Choose a day between" in response.content.decode()


def test_a_far_follow_up_day_is_a_form_error(client, practitioner):
    follow_up = FollowUp.objects.create(
        patient=PatientFactory(),
        kind="rebook",
        channel="phone",
        due_at=timezone.now(),
        idempotency_key="far-dates",
    )
    client.force_login(practitioner)
    response = client.post(
        reverse("treatments:follow_up_reschedule", args=[follow_up.pk]),
        {"day": "9999-12-31", "time": "10:00"},
    )
    assert response.status_code < 500
    follow_up.refresh_from_db()
    assert follow_up.due_at.year != 9999


@pytest.mark.parametrize("field", ["precare_day", "aftercare_day"])
def test_a_far_batch_day_is_a_form_error(client, practitioner, field):
    patient = PatientFactory()
    book(patient)
    client.force_login(practitioner)
    response = client.get(reverse("treatments:documents_batch"), {field: "9999-12-31"})
    assert _day_error(response, field)
