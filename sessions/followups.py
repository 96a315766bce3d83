"""Follow-ups: the rules that schedule them, and the services that deliver and work them.

Rules (RULES below, the one place to read and change them; delays are FOLLOW_UP_* settings):
a follow-up is a FollowUp row written by a hook in the same transaction as its cause (a session
completed, cancelled, missed or moved; an adverse event charted; a lot recalled). Each row has a
stable idempotency key, so calling a hook twice never schedules twice.

Delivery (at most once): Celery beat runs `follow_ups_sweep_task` every minute. The sweep
claims due e-mail rows (status `sending` + claimed_at, in one transaction, with
select_for_update(skip_locked=True) so concurrent sweeps never share a row), commits, sends
each with Django's e-mail framework and records the outcome (sent, or a retry with back-off,
or failed after FOLLOW_UP_MAX_ATTEMPTS). A row left in `sending` by a killed worker is never
re-sent silently: after SENDING_TIMEOUT the one message that may have gone out is marked
failed for a human to check, and the rows of its batch that were never attempted go back to
pending (see follow_ups_reap). Phone calls and practitioners' tasks are not delivered: they wait
in the front-desk queue from their due time until someone marks them done.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import smtplib
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, connections, transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.template.loader import select_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clinic import audit
from patients.models import Patient
from sessions.models import (
    AdverseEvent,
    ChartProduct,
    FollowUp,
    FollowUpEvent,
    TreatmentPlan,
    TreatmentSession,
)

logger = logging.getLogger(__name__)

Kind = FollowUp.Kind
Channel = FollowUp.Channel
Status = FollowUp.Status
SessionStatus = TreatmentSession.Status

OPEN_STATUSES = (Status.PENDING, Status.SENDING, Status.FAILED)
# What a person can still act on: a row being sent right now belongs to the sweep.
WORKABLE_STATUSES = (Status.PENDING, Status.FAILED)


# --- The rules --------------------------------------------------------------------------------

PATIENT_CHOICE = "patient_choice"  # e-mail if the patient agreed to e-mail, else a phone call
FRONT_DESK = "front_desk"  # unassigned: the front desk's shared queue
PRACTITIONER = "practitioner"  # the practitioner of the session


def hours(setting_name: str) -> timedelta:
    return timedelta(hours=getattr(settings, setting_name))


def days(setting_name: str) -> timedelta:
    return timedelta(days=getattr(settings, setting_name))


def course_review_delay(plan: TreatmentPlan) -> timedelta:
    """The interval the protocol names, or the clinic's default when it names none."""
    named = plan.protocol_version.review_after_days
    return timedelta(days=named) if named else days("FOLLOW_UP_COURSE_REVIEW_DEFAULT_DAYS")


@dataclass(frozen=True)
class Rule:
    cause: str
    channel: str  # a FollowUp.Channel, or PATIENT_CHOICE
    assignee: str  # FRONT_DESK or PRACTITIONER
    due: Callable  # (the row the rule hangs on) -> when the follow-up is due


# Read top to bottom: what each cause schedules, how, for whom and when. Settings are read at
# call time, so an override (or an environment change and restart) takes effect at once.
RULES: dict[str, Rule] = {
    Kind.POST_TREATMENT_CHECK: Rule(
        cause="a treatment or maintenance session is completed",
        channel=PATIENT_CHOICE,
        assignee=FRONT_DESK,
        due=lambda s: s.completed_at + hours("FOLLOW_UP_POST_TREATMENT_CHECK_HOURS"),
    ),
    Kind.NEXT_SESSION_REMINDER: Rule(
        cause="a course session is completed and the next one is booked",
        channel=PATIENT_CHOICE,
        assignee=FRONT_DESK,
        # The next session's own start: moving that session moves its reminder.
        due=lambda next_session: next_session.starts_at - days("FOLLOW_UP_REMINDER_DAYS_BEFORE"),
    ),
    Kind.COURSE_REVIEW: Rule(
        cause="the last session of a course is completed",
        channel=Channel.PHONE,
        assignee=FRONT_DESK,
        due=lambda s: s.completed_at + course_review_delay(s.plan),
    ),
    Kind.ADVERSE_EVENT_CHECK: Rule(
        cause="an adverse event is charted",
        channel=Channel.TASK,
        assignee=PRACTITIONER,
        due=lambda event: event.recorded_at + hours("FOLLOW_UP_ADVERSE_EVENT_CHECK_HOURS"),
    ),
    Kind.REBOOK: Rule(
        cause="a session is cancelled or the patient did not come",
        channel=Channel.PHONE,
        assignee=FRONT_DESK,
        due=lambda s: timezone.now(),
    ),
    Kind.LOT_RECALL: Rule(
        cause="a lot is recalled from the protocol library",
        channel=Channel.PHONE,
        assignee=FRONT_DESK,
        due=lambda lot: timezone.now(),
    ),
}

