"""Whether a slot can be booked: the practitioner's hours, closures, inactive rooms and
clashes with other active sessions, each as a sentence that names the problem.

`Availability` reads what the rules need for a practitioner over a span of days in three
queries (working hours, closures, active sessions), then answers for any number of slots in
memory: a course of six sessions is checked with the same three queries as one booking.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import dates
from clinic.people import display_name
from sessions.models import MAX_SESSION_LENGTH, Closure, TreatmentSession, WorkingHours
from sessions.scheduling.public_holidays import public_holidays


def booking_summary(other: TreatmentSession) -> str:
    local = timezone.localtime(other.starts_at)
    return _("%(patient)s with %(practitioner)s in %(room)s, %(day)s %(start)s–%(end)s") % {
        "patient": other.patient.full_name,
        "practitioner": display_name(other.practitioner),
        "room": other.room.name,
        "day": dates.day(local.date()),
        "start": local.strftime("%H:%M"),
        "end": timezone.localtime(other.ends_at).strftime("%H:%M"),
    }


def clashes_among(
    others, *, practitioner, room, starts_at, ends_at, overlap_reason="", exclude_pk=None
) -> list[TreatmentSession]:
    """The active sessions in `others` this booking would collide with: the room always; the
    practitioner unless either booking overlaps on purpose (with a reason)."""
    overlapping = [
        other
        for other in others
        if (exclude_pk is None or other.pk != exclude_pk)
        and other.is_active
        and other.starts_at < ends_at
        and starts_at < other.ends_at
    ]
    room_clashes = [other for other in overlapping if other.room_id == room.pk]
    practitioner_clashes = [
        other
        for other in overlapping
        if other.practitioner_id == practitioner.pk
        and other.room_id != room.pk
        and not (overlap_reason or other.overlap_reason)
    ]
    return room_clashes + practitioner_clashes


def clashing_sessions(
    *, practitioner, room, starts_at, ends_at, overlap_reason="", exclude_pk=None
) -> list[TreatmentSession]:
    """The same rule, read fresh from the database (after a concurrent booking won a race)."""
    others = (
        TreatmentSession.objects.active()
        .overlapping(starts_at, ends_at)
        .filter(Q(room=room) | Q(practitioner=practitioner))
        .select_related("patient", "practitioner", "room")
    )
    return clashes_among(
        others,
        practitioner=practitioner,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        overlap_reason=overlap_reason,
        exclude_pk=exclude_pk,
    )


def clash_error(clash: TreatmentSession, room) -> ValidationError:
    if clash.room_id == room.pk:
        return ValidationError(
            _("%(room)s is already booked then: %(other)s.")
            % {"room": room.name, "other": booking_summary(clash)},
            code="room_clash",
        )
    return ValidationError(
        _(
            "The practitioner is already booked then: %(other)s. To overlap on purpose, give a "
            "reason."
        )
        % {"other": booking_summary(clash)},
        code="practitioner_clash",
    )


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone())


@dataclass
class Availability:
    """A practitioner's hours, closures and the active sessions that could clash, for the
    days from `first_day` to `last_day` at the given locations."""

    practitioner: object
    first_day: datetime.date
    last_day: datetime.date
    hours: list = field(default_factory=list)
    closures: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    holidays: dict = field(default_factory=dict)  # {day: name}: closed everywhere

    @classmethod
    def load(cls, *, practitioner, location_ids, first_day, last_day) -> Availability:
        """Three queries, whatever the number of slots asked about afterwards."""
        location_ids = set(location_ids)
        span_start, span_end = (
            _local_midnight(first_day),
            _local_midnight(last_day) + (datetime.timedelta(days=1)),
        )
        return cls(
            practitioner=practitioner,
            first_day=first_day,
            last_day=last_day,
            hours=list(WorkingHours.objects.filter(practitioner=practitioner).order_by("starts")),
            closures=list(
                Closure.objects.filter(starts_on__lte=last_day, ends_on__gte=first_day).filter(
                    Q(practitioner=practitioner) | Q(practitioner__isnull=True)
                )
            ),
            sessions=list(
                TreatmentSession.objects.active()
                .overlapping(span_start, span_end)
                .filter(Q(practitioner=practitioner) | Q(room__location_id__in=location_ids))
                .select_related("patient", "practitioner", "room")
            ),
            holidays=public_holidays(first_day, last_day),
        )

    def hours_on(self, day: datetime.date, location_id: int) -> list:
        return [
            h for h in self.hours if h.location_id == location_id and h.weekday == day.weekday()
        ]

    def closures_on(self, day: datetime.date, location_id: int) -> list:
        return [
            closure
            for closure in self.closures
            if closure.covers(day)
            and closure.applies_to(location_id=location_id, practitioner_id=self.practitioner.pk)
        ]

    def closed_on(self, day: datetime.date, location_id: int) -> bool:
        """A public holiday, or a closure of this location or of the practitioner."""
        return day in self.holidays or bool(self.closures_on(day, location_id))

    def hold(self, treatment_session: TreatmentSession) -> None:
        """Count a session booked (or proposed) since loading in later answers."""
        self.sessions.append(treatment_session)

    def problems(self, *, room, starts_at, ends_at) -> list[str]:
        """Why this slot is outside the practitioner's hours or closed (empty when fine)."""
        problems = []
        local_start, local_end = timezone.localtime(starts_at), timezone.localtime(ends_at)
        day = local_start.date()
        if not self.first_day <= day <= self.last_day:
            raise ValueError(f"{day} is outside the days this availability was loaded for")
        if local_end.date() != day:
            problems.append(_("A session must start and end on the same day."))
        hours = self.hours_on(day, room.location_id)
        if not any(h.starts <= local_start.time() and local_end.time() <= h.ends for h in hours):
            problems.append(
                _("%(when)s is outside %(who)s's working hours at %(location)s.")
                % {
                    "when": dates.moment(local_start, weekday=True),
                    "who": display_name(self.practitioner),
                    "location": room.location.name,
                }
            )
        if day in self.holidays:
            problems.append(
                _("%(day)s is a public holiday (%(name)s).")
                % {"day": dates.day(day), "name": self.holidays[day]}
            )
        problems += [
            _("Closed on %(day)s: %(reason)s.") % {"day": dates.day(day), "reason": c.reason}
            for c in self.closures_on(day, room.location_id)
        ]
        if not room.active:
            problems.append(_("%(room)s is not in use.") % {"room": room.name})
        return problems

    def clashes(self, *, room, starts_at, ends_at, overlap_reason="", exclude_pk=None) -> list:
        return clashes_among(
            self.sessions,
            practitioner=self.practitioner,
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            overlap_reason=overlap_reason,
            exclude_pk=exclude_pk,
        )

    def check(self, *, room, starts_at, ends_at, overlap_reason="", exclude_pk=None) -> None:
        """Raise a ValidationError listing every reason this slot cannot be booked."""
        if ends_at <= starts_at:
            raise ValidationError(_("The session ends before it starts."))
        if ends_at - starts_at > MAX_SESSION_LENGTH:
            raise ValidationError(
                _("A session lasts at most %(hours)s hours.")
                % {"hours": int(MAX_SESSION_LENGTH.total_seconds() // 3600)}
            )
        problems = self.problems(room=room, starts_at=starts_at, ends_at=ends_at)
        if problems:
            raise ValidationError(problems)
        found = self.clashes(
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            overlap_reason=overlap_reason,
            exclude_pk=exclude_pk,
        )
        if found:
            raise ValidationError([clash_error(clash, room) for clash in found])


def check_slot(*, practitioner, room, starts_at, ends_at, overlap_reason, exclude_pk=None):
    """Raise a ValidationError naming every reason this one slot cannot be booked."""
    if ends_at <= starts_at:
        raise ValidationError(_("The session ends before it starts."))
    day = timezone.localtime(starts_at).date()
    availability = Availability.load(
        practitioner=practitioner, location_ids=[room.location_id], first_day=day, last_day=day
    )
    availability.check(
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        overlap_reason=overlap_reason,
        exclude_pk=exclude_pk,
    )
