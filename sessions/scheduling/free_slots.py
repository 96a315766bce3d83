"""Free for [30/45/60/90 min]: which free starts of the calendar's grid can take a session of
that length. The grid already knows each column's hours, closures (public holidays included),
past and sessions (its FREE cells); this adds the length and the other half of a booking: a
free room for a practitioner's column, a free practitioner at work for a room's column.

Everything is read from lists loaded once for the page (no query per cell or session)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo

from sessions.scheduling import calendar as cal

LENGTHS = (30, 45, 60, 90)  # minutes offered by the calendar's picker


def parse_length(value) -> int | None:
    """The picker's value, or None for anything it does not offer."""
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return None
    return minutes if minutes in LENGTHS else None


def _overlaps(spans, starts: datetime, ends: datetime) -> bool:
    return any(begin < ends and starts < end for begin, end in spans)


class _Partners:
    """Who else a booking needs, from the page's lists: `busy` holds (room_id, practitioner_id,
    starts_at, ends_at) of the active sessions that may be in the way."""

    def __init__(self, *, rooms, working_hours, closures, busy, location_id, tz):
        self.rooms = [room.pk for room in rooms if room.active]
        self.hours = defaultdict(list)  # (practitioner_id, weekday) -> [(starts, ends)]
        for hours in working_hours:
            self.hours[(hours.practitioner_id, hours.weekday)].append((hours.starts, hours.ends))
        self.practitioners = sorted({practitioner for practitioner, _ in self.hours})
        self.closures, self.location_id, self.tz = closures, location_id, tz
        self.by_room, self.by_practitioner = defaultdict(list), defaultdict(list)
        for room_id, practitioner_id, starts_at, ends_at in busy:
            span = (starts_at.astimezone(UTC), ends_at.astimezone(UTC))
            self.by_room[room_id].append(span)
            self.by_practitioner[practitioner_id].append(span)

    def room_free(self, starts: datetime, ends: datetime) -> bool:
        return any(not _overlaps(self.by_room[room], starts, ends) for room in self.rooms)

    def practitioner_free(self, starts: datetime, ends: datetime) -> bool:
        local_start, local_end = starts.astimezone(self.tz), ends.astimezone(self.tz)
        if local_end.date() != local_start.date():
            return False
        for practitioner in self.practitioners:
            spans = self.hours[(practitioner, local_start.weekday())]
            if not any(b <= local_start.time() and local_end.time() <= e for b, e in spans):
                continue
            resource = cal.Resource(cal.PRACTITIONER, practitioner, "")
            if cal.closures_for(self.closures, resource, local_start.date(), self.location_id):
                continue
            if not _overlaps(self.by_practitioner[practitioner], starts, ends):
                return True
        return False


def mark_free_starts(
    grid: cal.Grid,
    minutes: int,
    *,
    rooms: Iterable,
    working_hours: Iterable,
    closures: Iterable,
    busy: Iterable,
    location_id: int,
    tz: tzinfo,
    step: timedelta = cal.STEP,
) -> None:
    """Sets `fits` on each FREE cell where `minutes` of free time start in its column."""
    length = timedelta(minutes=minutes)
    partners = _Partners(
        rooms=rooms,
        working_hours=working_hours,
        closures=closures,
        busy=busy,
        location_id=location_id,
        tz=tz,
    )
    free_by_column = defaultdict(dict)  # id(column) -> {UTC start: cell}
    for grid_row in grid.rows:
        for cell in grid_row.cells:
            if cell.kind == cal.FREE:
                free_by_column[id(cell.column)][cell.starts.astimezone(UTC)] = cell
    for free in free_by_column.values():
        for starts, cell in free.items():
            ends = starts + length
            moment = starts
            while moment < ends and moment in free:  # UTC steps: right across a clock change
                moment += step
            if moment < ends:
                continue
            if cell.column.resource.kind == cal.PRACTITIONER:
                cell.fits = partners.room_free(starts, ends)
            else:
                cell.fits = partners.practitioner_free(starts, ends)
