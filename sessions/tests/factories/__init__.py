"""Builders for the treatments app's tests, one module per subject: scheduling, courses, charts,
consents, follow-ups and the URL walk's samples. The scheduling builders and `consent_on_file`
are re-exported here."""

from sessions.tests.factories.consents import consent_on_file
from sessions.tests.factories.scheduling import (
    LocationFactory,
    RoomFactory,
    at,
    book,
    book_at,
    book_course,
    calendar_page,
    next_weekday,
    working_week,
)

__all__ = [
    "LocationFactory",
    "RoomFactory",
    "at",
    "book",
    "book_at",
    "book_course",
    "calendar_page",
    "consent_on_file",
    "next_weekday",
    "working_week",
]
