"""The follow-up queue people work: who sees what, the badge count, and marking done,
rescheduling and reassigning (services: atomic, logged, audited)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinic import audit, dates
from clinic.people import display_name
from sessions.followups.rules import WORKABLE_STATUSES, failed_still_open
from sessions.followups.scheduling import follow_up_log, nudge_sweep_after_commit
from sessions.models import (
    FollowUp,
)

Channel = FollowUp.Channel

FollowUpStatus = FollowUp.Status

# FollowUpEvent.action -> what the log on the follow-up's page says.
EVENT_LABELS = {
    "scheduled": gettext_lazy("Scheduled"),
    "reopened": gettext_lazy("Scheduled again"),
    "cancelled": gettext_lazy("Cancelled"),
    "adverse_event_added": gettext_lazy("Another adverse event"),
    "escalated": gettext_lazy("Urgent: review today"),
    "sent": gettext_lazy("Sent"),
    "attempt_failed": gettext_lazy("Attempt failed"),
    "failed": gettext_lazy("Failed"),
    "interrupted": gettext_lazy("Interrupted"),
    "released": gettext_lazy("Back in the queue"),
    "moved_to_phone": gettext_lazy("Moved to the phone list"),
    "done": gettext_lazy("Done"),
    "rescheduled": gettext_lazy("Rescheduled"),
    "reassigned": gettext_lazy("Reassigned"),
    "patient_warning": gettext_lazy("The patient reported a warning sign"),
    "answered_by_patient": gettext_lazy("Answered by the patient"),
}


def day_filters(now) -> dict[str, Q]:
    """The queue's "when" filters, by name, relative to now in the clinic's zone."""
    today = timezone.localdate(now)
    tz = timezone.get_current_timezone()
    tonight = datetime.combine(today + timedelta(days=1), time(), tz)
    this_morning = datetime.combine(today, time(), tz)
    return {
        "due": Q(due_at__lt=tonight),
        "overdue": Q(due_at__lt=now),
        "today": Q(due_at__gte=this_morning, due_at__lt=tonight),
        "upcoming": Q(due_at__gte=tonight),
        "any": Q(),
    }


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
    front desk the calls that are due and the failed deliveries still open."""
    now = now or timezone.now()
    due = Q(status=FollowUpStatus.PENDING, due_at__lte=now)
    failed = failed_still_open(now)  # older failures age out (rules.still_open)
    if user.has_perm("treatments.chart_treatmentsession"):
        return FollowUp.objects.filter(due | failed, assignee=user)
    return follow_ups_visible_to(user).filter((due & Q(channel=Channel.PHONE)) | failed)


def overdue_count(user) -> int:
    """The navigation badge: one COUNT query."""
    if not user.is_authenticated:
        return 0
    return needs_action_now(user).count()


def _badge_key(user) -> str:
    return f"follow-up-badge:{user.pk}"


def badge_count(user) -> int:
    """The navigation badge as every page shows it: `overdue_count`, kept for
    FOLLOW_UP_BADGE_SECONDS per user (a COUNT on every page was a fixed cost of each of them,
    issue 14). The queue itself always reads the rows; the user's own actions on the queue
    refresh their badge at once, other people's within those seconds."""
    seconds = settings.FOLLOW_UP_BADGE_SECONDS
    if seconds <= 0 or not user.is_authenticated:
        return overdue_count(user)
    count = cache.get(_badge_key(user))
    if count is None:
        count = overdue_count(user)
        cache.set(_badge_key(user), count, seconds)
    return count


def badge_forget(user) -> None:
    """The user's next page counts their badge afresh (they just changed the queue)."""
    if getattr(user, "is_authenticated", False):
        cache.delete(_badge_key(user))


def _locked(follow_up: FollowUp, *, workable: bool = True) -> FollowUp:
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if workable and locked.status not in WORKABLE_STATUSES:
        if locked.status == FollowUpStatus.SENDING:
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
    locked.status, locked.done_at, locked.done_by = FollowUpStatus.DONE, timezone.now(), by
    locked.outcome_note = outcome_note
    locked.save(update_fields=["status", "done_at", "done_by", "outcome_note"])
    follow_up_log(locked, "done", outcome_note, by=by)
    badge_forget(by)
    audit.record(actor=by, action="follow_up.done", target=locked, request=request)
    return locked


@transaction.atomic
def follow_up_answered_by_patient(*, follow_up: FollowUp, note: str) -> FollowUp | None:
    """The patient answered it themselves (the patient link's check): done, by nobody on the
    staff, whether its e-mail was sent or is still waiting (it is then never sent). `note`
    says only that an answer came: the front desk reads it. None when the sweep is sending it
    right now or it was closed already (nothing changes)."""
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.status not in (*WORKABLE_STATUSES, FollowUpStatus.SENT):
        return None
    locked.status, locked.done_at, locked.done_by = FollowUpStatus.DONE, timezone.now(), None
    locked.outcome_note = note
    locked.save(update_fields=["status", "done_at", "done_by", "outcome_note"])
    follow_up_log(locked, "answered_by_patient", note)
    audit.record(actor=None, action="follow_up.answered_by_patient", target=locked)
    return locked


@transaction.atomic
def follow_up_reschedule(*, follow_up: FollowUp, due_at: datetime, by, request=None) -> FollowUp:
    """Move a follow-up to another time. A failed delivery rescheduled is tried afresh (the
    attempts start again). Logged and audited."""
    locked = _locked(follow_up)
    before = locked.due_at
    locked.status, locked.due_at, locked.next_attempt_at = FollowUpStatus.PENDING, due_at, None
    locked.attempts, locked.last_error = 0, ""
    locked.save(update_fields=["status", "due_at", "next_attempt_at", "attempts", "last_error"])
    note = _("From %(before)s to %(after)s.") % {
        "before": dates.moment(before),
        "after": dates.moment(due_at),
    }
    follow_up_log(locked, "rescheduled", note, by=by)
    badge_forget(by)
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
    name = display_name(assignee)
    follow_up_log(locked, "reassigned", name or _("Front desk (shared)"), by=by)
    badge_forget(by)
    audit.record(
        actor=by,
        action="follow_up.reassigned",
        target=locked,
        request=request,
        details={"assignee": assignee.pk if assignee else None},
    )
    return locked
