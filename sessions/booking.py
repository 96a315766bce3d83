"""Booking: sessions in practitioners' hours and free rooms, never double-booked.

Invariant: an active session (not cancelled, not a no-show) never overlaps another active
session of the same room, nor of the same practitioner unless that overlap was booked on
purpose with a reason. PostgreSQL enforces it with exclusion constraints (migration 0003),
so concurrent requests cannot both win; on SQLite every transaction is IMMEDIATE (settings),
so the check below and the insert are serialised. A clash is a ValidationError that names
the other booking, never a 500.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import audit
from sessions import consents, followups
from sessions.models import Closure, Room, TreatmentPlan, TreatmentSession, WorkingHours

Status = TreatmentSession.Status

# Allowed status changes: anything else is refused with a sentence.
TRANSITIONS = {
    Status.BOOKED: {Status.CHECKED_IN, Status.CANCELLED, Status.NO_SHOW},
    Status.CHECKED_IN: {Status.IN_PROGRESS, Status.CANCELLED},
    Status.IN_PROGRESS: {Status.COMPLETED},
    Status.COMPLETED: set(),
    Status.CANCELLED: set(),
    Status.NO_SHOW: set(),
}


def describe(other: TreatmentSession) -> str:
    local = timezone.localtime(other.starts_at)
    return _("%(patient)s with %(practitioner)s in %(room)s, %(day)s %(start)s–%(end)s") % {
        "patient": other.patient.full_name,
        "practitioner": other.practitioner.get_full_name() or other.practitioner.username,
        "room": other.room.name,
        "day": local.strftime("%Y-%m-%d"),
        "start": local.strftime("%H:%M"),
        "end": timezone.localtime(other.ends_at).strftime("%H:%M"),
    }


def clashes(*, practitioner, room, starts_at, ends_at, overlap_reason="", exclude_pk=None):
    """The active sessions this booking would collide with (room always; practitioner
    unless the overlap is deliberate)."""
    others = (
        TreatmentSession.objects.active()
        .overlapping(starts_at, ends_at)
        .exclude(pk=exclude_pk)
        .select_related("patient", "practitioner", "room")
    )
    room_clashes = [s for s in others if s.room_id == room.pk]
    practitioner_clashes = [
        s
        for s in others
        if s.practitioner_id == practitioner.pk
        and s.room_id != room.pk
        and not (overlap_reason or s.overlap_reason)
    ]
    return room_clashes + practitioner_clashes


def _clash_error(clash: TreatmentSession, room) -> ValidationError:
    if clash.room_id == room.pk:
        return ValidationError(
            _("%(room)s is already booked then: %(other)s.")
            % {"room": room.name, "other": describe(clash)},
            code="room_clash",
        )
    return ValidationError(
        _(
            "The practitioner is already booked then: %(other)s. To overlap on purpose, give a "
            "reason."
        )
        % {"other": describe(clash)},
        code="practitioner_clash",
    )


def availability_problems(*, practitioner, room, starts_at, ends_at) -> list[str]:
    """Why this slot is outside the practitioner's hours or closed (empty when fine)."""
    problems = []
    local_start, local_end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    day = local_start.date()
    if local_end.date() != day:
        problems.append(_("A session must start and end on the same day."))
    hours = WorkingHours.objects.filter(
        practitioner=practitioner, location=room.location_id, weekday=day.weekday()
    )
    if not any(h.starts <= local_start.time() and local_end.time() <= h.ends for h in hours):
        problems.append(
            _("%(when)s is outside %(who)s's working hours at %(location)s.")
            % {
                "when": local_start.strftime("%a %Y-%m-%d %H:%M"),
                "who": practitioner.get_full_name() or practitioner.username,
                "location": room.location.name,
            }
        )
    closures = Closure.objects.filter(starts_on__lte=day, ends_on__gte=day).filter(
        _closure_scope(practitioner, room.location_id)
    )
    problems += [
        _("Closed on %(day)s: %(reason)s.") % {"day": day.isoformat(), "reason": c.reason}
        for c in closures
    ]
    if not room.active:
        problems.append(_("%(room)s is not in use.") % {"room": room.name})
    return problems


def _closure_scope(practitioner, location_id) -> Q:
    """Closures that apply: the practitioner's leave, the location's, or both at once."""
    return (
        Q(practitioner=practitioner, location__isnull=True)
        | Q(location=location_id, practitioner__isnull=True)
        | Q(practitioner=practitioner, location=location_id)
    )


def _check_slot(*, practitioner, room, starts_at, ends_at, overlap_reason, exclude_pk=None):
    if ends_at <= starts_at:
        raise ValidationError(_("The session ends before it starts."))
    problems = availability_problems(
        practitioner=practitioner, room=room, starts_at=starts_at, ends_at=ends_at
    )
    if problems:
        raise ValidationError(problems)
    found = clashes(
        practitioner=practitioner,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        overlap_reason=overlap_reason,
        exclude_pk=exclude_pk,
    )
    if found:
        raise ValidationError([_clash_error(clash, room) for clash in found])