# Only these sessions are treatments that call for an aftercare check.
TREATMENT_KINDS = (TreatmentSession.Kind.TREATMENT, TreatmentSession.Kind.MAINTENANCE)
# Sessions still to come in a course.
UPCOMING_STATUSES = (SessionStatus.BOOKED, SessionStatus.CHECKED_IN)


def patient_takes_email(patient: Patient) -> bool:
    return bool(patient.contact_by_email and patient.email and not patient.archived_at)


def channel_for(rule: Rule, patient: Patient) -> str:
    if rule.channel == PATIENT_CHOICE:
        return Channel.EMAIL if patient_takes_email(patient) else Channel.PHONE
    return rule.channel


# --- Scheduling -------------------------------------------------------------------------------

# FollowUpEvent.action -> what the log on the follow-up's page says.
EVENT_LABELS = {
    "scheduled": _lazy("Scheduled"),
    "reopened": _lazy("Scheduled again"),
    "cancelled": _lazy("Cancelled"),
    "adverse_event_added": _lazy("Another adverse event"),
    "sent": _lazy("Sent"),
    "attempt_failed": _lazy("Attempt failed"),
    "failed": _lazy("Failed"),
    "interrupted": _lazy("Interrupted"),
    "released": _lazy("Back in the queue"),
    "moved_to_phone": _lazy("Moved to the phone list"),
    "done": _lazy("Done"),
    "rescheduled": _lazy("Rescheduled"),
    "reassigned": _lazy("Reassigned"),
}


def log(follow_up: FollowUp, action: str, note: str = "", by=None) -> FollowUpEvent:
    return FollowUpEvent.objects.create(follow_up=follow_up, action=action, note=note, by=by)


def send_sweep_nudge() -> None:
    from sessions.tasks import follow_ups_sweep_task  # tasks import this module

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
        log(follow_up, "scheduled", note or rule.cause, by=by)
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
    if existing is not None and existing.status == Status.CANCELLED:
        # Moved away and back again: the reminder for this time is wanted once more.
        existing.status, existing.due_at, existing.next_attempt_at = Status.PENDING, due_at, None
        existing.save(update_fields=["status", "due_at", "next_attempt_at"])
        log(existing, "reopened", note or _("The session is back at this time."))
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
        follow_up.status = Status.CANCELLED
        follow_up.save(update_fields=["status"])
        log(follow_up, "cancelled", note, by=by)
    return len(rows)


def next_course_session(treatment_session: TreatmentSession) -> TreatmentSession | None:
    if treatment_session.plan_id is None:
        return None
    return (
        TreatmentSession.objects.filter(
            plan_id=treatment_session.plan_id,
            status__in=UPCOMING_STATUSES,
            starts_at__gt=timezone.now(),
        )
        .exclude(pk=treatment_session.pk)
        .select_related("patient", "plan")
        .order_by("starts_at", "pk")
        .first()
    )


def course_finished(plan: TreatmentPlan) -> bool:
    """Every planned session is done and none is still to come (a cancelled one that was not
    rebooked leaves the course open: its rebook task is the front desk's cue)."""
    counts = plan.treatment_sessions.aggregate(
        completed=Count("pk", filter=Q(status=SessionStatus.COMPLETED)),
        to_come=Count("pk", filter=Q(status__in=[*UPCOMING_STATUSES, SessionStatus.IN_PROGRESS])),
    )
    return counts["to_come"] == 0 and counts["completed"] >= plan.sessions_count


