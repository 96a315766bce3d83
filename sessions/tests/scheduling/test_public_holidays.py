"""Public holidays (the `holidays` library, settings.HOLIDAYS_COUNTRY): a course is never
proposed on one and a booking on one is refused, naming the holiday (issue 12 found a course
booked on 1 January)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from patients.tests.factories import PatientFactory
from sessions.models import WorkingHours
from sessions.scheduling import courses
from sessions.scheduling.public_holidays import public_holidays
from sessions.tests.factories import RoomFactory, at, book, calendar_page, working_week
from sessions.tests.factories.courses import plan_for

pytestmark = pytest.mark.django_db

NEW_YEAR = datetime.date(2031, 1, 1)  # a Wednesday


@override_settings(HOLIDAYS_COUNTRY="FR", HOLIDAYS_SUBDIVISION="")
def test_a_booking_on_new_years_day_is_refused_with_the_holidays_name(practitioner):
    room = RoomFactory()
    working_week(practitioner, room.location)
    with pytest.raises(ValidationError, match=r"Jan\. 1, 2031 is a public holiday"):
        book(PatientFactory(), practitioner=practitioner, room=room, day=NEW_YEAR)
    assert book(PatientFactory(), practitioner=practitioner, room=room, day=NEW_YEAR.replace(day=2))


@override_settings(HOLIDAYS_COUNTRY="FR", HOLIDAYS_SUBDIVISION="")
def test_a_course_is_never_proposed_on_a_public_holiday(practitioner):
    room = RoomFactory()
    working_week(practitioner, room.location)
    plan = plan_for(PatientFactory(), practitioner, sessions_count=3, interval_min_days=7)
    proposals = courses.course_proposal(
        plan=plan,
        practitioner=practitioner,
        location=room.location,
        first_day=NEW_YEAR,
        duration=datetime.timedelta(minutes=45),
    )
    days = [p.starts_at.date() for p in proposals]
    assert all(days) and NEW_YEAR not in days
    assert proposals[0].starts_at == at(NEW_YEAR.replace(day=2), 9)


@override_settings(HOLIDAYS_COUNTRY="FR", HOLIDAYS_SUBDIVISION="57")
def test_a_subdivision_adds_its_own_holidays():
    # Moselle keeps St Stephen's Day; the rest of France does not.
    day = datetime.date(2031, 12, 26)
    assert day in public_holidays(day, day)
    with override_settings(HOLIDAYS_SUBDIVISION=""):
        assert day not in public_holidays(day, day)


@override_settings(HOLIDAYS_COUNTRY="")
def test_no_country_means_no_holidays():
    assert public_holidays(NEW_YEAR, NEW_YEAR) == {}


@override_settings(HOLIDAYS_COUNTRY="FR", HOLIDAYS_SUBDIVISION="")
def test_the_calendar_shows_a_public_holiday_as_closed_with_no_free_slot(client, practitioner):
    room = RoomFactory()
    working_week(practitioner, room.location)
    for weekday in (5, 6):  # whatever day New Year falls on, someone works then
        WorkingHours.objects.get_or_create(
            practitioner=practitioner,
            location=room.location,
            weekday=weekday,
            defaults={"starts": datetime.time(9), "ends": datetime.time(18)},
        )
    new_year = datetime.date(timezone.localdate().year + 1, 1, 1)
    client.force_login(practitioner)
    page = calendar_page(client, date=new_year.isoformat())
    html = page.content.decode()
    assert "Public holiday: New Year" in html
    grid = page.context["grid"]
    cells = [c for row in grid.rows for c in row.cells]
    assert any(c.kind == "closed" for c in cells)
    assert not [c for c in cells if c.kind == "free" and c.book_url]
