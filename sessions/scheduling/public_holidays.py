"""Public holidays of the clinic's country (settings.HOLIDAYS_COUNTRY, the `holidays` library):
days that are never proposed nor booked, like a closure of every location."""

import datetime
from functools import lru_cache

import holidays
from django.conf import settings


@lru_cache(maxsize=64)
def _calendar(country: str, subdivision: str, year: int) -> dict[datetime.date, str]:
    return dict(holidays.country_holidays(country, subdiv=subdivision or None, years=year))


def public_holidays(first_day: datetime.date, last_day: datetime.date) -> dict:
    """{day: name} for the public holidays from first_day to last_day (none when no country
    is set)."""
    country = settings.HOLIDAYS_COUNTRY
    if not country:
        return {}
    found = {}
    for year in range(first_day.year, last_day.year + 1):
        for day, name in _calendar(country, settings.HOLIDAYS_SUBDIVISION, year).items():
            if first_day <= day <= last_day:
                found[day] = name
    return found