@transaction.atomic
def follow_ups_on_session_completed(*, treatment_session: TreatmentSession) -> list[FollowUp]:
    """A completed session schedules its post-treatment check, a reminder for the next session
    of its course, and, after the course's last session, the course review. Idempotent."""
    session = TreatmentSession.objects.select_related(
        "patient", "practitioner", "plan__protocol_version"
    ).get(pk=treatment_session.pk)
    if session.status != SessionStatus.COMPLETED or session.completed_at is None:
        return []
    scheduled = []
    if session.kind in TREATMENT_KINDS:
        scheduled.append(
            _schedule(
                kind=Kind.POST_TREATMENT_CHECK,
                key=f"{Kind.POST_TREATMENT_CHECK}:{session.pk}",
                patient=session.patient,
                due_at=RULES[Kind.POST_TREATMENT_CHECK].due(session),
                treatment_session=session,
                plan=session.plan,
            )
        )
    if session.plan_id:
        following = next_course_session(session)
        if following is not None:
            reminder = _schedule_reminder(following)
            scheduled += [reminder] if reminder else []
        elif course_finished(session.plan):
            scheduled.append(
                _schedule(
                    kind=Kind.COURSE_REVIEW,
                    key=f"{Kind.COURSE_REVIEW}:{session.plan_id}",
                    patient=session.patient,
                    due_at=RULES[Kind.COURSE_REVIEW].due(session),
                    treatment_session=session,
                    plan=session.plan,
                )
            )
    return scheduled


@transaction.atomic
def follow_ups_on_session_rescheduled(*, treatment_session: TreatmentSession) -> FollowUp | None:
    """A moved session moves its reminder: open reminders for the old time are cancelled and
    one for the new time is scheduled, also when the old one was already sent (the patient
    must hear the new time). A session that had no reminder gets none."""
    session = TreatmentSession.objects.select_related("patient", "plan").get(
        pk=treatment_session.pk
    )
    reminders = FollowUp.objects.filter(
        treatment_session=session, kind=Kind.NEXT_SESSION_REMINDER
    ).exclude(status=Status.CANCELLED)
    if not reminders.exists():
        return None
    local = timezone.localtime(session.starts_at)
    moved = _("The session moved to %(when)s.") % {"when": f"{local:%Y-%m-%d %H:%M}"}
    _cancel_open(reminders.exclude(idempotency_key=_reminder_key(session)), moved)
    return _schedule_reminder(session, note=moved)


@transaction.atomic
def follow_ups_on_session_cancelled(*, treatment_session: TreatmentSession) -> FollowUp | None:
    """A cancelled or missed session cancels its open follow-ups (its reminder) and gives the
    front desk a call to rebook it. Idempotent."""
    session = TreatmentSession.objects.select_related("patient", "plan").get(
        pk=treatment_session.pk
    )
    if session.status not in TreatmentSession.INACTIVE_STATUSES:
        return None
    what = session.get_status_display()
    _cancel_open(
        FollowUp.objects.filter(treatment_session=session).exclude(kind=Kind.REBOOK),
        _("The session is %(status)s.") % {"status": what.lower()},
    )
    return _schedule(
        kind=Kind.REBOOK,
        key=f"{Kind.REBOOK}:{session.pk}",
        patient=session.patient,
        due_at=RULES[Kind.REBOOK].due(session),
        treatment_session=session,
        plan=session.plan,
        note=_("%(status)s: call the patient to rebook.") % {"status": what},
    )


@transaction.atomic
def follow_ups_on_adverse_event(*, adverse_event: AdverseEvent) -> FollowUp:
    """An adverse event gives the session's practitioner a check the next day. One open check
    per session: a further event while it is open is noted on it; an event charted after the
    check was closed (an amendment) opens a new one. Idempotent per adverse event."""
    event = AdverseEvent.objects.select_related(
        "chart__treatment_session__patient", "chart__treatment_session__practitioner"
    ).get(pk=adverse_event.pk)
    session = event.chart.treatment_session
    # Not translated: the note doubles as the idempotency marker for this adverse event.
    note = f"Adverse event #{event.pk} charted."
    checks = FollowUp.objects.filter(treatment_session=session, kind=Kind.ADVERSE_EVENT_CHECK)
    already = FollowUpEvent.objects.filter(follow_up__in=checks, note=note).first()
    if already is not None:
        return already.follow_up
    open_check = checks.filter(status__in=OPEN_STATUSES).order_by("pk").first()
    if open_check is not None:
        log(open_check, "adverse_event_added", note)
        return open_check
    key = f"{Kind.ADVERSE_EVENT_CHECK}:{session.pk}"
    if checks.exists():
        key = f"{key}:{event.pk}"
    return _schedule(
        kind=Kind.ADVERSE_EVENT_CHECK,
        key=key,
        patient=session.patient,
        due_at=RULES[Kind.ADVERSE_EVENT_CHECK].due(event),
        treatment_session=session,
        plan=session.plan,
        note=note,
    )


