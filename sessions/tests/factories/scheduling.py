"""Scheduling builders: a location with rooms, a practitioner who works weekdays 9–18, and
bookings made through the real services (one session, a slot at a given instant, a course)."""

import datetime

import factory
from django.urls import reverse
from django.utils import timezone

from sessions.models import Location, Room, WorkingHours
from sessions.scheduling import booking, courses
from tests.support import make_user


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ["name"]

    name = "Main clinic"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room
        django_get_or_create = ["location", "name"]

    location = factory.SubFactory(LocationFactory)
    name = factory.Sequence(lambda n: f"Room {n + 1}")


def working_week(practitioner, location, starts=datetime.time(9), ends=datetime.time(18)):
    for weekday in range(5):
        WorkingHours.objects.get_or_create(
            practitioner=practitioner,
            location=location,
            weekday=weekday,
            defaults={"starts": starts, "ends": ends},
        )


def next_weekday(weekday=0, weeks_ahead=1) -> datetime.date:
    """A date `weeks_ahead` weeks from now on the given weekday (0 = Monday)."""
    today = timezone.localdate()
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def book(patient, *, practitioner=None, room=None, day=None, hour=10, minutes=45, by=None, **extra):
    """Book a session (through the real service) in a practitioner's working hours."""
    room = room or RoomFactory()
    practitioner = practitioner or make_user(
        "practitioner", username=f"doc-{Room.objects.count()}-{patient.pk}"
    )
    working_week(practitioner, room.location)
    starts = at(day or next_weekday(0), hour)
    return book_at(patient, practitioner, room, starts, minutes, by=by, **extra)


def book_at(patient, practitioner, room, starts, minutes=45, *, by=None, **extra):
    """Book a session starting at the instant `starts` (through the real service)."""
    # Add durations in UTC: Python adds them to the wall time of an aware datetime, and drops
    # `fold`, so 02:15 CET + 30 min would be 02:45 CEST, an hour before it starts.
    starts = starts.astimezone(datetime.UTC)
    return booking.session_book(
        patient=patient,
        practitioner=practitioner,
        room=room,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=minutes),
        by=by or practitioner,
        **extra,
    )


def book_course(plan, practitioner, location, first_day=None):
    """The whole course booked through the services, from next Monday unless told."""
    proposals = courses.course_proposal(
        plan=plan,
        practitioner=practitioner,
        location=location,
        first_day=first_day or next_weekday(0),
        duration=datetime.timedelta(minutes=45),
    )
    assert all(p.starts_at for p in proposals), [p.problem for p in proposals]
    return courses.course_book(
        plan=plan,
        practitioner=practitioner,
        by=practitioner,
        slots=[(p.starts_at, p.ends_at, p.room) for p in proposals],
    )


def calendar_page(client, **params):
    return client.get(reverse("treatments:calendar"), params)
