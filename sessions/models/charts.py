"""What was done at a session: the chart, its products with lots, adverse events,
amendments and clinical photos."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from protocols.catalogues import TreatmentArea
from protocols.models import ChoiceListValidator
from sessions.models.plans import TreatmentSession


class Chart(models.Model):
    """What was done in a session. Signing locks it; later changes are ChartAmendments."""

    treatment_session = models.OneToOneField(TreatmentSession, models.PROTECT, related_name="chart")
    # Pre-treatment checklist
    consent_on_file = models.BooleanField(
        _("consent on file for this protocol version"), default=False
    )
    history_reviewed_today = models.BooleanField(_("medical history reviewed today"), default=False)
    medications_paused = models.BooleanField(_("medications paused as instructed"), default=False)
    photos_taken = models.BooleanField(_("photos taken"), default=False)
    # Treatment
    anaesthesia_product = models.CharField(_("anaesthesia"), max_length=150, blank=True)
    anaesthesia_applied_at = models.TimeField(_("anaesthesia applied at"), null=True, blank=True)
    areas = models.JSONField(
        _("areas treated"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator("TreatmentArea")],
    )
    technique = models.CharField(_("technique"), max_length=30, blank=True)
    needle_gauge = models.PositiveSmallIntegerField(
        _("needle gauge (G)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(18), MaxValueValidator(34)],
    )
    needle_length_mm = models.DecimalField(
        _("needle length (mm)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    depth_mm = models.DecimalField(
        _("depth (mm)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    injection_points = models.PositiveIntegerField(_("injection points"), null=True, blank=True)
    mix_ratio = models.CharField(_("mix ratio"), max_length=100, blank=True)
    diluent = models.CharField(_("diluent"), max_length=100, blank=True)
    immediate_reactions = models.TextField(_("immediate reactions"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    dose_override_reason = models.TextField(
        _("reason for exceeding a volume or dose limit"), blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("chart")
        verbose_name_plural = _("charts")
        indexes = [
            # "Charts to sign": the few unsigned charts, found without walking years of
            # signed ones.
            models.Index(
                fields=["treatment_session"],
                condition=models.Q(signed_at__isnull=True),
                name="chart_unsigned_idx",
            ),
        ]

    def __str__(self):
        return _("Chart of %(session)s") % {"session": self.treatment_session}

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class ChartProduct(models.Model):
    """A product of the blend as actually mixed, with the lot it came from."""

    chart = models.ForeignKey(Chart, models.PROTECT, related_name="products")
    lot = models.ForeignKey("protocols.Lot", models.PROTECT, related_name="chart_products")
    volume_ml = models.DecimalField(
        _("volume (mL)"),
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    units_used = models.PositiveSmallIntegerField(
        _("vials/ampoules used"), default=1, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["chart", "pk"]
        verbose_name = _("product used")
        verbose_name_plural = _("products used")

    def __str__(self):
        return f"{self.lot} {self.volume_ml} mL"


class AdverseEvent(models.Model):
    class Severity(models.TextChoices):
        MILD = "mild", _("Mild")
        MODERATE = "moderate", _("Moderate")
        SEVERE = "severe", _("Severe")

    class Type(models.TextChoices):
        BRUISING = "bruising", _("Bruising / haematoma")
        VASOVAGAL = "vasovagal", _("Vasovagal reaction / fainting")
        ALLERGIC = "allergic", _("Allergic reaction")
        INFECTION = "infection", _("Infection")
        NODULE = "nodule", _("Nodule / panniculitis")
        NECROSIS = "necrosis", _("Skin colour change / necrosis")
        NERVE = "nerve", _("Nerve injury / asymmetry")
        DYSPHAGIA = "dysphagia", _("Difficulty swallowing")
        HAIR_LOSS = "hair_loss", _("Hair loss at injection sites")
        OTHER = "other", _("Other")

    chart = models.ForeignKey(Chart, models.PROTECT, related_name="adverse_events")
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("what happened"), blank=True)
    action_taken = models.TextField(_("action taken"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("adverse event")
        verbose_name_plural = _("adverse events")

    def __str__(self):
        return f"{self.get_type_display()} ({self.get_severity_display()})"


class ChartAmendment(models.Model):
    """A change to a signed chart: the original stays, this records what, who, when, why."""

    chart = models.ForeignKey(Chart, models.PROTECT, related_name="amendments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason"))
    changes = models.JSONField(
        _("changes"), default=dict, help_text=_('field -> {"before": ..., "after": ...}')
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("chart amendment")
        verbose_name_plural = _("chart amendments")

    def __str__(self):
        return f"Amendment to {self.chart} by {self.author}"


def photo_path(photo, filename):
    # Random name: the patient's identity never appears in a file name.
    return f"photos/{photo.patient_id}/{uuid.uuid4().hex}"


class Photo(models.Model):
    """A clinical photo. Private storage (MEDIA_ROOT is never served); read through a view
    that checks permission and audits."""

    class Moment(models.TextChoices):
        BEFORE = "before", _("Before")
        AFTER = "after", _("After")
        FOLLOW_UP = "follow_up", _("Follow-up")

    patient = models.ForeignKey("patients.Patient", models.PROTECT, related_name="photos")
    treatment_session = models.ForeignKey(
        TreatmentSession, models.PROTECT, null=True, blank=True, related_name="photos"
    )
    area = models.CharField(_("area"), max_length=30, choices=TreatmentArea.choices)
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices)
    image = models.FileField(_("image"), upload_to=photo_path)
    content_type = models.CharField(max_length=50)
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    consent_for_report = models.BooleanField(
        _("patient agrees to its use in their course report"), default=False
    )
    taken_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["taken_at", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return f"{self.get_moment_display()} {self.get_area_display()}"
