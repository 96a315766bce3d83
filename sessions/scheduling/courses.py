"""Courses: proposing N slots inside the protocol's interval window, booking them all or
nothing, and re-flowing the later sessions when one moves."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import audit, dates
from sessions.models import Room, TreatmentPlan, TreatmentSession
from sessions.scheduling.availability import Availability
from sessions.scheduling.booking import session_create_checked, session_reschedule

SessionStatus = TreatmentSession.Status


@dataclass
class SlotProposal:
    sequence: int
    starts_at: datetime | None
    ends_at: datetime | None
    room: Room | None
    problem: str = ""


def _candidate_starts(availability: Availability, location, day: date, duration, step):
    tz = timezone.get_current_timezone()
    for hours in availability.hours_on(day, location.pk):
        start = datetime.combine(day, hours.starts, tzinfo=tz)
        end_of_block = datetime.combine(day, hours.ends, tzinfo=tz)
        while start + duration <= end_of_block:
            yield start
            start += step


def free_slots(
    *,
    practitioner,
    location,
    earliest: date,
    latest: date,
    duration: timedelta,
    after: datetime | None = None,
    taken=(),
    step=timedelta(minutes=15),
    availability: Availability | None = None,
    rooms=None,
    day_allowed=None,
):
    """Every free (start, room) between two days, in order: inside the practitioner's hours,
    not closed, with no clash with booked sessions nor with `taken` (slots proposed already),
    on days `day_allowed(day)` accepts (default all). A caller asking for several slots
    passes one `availability` (and `rooms`) for them all."""
    if availability is None:
        availability = Availability.load(
            practitioner=practitioner,
            location_ids=[location.pk],
            first_day=earliest,
            last_day=latest,
        )
    if rooms is None:
        rooms = list(Room.objects.filter(location=location, active=True))
    day = earliest
    while day <= latest:
        if not availability.closed_on(day, location.pk) and (
            day_allowed is None or day_allowed(day)
        ):
            for start in _candidate_starts(availability, location, day, duration, step):
                end = start + duration
                if after and start < after:
                    continue
                if any(start < t_end and t_start < end for t_start, t_end in taken):
                    continue
                for room in rooms:
                    if not availability.clashes(room=room, starts_at=start, ends_at=end):
                        yield start, room
                        break
        day += timedelta(days=1)


def find_slot(**kwargs):
    """The first free (start, room) of free_slots, or None."""
    return next(free_slots(**kwargs), None)


def course_proposal(
    *, plan: TreatmentPlan, practitioner, location, first_day: date, duration: timedelta
) -> list[SlotProposal]:
    """N slots, each inside the plan's interval window after the previous one."""
    proposals = []
    taken = []
    window_start, window_end = first_day, first_day + timedelta(days=plan.interval_max_days)
    previous_start = None
    # The latest day any slot can fall on: each window ends interval_max_days after the last.
    availability = Availability.load(
        practitioner=practitioner,
        location_ids=[location.pk],
        first_day=first_day,
        last_day=first_day + timedelta(days=plan.interval_max_days * plan.sessions_count),
    )
    rooms = list(Room.objects.filter(location=location, active=True))
    for sequence in range(1, plan.sessions_count + 1):
        if previous_start is not None:
            previous_day = timezone.localtime(previous_start).date()
            window_start = previous_day + timedelta(days=plan.interval_min_days)
            window_end = previous_day + timedelta(days=plan.interval_max_days)
        found = find_slot(
            practitioner=practitioner,
            location=location,
            earliest=window_start,
            latest=window_end,
            duration=duration,
            taken=taken,
            availability=availability,
            rooms=rooms,
        )
        if found is None:
            proposals.append(
                SlotProposal(
                    sequence,
                    None,
                    None,
                    None,
                    _("No free slot between %(start)s and %(end)s.")
                    % {"start": dates.day(window_start), "end": dates.day(window_end)},
                )
            )
            previous_start = datetime.combine(
                window_end, datetime.min.time(), tzinfo=timezone.get_current_timezone()
            )
            continue
        start, room = found
        proposals.append(SlotProposal(sequence, start, start + duration, room))
        taken.append((start, start + duration))
        previous_start = start
    return proposals


def interval_problems(plan: TreatmentPlan, starts: list[datetime]) -> list[str]:
    """Each consecutive pair must sit inside the plan's interval window."""
    problems = []
    days = [timezone.localtime(s).date() for s in starts]
    for index in range(1, len(days)):
        gap = (days[index] - days[index - 1]).days
        if not plan.interval_min_days <= gap <= plan.interval_max_days:
            problems.append(
                _(
                    "Session %(n)s is %(gap)s days after session %(p)s; the protocol asks for "
                    "%(low)s–%(high)s days."
                )
                % {
                    "n": index + 1,
                    "p": index,
                    "gap": gap,
                    "low": plan.interval_min_days,
                    "high": plan.interval_max_days,
                }
            )
    return problems


def _first_session_number(message: str) -> int:
    """Problems read in course order: by the first session number they mention."""
    found = re.search(r"\d+", message)
    return int(found.group()) if found else 0


