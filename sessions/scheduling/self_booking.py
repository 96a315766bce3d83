"""A patient books, moves or cancels the next session of their course through their link.

Every rule is the front desk's own: free slots and the slot check (hours, closures, public
holidays, rooms, clashes) from availability/courses/booking, the interval window from
courses.interval_problems, and the day checks (blocks, medicine pauses that can no longer be
met) from booking.patient_day_checks. What is the patient's alone: they can only act on the
next session of their course, inside the clinic's notice period (PORTAL_BOOKING_NOTICE_HOURS);
later the page tells them to call. Audited with no user and `via: patient_link`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sessions.models import TreatmentPlan, TreatmentSession
from sessions.scheduling import booking, courses

VIA = "patient_link"
SessionStatus = TreatmentSession.Status
# How far ahead a patient may book when no neighbour bounds the window.
HORIZON_DAYS = 90
SLOT_STEP = timedelta(minutes=30)
DEFAULT_LENGTH = timedelta(minutes=60)


class CallTheClinic(ValidationError):
    """Too late to change this online: the page gives the clinic's number."""


@dataclass
class NextSession:
    """The session a patient may act on: `booked` to move or cancel, or `sequence` to book,
    with who, where, how long and the days the course allows."""

    plan: TreatmentPlan
    sequence: int
    booked: TreatmentSession | None
    practitioner: object
    location: object
    duration: timedelta
    earliest: date
    latest: date


def notice() -> timedelta:
    return timedelta(hours=settings.PORTAL_BOOKING_NOTICE_HOURS)


def bookable_plan(patient) -> TreatmentPlan | None:
    """The patient's course that has a next session to book or move, newest first."""
    plans = patient.plans.exclude(
        status__in=[TreatmentPlan.Status.CANCELLED, TreatmentPlan.Status.COMPLETED]
    ).order_by("-pk")
    for plan in plans:
        if next_session(plan) is not None:
            return plan
    return None


def next_session(plan: TreatmentPlan, *, now: datetime | None = None) -> NextSession | None:
    """The first session of the course still ahead: a booked one later than now, or the
    first number of the course no active session holds (cancelled, never booked)."""
    now = now or timezone.now()
    sessions = courses.plan_sessions(plan)
    by_sequence = {s.sequence: s for s in sessions if s.sequence}
    upcoming = [s for s in sessions if s.status == SessionStatus.BOOKED and s.starts_at > now]
    missing = [n for n in range(1, plan.sessions_count + 1) if n not in by_sequence]
    if upcoming and (not missing or upcoming[0].sequence < missing[0]):
        booked, sequence = upcoming[0], upcoming[0].sequence
    elif missing and sessions:
        booked, sequence = None, missing[0]
    else:
        return None
    model = booked or by_sequence.get(sequence - 1) or sessions[-1]
    today = timezone.localdate()
    earliest, latest = today + timedelta(days=1), today + timedelta(days=HORIZON_DAYS)
    before, after = by_sequence.get(sequence - 1), by_sequence.get(sequence + 1)
    if before is not None:
        day = timezone.localtime(before.starts_at).date()
        earliest = max(earliest, day + timedelta(days=plan.interval_min_days))
        latest = min(latest, day + timedelta(days=plan.interval_max_days))
    if after is not None:
        day = timezone.localtime(after.starts_at).date()
        earliest = max(earliest, day - timedelta(days=plan.interval_max_days))
        latest = min(latest, day - timedelta(days=plan.interval_min_days))
    earliest = max(earliest, timezone.localtime(now + notice()).date())
    return NextSession(
        plan=plan,
        sequence=sequence,
        booked=booked,
        practitioner=model.practitioner,
        location=model.room.location,
        duration=(model.ends_at - model.starts_at) or DEFAULT_LENGTH,
        earliest=earliest,
        latest=latest,
    )


def _day_problems(patient, day: date, medications=None) -> list[str]:
    blocks, _warnings, missed = booking.patient_day_checks(patient, day, medications=medications)
    return blocks + missed


