"""Booking forms, as a clinic uses them (issue 12): each problem shown once, at the top of the
form or next to its field; the only practitioner, room or location preselected; the course
form proposing the plan's practitioner."""

import pytest
from django.urls import reverse

from patients.tests.factories import PatientFactory
from sessions.tests.factories import RoomFactory, book, next_weekday, working_week
from sessions.tests.factories.courses import plan_for
from tests.support import make_user

pytestmark = pytest.mark.django_db


def test_a_clash_on_the_booking_page_is_shown_once(client, practitioner):
    room = RoomFactory()
    working_week(practitioner, room.location)
    day = next_weekday(1)
    taken = book(PatientFactory(), practitioner=practitioner, room=room, day=day, hour=10)
    client.force_login(practitioner)
    response = client.post(
        reverse("treatments:book"),
        {
            "patient": PatientFactory().chart_number,
            "practitioner": practitioner.pk,
            "room": room.pk,
            "day": day.isoformat(),
            "start": "10:00",
            "duration": 45,
            "kind": "treatment",
            "notes": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("is already booked then") == 1, html.count("is already booked then")
    assert taken.patient.full_name in html


def test_a_clinic_with_one_practitioner_and_one_room_gets_them_preselected(client, practitioner):
    room = RoomFactory()
    client.force_login(practitioner)
    form = client.get(reverse("treatments:book")).context["form"]
    assert form.initial["practitioner"] == practitioner.pk
    assert form.initial["room"] == room.pk


def test_the_course_form_proposes_the_plans_practitioner(client, practitioner):
    make_user("practitioner", username="colleague")  # two practitioners: no single choice
    plan = plan_for(PatientFactory(), practitioner)
    client.force_login(practitioner)
    page = client.get(reverse("treatments:course_book", args=[plan.pk]))
    assert page.context["setup"].initial["practitioner"] == practitioner.pk