@transaction.atomic
def course_book(*, plan: TreatmentPlan, slots: list[tuple], practitioner, by, request=None):
    """Book the whole course at once: every slot is checked first, every problem reported
    together, and nothing is saved unless all of them can be booked.

    slots: [(starts_at, ends_at, room), ...] in course order."""
    plan = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != TreatmentPlan.Status.PROPOSED:
        raise ValidationError(
            _("This plan is %(status)s; only a proposed plan can be booked.")
            % {"status": plan.get_status_display().lower()}
        )
    if len(slots) != plan.sessions_count:
        raise ValidationError(
            _("The course has %(n)s sessions; %(m)s were given.")
            % {"n": plan.sessions_count, "m": len(slots)}
        )
    problems = interval_problems(plan, [start for start, _, _ in slots])
    days = [timezone.localtime(start).date() for start, _end, _room in slots]
    # Hours, closures and clashes for the whole course in three queries; each slot is
    # checked once, here, and booked below without checking again.
    availability = Availability.load(
        practitioner=practitioner,
        location_ids={room.location_id for _start, _end, room in slots},
        first_day=min(days),
        last_day=max(days),
    )
    for index, (start, end, room) in enumerate(slots, start=1):
        try:
            availability.check(room=room, starts_at=start, ends_at=end)
        except ValidationError as error:
            problems += [
                _("Session %(n)s: %(problem)s") % {"n": index, "problem": message}
                for message in error.messages
            ]
        for other_index, (other_start, other_end, _r) in enumerate(slots[: index - 1], start=1):
            if start < other_end and other_start < end:
                problems.append(
                    _("Sessions %(a)s and %(b)s overlap.") % {"a": other_index, "b": index}
                )
    if problems:
        raise ValidationError(sorted(problems, key=_first_session_number))
    if plan.patient.archived_at:
        raise ValidationError(_("This patient is archived and cannot be booked."))
    treatment_sessions = [
        session_create_checked(
            patient=plan.patient,
            practitioner=practitioner,
            room=room,
            starts_at=start,
            ends_at=end,
            by=by,
            plan=plan,
            sequence=index,
            request=request,
        )
        for index, (start, end, room) in enumerate(slots, start=1)
    ]
    plan.status = TreatmentPlan.Status.BOOKED
    plan.save(update_fields=["status"])
    audit.record(
        actor=by,
        action="plan.booked",
        target=plan,
        request=request,
        details={"sessions": [s.pk for s in treatment_sessions]},
    )
    return treatment_sessions


def plan_sessions(plan: TreatmentPlan):
    return list(plan.treatment_sessions.active().order_by("sequence", "starts_at"))


def neighbour_problems(treatment_session, starts_at) -> list[str]:
    """The interval rule for a course after moving one of its sessions to `starts_at`."""
    plan = treatment_session.plan
    if plan is None:
        return []
    # In course order, not by date: a session moved past its neighbour is out of order, and
    # sorting by date would hide the gap it leaves behind.
    starts = [
        starts_at if s.pk == treatment_session.pk else s.starts_at for s in plan_sessions(plan)
    ]
    return interval_problems(plan, starts)


def reflow_leaves(treatment_session, starts_at, proposals: list[SlotProposal]) -> list[str]:
    """What the interval rule still finds in the whole course once the session is moved and
    the later ones re-flowed as proposed: every neighbour re-checked, the earlier ones too."""
    moved = {p.sequence: p.starts_at for p in proposals if p.starts_at}
    starts = [
        starts_at if s.pk == treatment_session.pk else moved.get(s.sequence, s.starts_at)
        for s in plan_sessions(treatment_session.plan)
    ]
    return interval_problems(treatment_session.plan, starts)


def reflow_proposal(treatment_session, starts_at, duration: timedelta) -> list[SlotProposal]:
    """New slots for the course's later sessions so each sits in the interval window after
    the one before it (the moved session first)."""
    plan = treatment_session.plan
    later = [
        s
        for s in plan_sessions(plan)
        if s.sequence
        and treatment_session.sequence
        and s.sequence > treatment_session.sequence
        and s.status == SessionStatus.BOOKED
    ]
    proposals, previous = [], starts_at
    taken = [(starts_at, starts_at + duration)]
    for later_session in later:
        previous_day = timezone.localtime(previous).date()
        found = find_slot(
            practitioner=later_session.practitioner,
            location=later_session.room.location,
            earliest=previous_day + timedelta(days=plan.interval_min_days),
            latest=previous_day + timedelta(days=plan.interval_max_days),
            duration=later_session.ends_at - later_session.starts_at,
            taken=taken,
        )
        if found is None:
            proposals.append(
                SlotProposal(
                    later_session.sequence, None, None, None, _("No free slot in the window.")
                )
            )
            break
        start, room = found
        end = start + (later_session.ends_at - later_session.starts_at)
        proposals.append(SlotProposal(later_session.sequence, start, end, room))
        taken.append((start, end))
        previous = start
    return proposals


@transaction.atomic
def session_reschedule_with_reflow(
    *, treatment_session, starts_at, ends_at, room, by, practitioner=None, request=None
) -> list[TreatmentSession]:
    """Move a course session and re-flow the later ones into their windows, all or nothing."""
    proposals = reflow_proposal(treatment_session, starts_at, ends_at - starts_at)
    missing = [p for p in proposals if p.starts_at is None]
    if missing:
        raise ValidationError(
            _("Session %(n)s cannot be placed: %(problem)s")
            % {"n": missing[0].sequence, "problem": missing[0].problem}
        )
    if left := reflow_leaves(treatment_session, starts_at, proposals):
        raise ValidationError(left)
    by_sequence = {s.sequence: s for s in plan_sessions(treatment_session.plan)}
    # Later sessions move first, latest first, so none lands on a slot another still holds.
    moved = []
    for proposal in reversed(proposals):
        moved.append(
            session_reschedule(
                treatment_session=by_sequence[proposal.sequence],
                starts_at=proposal.starts_at,
                ends_at=proposal.ends_at,
                room=proposal.room,
                by=by,
                request=request,
            )
        )
    moved.append(
        session_reschedule(
            treatment_session=treatment_session,
            starts_at=starts_at,
            ends_at=ends_at,
            room=room,
            practitioner=practitioner,
            by=by,
            request=request,
        )
    )
    return moved
