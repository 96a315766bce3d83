"""Laying sessions without clashes: each practitioner's working day fills from opening time, one
session after the other, in the room the rota gives them that day (a room belongs to one
practitioner per day), so neither a practitioner nor a room is ever booked twice at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from bench.data.network import CLOSES, OPENS, WORKING_WEEKDAYS, Network
from sessions.scheduling.public_holidays import public_holidays

DAY_MINUTES = (CLOSES.hour - OPENS.hour) * 60


class Calendar:
    """Days by index from the network's first day; which are open; when each opens, in UTC."""

    def __init__(self, network: Network, now: datetime):
        self.first_day = network.first_day
        self.size = (network.last_day - network.first_day).days + 1
        holidays = public_holidays(network.first_day, network.last_day)
        self.days = [network.first_day + timedelta(days=d) for d in range(self.size)]
        self.open = [day.weekday() in WORKING_WEEKDAYS and day not in holidays for day in self.days]
        # Opening time as a UTC instant per day: adding minutes to it stays right across the
        # clock changes (they happen at night, never between opening and closing).
        self.opens_at = [
            timezone.make_aware(datetime.combine(day, OPENS)).astimezone(UTC) for day in self.days
        ]
        self.now = now
        local = timezone.localtime(now)
        self.today = self.index(local.date())
        self.now_minute = (local.hour - OPENS.hour) * 60 + local.minute

    def index(self, day: date) -> int:
        return (day - self.first_day).days

    def at(self, day: int, minute: int) -> datetime:
        """The instant `minute` minutes after opening time on day `day` (any day, also a
        Sunday: registrations and records happen off the calendar too)."""
        if 0 <= day < self.size:
            return self.opens_at[day] + timedelta(minutes=minute)
        opens = datetime.combine(self.first_day + timedelta(days=day), OPENS)
        return timezone.make_aware(opens).astimezone(UTC) + timedelta(minutes=minute)


class Roster:
    """Minutes already booked per practitioner and day; finds the first day with room."""

    def __init__(self, calendar: Calendar, practitioners: int):
        self.calendar = calendar
        self.practitioners = practitioners
        self.used = [[0] * calendar.size for _ in range(practitioners)]
        self.refused = 0

    def place(self, practitioner: int, day: int, minutes: int, *, slack: int):
        """(practitioner, day, start minute) of the first opening from `day` up to `slack` days
        later, with the patient's practitioner first, then a colleague on the wanted day;
        None when the calendar is full (counted) or the day is past the last one."""
        is_open = self.calendar.open
        last = min(day + slack, self.calendar.size - 1)
        used = self.used[practitioner]
        for candidate in range(day, last + 1):
            if is_open[candidate] and used[candidate] + minutes <= DAY_MINUTES:
                start = used[candidate]
                used[candidate] = start + minutes
                return practitioner, candidate, start
        if day <= last and is_open[day]:
            for colleague in range(self.practitioners):
                booked = self.used[colleague]
                if booked[day] + minutes <= DAY_MINUTES:
                    start = booked[day]
                    booked[day] = start + minutes
                    return colleague, day, start
        if day < self.calendar.size:
            self.refused += 1
        return None

    def peek(self, practitioner: int, day: int, minutes: int) -> int | None:
        """The start minute a session laid now would get, without taking it (a cancelled
        booking keeps no slot: the next one booked takes the same time)."""
        start = self.used[practitioner][day]
        if not self.calendar.open[day] or start + minutes > DAY_MINUTES:
            return None
        return start
