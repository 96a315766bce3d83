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

from clinic import audit, dates
from patients import precare, screening
from sessions.documents import consent_rules
from sessions.followups import scheduling
from sessions.models import TreatmentSession
from sessions.scheduling.availability import check_slot, clash_error, clashing_sessions

SessionStatus = TreatmentSession.Status

# Allowed status changes: anything else is refused with a sentence.
TRANSITIONS = {
    SessionStatus.BOOKED: {
        SessionStatus.CHECKED_IN,
        SessionStatus.CANCELLED,
        SessionStatus.NO_SHOW,
    },
    SessionStatus.CHECKED_IN: {SessionStatus.IN_PROGRESS, SessionStatus.CANCELLED},
    SessionStatus.IN_PROGRESS: {SessionStatus.COMPLETED},
    SessionStatus.COMPLETED: set(),
    SessionStatus.CANCELLED: set(),
    SessionStatus.NO_SHOW: set(),
}


def _save_checked(treatment_session: TreatmentSession, **save_kwargs) -> None:
    """Save; if PostgreSQL's exclusion constraint fires (a concurrent booking won the race),
    turn it into the same form error the check gives."""
    try:
        with transaction.atomic():
            treatment_session.save(**save_kwargs)
    except IntegrityError as error:
        if "overlap" not in str(error):
            raise
        found = clashing_sessions(
            practitioner=treatment_session.practitioner,
            room=treatment_session.room,
            starts_at=treatment_session.starts_at,
            ends_at=treatment_session.ends_at,
            overlap_reason=treatment_session.overlap_reason,
            exclude_pk=treatment_session.pk,
        )
        if not found:
            raise ValidationError(
                _("Someone booked this slot at the same moment. Choose another.")
            ) from error
        raise ValidationError(
            [clash_error(clash, treatment_session.room) for clash in found]
        ) from error


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
    via="",
) -> TreatmentSession:
    """Book one session after checking hours, closures and clashes. `via`: who acted when
    `by` is nobody (e.g. "patient_link"), kept in the audit event."""
    if patient.archived_at:
        raise ValidationError(_("This patient is archived and cannot be booked."))
    overlap_reason = overlap_reason.strip()
    check_slot(
        practitioner=practitioner,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        overlap_reason=overlap_reason,
    )
    return session_create_checked(
        patient=patient,
        practitioner=practitioner,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        by=by,
        plan=plan,
        sequence=sequence,
        kind=kind,
        overlap_reason=overlap_reason,
        notes=notes,
        request=request,
        via=via,
    )


