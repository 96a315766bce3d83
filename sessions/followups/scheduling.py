"""The hooks that write follow-up rows in the same transaction as their cause (a session
completed, cancelled, missed or moved; an adverse event charted). Each row has a stable
idempotency key, so calling a hook twice never schedules twice."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from clinic import dates
from patients.models import Patient
from sessions.followups.rules import (
    OPEN_STATUSES,
    PRACTITIONER,
    RULES,
    WORKABLE_STATUSES,
    adverse_event_urgency,
    channel_for,
    patient_takes_email,
)
from sessions.followups.tasks import follow_ups_sweep_task
from sessions.models import (
    AdverseEvent,
    FollowUp,
    FollowUpEvent,
    TreatmentPlan,
    TreatmentSession,
)

Kind = FollowUp.Kind

Channel = FollowUp.Channel

FollowUpStatus = FollowUp.Status

SessionStatus = TreatmentSession.Status


def follow_up_log(follow_up: FollowUp, action: str, note: str = "", by=None) -> FollowUpEvent:
    return FollowUpEvent.objects.create(follow_up=follow_up, action=action, note=note, by=by)


def send_sweep_nudge() -> None:
    follow_ups_sweep_task.delay()


def nudge_sweep_after_commit() -> None:
    """Ask a worker to sweep now rather than at the next beat. A nudge only: with the broker
    down the request still succeeds (robust) and beat's sweep delivers the row later.

    A named function, not functools.partial: Django 5.2's robust on_commit logs a failure
    with func.__qualname__, which a partial lacks, so a broker outage would raise
    AttributeError after the commit (Django ticket #36487, fixed after 5.2)."""
    transaction.on_commit(send_sweep_nudge, robust=True)


def _schedule(
    *,
    kind: str,
    key: str,
    patient: Patient,
    due_at: datetime,
    treatment_session: TreatmentSession | None = None,
    plan: TreatmentPlan | None = None,
    lot=None,
    note: str = "",
    by=None,
) -> FollowUp:
    """Create the follow-up `key` names, or return the one that exists (idempotent)."""
    rule = RULES[kind]
    assignee = treatment_session.practitioner if rule.assignee == PRACTITIONER else None
    follow_up, created = FollowUp.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "kind": kind,
            "channel": channel_for(rule, patient),
            "patient": patient,
            "treatment_session": treatment_session,
            "plan": plan,
            "lot": lot,
            "due_at": due_at,
            "assignee": assignee,
        },
    )
    if created:
        follow_up_log(follow_up, "scheduled", note or rule.cause, by=by)
        if follow_up.channel == Channel.EMAIL and follow_up.due_at <= timezone.now():
            nudge_sweep_after_commit()
    return follow_up


def _reminder_key(next_session: TreatmentSession) -> str:
    # The start is part of the key: a reminder already sent for the old time must not stop
    # a reminder for the new one, and the same time is never reminded twice.
    return f"{Kind.NEXT_SESSION_REMINDER}:{next_session.pk}@{next_session.starts_at:%Y%m%dT%H%M}"


def _schedule_reminder(next_session: TreatmentSession, *, note: str = "") -> FollowUp | None:
    now = timezone.now()
    if next_session.starts_at <= now:
        return None
    key = _reminder_key(next_session)
    due_at = max(RULES[Kind.NEXT_SESSION_REMINDER].due(next_session), now)
    existing = FollowUp.objects.filter(idempotency_key=key).first()
    if existing is not None and existing.status == FollowUpStatus.CANCELLED:
        # Moved away and back again: the reminder for this time is wanted once more.
        existing.status, existing.due_at, existing.next_attempt_at = (
            FollowUpStatus.PENDING,
            due_at,
            None,
        )
        existing.save(update_fields=["status", "due_at", "next_attempt_at"])
        follow_up_log(existing, "reopened", note or _("The session is back at this time."))
        return existing
    return _schedule(
        kind=Kind.NEXT_SESSION_REMINDER,
        key=key,
        patient=next_session.patient,
        due_at=due_at,
        treatment_session=next_session,
        plan=next_session.plan,
        note=note,
    )


def _cancel_open(follow_ups: QuerySet, note: str, by=None) -> int:
    """Cancel what has not started; a row being sent right now is left to its sweep."""
    rows = list(follow_ups.filter(status__in=WORKABLE_STATUSES).select_for_update())
    for follow_up in rows:
        follow_up.status = FollowUpStatus.CANCELLED
        follow_up.save(update_fields=["status"])
        follow_up_log(follow_up, "cancelled", note, by=by)
    return len(rows)


