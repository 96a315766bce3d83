"""Follow-ups (calls, e-mails, practitioners' tasks) and their event log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clinic import dates
from sessions.models.plans import TreatmentPlan, TreatmentSession


class FollowUpQuerySet(models.QuerySet):
    def due(self, now):
        """Pending rows whose time has come (first attempt or a retry after back-off)."""
        return self.filter(status=FollowUp.Status.PENDING, due_at__lte=now).filter(
            models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now)
        )


class FollowUp(models.Model):
    """Something to do for a patient at a time: a row written with its cause; Celery beat's
    sweep delivers e-mails, and phone or clinical tasks wait in the front desk's queue."""

    class Kind(models.TextChoices):
        POST_TREATMENT_CHECK = "post_treatment_check", _("Post-treatment check")
        NEXT_SESSION_REMINDER = "next_session_reminder", _("Next-session reminder")
        COURSE_REVIEW = "course_review", _("Course review")
        ADVERSE_EVENT_CHECK = "adverse_event_check", _("Adverse-event check")
        REBOOK = "rebook", _("Rebook a missed session")
        LOT_RECALL = "lot_recall", _("Lot recall")
        AFTERCARE = "aftercare", _("Aftercare sheet by e-mail")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail to the patient")
        PHONE = "phone", _("Phone call by the front desk")
        TASK = "task", _("Task for the practitioner")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    patient = models.ForeignKey("patients.Patient", models.PROTECT, related_name="follow_ups")
    treatment_session = models.ForeignKey(
        TreatmentSession, models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    plan = models.ForeignKey(
        TreatmentPlan, models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    lot = models.ForeignKey(
        "protocols.Lot", models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    due_at = models.DateTimeField(_("due"))
    # An adverse event that needs a review today (reference §8): listed first, with why.
    urgent = models.BooleanField(_("urgent"), default=False)
    urgent_reason = models.CharField(_("why it is urgent"), max_length=300, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Delivery bookkeeping: a stable key so a message is never sent twice.
    idempotency_key = models.CharField(max_length=120, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_note = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["assignee", "status", "due_at"]),
            # The queue, the badge and the sweep read open rows only: a small index that
            # does not grow with years of sent and done rows.
            models.Index(
                fields=["status", "due_at"],
                condition=models.Q(status__in=["pending", "sending", "failed"]),
                name="follow_up_open_due_idx",
            ),
        ]

    def __str__(self):
        return _("%(kind)s for %(patient)s, due %(day)s") % {
            "kind": self.get_kind_display(),
            "patient": self.patient.full_name,
            "day": dates.day(self.due_at),
        }


class FollowUpEvent(models.Model):
    """The log of a follow-up: each delivery attempt and each action on it, never changed."""

    follow_up = models.ForeignKey(FollowUp, models.PROTECT, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"