def offered_slots(nxt: NextSession, *, now: datetime | None = None, limit: int = 60) -> list:
    """Free (start, room) pairs for the next session: the practitioner's free slots inside
    the window, after the notice period, on days the patient's day checks allow."""
    if nxt.earliest > nxt.latest:
        return []
    now = now or timezone.now()
    patient = nxt.plan.patient
    medications = list(patient.medications.current().select_related("catalogue_entry"))
    found = courses.free_slots(
        practitioner=nxt.practitioner,
        location=nxt.location,
        earliest=nxt.earliest,
        latest=nxt.latest,
        duration=nxt.duration,
        after=now + notice(),
        step=SLOT_STEP,
        taken=[(nxt.booked.starts_at, nxt.booked.ends_at)] if nxt.booked else (),
        day_allowed=lambda day: not _day_problems(patient, day, medications),
    )
    slots = []
    for slot in found:
        slots.append(slot)
        if len(slots) >= limit:
            break
    return slots


def _check_new_start(nxt: NextSession, starts_at: datetime, now: datetime) -> None:
    """The patient's own limits, then the course's interval rule and the day checks (the
    slot itself is checked by the booking service, as for the front desk)."""
    if starts_at < now + notice():
        raise ValidationError(
            _("Choose a time at least %(hours)s hours from now.")
            % {"hours": settings.PORTAL_BOOKING_NOTICE_HOURS}
        )
    # The interval rule between this session and its neighbours in the course only: an
    # older gap elsewhere (booked by staff on purpose) is not the patient's to fix.
    by_sequence = {s.sequence: s for s in courses.plan_sessions(nxt.plan) if s.sequence}
    before, after = by_sequence.get(nxt.sequence - 1), by_sequence.get(nxt.sequence + 1)
    starts = [
        *([before.starts_at] if before else []),
        starts_at,
        *([after.starts_at] if after else []),
    ]
    if courses.interval_problems(nxt.plan, starts):
        raise ValidationError(
            _("This day is outside the interval your course needs between sessions.")
        )
    if _day_problems(nxt.plan.patient, timezone.localtime(starts_at).date()):
        raise ValidationError(
            _("This day is not possible for your treatment. Please choose another day.")
        )


def _still_changeable(treatment_session: TreatmentSession, now: datetime) -> None:
    if treatment_session.status != SessionStatus.BOOKED or treatment_session.starts_at <= now:
        raise CallTheClinic(_("This session can no longer be changed online."))
    if treatment_session.starts_at - now < notice():
        raise CallTheClinic(
            _(
                "Your session is less than %(hours)s hours away: please call the clinic to "
                "change or cancel it."
            )
            % {"hours": settings.PORTAL_BOOKING_NOTICE_HOURS}
        )


@transaction.atomic
def self_book(*, plan: TreatmentPlan, starts_at: datetime, room, request=None):
    """Book the course's next unbooked session at a slot the patient chose."""
    now = timezone.now()
    nxt = next_session(plan, now=now)
    if nxt is None or nxt.booked is not None:
        raise ValidationError(_("There is no session of your course to book."))
    if room.location_id != nxt.location.pk:
        raise ValidationError(_("Choose one of the times offered."))
    _check_new_start(nxt, starts_at, now)
    return booking.session_book(
        patient=plan.patient,
        practitioner=nxt.practitioner,
        room=room,
        starts_at=starts_at,
        ends_at=starts_at + nxt.duration,
        by=None,
        plan=plan,
        sequence=nxt.sequence,
        request=request,
        via=VIA,
    )


@transaction.atomic
def self_move(*, plan: TreatmentPlan, starts_at: datetime, room, request=None):
    """Move the course's next booked session, inside the notice period's limit."""
    now = timezone.now()
    nxt = next_session(plan, now=now)
    if nxt is None or nxt.booked is None:
        raise ValidationError(_("There is no booked session to move."))
    _still_changeable(nxt.booked, now)
    if room.location_id != nxt.location.pk:
        raise ValidationError(_("Choose one of the times offered."))
    _check_new_start(nxt, starts_at, now)
    return booking.session_reschedule(
        treatment_session=nxt.booked,
        starts_at=starts_at,
        ends_at=starts_at + nxt.duration,
        room=room,
        by=None,
        request=request,
        via=VIA,
    )


@transaction.atomic
def self_cancel(*, plan: TreatmentPlan, request=None):
    """Cancel the course's next booked session, inside the notice period's limit."""
    now = timezone.now()
    nxt = next_session(plan, now=now)
    if nxt is None or nxt.booked is None:
        raise ValidationError(_("There is no booked session to cancel."))
    _still_changeable(nxt.booked, now)
    return booking.session_transition(
        treatment_session=nxt.booked,
        to=SessionStatus.CANCELLED,
        by=None,
        reason="Cancelled by the patient through their link",
        request=request,
        via=VIA,
    )