def patients_who_received(lot) -> QuerySet:
    """Distinct patients charted with this lot (ChartProduct → chart → session → patient)."""
    return Patient.objects.filter(treatment_sessions__chart__products__lot=lot).distinct()


@transaction.atomic
def lot_recall_start(*, lot, by, request=None) -> int:
    """Turn every patient who received `lot` into a recall call for the front desk, in one
    step. Idempotent per lot and patient: a second recall adds only patients charted since.
    Returns how many follow-ups were created. Audited."""
    from protocols.models import Lot

    # Lock: two admins pressing "recall" at once must not both create the same rows.
    lot = Lot.objects.select_for_update().get(pk=lot.pk)
    latest_session = dict(
        ChartProduct.objects.filter(lot=lot)
        .order_by()
        .values_list("chart__treatment_session__patient")
        .annotate(last=Max("chart__treatment_session"))
    )
    keys = {patient_pk: f"{Kind.LOT_RECALL}:{lot.pk}:{patient_pk}" for patient_pk in latest_session}
    existing = set(
        FollowUp.objects.filter(idempotency_key__in=keys.values()).values_list(
            "idempotency_key", flat=True
        )
    )
    due_at = RULES[Kind.LOT_RECALL].due(lot)
    new = [
        FollowUp(
            kind=Kind.LOT_RECALL,
            channel=RULES[Kind.LOT_RECALL].channel,
            patient_id=patient_pk,
            treatment_session_id=latest_session[patient_pk],
            lot=lot,
            due_at=due_at,
            idempotency_key=key,
        )
        for patient_pk, key in sorted(keys.items())
        if key not in existing
    ]
    created = FollowUp.objects.bulk_create(new)
    note = _("Recall of %(lot)s.") % {"lot": lot}
    FollowUpEvent.objects.bulk_create(
        FollowUpEvent(follow_up=follow_up, action="scheduled", note=note, by=by)
        for follow_up in created
    )
    audit.record(
        actor=by,
        action="lot.recall_started",
        target=lot,
        request=request,
        details={"patients": len(keys), "follow_ups_created": len(created)},
    )
    return len(created)


# --- Who sees what ----------------------------------------------------------------------------


def follow_ups_visible_to(user) -> QuerySet:
    """The queue a user may see: everyone with the scheduling permission sees calls and
    e-mails; practitioners' tasks (adverse-event checks) only those who may read charts."""
    if not user.has_perm("treatments.view_treatmentsession"):
        return FollowUp.objects.none()
    if user.has_perm("treatments.view_chart"):
        return FollowUp.objects.all()
    return FollowUp.objects.exclude(channel=Channel.TASK)


def needs_action_now(user, now: datetime | None = None) -> QuerySet:
    """What the user's badge counts: for practitioners their own tasks that are due; for the
    front desk the calls that are due and every failed delivery."""
    now = now or timezone.now()
    due = Q(status=Status.PENDING, due_at__lte=now)
    if user.has_perm("treatments.chart_treatmentsession"):
        return FollowUp.objects.filter(due | Q(status=Status.FAILED), assignee=user)
    return follow_ups_visible_to(user).filter(
        (due & Q(channel=Channel.PHONE)) | Q(status=Status.FAILED)
    )


def overdue_count(user) -> int:
    """The navigation badge: one COUNT query."""
    if not user.is_authenticated:
        return 0
    return needs_action_now(user).count()


# --- Working the queue ------------------------------------------------------------------------


