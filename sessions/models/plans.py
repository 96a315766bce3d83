"""Treatment plans and their sessions (booking, status flow, the course they belong to)."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clinic import dates
from protocols.catalogues import TreatmentArea
from protocols.models import ChoiceListValidator
from sessions.models.scheduling import Room


class TreatmentPlan(models.Model):
    """A course of sessions for one patient, pinned to the protocol version it was planned
    with. Proposed at a consultation; the Booking feature turns it into sessions."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        BOOKED = "booked", _("Booked")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    patient = models.ForeignKey("patients.Patient", models.PROTECT, related_name="plans")
    consultation = models.OneToOneField(
        "patients.Consultation", models.PROTECT, related_name="plan"
    )
    protocol_version = models.ForeignKey(
        "protocols.ProtocolVersion",
        models.PROTECT,
        related_name="plans",
        verbose_name=_("protocol version"),
    )
    areas = models.JSONField(
        _("treatment areas"), default=list, validators=[ChoiceListValidator("TreatmentArea")]
    )
    sessions_count = models.PositiveSmallIntegerField(
        _("number of sessions"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    interval_min_days = models.PositiveSmallIntegerField(
        _("interval from (days)"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    interval_max_days = models.PositiveSmallIntegerField(
        _("interval to (days)"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    # Warnings the practitioner went ahead with, and why: shown on the plan and the chart.
    override_reasons = models.JSONField(_("warnings overridden"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("treatment plan")
        verbose_name_plural = _("treatment plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval_min_days__lte=models.F("interval_max_days")),
                name="plan_interval_range",
                violation_error_message=_("The longest interval is shorter than the shortest."),
            )
        ]

    def __str__(self):
        return f"{self.patient.full_name}: {self.protocol_version}"

    def get_absolute_url(self):
        return reverse("treatments:plan", args=[self.pk])

    def area_labels(self) -> list[str]:
        return [str(TreatmentArea(area).label) for area in self.areas]


# The longest a session may last (the booking form offers up to 90 minutes). Availability
# refuses longer slots; PostgreSQL checks it too (session_length_bounded, migration 0009).
MAX_SESSION_LENGTH = timedelta(hours=12)


class TreatmentSessionQuerySet(models.QuerySet):
    def active(self):
        """Bookings that hold their slot: not cancelled, not no-show."""
        return self.exclude(status__in=TreatmentSession.INACTIVE_STATUSES)

    def overlapping(self, starts_at, ends_at):
        """Sessions that overlap [starts_at, ends_at). No session lasts longer than
        MAX_SESSION_LENGTH (a database rule on PostgreSQL), so the lower bound on `starts_at`
        turns a scan of all history into an index range scan of the span asked for."""
        return self.filter(
            starts_at__lt=ends_at,
            starts_at__gt=starts_at - MAX_SESSION_LENGTH,
            ends_at__gt=starts_at,
        )

    def next_in_course(self, treatment_session):
        """The course's next session after this one that is still to come (booked or checked
        in), or None: the one rule for "the next session" (reminders, aftercare sheets)."""
        if treatment_session.plan_id is None:
            return None
        return (
            self.filter(
                plan_id=treatment_session.plan_id,
                status__in=TreatmentSession.UPCOMING_STATUSES,
                starts_at__gt=treatment_session.starts_at,
            )
            .exclude(pk=treatment_session.pk)
            .order_by("starts_at", "pk")
            .first()
        )


class TreatmentSession(models.Model):
    """A booking, and once the patient is in the chair, its chart (Chart)."""

    class Kind(models.TextChoices):
        TREATMENT = "treatment", _("Treatment session")
        CONSULTATION = "consultation", _("Consultation")
        MAINTENANCE = "maintenance", _("Maintenance session")
        REVIEW = "review", _("Review")

    # A context of their own: French agrees the word with "séance" (réservée, terminée).
    class Status(models.TextChoices):
        BOOKED = "booked", pgettext_lazy("session status", "Booked")
        CHECKED_IN = "checked_in", pgettext_lazy("session status", "Checked in")
        IN_PROGRESS = "in_progress", pgettext_lazy("session status", "In progress")
        COMPLETED = "completed", pgettext_lazy("session status", "Completed")
        CANCELLED = "cancelled", pgettext_lazy("session status", "Cancelled")
        NO_SHOW = "no_show", pgettext_lazy("session status", "No-show")

    INACTIVE_STATUSES = (Status.CANCELLED, Status.NO_SHOW)
    # Still to come: the slot is held and nothing has started.
    UPCOMING_STATUSES = (Status.BOOKED, Status.CHECKED_IN)
    # A chart can be started or saved only while the session has not ended.
    CHARTABLE_STATUSES = (Status.BOOKED, Status.CHECKED_IN, Status.IN_PROGRESS)
    # Something is injected: consent, sheets and an aftercare check apply.
    TREATMENT_KINDS = (Kind.TREATMENT, Kind.MAINTENANCE)

    patient = models.ForeignKey(
        "patients.Patient", models.PROTECT, related_name="treatment_sessions"
    )
    plan = models.ForeignKey(
        TreatmentPlan, models.PROTECT, null=True, blank=True, related_name="treatment_sessions"
    )
    sequence = models.PositiveSmallIntegerField(
        _("session number in the course"), null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TREATMENT)
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="treatment_sessions"
    )
    room = models.ForeignKey(Room, models.PROTECT, related_name="treatment_sessions")
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BOOKED
    )
    # A practitioner may be booked twice on purpose (a short check while another patient's
    # numbing cream works): then this says why, and both sessions show it. Rooms never.
    overlap_reason = models.CharField(
        _("reason for the deliberate overlap"), max_length=300, blank=True
    )
    notes = models.CharField(_("booking notes"), max_length=300, blank=True)
    booked_at = models.DateTimeField(_("booked"), auto_now_add=True)
    # Empty when the patient booked it through their link (the audit event says so).
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    objects = TreatmentSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("treatment session")
        verbose_name_plural = _("treatment sessions")
        permissions = [
            ("chart_treatmentsession", _("Can chart a treatment session")),
            ("sign_chart", _("Can sign a chart")),
        ]
        indexes = [
            models.Index(fields=["practitioner", "starts_at"]),
            models.Index(fields=["room", "starts_at"]),
            models.Index(fields=["patient", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="session_order",
                violation_error_message=_("The session ends before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.patient.full_name} {dates.moment(self.starts_at)}"

    def get_absolute_url(self):
        return reverse("treatments:session", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status not in self.INACTIVE_STATUSES

    @property
    def is_chartable(self) -> bool:
        return self.status in self.CHARTABLE_STATUSES
