"""Booking from the patient and no lost input, in a real browser (issue 12).

The front desk finds a patient by typing part of the name in the booking form, picks the match
with the keyboard, books; the patient page's Book button prefills the form and the page lists
the appointment. On the chart page a photo is stored without losing unsaved chart edits."""

import re

import pytest
from playwright.sync_api import expect

from clinic import roles
from patients.tests.factories import PatientFactory
from sessions.models import Photo, TreatmentSession
from sessions.tests.factories import RoomFactory, next_weekday, working_week
from sessions.tests.factories.charts import JPEG, booked_session, chart_url
from tests.browser.conftest import sign_in, submit, watch_csp_violations, watch_js_errors
from tests.support import make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_front_desk_books_by_typing_the_name_and_sees_it_on_the_patient_page(
    page, live_server, screenshots_dir
):
    practitioner = make_user(roles.PRACTITIONER, username="claire")
    room = RoomFactory()
    working_week(practitioner, room.location)
    patient = PatientFactory(first_name="Hélène", last_name="Dupré")
    PatientFactory(first_name="Marc", last_name="Durand")
    desk = make_user(roles.FRONT_DESK, username="desk")
    errors, csp = watch_js_errors(page), watch_csp_violations(page)
    sign_in(page, live_server.url, desk.username)

    page.goto(live_server.url + "/treatments/sessions/new/")
    search = page.get_by_label("Find the patient")
    expect(search).to_be_visible()
    search.press_sequentially("dupr", delay=30)
    match = page.get_by_role("button", name=re.compile(r"DUPRÉ Hélène"))
    expect(match).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("DURAND"))).to_have_count(0)
    page.screenshot(path=screenshots_dir / "booking-patient-pick.png")
    search.press("ArrowDown")  # the keyboard reaches the list
    expect(match).to_be_focused()
    match.press("Enter")
    expect(page.get_by_label("Patient chart number")).to_have_value(patient.chart_number)
    expect(page.locator("[data-pick-chosen]")).to_contain_text(patient.chart_number)

    page.get_by_label("Day").fill(next_weekday(2).isoformat())
    page.get_by_label("Start").fill("10:00")
    submit(page, "Book")
    expect(page.get_by_test_id("session-status")).to_have_text("Booked")
    booked = TreatmentSession.objects.get()
    assert booked.patient == patient

    page.goto(live_server.url + patient.get_absolute_url())
    expect(page.get_by_test_id("appointments-upcoming")).to_contain_text("Booked")
    page.screenshot(path=screenshots_dir / "patient-appointments.png", full_page=True)
    page.get_by_role("link", name="Book a session").click()
    expect(page.get_by_label("Patient chart number")).to_have_value(patient.chart_number)
    assert errors == [] and csp == []


def test_storing_a_photo_keeps_the_unsaved_chart(page, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "private"
    practitioner = make_user(roles.PRACTITIONER, username="claire")
    treatment_session = booked_session(practitioner)
    errors, csp = watch_js_errors(page), watch_csp_violations(page)
    sign_in(page, live_server.url, practitioner.username)
    page.goto(live_server.url + chart_url(treatment_session))
    notes = page.get_by_test_id("chart-form").get_by_label("Notes")
    notes.fill("Typed, not saved yet")
    photo = tmp_path / "face.jpg"
    photo.write_bytes(JPEG)
    section = page.get_by_test_id("chart-photos")
    section.get_by_label(re.compile("Photo")).set_input_files(str(photo))
    section.get_by_role("button", name="Store the photo").click()
    expect(page.get_by_test_id("photo-stored")).to_be_visible()
    expect(section.locator("img")).to_have_count(1)
    expect(notes).to_have_value("Typed, not saved yet")
    assert Photo.objects.count() == 1
    assert errors == [] and csp == []
