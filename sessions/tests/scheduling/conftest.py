"""Fixtures for the scheduling tests: a room with a practitioner's working week, a room at the
main clinic, next Monday, and the clinic's time zone for the calendar."""

import pytest

from sessions.tests.factories.scheduling import (
    LocationFactory,
    RoomFactory,
    next_weekday,
    working_week,
)


@pytest.fixture
def clinic_in_paris(settings):
    settings.TIME_ZONE = "Europe/Paris"


@pytest.fixture
def room():
    return RoomFactory(location=LocationFactory(name="Main clinic"), name="Room 1")


@pytest.fixture
def monday():
    return next_weekday(0)


@pytest.fixture
def setting(practitioner):
    room = RoomFactory(name="Room A")
    working_week(practitioner, room.location)
    return practitioner, room