def session_create_checked(
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
    via="",
) -> TreatmentSession:
    """Save a session whose slot the caller has just checked (hours, closures, clashes) in
    this transaction. The database still has the last word: a booking that won a race in
    between is turned into the same form error (see _save_checked)."""
    treatment_session = TreatmentSession(
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
    # The related rows are the instances given: no need to look each one up again.
    treatment_session.full_clean(exclude=["patient", "plan", "practitioner", "room", "booked_by"])
    _save_checked(treatment_session)
    details = {"overlap_reason": overlap_reason} if overlap_reason else {}
    audit.record(
        actor=by,
        action="session.booked",
        target=treatment_session,
        request=request,
        details={**details, "via": via} if via else details or None,
    )
    return treatment_session


@transaction.atomic
def session_reschedule(
    *,
    treatment_session,
    starts_at,
    ends_at,
    by,
    room=None,
    practitioner=None,
    overlap_reason=None,
    request=None,
    via="",
) -> TreatmentSession:
    """Move a booked session to another time, and optionally room or practitioner, through
    the same checks as a booking (hours, closures, clashes); audited with what changed."""
    locked = TreatmentSession.objects.select_for_update().get(pk=treatment_session.pk)
    if locked.status != SessionStatus.BOOKED:
        raise ValidationError(
            _("Only a booked session can be moved (this one is %(status)s).")
            % {"status": locked.get_status_display().lower()}
        )
    room = room or locked.room
    practitioner = practitioner or locked.practitioner
    reason = locked.overlap_reason if overlap_reason is None else overlap_reason.strip()
    check_slot(
        practitioner=practitioner,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        overlap_reason=reason,
        exclude_pk=locked.pk,
    )
    before = (locked.starts_at, locked.room_id, locked.practitioner_id)
    locked.starts_at, locked.ends_at, locked.room, locked.overlap_reason = (
        starts_at,
        ends_at,
        room,
        reason,
    )
    locked.practitioner = practitioner
    _save_checked(
        locked, update_fields=["starts_at", "ends_at", "room", "practitioner", "overlap_reason"]
    )
    scheduling.follow_ups_on_session_rescheduled(treatment_session=locked)
    details = {"from": before[0].isoformat(), "to": starts_at.isoformat()}
    if practitioner.pk != before[2]:
        details["practitioner"] = {"from": before[2], "to": practitioner.pk}
    if via:
        details["via"] = via
    audit.record(
        actor=by, action="session.rescheduled", target=locked, request=request, details=details
    )
    return locked


def session_day_checks(treatment_session: TreatmentSession, *, today=None):
    """(blocks, warnings) for the patient on this session's day, as sentences: the warfarin
    INR rules of reference §7 (an INR above 3.5 blocks the day; none recent is a warning) and
    medicine pauses from the catalogue that can no longer be met (naming medicine and date).
    Only sessions where something is injected are checked."""
    if treatment_session.kind not in TreatmentSession.TREATMENT_KINDS:
        return [], []
    day = timezone.localtime(treatment_session.starts_at).date()
    blocks, warnings, _missed = patient_day_checks(treatment_session.patient, day, today=today)
    return blocks, warnings


def patient_day_checks(patient, day, *, today=None, medications=None):
    """(blocks, warnings, missed_pauses) for a treatment on `day`: what session_day_checks
    says, and apart, the pauses that can no longer be met (also among the warnings). A
    patient booking their own session is refused both blocks and missed pauses."""
    if medications is None:
        medications = list(patient.medications.current().select_related("catalogue_entry"))
    blocks, warnings, missed = [], [], []
    for finding in screening.session_day_findings(
        patient=patient, day=day, medications=medications
    ):
        sentence = f"{finding.label}: {'; '.join(finding.facts)}. {finding.rule}"
        (blocks if finding.severity == "absolute" else warnings).append(sentence)
    for pause in precare.pause_schedule(medications=medications, session_day=day, today=today):
        if not pause.can_be_met:
            missed.append(
                _(
                    "%(name)s should be paused from %(start)s for the session on %(day)s: that "
                    "window has already started. Tell the patient, or move the session."
                )
                % {
                    "name": pause.medication,
                    "start": dates.day(pause.start_on),
                    "day": dates.day(day),
                }
            )
    return blocks, warnings + missed, missed


def check_in_problem(treatment_session: TreatmentSession, *, today=None) -> str | None:
    """Why the patient cannot be checked in now, as a sentence (None when they can): only on
    the session's day, and only with a consent on file for what will be injected."""
    day = timezone.localtime(treatment_session.starts_at).date()
    if day != (today or timezone.localdate()):
        return _("A patient is checked in on the day of their session (%(day)s).") % {
            "day": dates.day(day)
        }
    blocks, _warnings = session_day_checks(treatment_session, today=today)
    if blocks:
        # Said without the clinical detail: the front desk checks patients in and does not
        # read medical history; the practitioner sees the reason on the chart page.
        return _(
            "A clinical check stops this session today (the practitioner has the details): "
            "ask the practitioner before checking the patient in."
        )
    return consent_rules.consent_problem(treatment_session, signed_only=True)


@transaction.atomic
def session_transition(
    *,
    treatment_session,
    to: str,
    by,
    reason="",
    request=None,
    today=None,
    charting=False,
    via="",
):
    """Move a session along booked → checked in → in progress → completed, or to cancelled /
    no-show. Anything else is refused with a sentence the front desk can act on.

    Check-in follows check_in_problem (`today` stands for the clinic's date); `charting` is
    chart_start checking the patient in on its own rule (on or after the day, consent on
    file), so a session charted the day after still gets its chart."""
    locked = TreatmentSession.objects.select_for_update().get(pk=treatment_session.pk)
    if to not in TRANSITIONS[locked.status]:
        raise ValidationError(
            _("A session that is %(current)s cannot become %(target)s.")
            % {
                "current": locked.get_status_display().lower(),
                "target": SessionStatus(to).label.lower(),
            }
        )
    problem = None
    if to == SessionStatus.CHECKED_IN and not charting:
        problem = check_in_problem(locked, today=today)
    elif to == SessionStatus.IN_PROGRESS:
        problem = consent_rules.consent_problem(locked)  # re-consent before the start
    if problem:
        raise ValidationError(problem)
    now = timezone.now()
    locked.status = to
    fields = ["status"]
    if to == SessionStatus.CANCELLED:
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the session is cancelled.")})
        locked.cancelled_at, locked.cancel_reason = now, reason.strip()
        fields += ["cancelled_at", "cancel_reason"]
    elif to == SessionStatus.CHECKED_IN:
        locked.checked_in_at = now
        fields.append("checked_in_at")
    elif to == SessionStatus.IN_PROGRESS:
        locked.started_at = now
        fields.append("started_at")
    elif to == SessionStatus.COMPLETED:
        locked.completed_at = now
        fields.append("completed_at")
    locked.save(update_fields=fields)
    if to == SessionStatus.COMPLETED:
        scheduling.follow_ups_on_session_completed(treatment_session=locked)
    elif to in (SessionStatus.CANCELLED, SessionStatus.NO_SHOW):
        scheduling.follow_ups_on_session_cancelled(treatment_session=locked)
    audit.record(
        actor=by,
        action=f"session.{to}",
        target=locked,
        request=request,
        details={**({"reason": reason} if reason else {}), **({"via": via} if via else {})} or None,
    )
    return locked