def course_finished(plan: TreatmentPlan) -> bool:
    """Every planned session is done and none is still to come (a cancelled one that was not
    rebooked leaves the course open: its rebook task is the front desk's cue)."""
    counts = plan.treatment_sessions.aggregate(
        completed=Count("pk", filter=Q(status=SessionStatus.COMPLETED)),
        to_come=Count(
            "pk",
            filter=Q(status__in=[*TreatmentSession.UPCOMING_STATUSES, SessionStatus.IN_PROGRESS]),
        ),
    )
    return counts["to_come"] == 0 and counts["completed"] >= plan.sessions_count


@transaction.atomic
def follow_ups_on_session_completed(*, treatment_session: TreatmentSession) -> list[FollowUp]:
    """A completed session schedules its post-treatment check, a reminder for the next session
    of its course, and, after the course's last session, the course review. Idempotent."""
    treatment_session = TreatmentSession.objects.select_related(
        "patient", "practitioner", "plan__protocol_version"
    ).get(pk=treatment_session.pk)
    if (
        treatment_session.status != SessionStatus.COMPLETED
        or treatment_session.completed_at is None
    ):
        return []
    scheduled = []
    if treatment_session.kind in TreatmentSession.TREATMENT_KINDS:
        scheduled.append(
            _schedule(
                kind=Kind.POST_TREATMENT_CHECK,
                key=f"{Kind.POST_TREATMENT_CHECK}:{treatment_session.pk}",
                patient=treatment_session.patient,
                due_at=RULES[Kind.POST_TREATMENT_CHECK].due(treatment_session),
                treatment_session=treatment_session,
                plan=treatment_session.plan,
            )
        )
    if treatment_session.plan_id:
        following = TreatmentSession.objects.select_related("patient", "plan").next_in_course(
            treatment_session
        )
        if following is not None:
            reminder = _schedule_reminder(following)
            scheduled += [reminder] if reminder else []
        elif course_finished(treatment_session.plan):
            scheduled.append(
                _schedule(
                    kind=Kind.COURSE_REVIEW,
                    key=f"{Kind.COURSE_REVIEW}:{treatment_session.plan_id}",
                    patient=treatment_session.patient,
                    due_at=RULES[Kind.COURSE_REVIEW].due(treatment_session),
                    treatment_session=treatment_session,
                    plan=treatment_session.plan,
                )
            )
    return scheduled


@transaction.atomic
def follow_ups_on_chart_signed(*, treatment_session: TreatmentSession) -> FollowUp | None:
    """A signed chart sends the aftercare sheet by e-mail that evening (rules: AFTERCARE), to a
    patient who agreed to e-mail; the e-mail carries the patient's link to read it and confirm
    (portal/). Idempotent: one per session, whatever signs or amendments follow."""
    treatment_session = TreatmentSession.objects.select_related("patient", "plan").get(
        pk=treatment_session.pk
    )
    if not patient_takes_email(treatment_session.patient):
        return None  # the printed sheet is what they have
    return _schedule(
        kind=Kind.AFTERCARE,
        key=f"{Kind.AFTERCARE}:{treatment_session.pk}",
        patient=treatment_session.patient,
        due_at=RULES[Kind.AFTERCARE].due(treatment_session),
        treatment_session=treatment_session,
        plan=treatment_session.plan,
    )


@transaction.atomic
def follow_ups_on_session_rescheduled(*, treatment_session: TreatmentSession) -> FollowUp | None:
    """A moved session moves its reminder: open reminders for the old time are cancelled and
    one for the new time is scheduled, also when the old one was already sent (the patient
    must hear the new time). A session that had no reminder gets none."""
    treatment_session = TreatmentSession.objects.select_related("patient", "plan").get(
        pk=treatment_session.pk
    )
    reminders = FollowUp.objects.filter(
        treatment_session=treatment_session, kind=Kind.NEXT_SESSION_REMINDER
    ).exclude(status=FollowUpStatus.CANCELLED)
    if not reminders.exists():
        return None
    local = timezone.localtime(treatment_session.starts_at)
    moved = _("The session moved to %(when)s.") % {"when": dates.moment(local)}
    _cancel_open(reminders.exclude(idempotency_key=_reminder_key(treatment_session)), moved)
    return _schedule_reminder(treatment_session, note=moved)