def _save_checked(session: TreatmentSession, **save_kwargs) -> None:
    """Save; if PostgreSQL's exclusion constraint fires (a concurrent booking won the race),
    turn it into the same form error the check gives."""
    try:
        with transaction.atomic():
            session.save(**save_kwargs)
    except IntegrityError as error:
        if "overlap" not in str(error):
            raise
        found = clashes(
            practitioner=session.practitioner,
            room=session.room,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            overlap_reason=session.overlap_reason,
            exclude_pk=session.pk,
        )
        if not found:
            raise ValidationError(
                _("Someone booked this slot at the same moment. Choose another.")
            ) from error
        raise ValidationError([_clash_error(clash, session.room) for clash in found]) from error


@transaction.atomic
def session_book(
    *,
    patient,
    practitioner,
    room,
    starts_at,
    ends_at,
    by,
    plan=None,
    sequence=None,
    kind=TreatmentSession.Kind.TREATMENT,
    overlap_reason="",
    notes="",
    request=None,
) -> TreatmentSession:
    """Book one session after checking hours, closures and clashes."""
    if patient.archived_at:
        raise ValidationError(_("This patient is archived and cannot be booked."))
    overlap_reason = overlap_reason.strip()
    _check_slot(
        practitioner=practitioner,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        overlap_reason=overlap_reason,
    )
    session = TreatmentSession(
        patient=patient,
        plan=plan,
        sequence=sequence,
        kind=kind,
        practitioner=practitioner,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        overlap_reason=overlap_reason,
        notes=notes,
        booked_by=by,
    )
    session.full_clean()
    _save_checked(session)
    audit.record(
        actor=by,
        action="session.booked",
        target=session,
        request=request,
        details={"overlap_reason": overlap_reason} if overlap_reason else None,
    )
    return session


@transaction.atomic
def session_reschedule(
    *, treatment_session, starts_at, ends_at, by, room=None, overlap_reason=None, request=None
) -> TreatmentSession:
    session = TreatmentSession.objects.select_for_update().get(pk=treatment_session.pk)
    if session.status != Status.BOOKED:
        raise ValidationError(
            _("Only a booked session can be moved (this one is %(status)s).")
            % {"status": session.get_status_display().lower()}
        )
    room = room or session.room
    reason = session.overlap_reason if overlap_reason is None else overlap_reason.strip()
    _check_slot(
        practitioner=session.practitioner,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        overlap_reason=reason,
        exclude_pk=session.pk,
    )
    before = (session.starts_at, session.room_id)
    session.starts_at, session.ends_at, session.room, session.overlap_reason = (
        starts_at,
        ends_at,
        room,
        reason,
    )
    _save_checked(session, update_fields=["starts_at", "ends_at", "room", "overlap_reason"])
    followups.follow_ups_on_session_rescheduled(treatment_session=session)
    audit.record(
        actor=by,
        action="session.rescheduled",
        target=session,
        request=request,
        details={"from": before[0].isoformat(), "to": starts_at.isoformat()},
    )
    return session


@transaction.atomic
def session_transition(*, treatment_session, to: str, by, reason="", request=None):
    """Move a session along booked → checked in → in progress → completed, or to cancelled /
    no-show. Anything else is refused with a sentence the front desk can act on."""
    session = TreatmentSession.objects.select_for_update().get(pk=treatment_session.pk)
    if to not in TRANSITIONS[session.status]:
        raise ValidationError(
            _("A session that is %(current)s cannot become %(target)s.")
            % {"current": session.get_status_display().lower(), "target": Status(to).label.lower()}
        )
    if to == Status.IN_PROGRESS and (problem := consents.consent_problem(session)):
        raise ValidationError(problem)  # re-consent before the session can start
    now = timezone.now()
    session.status = to
    fields = ["status"]
    if to == Status.CANCELLED:
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the session is cancelled.")})
        session.cancelled_at, session.cancel_reason = now, reason.strip()
        fields += ["cancelled_at", "cancel_reason"]
    elif to == Status.CHECKED_IN:
        session.checked_in_at = now
        fields.append("checked_in_at")
    elif to == Status.IN_PROGRESS:
        session.started_at = now
        fields.append("started_at")
    elif to == Status.COMPLETED:
        session.completed_at = now
        fields.append("completed_at")
    session.save(update_fields=fields)
    if to == Status.COMPLETED:
        followups.follow_ups_on_session_completed(treatment_session=session)
    elif to in (Status.CANCELLED, Status.NO_SHOW):
        followups.follow_ups_on_session_cancelled(treatment_session=session)
    audit.record(
        actor=by,
        action=f"session.{to}",
        target=session,
        request=request,
        details={"reason": reason} if reason else None,
    )
    return session


