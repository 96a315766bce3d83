"""Each problem is shown once, at the top of the form or next to its field (issue 12 found
booking and signing errors shown two or three times)."""

import pytest
from django.urls import reverse

from patients.tests.factories import PatientFactory
from sessions.tests.factories import RoomFactory, book, next_weekday, working_week

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