@transaction.atomic
def follow_ups_on_session_cancelled(*, treatment_session: TreatmentSession) -> FollowUp | None:
    """A cancelled or missed session cancels its open follow-ups (its reminder) and gives the
    front desk a call to rebook it. Idempotent."""
    treatment_session = TreatmentSession.objects.select_related("patient", "plan").get(
        pk=treatment_session.pk
    )
    if treatment_session.status not in TreatmentSession.INACTIVE_STATUSES:
        return None
    what = treatment_session.get_status_display()
    _cancel_open(
        FollowUp.objects.filter(treatment_session=treatment_session).exclude(kind=Kind.REBOOK),
        _("The session is %(status)s.") % {"status": what.lower()},
    )
    return _schedule(
        kind=Kind.REBOOK,
        key=f"{Kind.REBOOK}:{treatment_session.pk}",
        patient=treatment_session.patient,
        due_at=RULES[Kind.REBOOK].due(treatment_session),
        treatment_session=treatment_session,
        plan=treatment_session.plan,
        note=_("%(status)s: call the patient to rebook.") % {"status": what},
    )


@transaction.atomic
def follow_ups_on_adverse_event(*, adverse_event: AdverseEvent) -> FollowUp:
    """An adverse event gives the session's practitioner a check: today and listed first when
    §8 calls for an urgent review (rules.adverse_event_urgency), else the next day. One open
    check per session: a further event while it is open is noted on it (and makes it urgent
    when it is); an event charted after the check was closed (an amendment) opens a new one.
    Idempotent per adverse event."""
    event = AdverseEvent.objects.select_related(
        "chart__treatment_session__patient", "chart__treatment_session__practitioner"
    ).get(pk=adverse_event.pk)
    treatment_session = event.chart.treatment_session
    urgency = adverse_event_urgency(event)
    # Not translated: the note doubles as the idempotency marker for this adverse event.
    note = f"Adverse event #{event.pk} charted."
    checks = FollowUp.objects.filter(
        treatment_session=treatment_session, kind=Kind.ADVERSE_EVENT_CHECK
    )
    already = FollowUpEvent.objects.filter(follow_up__in=checks, note=note).first()
    if already is not None:
        return already.follow_up
    open_check = checks.filter(status__in=OPEN_STATUSES).select_for_update().order_by("pk").first()
    if open_check is not None:
        follow_up_log(open_check, "adverse_event_added", note)
        if urgency and not open_check.urgent:
            _make_urgent(open_check, urgency)
        return open_check
    key = f"{Kind.ADVERSE_EVENT_CHECK}:{treatment_session.pk}"
    if checks.exists():
        key = f"{key}:{event.pk}"
    follow_up = _schedule(
        kind=Kind.ADVERSE_EVENT_CHECK,
        key=key,
        patient=treatment_session.patient,
        due_at=timezone.now() if urgency else RULES[Kind.ADVERSE_EVENT_CHECK].due(event),
        treatment_session=treatment_session,
        plan=treatment_session.plan,
        note=note,
    )
    if urgency and not follow_up.urgent:
        _make_urgent(follow_up, urgency)
    return follow_up


# Stored in English on the follow-up; the pages translate it (as URGENT_ADVERSE_EVENTS).
PATIENT_WARNING = gettext_noop(
    "The patient reported a warning sign on the post-treatment check: call them today (§8)"
)


@transaction.atomic
def follow_ups_on_patient_warning(
    *, treatment_session: TreatmentSession, key: str, note: str
) -> FollowUp:
    """The patient answered "yes" to a §8 urgent-review trigger (the patient link's check):
    the session's practitioner gets an urgent check today, listed first, with the answers in
    its log (`note`). An adverse-event check already open for the session is made urgent and
    noted instead of opening a second one. Idempotent per `key`."""
    treatment_session = TreatmentSession.objects.select_related(
        "patient", "practitioner", "plan"
    ).get(pk=treatment_session.pk)
    existing = FollowUp.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    open_check = (
        FollowUp.objects.filter(
            treatment_session=treatment_session,
            kind=Kind.ADVERSE_EVENT_CHECK,
            status__in=OPEN_STATUSES,
        )
        .select_for_update()
        .order_by("pk")
        .first()
    )
    if open_check is not None:
        follow_up_log(open_check, "patient_warning", note)
        if not open_check.urgent:
            _make_urgent(open_check, PATIENT_WARNING)
        return open_check
    follow_up = _schedule(
        kind=Kind.ADVERSE_EVENT_CHECK,
        key=key,
        patient=treatment_session.patient,
        due_at=timezone.now(),
        treatment_session=treatment_session,
        plan=treatment_session.plan,
        note=note,
    )
    _make_urgent(follow_up, PATIENT_WARNING)
    return follow_up


def _make_urgent(follow_up: FollowUp, reason: str) -> None:
    follow_up.urgent, follow_up.urgent_reason = True, reason[:300]
    follow_up.due_at = min(follow_up.due_at, timezone.now())
    follow_up.save(update_fields=["urgent", "urgent_reason", "due_at"])
    follow_up_log(follow_up, "escalated", reason)