# --- Course booking ---------------------------------------------------------------------------


@dataclass
class SlotProposal:
    sequence: int
    starts_at: datetime | None
    ends_at: datetime | None
    room: Room | None
    problem: str = ""


def _candidate_starts(practitioner, location, day: date, duration: timedelta, step: timedelta):
    tz = timezone.get_current_timezone()
    for hours in WorkingHours.objects.filter(
        practitioner=practitioner, location=location, weekday=day.weekday()
    ).order_by("starts"):
        start = datetime.combine(day, hours.starts, tzinfo=tz)
        end_of_block = datetime.combine(day, hours.ends, tzinfo=tz)
        while start + duration <= end_of_block:
            yield start
            start += step


def find_slot(
    *,
    practitioner,
    location,
    earliest: date,
    latest: date,
    duration: timedelta,
    after: datetime | None = None,
    taken=(),
    step=timedelta(minutes=15),
):
    """The first free (start, room) between two days, inside the practitioner's hours, not
    closed, with no clash with booked sessions nor with `taken` (slots proposed already)."""
    rooms = list(Room.objects.filter(location=location, active=True))
    day = earliest
    while day <= latest:
        closed = (
            Closure.objects.filter(starts_on__lte=day, ends_on__gte=day)
            .filter(_closure_scope(practitioner, location.pk))
            .exists()
        )
        if not closed:
            for start in _candidate_starts(practitioner, location, day, duration, step):
                end = start + duration
                if after and start < after:
                    continue
                if any(start < t_end and t_start < end for t_start, t_end in taken):
                    continue
                for room in rooms:
                    if not clashes(
                        practitioner=practitioner, room=room, starts_at=start, ends_at=end
                    ):
                        return start, room
        day += timedelta(days=1)
    return None


def course_proposal(
    *, plan: TreatmentPlan, practitioner, location, first_day: date, duration: timedelta
) -> list[SlotProposal]:
    """N slots, each inside the plan's interval window after the previous one."""
    proposals = []
    taken = []
    window_start, window_end = first_day, first_day + timedelta(days=plan.interval_max_days)
    previous_start = None
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
        )
        if found is None:
            proposals.append(
                SlotProposal(
                    sequence,
                    None,
                    None,
                    None,
                    _("No free slot between %(start)s and %(end)s.")
                    % {"start": window_start.isoformat(), "end": window_end.isoformat()},
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
    for index, (start, end, room) in enumerate(slots, start=1):
        try:
            _check_slot(
                practitioner=practitioner,
                room=room,
                starts_at=start,
                ends_at=end,
                overlap_reason="",
            )
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
    sessions = [
        session_book(
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
        details={"sessions": [s.pk for s in sessions]},
    )
    return sessions


def plan_sessions(plan: TreatmentPlan):
    return list(plan.treatment_sessions.active().order_by("sequence", "starts_at"))


def neighbour_problems(treatment_session, starts_at) -> list[str]:
    """The interval rule for a course after moving one of its sessions to `starts_at`."""
    plan = treatment_session.plan
    if plan is None:
        return []
    starts = [
        starts_at if s.pk == treatment_session.pk else s.starts_at for s in plan_sessions(plan)
    ]
    return interval_problems(plan, sorted(starts))


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
        and s.status == Status.BOOKED
    ]
    proposals, previous = [], starts_at
    taken = [(starts_at, starts_at + duration)]
    for session in later:
        previous_day = timezone.localtime(previous).date()
        found = find_slot(
            practitioner=session.practitioner,
            location=session.room.location,
            earliest=previous_day + timedelta(days=plan.interval_min_days),
            latest=previous_day + timedelta(days=plan.interval_max_days),
            duration=session.ends_at - session.starts_at,
            taken=taken,
        )
        if found is None:
            proposals.append(
                SlotProposal(session.sequence, None, None, None, _("No free slot in the window."))
            )
            break
        start, room = found
        end = start + (session.ends_at - session.starts_at)
        proposals.append(SlotProposal(session.sequence, start, end, room))
        taken.append((start, end))
        previous = start
    return proposals


@transaction.atomic
def session_reschedule_with_reflow(
    *, treatment_session, starts_at, ends_at, room, by, request=None
) -> list[TreatmentSession]:
    """Move a course session and re-flow the later ones into their windows, all or nothing."""
    proposals = reflow_proposal(treatment_session, starts_at, ends_at - starts_at)
    missing = [p for p in proposals if p.starts_at is None]
    if missing:
        raise ValidationError(
            _("Session %(n)s cannot be placed: %(problem)s")
            % {"n": missing[0].sequence, "problem": missing[0].problem}
        )
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
            by=by,
            request=request,
        )
    )
    return moved