def _locked(follow_up: FollowUp, *, workable: bool = True) -> FollowUp:
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if workable and locked.status not in WORKABLE_STATUSES:
        if locked.status == Status.SENDING:
            raise ValidationError(_("This follow-up is being sent right now; try again shortly."))
        raise ValidationError(
            _("This follow-up is already %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


@transaction.atomic
def follow_up_mark_done(*, follow_up: FollowUp, outcome_note: str, by, request=None) -> FollowUp:
    """Close a follow-up with what came of it (required). A pending e-mail marked done is
    never sent. Logged and audited."""
    outcome_note = (outcome_note or "").strip()
    if not outcome_note:
        raise ValidationError({"outcome_note": _("Say what came of it.")})
    locked = _locked(follow_up)
    locked.status, locked.done_at, locked.done_by = Status.DONE, timezone.now(), by
    locked.outcome_note = outcome_note
    locked.save(update_fields=["status", "done_at", "done_by", "outcome_note"])
    log(locked, "done", outcome_note, by=by)
    audit.record(actor=by, action="follow_up.done", target=locked, request=request)
    return locked


@transaction.atomic
def follow_up_reschedule(*, follow_up: FollowUp, due_at: datetime, by, request=None) -> FollowUp:
    """Move a follow-up to another time. A failed delivery rescheduled is tried afresh (the
    attempts start again). Logged and audited."""
    locked = _locked(follow_up)
    before = locked.due_at
    locked.status, locked.due_at, locked.next_attempt_at = Status.PENDING, due_at, None
    locked.attempts, locked.last_error = 0, ""
    locked.save(update_fields=["status", "due_at", "next_attempt_at", "attempts", "last_error"])
    note = _("From %(before)s to %(after)s.") % {
        "before": f"{timezone.localtime(before):%Y-%m-%d %H:%M}",
        "after": f"{timezone.localtime(due_at):%Y-%m-%d %H:%M}",
    }
    log(locked, "rescheduled", note, by=by)
    audit.record(
        actor=by,
        action="follow_up.rescheduled",
        target=locked,
        request=request,
        details={"from": before.isoformat(), "to": due_at.isoformat()},
    )
    if locked.channel == Channel.EMAIL and due_at <= timezone.now():
        nudge_sweep_after_commit()
    return locked


def assignable_users(follow_up: FollowUp) -> QuerySet:
    """Who may take a follow-up: practitioners' tasks go to practitioners, the rest to anyone
    who works the queue."""
    perm = (
        "treatments.chart_treatmentsession"
        if follow_up.channel == Channel.TASK
        else "treatments.change_treatmentsession"
    )
    return get_user_model().objects.with_perm(perm).order_by("last_name", "first_name", "pk")


@transaction.atomic
def follow_up_reassign(*, follow_up: FollowUp, assignee, by, request=None) -> FollowUp:
    """Give a follow-up to someone (or back to the front desk's shared queue: None)."""
    locked = _locked(follow_up)
    if assignee is not None and not assignable_users(locked).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("This person cannot take this follow-up.")})
    if locked.channel == Channel.TASK and assignee is None:
        raise ValidationError({"assignee": _("A practitioner's task needs a practitioner.")})
    locked.assignee = assignee
    locked.save(update_fields=["assignee"])
    name = (assignee.get_full_name() or assignee.get_username()) if assignee else ""
    log(locked, "reassigned", name or _("Front desk (shared)"), by=by)
    audit.record(
        actor=by,
        action="follow_up.reassigned",
        target=locked,
        request=request,
        details={"assignee": assignee.pk if assignee else None},
    )
    return locked


# --- Delivery ---------------------------------------------------------------------------------

# A sweep never holds a claim this long (the task's hard time limit is far shorter), so a row
# still `sending` after it was left by a worker that died between sending and recording.
SENDING_TIMEOUT = timedelta(minutes=15)
INTERRUPTED = "delivery interrupted; check whether the patient received it"
MAX_BACK_OFF_MINUTES = 60


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd, 4th … failed attempt (capped)."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), MAX_BACK_OFF_MINUTES))


