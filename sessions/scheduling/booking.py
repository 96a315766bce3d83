"""Booking one session, moving it, and its status flow (booked → checked in → in progress →
completed, or cancelled / no-show).

Invariant: an active session (not cancelled, not a no-show) never overlaps another active
session of the same room, nor of the same practitioner unless that overlap was booked on
purpose with a reason. PostgreSQL enforces it with exclusion constraints (migration 0003),
so concurrent requests cannot both win; on SQLite every transaction is IMMEDIATE (settings),
so the check and the insert are serialised. A clash is a ValidationError that names the
other booking, never a 500."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import audit
from sessions.documents import consent_rules
from sessions.followups import scheduling
from sessions.models import TreatmentSession
from sessions.scheduling.availability import _check_slot, _clash_error, clashes

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
    scheduling.follow_ups_on_session_rescheduled(treatment_session=session)
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
    if to == Status.IN_PROGRESS and (problem := consent_rules.consent_problem(session)):
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
        scheduling.follow_ups_on_session_completed(treatment_session=session)
    elif to in (Status.CANCELLED, Status.NO_SHOW):
        scheduling.follow_ups_on_session_cancelled(treatment_session=session)
    audit.record(
        actor=by,
        action=f"session.{to}",
        target=session,
        request=request,
        details={"reason": reason} if reason else None,
    )
    return session
