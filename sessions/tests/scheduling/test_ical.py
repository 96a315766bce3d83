"""The iCalendar feed (token, initials only, UTC times, folding and escaping) and the page
that creates, renews and revokes its link."""

import datetime
import re

import pytest
from django.urls import reverse

from clinic import roles
from patients.models import Patient
from patients.tests.factories import PatientFactory
from sessions.models import Location, Room, TreatmentSession
from sessions.scheduling import booking, ical
from sessions.tests.factories.scheduling import LocationFactory, RoomFactory, at, book, next_weekday
from tests.support import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clinic_in_paris")]

SPRING_SUNDAY = datetime.date(2026, 3, 29)  # Paris: 02:00 CET → 03:00 CEST
Status = TreatmentSession.Status


# --- iCalendar feed ---------------------------------------------------------------------------


def feed(client, token):
    return client.get(reverse("treatments:ical_feed", args=[token]))


def unfolded(body: str) -> str:
    return body.replace("\r\n ", "")


def test_the_feed_needs_no_login_and_shows_initials_only(client, practitioner, room, monday):
    patient = PatientFactory(first_name="Hélène", last_name="Dubois")
    treatment_session = book(patient, practitioner=practitioner, room=room, day=monday)
    token = ical.feed_token_create(user=practitioner)
    response = feed(client, token)  # anonymous: the token is the credential
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "SUMMARY:H.D. — Treatment session\r\n" in unfolded(body)
    assert "Hélène" not in body and "Dubois" not in body
    assert patient.chart_number not in body and patient.phone not in body
    assert f"UID:session-{treatment_session.pk}@mesoplan\r\n" in body
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "LOCATION:Room 1\\, Main clinic\r\n" in unfolded(body)
    assert "STATUS:CONFIRMED" in body


def test_feed_times_are_utc(client, practitioner, room, monday):
    book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    body = feed(client, ical.feed_token_create(user=practitioner)).content.decode()
    starts = at(monday, 10).astimezone(datetime.UTC)
    ends = starts + datetime.timedelta(minutes=45)
    assert f"DTSTART:{starts:%Y%m%dT%H%M%S}Z\r\nDTEND:{ends:%Y%m%dT%H%M%S}Z\r\n" in body


def test_feed_times_are_utc_on_either_side_of_a_clock_change():
    location = Location(name="Main clinic")
    patient = Patient(first_name="Hélène", last_name="Dubois")

    def unsaved(pk, day):
        starts = at(day, 10)
        return TreatmentSession(
            pk=pk,
            patient=patient,
            room=Room(name="Room 1", location=location),
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=45),
        )

    body = ical.calendar_feed(
        [unsaved(1, SPRING_SUNDAY - datetime.timedelta(1)), unsaved(2, SPRING_SUNDAY)],
        now=datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC),
        name="Test",
    )
    assert "DTSTAMP:20260301T120000Z\r\n" in body
    assert "DTSTART:20260328T090000Z\r\nDTEND:20260328T094500Z\r\n" in body  # CET
    assert "DTSTART:20260329T080000Z\r\nDTEND:20260329T084500Z\r\n" in body  # CEST


def test_a_cancelled_session_is_cancelled_in_the_feed(client, practitioner, room, monday):
    treatment_session = book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    booking.session_transition(
        treatment_session=treatment_session, to=Status.CANCELLED, by=practitioner, reason="Ill"
    )
    body = unfolded(feed(client, ical.feed_token_create(user=practitioner)).content.decode())
    assert "STATUS:CANCELLED\r\nTRANSP:TRANSPARENT" in body
    assert "— Treatment session (Cancelled)" in body


def test_the_feed_holds_only_its_owners_sessions_in_its_window(client, practitioner, room, monday):
    colleague = make_user(roles.PRACTITIONER, username="colleague")
    mine = book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    theirs = book(PatientFactory(), practitioner=colleague, room=room, day=monday, hour=14)
    far = book(
        PatientFactory(),
        practitioner=practitioner,
        room=room,
        day=next_weekday(0, weeks_ahead=27),  # beyond 180 days
    )
    body = feed(client, ical.feed_token_create(user=practitioner)).content.decode()
    assert f"UID:session-{mine.pk}@mesoplan" in body
    assert f"UID:session-{theirs.pk}@mesoplan" not in body
    assert f"UID:session-{far.pk}@mesoplan" not in body


