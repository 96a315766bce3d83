"""Booking from the patient (issue 12): the booking form picks the patient by
search-as-you-type (name, phone, chart number) and still takes a typed chart number; the
patient page has a Book button and lists upcoming and past appointments with their status."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from patients.tests.factories import PatientFactory
from patients.views import PICK_LIMIT
from sessions.models import TreatmentSession
from sessions.scheduling import booking
from sessions.scheduling.appointments import (
    APPOINTMENTS_SHOWN,
    patient_appointments,
    patient_sessions,
)
from sessions.tests.factories import RoomFactory, book, next_weekday, working_week
from sessions.tests.factories.scheduling import at, book_at

pytestmark = pytest.mark.django_db


def pick(client, query):
    return client.get(reverse("patients:pick"), {"q": query}, headers={"HX-Request": "true"})


@pytest.fixture
def dupre():
    return PatientFactory(first_name="Hélène", last_name="Dupré", phone="+33 6 11 22 33 44")


@pytest.mark.parametrize("persona", ["front_desk", "practitioner"])
def test_the_front_desk_and_practitioners_find_a_patient_while_typing(
    client, request, persona, dupre
):
    PatientFactory(first_name="Marc", last_name="Durand", phone="06 99 88 77 66")
    client.force_login(request.getfixturevalue(persona))
    for query in ("dupr", "HELENE", "06 11 22 33 44", dupre.chart_number.lower()):
        response = pick(client, query)
        html = response.content.decode()
        assert response.status_code == 200
        assert f'data-pick-chart="{dupre.chart_number}"' in html, query
        assert "Durand" not in html, query
        assert "<button" in html


def test_typing_nothing_lists_nothing_and_no_match_says_so(client, front_desk, dupre):
    client.force_login(front_desk)
    assert "data-pick-chart" not in pick(client, "").content.decode()
    assert "data-pick-chart" not in pick(client, "   ").content.decode()
    none = pick(client, "zzzz").content.decode()
    assert 'data-testid="patient-pick-none"' in none


def test_archived_patients_are_not_offered(client, front_desk, dupre):
    dupre.archived_at = timezone.now()
    dupre.save(update_fields=["archived_at"])
    client.force_login(front_desk)
    assert dupre.chart_number not in pick(client, "dupre").content.decode()


def test_many_matches_are_capped_with_a_hint(client, front_desk):
    for n in range(PICK_LIMIT + 2):
        PatientFactory(first_name=f"Anne{n}", last_name="Martin")
    client.force_login(front_desk)
    html = pick(client, "martin").content.decode()
    assert html.count("data-pick-chart=") == PICK_LIMIT
    assert "More patients match" in html


def test_patient_text_in_a_match_is_escaped(client, front_desk):
    PatientFactory(first_name="<script>x</script>", last_name="Evil")
    client.force_login(front_desk)
    html = pick(client, "evil").content.decode()
    assert "<script>x" not in html
    assert "&lt;script&gt;" in html


def test_bad_or_odd_input_never_fails(client, front_desk):
    client.force_login(front_desk)
    for query in ("x" * 5000, "P99999999999", "%_'\"", "31/02/2020", "\x00"):
        assert pick(client, query).status_code == 200, query
    assert client.post(reverse("patients:pick"), {"q": "x"}).status_code == 405


def test_the_booking_form_carries_the_search_box_and_the_chart_number_field(client, front_desk):
    client.force_login(front_desk)
    html = client.get(reverse("treatments:book")).content.decode()
    assert f'hx-get="{reverse("patients:pick")}"' in html
    assert 'data-patient-pick="id_patient"' in html
    assert 'aria-live="polite"' in html
    assert '<label for="patient-pick-q"' in html
    assert 'name="patient"' in html  # the no-JavaScript path


def test_a_typed_chart_number_still_books_without_javascript(client, front_desk, practitioner):
    room = RoomFactory()
    working_week(practitioner, room.location)
    patient = PatientFactory()
    client.force_login(front_desk)
    response = client.post(
        reverse("treatments:book"),
        {
            "patient": patient.chart_number.lower(),
            "practitioner": practitioner.pk,
            "room": room.pk,
            "day": next_weekday(2).isoformat(),
            "start": "10:00",
            "duration": 45,
            "kind": "treatment",
            "notes": "",
            "q": "this box is not part of the booking",
        },
    )
    assert response.status_code == 302
    assert TreatmentSession.objects.get().patient == patient


def test_the_patient_page_books_for_that_patient(client, front_desk):
    patient = PatientFactory()
    client.force_login(front_desk)
    page = client.get(patient.get_absolute_url()).content.decode()
    link = f"{reverse('treatments:book')}?patient={patient.chart_number}"
    assert f'href="{link}"' in page
    form = client.get(link).context["form"]
    assert form.initial["patient"] == patient.chart_number


def test_no_book_button_for_an_archived_patient(client, front_desk):
    patient = PatientFactory()
    client.force_login(front_desk)
    assert 'data-testid="book-session"' in client.get(patient.get_absolute_url()).content.decode()
    patient.archived_at = timezone.now()
    patient.save(update_fields=["archived_at"])
    page = client.get(patient.get_absolute_url()).content.decode()
    assert 'data-testid="book-session"' not in page


def test_the_patient_page_lists_upcoming_and_past_appointments_with_status(
    client, front_desk, practitioner
):
    patient = PatientFactory()
    room = RoomFactory()
    working_week(practitioner, room.location)
    upcoming = book(patient, practitioner=practitioner, room=room, day=next_weekday(1), hour=11)
    later = book(patient, practitioner=practitioner, room=room, day=next_weekday(3), hour=9)
    booking.session_transition(
        treatment_session=later, to=TreatmentSession.Status.CANCELLED, by=front_desk, reason="Ill"
    )
    past_day = timezone.localdate() - datetime.timedelta(days=10)
    past = _past_session(patient, practitioner, room, past_day)
    other = book(PatientFactory(), practitioner=practitioner, room=room, day=next_weekday(4))
    client.force_login(front_desk)
    response = client.get(patient.get_absolute_url())
    soonest_first = sorted([upcoming, later], key=lambda s: s.starts_at)
    assert [s.pk for s in response.context["upcoming_sessions"]] == [s.pk for s in soonest_first]
    assert [s.pk for s in response.context["past_sessions"]] == [past.pk]
    html = response.content.decode()
    assert upcoming.get_absolute_url() in html and past.get_absolute_url() in html
    assert other.get_absolute_url() not in html
    later.refresh_from_db()
    assert f'status-{later.status}">{later.get_status_display()}' in html


def _past_session(patient, practitioner, room, day, hour=10):
    """A session in the past: booked through the service as if on that day."""
    return TreatmentSession.objects.create(
        patient=patient,
        practitioner=practitioner,
        room=room,
        starts_at=at(day, hour),
        ends_at=at(day, hour) + datetime.timedelta(minutes=45),
        kind=TreatmentSession.Kind.TREATMENT,
        status=TreatmentSession.Status.COMPLETED,
        booked_by=practitioner,
    )


def test_appointments_are_capped_on_each_side_in_one_query(client, front_desk, practitioner):
    patient = PatientFactory()
    room = RoomFactory()
    working_week(practitioner, room.location)
    today = timezone.localdate()
    past = [
        _past_session(patient, practitioner, room, today - datetime.timedelta(days=n))
        for n in range(1, APPOINTMENTS_SHOWN + 3)
    ]
    first_monday = next_weekday(0)
    upcoming = [
        book_at(patient, practitioner, room, at(first_monday + datetime.timedelta(days=n), 10))
        for n in range(0, 3)
    ]
    with CaptureQueriesContext(connection) as queries:
        context = patient_appointments(patient)
    assert len(queries) == 1
    assert [s.pk for s in context["upcoming_sessions"]] == [s.pk for s in upcoming]
    assert [s.pk for s in context["past_sessions"]] == [s.pk for s in past[:APPOINTMENTS_SHOWN]]
    assert context["more_sessions"]
    # The patient page holds every session already (its timeline): the same split, no query.
    held = patient_sessions(patient)
    with CaptureQueriesContext(connection) as queries:
        assert patient_appointments(patient, held) == context
    assert len(queries) == 0
    client.force_login(front_desk)
    html = client.get(patient.get_absolute_url()).content.decode()
    assert 'href="#timeline-h"' in html
