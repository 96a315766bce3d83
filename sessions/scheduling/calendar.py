"""Calendar grids: sessions placed in rows of local wall-clock time, per practitioner or room.

Pure builders: the view fetches every row it needs in a fixed number of queries and passes
lists in; nothing here touches the database or reverses URLs (the view passes functions).

Times are stored in UTC and shown in the clinic's zone. A row is a local wall time plus its
`fold` (1 for the second pass through the hour repeated when the clocks go back), so the day
the clocks change has 23 or 25 hours of rows, and in a week view every day lines up by wall
time. Arithmetic and comparisons happen in UTC: Python compares two datetimes of the same zone
by their wall time and ignores `fold`, which would put the repeated hour's sessions wrong.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property

from django.utils import dateformat

from clinic.people import display_name

STEP = timedelta(minutes=15)
DEFAULT_HOURS = (8 * 60, 19 * 60)  # minutes from midnight, when nobody works that day
PRACTITIONER, ROOM = "practitioner", "room"

# Cell kinds (also their CSS class suffix: cal-free, cal-off, ...). A past slot is free but
# not offered for booking.
SESSIONS, FREE, PAST, OFF, CLOSED, ABSENT = "sessions", "free", "past", "off", "closed", "absent"


@dataclass(frozen=True)
class Resource:
    """A column's owner: a practitioner (user) or a room."""

    kind: str
    pk: int
    label: str
    active: bool = True

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.pk)


def practitioner_resource(user) -> Resource:
    return Resource(PRACTITIONER, user.pk, display_name(user))


def room_resource(room) -> Resource:
    return Resource(ROOM, room.pk, room.name, active=room.active)


def resource_sort_key(user) -> tuple[str, str, str]:
    return (user.last_name.lower(), user.first_name.lower(), user.get_username().lower())


@dataclass(frozen=True)
class Row:
    """One step of local wall time. `label` carries the zone abbreviation only when the
    same wall time happens twice in the view (the night the clocks go back)."""

    time: time
    label: str
    is_hour: bool
    is_half_hour: bool