def test_revoked_renewed_and_unknown_tokens_get_404(client, practitioner):
    first = ical.feed_token_create(user=practitioner)
    assert feed(client, first).status_code == 200
    second = ical.feed_token_create(user=practitioner)  # renewing revokes the first
    assert feed(client, first).status_code == 404
    assert feed(client, second).status_code == 200
    ical.feed_token_revoke(user=practitioner)
    assert feed(client, second).status_code == 404
    assert feed(client, "not-a-token").status_code == 404


def test_a_deactivated_users_feed_stops(client, practitioner):
    token = ical.feed_token_create(user=practitioner)
    practitioner.is_active = False
    practitioner.save()
    assert feed(client, token).status_code == 404


def test_only_a_hash_of_the_token_is_stored(practitioner):
    token = ical.feed_token_create(user=practitioner)
    row = ical.active_feed_token(practitioner)
    assert row.token_hash == ical.token_hash(token) != token
    assert len(token) >= 40


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "é,;\\" * 40
    folded = ical.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert all(part.startswith(" ") for part in folded.split("\r\n")[1:])
    assert folded.replace("\r\n ", "") == line
    assert ical.fold("SHORT:x") == "SHORT:x"


def test_text_values_escape_commas_semicolons_backslashes_and_newlines():
    assert ical.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_the_feed_folds_and_escapes_what_it_writes(client, practitioner, monday):
    long_room = RoomFactory(
        location=LocationFactory(name="Clinique du Parc; aile Est, étage 2"),
        name="Salle de soins numéro 3 — côté jardin, près de l'accueil",
    )
    book(PatientFactory(), practitioner=practitioner, room=long_room, day=monday)
    body = feed(client, ical.feed_token_create(user=practitioner)).content.decode()
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert (
        "LOCATION:Salle de soins numéro 3 — côté jardin\\, près de l'accueil\\, "
        "Clinique du Parc\\; aile Est\\, étage 2\r\n"
    ) in unfolded(body)


def test_initials_of_composed_and_missing_names():
    assert ical.initials("Élodie", "Bérard") == "É.B."
    assert ical.initials("  ", "dupont") == "D."
    assert ical.initials("", "") == "?"


# --- Feed settings page -----------------------------------------------------------------------


def test_creating_a_link_shows_it_once(client, practitioner):
    client.force_login(practitioner)
    url = reverse("treatments:ical_settings")
    response = client.post(url, {"action": "renew"}, follow=True)
    page = response.content.decode()
    token = ical.active_feed_token(practitioner)
    assert token is not None
    feed_url = re.search(r'id="feed-url"[^>]*value="([^"]+)"', page).group(1)
    assert feed_url.startswith("http://testserver/treatments/calendar/feed/")
    assert feed_url.endswith(".ics")
    assert client.get(feed_url.removeprefix("http://testserver")).status_code == 200
    again = client.get(url).content.decode()
    assert feed_url not in again  # never stored, never shown twice
    assert "A link is active since" in again
    assert "data-confirm=" in again


def test_renewing_and_revoking_from_the_page(client, practitioner):
    client.force_login(practitioner)
    url = reverse("treatments:ical_settings")
    old = ical.feed_token_create(user=practitioner)
    client.post(url, {"action": "renew"})
    assert feed(client, old).status_code == 404
    assert ical.active_feed_token(practitioner) is not None
    page = client.get(url).content.decode()
    assert 'data-confirm="Revoke your calendar link?' in page
    client.post(url, {"action": "revoke"})
    assert ical.active_feed_token(practitioner) is None
    assert "You have no active link." in client.get(url).content.decode()
    assert client.post(url, {"action": "explode"}).status_code == 400
