"""The range of days the treatments app books, shows and prints for: today minus one year to
today plus two years (issue 13). Outside it a date is a form error or is ignored, never a 500
(date arithmetic near year 1 or 9999 overflows)."""

import datetime

from django.utils import timezone

PAST = datetime.timedelta(days=365)
AHEAD = datetime.timedelta(days=2 * 365)


def booking_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """(first, last) day a session, a calendar page, a follow-up or a batch may name."""
    today = today or timezone.localdate()
    return today - PAST, today + AHEAD


def in_booking_window(day: datetime.date) -> bool:
    first, last = booking_window()
    return first <= day <= last
