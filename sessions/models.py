from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from protocols.catalogues import TreatmentArea
from protocols.models import ChoiceListValidator


class TreatmentPlanQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(
            status__in=[TreatmentPlan.Status.COMPLETED, TreatmentPlan.Status.CANCELLED]
        )


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

    objects = TreatmentPlanQuerySet.as_manager()

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