@dataclass
class Block:
    """A treatment session as drawn: local start and end, where it links to."""

    treatment_session: object
    starts: datetime
    ends: datetime
    url: str

    @property
    def is_overlap(self) -> bool:
        return bool(self.treatment_session.overlap_reason)

    @property
    def minutes(self) -> int:
        return int((self.ends - self.starts).total_seconds() // 60)

    # What the templates print, formatted here: a week renders hundreds of blocks and cells,
    # and the `date`/`time` filters cost ten times as much per value (issue 14).
    @property
    def starts_iso(self) -> str:
        return self.starts.isoformat()

    @property
    def ends_iso(self) -> str:
        return self.ends.isoformat()

    @property
    def starts_hm(self) -> str:
        return f"{self.starts:%H:%M}"

    @property
    def ends_hm(self) -> str:
        return f"{self.ends:%H:%M}"


@dataclass
class Cell:
    kind: str
    rowspan: int = 1
    blocks: list[Block] = field(default_factory=list)
    starts: datetime | None = None  # local; set on free and session cells (a drop lands there)
    book_url: str = ""
    reason: str = ""
    column: Column | None = None
    fits: bool = False  # free for the length the front desk picked (free_slots.py)

    @property
    def starts_hm(self) -> str:
        return f"{self.starts:%H:%M}" if self.starts else ""

    @property
    def drop_start(self) -> str:
        """Where a session dropped on this cell lands: local "YYYY-MM-DDTHH:MM"."""
        return f"{self.starts:%Y-%m-%dT%H:%M}" if self.starts else ""


@dataclass
class Column:
    day: date
    resource: Resource
    is_today: bool
    closures: list[str]
    hours: list[tuple[time, time]]
    instants: list[datetime | None] = field(default_factory=list, repr=False)
    url: str = ""  # the header's link, set by the view

    @cached_property
    def day_label(self) -> str:
        """The day as "Mon 7 Dec." in the active language, once per column (free cells repeat
        it); "N", not "M", because "M" capitalises French months."""
        return dateformat.format(self.day, "D j N")


@dataclass
class GridRow:
    row: Row
    cells: list[Cell]  # the cells that start on this row; rows spanned by another are left out


@dataclass
class Grid:
    columns: list[Column]
    rows: list[GridRow]


@dataclass(frozen=True)
class ClockChange:
    day: date
    before: str  # zone abbreviation before the change, e.g. "CET"
    after: str
    forward: bool  # True: the clocks go forward (a shorter day)


# --- Time helpers -----------------------------------------------------------------------------


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The first instant of a local day, in UTC."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def instant(day: date, wall: time, tz: tzinfo) -> datetime | None:
    """The UTC instant of a wall time on a day, or None when that wall time does not exist
    that day: skipped when the clocks go forward, or a second pass (fold=1) on a day whose
    clocks do not go back."""
    local = datetime.combine(day, wall, tzinfo=tz)  # keeps wall.fold
    if wall.fold and local.utcoffset() == local.replace(fold=0).utcoffset():
        return None
    moment = local.astimezone(UTC)
    back = moment.astimezone(tz)
    if (back.date(), back.time()) != (day, wall.replace(fold=0)):
        return None
    return moment


def clock_changes(days: Iterable[date], tz: tzinfo) -> list[ClockChange]:
    """The days in view on which the clocks change."""
    changes = []
    for day in days:
        start = local_midnight(day, tz).astimezone(tz)
        end = local_midnight(day + timedelta(days=1), tz).astimezone(tz)
        if start.utcoffset() != end.utcoffset():
            changes.append(
                ClockChange(
                    day, start.tzname(), end.tzname(), forward=end.utcoffset() > start.utcoffset()
                )
            )
    return changes


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _wall_at(day: date, minutes: int, tz: tzinfo) -> datetime:
    """`minutes` after local midnight as a wall time (1440: the next midnight), in UTC."""
    whole_days, minutes = divmod(minutes, 24 * 60)
    wall = time(minutes // 60, minutes % 60)
    return datetime.combine(day + timedelta(days=whole_days), wall, tzinfo=tz).astimezone(UTC)


def _row_key(wall: time) -> tuple[int, int, int]:
    # The repeated hour's second pass sorts after its first: 02:00, 02:15, …, 02:45 (fold 0),
    # then 02:00 … 02:45 again (fold 1). Zones change their clocks by whole hours here.
    return (wall.hour, wall.fold, wall.minute)


def build_rows(
    days: Sequence[date], first: int, last: int, tz: tzinfo, step: timedelta = STEP
) -> list[Row]:
    """The wall times from `first` to `last` (minutes from midnight, last excluded) on any of
    `days`, each once, in the order a clock shows them."""
    seen: dict[tuple[int, int, int], tuple[time, str]] = {}
    for day in days:
        moment, end = _wall_at(day, first, tz), _wall_at(day, last, tz)
        while moment < end:
            local = moment.astimezone(tz)
            wall = local.time().replace(fold=local.fold)
            seen.setdefault(_row_key(wall), (wall, local.tzname()))
            moment += step
    repeated = {key[0::2] for key in seen if key[1] == 1}
    rows = []
    for key in sorted(seen):
        wall, zone = seen[key]
        label = wall.strftime("%H:%M")
        if key[0::2] in repeated:
            label = f"{label} {zone}"
        rows.append(Row(wall, label, is_hour=wall.minute == 0, is_half_hour=wall.minute == 30))
    return rows


# --- What applies to a column -----------------------------------------------------------------


def hours_by_resource(
    resources: Iterable[Resource], working_hours: Iterable
) -> dict[tuple[str, int], dict[int, list[tuple[time, time]]]]:
    """Working hours per resource and weekday. A room is usable whenever someone works at
    its location."""
    by_practitioner: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    anyone: dict[int, list] = defaultdict(list)
    for hours in working_hours:
        by_practitioner[hours.practitioner_id][hours.weekday].append((hours.starts, hours.ends))
        anyone[hours.weekday].append((hours.starts, hours.ends))
    result = {}
    for resource in resources:
        source = by_practitioner.get(resource.pk, {}) if resource.kind == PRACTITIONER else anyone
        result[resource.key] = {weekday: sorted(spans) for weekday, spans in source.items()}
    return result


def closure_applies(closure, resource: Resource, location_id: int) -> bool:
    """A location's closure closes every column; a practitioner's leave only theirs."""
    practitioner_id = resource.pk if resource.kind == PRACTITIONER else None
    return closure.applies_to(location_id=location_id, practitioner_id=practitioner_id)


def closures_for(closures: Iterable, resource: Resource, day: date, location_id: int) -> list[str]:
    return [
        closure.reason
        for closure in closures
        if closure.starts_on <= day <= closure.ends_on
        and closure_applies(closure, resource, location_id)
    ]


def owner_key(treatment_session, kind: str) -> tuple[str, int]:
    return (
        kind,
        treatment_session.practitioner_id if kind == PRACTITIONER else treatment_session.room_id,
    )


def sessions_by_column(
    sessions: Iterable, kind: str, tz: tzinfo
) -> dict[tuple[tuple[str, int], date], list]:
    """Sessions keyed by (resource key, local day of their start)."""
    found = defaultdict(list)
    for treatment_session in sessions:
        day = treatment_session.starts_at.astimezone(tz).date()
        found[(owner_key(treatment_session, kind), day)].append(treatment_session)
    return found


def row_range(
    days: Sequence[date],
    columns_hours: Iterable[list[tuple[time, time]]],
    sessions: Iterable,
    tz: tzinfo,
) -> tuple[int, int]:
    """From the earliest working hour or session start to the latest end, in whole hours."""
    starts, ends = [], []
    for spans in columns_hours:
        for begin, end in spans:
            starts.append(_minutes(begin))
            ends.append(_minutes(end))
    shown = set(days)
    for treatment_session in sessions:
        local_start = treatment_session.starts_at.astimezone(tz)
        if local_start.date() not in shown:
            continue
        local_end = treatment_session.ends_at.astimezone(tz)
        starts.append(_minutes(local_start.time()))
        spill = (local_end.date() - local_start.date()).days
        ends.append(spill * 24 * 60 + _minutes(local_end.time()))
    if not starts:
        return DEFAULT_HOURS
    first = min(starts) // 60 * 60
    last = min(-(-max(ends) // 60) * 60, 24 * 60)
    return first, max(last, first + 60)


# --- The grid ---------------------------------------------------------------------------------


def _place(blocks_rows: list[tuple[int, int, Block]]) -> list[tuple[int, int, list[Block]]]:
    """Group blocks whose rows overlap (a deliberate double booking, a cancelled session and
    its replacement) into one cell spanning them all."""
    groups: list[tuple[int, int, list[Block]]] = []
    for start, end, block in sorted(blocks_rows, key=lambda item: (item[0], item[1])):
        if groups and start < groups[-1][1]:
            first, last, members = groups[-1]
            groups[-1] = (first, max(last, end), [*members, block])
        else:
            groups.append((start, end, [block]))
    return groups


def _column_cells(
    column: Column,
    sessions: list,
    rows: list[Row],
    tz: tzinfo,
    session_url: Callable,
    book_url: Callable | None,
    now: datetime | None,
) -> list[Cell | None]:
    count = len(rows)
    existing = [(moment, index) for index, moment in enumerate(column.instants) if moment]
    moments = [moment for moment, _ in existing]
    cells: list[Cell | None] = [None] * count
    covered = [False] * count

    placed = []
    for treatment_session in sessions if existing else ():
        starts, ends = (
            treatment_session.starts_at.astimezone(UTC),
            treatment_session.ends_at.astimezone(UTC),
        )
        position = max(bisect.bisect_right(moments, starts) - 1, 0)
        first = existing[position][1]
        position = bisect.bisect_left(moments, ends)
        last = existing[position][1] if position < len(existing) else count
        block = Block(
            treatment_session,
            starts.astimezone(tz),
            ends.astimezone(tz),
            session_url(treatment_session),
        )
        placed.append((first, max(last, first + 1), block))
    for first, last, blocks in _place(placed):
        last = min(last, count)
        cells[first] = Cell(
            SESSIONS,
            rowspan=last - first,
            blocks=blocks,
            starts=column.instants[first].astimezone(tz),
            column=column,
        )
        for index in range(first, last):
            covered[index] = True

    closed_reason = "; ".join(column.closures)
    previous: Cell | None = None
    for index in range(count):
        if covered[index]:
            previous = None
            continue
        moment = column.instants[index]
        if moment is None:
            kind, reason = ABSENT, ""
        elif closed_reason:
            kind, reason = CLOSED, closed_reason
        elif not column.resource.active:
            kind, reason = OFF, ""
        else:
            local = moment.astimezone(tz)
            wall = local.time()
            working = any(begin <= wall < end for begin, end in column.hours)
            kind, reason = (FREE, "") if working else (OFF, "")
            if kind == FREE and now is not None and moment < now:
                kind = PAST
        if kind != FREE and previous is not None and previous.kind == kind:
            previous.rowspan += 1  # one tall cell per run of closed / off / absent rows
            continue
        cell = Cell(kind, reason=reason, column=column)
        if kind == FREE:
            cell.starts = moment.astimezone(tz)
            cell.book_url = book_url(column.resource, cell.starts) if book_url else ""
        cells[index] = cell
        previous = cell if kind != FREE else None
    return cells


def build_grid(
    *,
    days: Sequence[date],
    resources: Sequence[Resource],
    sessions: Iterable,
    working_hours: Iterable,
    closures: Iterable,
    location_id: int,
    tz: tzinfo,
    today: date,
    session_url: Callable,
    book_url: Callable | None = None,
    now: datetime | None = None,
    step: timedelta = STEP,
) -> Grid:
    """A time grid: one column per (day, resource) pair — several resources on one day (day
    view) or several days of one resource (week view) — and one row per `step` of wall time.

    `session_url(treatment_session)` and `book_url(resource, local_start)` make the links; without
    `book_url`, free cells are not links. Slots before `now` are not offered."""
    sessions = list(sessions)
    kind = resources[0].kind if resources else PRACTITIONER
    hours = hours_by_resource(resources, working_hours)
    columns = [
        Column(
            day=day,
            resource=resource,
            is_today=day == today,
            closures=closures_for(closures, resource, day, location_id),
            hours=hours[resource.key].get(day.weekday(), []),
        )
        for day in days
        for resource in resources
    ]
    shown_keys = {resource.key for resource in resources}
    shown_sessions = [s for s in sessions if owner_key(s, kind) in shown_keys]
    first, last = row_range(days, (column.hours for column in columns), shown_sessions, tz)
    rows = build_rows(days, first, last, tz, step)
    by_column = sessions_by_column(shown_sessions, kind, tz)
    instants = {day: [instant(day, row.time, tz) for row in rows] for day in days}
    column_cells = []
    for column in columns:
        column.instants = instants[column.day]
        column_cells.append(
            _column_cells(
                column,
                by_column.get((column.resource.key, column.day), []),
                rows,
                tz,
                session_url,
                book_url,
                now,
            )
        )
    grid_rows = [
        GridRow(row, [cells[index] for cells in column_cells if cells[index] is not None])
        for index, row in enumerate(rows)
    ]
    return Grid(columns, grid_rows)


# --- The week at a glance ---------------------------------------------------------------------


@dataclass
class OverviewCell:
    day: date
    resource: Resource
    is_today: bool
    blocks: list[Block]
    closures: list[str]
    works: bool  # has working hours that day (for a room: someone works at the location)


@dataclass
class OverviewRow:
    resource: Resource
    cells: list[OverviewCell]
    url: str = ""  # the header's link, set by the view


def build_overview(
    *,
    days: Sequence[date],
    resources: Sequence[Resource],
    sessions: Iterable,
    working_hours: Iterable,
    closures: Iterable,
    location_id: int,
    tz: tzinfo,
    today: date,
    session_url: Callable,
) -> list[OverviewRow]:
    """A week for every resource at once: one row per resource, one column per day, each
    cell listing its sessions in time order."""
    kind = resources[0].kind if resources else PRACTITIONER
    hours = hours_by_resource(resources, working_hours)
    by_column = sessions_by_column(sessions, kind, tz)
    closures = list(closures)
    result = []
    for resource in resources:
        cells = []
        for day in days:
            blocks = [
                Block(
                    treatment_session,
                    treatment_session.starts_at.astimezone(tz),
                    treatment_session.ends_at.astimezone(tz),
                    session_url(treatment_session),
                )
                for treatment_session in sorted(
                    by_column.get((resource.key, day), []), key=lambda s: (s.starts_at, s.pk)
                )
            ]
            cells.append(
                OverviewCell(
                    day=day,
                    resource=resource,
                    is_today=day == today,
                    blocks=blocks,
                    closures=closures_for(closures, resource, day, location_id),
                    works=bool(hours[resource.key].get(day.weekday())) and resource.active,
                )
            )
        result.append(OverviewRow(resource, cells))
    return result


def week_of(day: date) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=offset) for offset in range(7)]
