"""Scheduling fixtures: a location with rooms and a practitioner who works weekdays 9–18."""

import datetime

import factory
from django.utils import timezone

from sessions.models import Location, Room, WorkingHours
from sessions.scheduling import booking
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
    day = day or next_weekday(0)
    start = at(day, hour)
    return booking.session_book(
        patient=patient,
        practitioner=practitioner,
        room=room,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=minutes),
        by=by or practitioner,
        **extra,
    )


def consent_on_file(plan, by):
    """A signed paper consent covering the plan, as the front desk records it."""
    from sessions.documents import consents as consent_services

    record = consent_services.consent_prepare(patient=plan.patient, plan_or_version=plan, by=by)
    return consent_services.consent_mark_signed_on_paper(record=record, by=by)