def follow_ups_claim(*, now: datetime, limit: int) -> list[int]:
    """Mark due e-mails as sending; a concurrent sweep skips the locked rows. Returns the ids
    in delivery order (pk), which follow_ups_reap relies on."""
    with transaction.atomic():
        ids = list(
            FollowUp.objects.due(now)
            .filter(channel=Channel.EMAIL)
            .select_for_update(skip_locked=True)
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        FollowUp.objects.filter(pk__in=ids).update(status=Status.SENDING, claimed_at=now)
    return sorted(ids)


def follow_ups_reap(*, now: datetime) -> tuple[int, int]:
    """Deal with rows left `sending` by a sweep that died (worker killed, machine lost).

    A sweep delivers its batch in pk order and records each outcome before it sends the next
    message, so in each dead batch (rows sharing claimed_at) only the first row still
    `sending` may have gone out: it is marked failed for a person to check with the patient
    (at most once: never re-sent silently). The rows after it were never attempted and go
    back to pending. Returns (failed, released)."""
    with transaction.atomic():
        stale = list(
            FollowUp.objects.filter(status=Status.SENDING, claimed_at__lt=now - SENDING_TIMEOUT)
            .select_for_update(skip_locked=True)
            .order_by("claimed_at", "pk")
            .values_list("pk", "claimed_at")
        )
        suspects, untouched, seen = [], [], set()
        for pk, claimed_at in stale:
            (untouched if claimed_at in seen else suspects).append(pk)
            seen.add(claimed_at)
        FollowUp.objects.filter(pk__in=suspects).update(
            status=Status.FAILED, last_error=INTERRUPTED, attempts=F("attempts") + 1
        )
        FollowUp.objects.filter(pk__in=untouched).update(status=Status.PENDING, claimed_at=None)
        FollowUpEvent.objects.bulk_create(
            [
                FollowUpEvent(follow_up_id=pk, action="interrupted", note=INTERRUPTED)
                for pk in suspects
            ]
            + [
                FollowUpEvent(
                    follow_up_id=pk, action="released", note="never attempted by a dead sweep"
                )
                for pk in untouched
            ]
        )
    if suspects:
        logger.warning("Follow-ups %s were interrupted while sending: marked failed", suspects)
    return len(suspects), len(untouched)


def _message_id(follow_up: FollowUp) -> str:
    """Stable across retries, so a receiving server can also drop a repeat."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    digest = hashlib.sha256(follow_up.idempotency_key.encode()).hexdigest()[:24]
    return f"<follow-up.{follow_up.pk}.{digest}@{domain}>"


def _template(kind: str, part: str, language: str):
    # A translated template where one exists (follow_up_<kind>_body.fr.txt), else English.
    name, extension = part.rsplit(".", 1)
    return select_template(
        [
            f"emails/follow_up_{kind}_{name}.{language}.{extension}",
            f"emails/follow_up_{kind}_{name}.{extension}",
        ]
    )


def email_context(follow_up: FollowUp) -> dict:
    session = follow_up.treatment_session
    location = session.room.location if session else None
    return {
        "first_name": follow_up.patient.first_name,
        "clinic_name": settings.CLINIC_NAME,
        "treatment_session": session,
        "starts_at": session.starts_at if session else None,
        "location": location,
        "practitioner_name": (
            session.practitioner.get_full_name() or session.practitioner.get_username()
            if session
            else ""
        ),
    }


def follow_up_email(follow_up: FollowUp) -> EmailMultiAlternatives:
    """The message for an e-mail follow-up: plain text and HTML, in the patient's language."""
    language = follow_up.patient.preferred_language or settings.LANGUAGE_CODE
    context = {**email_context(follow_up), "language": language}
    with translation.override(language):
        subject = _template(follow_up.kind, "subject.txt", language).render(context)
        text = _template(follow_up.kind, "body.txt", language).render(context)
        html = _template(follow_up.kind, "body.html", language).render(context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[follow_up.patient.email],
        headers={
            "Message-ID": _message_id(follow_up),
            "X-Mesoplan-Idempotency-Key": follow_up.idempotency_key,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _still_wanted(follow_up: FollowUp) -> str:
    """Why an e-mail due now should not go out after all ('' when it should)."""
    session = follow_up.treatment_session
    if follow_up.patient.archived_at:
        return "cancel:" + _("The patient is archived.")
    if follow_up.kind == Kind.NEXT_SESSION_REMINDER and (
        session is None or session.status not in UPCOMING_STATUSES
    ):
        return "cancel:" + _("The session is no longer booked.")
    if not patient_takes_email(follow_up.patient):
        return "phone:" + _("The patient no longer agrees to e-mail (or has no address).")
    return ""


def _record(pk: int, action: str, note: str = "", **fields) -> bool:
    """Write one outcome and its log line for a row this sweep holds, durably, before the
    next message goes out (follow_ups_reap relies on it). False when it no longer holds it."""
    if connection.vendor == "postgresql":
        updated = _record_in_one_statement(pk, action, note, fields)
    else:
        with transaction.atomic():
            updated = FollowUp.objects.filter(pk=pk, status=Status.SENDING).update(**fields)
            if updated:
                FollowUpEvent.objects.create(follow_up_id=pk, action=action, note=note)
    if not updated:
        logger.warning("Follow-up %s changed while it was being sent; outcome %s", pk, action)
    return bool(updated)


def _record_in_one_statement(pk: int, action: str, note: str, fields: dict) -> int:
    """The same as the ORM branch in one round trip, committed on its own: the sweep's hot
    path (two ORM statements and a transaction cost more CPU than sending the message)."""
    follow_up, event = FollowUp._meta, FollowUpEvent._meta
    assignments = ", ".join(f"{follow_up.get_field(name).column} = %s" for name in fields)
    sql = (
        f"WITH updated AS (UPDATE {follow_up.db_table} SET {assignments} "
        f"WHERE id = %s AND status = %s RETURNING id) "
        f"INSERT INTO {event.db_table} (follow_up_id, at, action, note, by_id) "
        f"SELECT id, %s, %s, %s, NULL FROM updated"
    )
    params = [*fields.values(), pk, Status.SENDING, timezone.now(), action, note]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def describe_error(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        reply = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        return f"SMTP {error.smtp_code}: {reply}"[:500]
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return f"recipient refused: {error.recipients}"[:500]
    return f"{type(error).__name__}: {error}"[:500]


def _record_failure(follow_up: FollowUp, error: BaseException, now: datetime) -> str:
    attempts = follow_up.attempts + 1
    text = describe_error(error)
    if attempts >= settings.FOLLOW_UP_MAX_ATTEMPTS:
        _record(
            follow_up.pk,
            "failed",
            text,
            status=Status.FAILED,
            attempts=attempts,
            last_error=text,
            next_attempt_at=None,
        )
        return "failed"
    retry_at = now + retry_delay(attempts)
    _record(
        follow_up.pk,
        "attempt_failed",
        f"{text} (retry at {timezone.localtime(retry_at):%H:%M})",
        status=Status.PENDING,
        attempts=attempts,
        last_error=text,
        next_attempt_at=retry_at,
    )
    return "retry"


class MailServerUnavailable(Exception):
    """The SMTP server cannot be reached at all (not: it refused one message)."""

    def __init__(self, error: BaseException):
        super().__init__(describe_error(error))
        self.error = error


class Mailer:
    """One SMTP connection for a whole sweep, opened on first use and after a failure."""

    def __init__(self):
        self.connection = get_connection()
        self.is_open = False

    def send(self, message: EmailMultiAlternatives) -> None:
        if not self.is_open:
            try:
                self.connection.open()
            except (smtplib.SMTPException, OSError) as error:
                raise MailServerUnavailable(error) from error
            self.is_open = True
        if self.connection.send_messages([message]) != 1:
            raise smtplib.SMTPException("the e-mail backend did not send the message")

    def close(self) -> None:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            self.connection.close()  # a broken connection is dropped either way
        self.is_open = False


def follow_up_deliver(*, follow_up: FollowUp, mailer: Mailer, now: datetime) -> str:
    """Send one claimed e-mail and record the outcome: sent / retry / failed / moved /
    cancelled / server_unavailable. Only SMTP and network errors count as "not sent";
    anything else escapes, and the row stays `sending` for follow_ups_reap."""
    reason = _still_wanted(follow_up)
    if reason:
        what, note = reason.split(":", 1)
        if what == "cancel":
            _record(follow_up.pk, "cancelled", note, status=Status.CANCELLED)
            return "cancelled"
        _record(follow_up.pk, "moved_to_phone", note, status=Status.PENDING, channel=Channel.PHONE)
        return "moved"
    try:
        message = follow_up_email(follow_up)
    except Exception as error:  # nothing was sent: a broken template must not block the rest
        logger.exception("Follow-up %s: the message could not be built", follow_up.pk)
        return _record_failure(follow_up, error, now)
    try:
        mailer.send(message)
    except MailServerUnavailable as unavailable:
        # This row is the probe: its attempt shows the outage in the queue. The caller puts
        # the rest of the batch back untouched, so an outage does not use up every row's
        # attempts; the next sweep probes again.
        _record_failure(follow_up, unavailable.error, now)
        return "server_unavailable"
    except (smtplib.SMTPException, OSError) as error:
        mailer.close()
        return _record_failure(follow_up, error, now)
    _record(
        follow_up.pk,
        "sent",
        _("E-mail sent."),
        status=Status.SENT,
        sent_at=timezone.now(),
        attempts=follow_up.attempts + 1,
        last_error="",
        next_attempt_at=None,
    )
    return "sent"


def _release(pks: list[int]) -> None:
    """Claimed rows never attempted go back to the queue as they were."""
    FollowUp.objects.filter(pk__in=pks, status=Status.SENDING).update(
        status=Status.PENDING, claimed_at=None
    )


def _deliver_batch(ids: list[int], mailer: Mailer, now: datetime, outcomes: Counter) -> bool:
    """Deliver a claimed batch in pk order; False when the mail server is unreachable (the
    rest of the batch is released and the sweep should stop)."""
    rows = list(
        FollowUp.objects.filter(pk__in=ids)
        .select_related(
            "patient", "treatment_session__room__location", "treatment_session__practitioner"
        )
        .order_by("pk")
    )
    for index, follow_up in enumerate(rows):
        try:
            outcome = follow_up_deliver(follow_up=follow_up, mailer=mailer, now=now)
        except BaseException:
            # Time limit or shutdown mid-batch: this row's fate is unknown (the reaper flags
            # it), the rows after it were never attempted and go back to the queue now.
            _release([row.pk for row in rows[index + 1 :]])
            raise
        outcomes[outcome] += 1
        if outcome == "server_unavailable":
            _release([row.pk for row in rows[index + 1 :]])
            return False
    return True


def _sweep_lane(*, batch_size, max_batches, deadline, now, in_thread) -> Counter:
    """One lane: claim, send and record batch after batch, on its own SMTP connection."""
    outcomes: Counter = Counter()
    mailer = Mailer()
    try:
        for _batch in range(max_batches):
            moment = now or timezone.now()
            ids = follow_ups_claim(now=moment, limit=batch_size)
            reachable = _deliver_batch(ids, mailer, moment, outcomes)
            if not reachable or len(ids) < batch_size or time.monotonic() > deadline:
                break
    finally:
        mailer.close()
        if in_thread:
            connections.close_all()  # this thread's own connections
    return outcomes


def follow_ups_sweep(
    *,
    batch_size: int = 200,
    max_batches: int = 50,
    time_budget: float = 45.0,
    lanes: int = 1,
    now: datetime | None = None,
) -> dict:
    """Deliver what is due: reap dead claims, then claim, send and record batch by batch.
    Bounded in batches and seconds (beat starts another sweep next minute).

    lanes > 1 runs that many lanes side by side in threads (PostgreSQL only): each claims its
    own batches, so they are concurrent sweeps in one process, kept apart by the row locks,
    and SMTP and database round trips overlap. `now` is for tests that need time to pass.
    Returns counts per outcome."""
    deadline = time.monotonic() + time_budget
    failed, released = follow_ups_reap(now=now or timezone.now())
    outcomes = Counter({"interrupted": failed, "released": released})
    lane = partial(
        _sweep_lane, batch_size=batch_size, max_batches=max_batches, deadline=deadline, now=now
    )
    if lanes <= 1 or connection.in_atomic_block:  # other threads cannot see this transaction
        outcomes += lane(in_thread=False)
    else:
        with ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="follow-up-lane") as pool:
            for result in [pool.submit(lane, in_thread=True) for _ in range(lanes)]:
                outcomes += result.result()
    return {key: count for key, count in outcomes.items() if count}
