"""The protocol library: indications, ingredients, versioned protocols with their blend
and ancillary products (a used version never changes)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from protocols import catalogues
from protocols.catalogues import (
    ConcentrationUnit,
    ContraindicationTag,
    EvidenceLevel,
    IngredientClass,
    Technique,
    TreatmentArea,
)


@deconstructible
class ChoiceListValidator:
    """A JSON list whose items all come from a catalogue (tags, areas), without repeats."""

    def __init__(self, catalogue: str):
        self.catalogue = catalogue  # a TextChoices name in protocols.catalogues

    def __call__(self, value):
        allowed = set(getattr(catalogues, self.catalogue).values)
        if not isinstance(value, list):
            raise ValidationError(_("Expected a list."))
        unknown = [item for item in value if item not in allowed]
        if unknown:
            raise ValidationError(
                _("Unknown value(s): %(values)s"), params={"values": ", ".join(map(str, unknown))}
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("A value is listed twice."))

    def __eq__(self, other):
        return isinstance(other, ChoiceListValidator) and other.catalogue == self.catalogue


def validate_text_list(value):
    if not isinstance(value, list) or not all(isinstance(i, str) and i.strip() for i in value):
        raise ValidationError(_("Expected a list of non-empty lines."))


def positive(limit_min, limit_max):
    return [MinValueValidator(Decimal(limit_min)), MaxValueValidator(Decimal(limit_max))]


# The seeded indications' names (protocols/seed_data.py), for makemessages: the rows keep
# the English name, the pages show the catalogue's translation (Indication.label).
SEEDED_INDICATION_NAMES = (
    gettext_noop("Skin rejuvenation"),
    gettext_noop("Hair restoration"),
    gettext_noop("Cellulite"),
    gettext_noop("Localized fat"),
)


class Indication(models.Model):
    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("indication")
        verbose_name_plural = _("indications")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language: a seeded name (SEEDED_INDICATION_NAMES) is in
        the catalogue; a clinic's own name shows as it was typed."""
        return gettext(self.name)


class Ingredient(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    ingredient_class = models.CharField(_("class"), max_length=30, choices=IngredientClass.choices)
    contraindication_tags = models.JSONField(
        _("contraindication tags"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator("ContraindicationTag")],
        help_text=_("Patient facts that rule this ingredient out, e.g. soy allergy."),
    )
    max_amount_per_session = models.DecimalField(
        _("maximum amount per session"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    amount_unit = models.CharField(_("unit of that amount"), max_length=10, blank=True)
    max_cumulative_amount = models.DecimalField(
        _("maximum cumulative amount (lifetime)"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    max_amount_source = models.CharField(_("source of the maximum"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ingredient")
        verbose_name_plural = _("ingredients")

    def __str__(self):
        return self.name

    def clean(self):
        if self.max_amount_per_session is not None and not self.amount_unit:
            raise ValidationError({"amount_unit": _("Give the unit of the maximum amount.")})


class ProtocolQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired_at__isnull=True)

    def with_current_version(self):
        return self.select_related("indication", "current_version")


class Protocol(models.Model):
    """A protocol family. Its content lives in immutable ProtocolVersion rows."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    indication = models.ForeignKey(
        Indication, models.PROTECT, related_name="protocols", verbose_name=_("indication")
    )
    current_version = models.OneToOneField(
        "protocols.ProtocolVersion",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProtocolQuerySet.as_manager()

    class Meta:
        ordering = ["indication__position", "name"]
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        permissions = [("view_protocol_card", _("Can view the full protocol card"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("protocols:detail", args=[self.slug])


class ProtocolVersion(models.Model):
    """One version of a protocol's content. Never changed once saved: a revision is a new row,
    and plans, charts and consents keep pointing at the version they used."""

    protocol = models.ForeignKey(
        Protocol, models.PROTECT, related_name="versions", verbose_name=_("protocol")
    )
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    change_note = models.TextField(_("what changed and why"), blank=True)

    summary = models.TextField(_("summary"))
    evidence_level = models.CharField(
        _("strength of evidence"), max_length=20, choices=EvidenceLevel.choices
    )
    evidence_summary = models.TextField(_("evidence"))
    evidence_caveats = models.TextField(
        _("negative or conflicting evidence"),
        blank=True,
        help_text=_("Say so where controlled studies were negative."),
    )

    technique = models.CharField(_("technique"), max_length=30, choices=Technique.choices)
    needle_gauge = models.PositiveSmallIntegerField(
        _("needle gauge (G)"), validators=[MinValueValidator(18), MaxValueValidator(34)]
    )
    needle_length_mm = models.DecimalField(
        _("needle length (mm)"), max_digits=5, decimal_places=2, validators=positive("0.5", "40")
    )
    depth_min_mm = models.DecimalField(
        _("depth from (mm)"), max_digits=5, decimal_places=2, validators=positive("0.1", "25")
    )
    depth_max_mm = models.DecimalField(
        _("depth to (mm)"), max_digits=5, decimal_places=2, validators=positive("0.1", "25")
    )
    spacing_min_mm = models.DecimalField(
        _("spacing from (mm)"), max_digits=5, decimal_places=1, validators=positive("1", "50")
    )
    spacing_max_mm = models.DecimalField(
        _("spacing to (mm)"), max_digits=5, decimal_places=1, validators=positive("1", "50")
    )
    volume_per_point_min_ml = models.DecimalField(
        _("volume per point from (mL)"),
        max_digits=5,
        decimal_places=3,
        validators=positive("0.001", "2"),
    )
    volume_per_point_max_ml = models.DecimalField(
        _("volume per point to (mL)"),
        max_digits=5,
        decimal_places=3,
        validators=positive("0.001", "2"),
    )
    max_total_volume_ml = models.DecimalField(
        _("maximum total volume per session (mL)"),
        max_digits=6,
        decimal_places=2,
        validators=positive("0.01", "100"),
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
    maintenance_interval_days = models.PositiveSmallIntegerField(
        _("maintenance every (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
    )
    review_after_days = models.PositiveSmallIntegerField(
        _("course review after the last session (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    treatment_areas = models.JSONField(
        _("treatment areas"), default=list, validators=[ChoiceListValidator("TreatmentArea")]
    )
    on_label_areas = models.JSONField(
        _("areas where the product is on-label"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator("TreatmentArea")],
        help_text=_(
            "Only for a product with a regulatory label (e.g. KYBELLA: submental). Planning "
            "another area needs an explicit off-label acknowledgement. Empty: no label."
        ),
    )
    pre_care = models.JSONField(
        _("pre-care instructions"), default=list, blank=True, validators=[validate_text_list]
    )
    aftercare = models.JSONField(
        _("aftercare instructions"), default=list, blank=True, validators=[validate_text_list]
    )
    absolute_contraindications = models.JSONField(
        _("absolute contraindications"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator("ContraindicationTag")],
    )
    relative_contraindications = models.JSONField(
        _("relative contraindications"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator("ContraindicationTag")],
    )
    side_effects = models.JSONField(
        _("expected side effects"),
        default=list,
        blank=True,
        help_text=_('A list of {"effect": ..., "usual_duration": ...}.'),
    )
    consent_risk_text = models.TextField(_("risks, for the consent form"))
    sources = models.JSONField(
        _("sources"), default=list, help_text=_('A list of {"key": ..., "citation": ...}.')
    )
    value_sources = models.JSONField(
        _("where each value comes from"),
        default=dict,
        blank=True,
        help_text=_("Section name -> the sources behind its values."),
    )

    class Meta:
        ordering = ["protocol", "-number"]
        verbose_name = _("protocol version")
        verbose_name_plural = _("protocol versions")
        constraints = [
            models.UniqueConstraint(fields=["protocol", "number"], name="protocol_version_unique"),
            models.CheckConstraint(
                condition=models.Q(depth_min_mm__lte=models.F("depth_max_mm")),
                name="protocol_version_depth_range",
            ),
            models.CheckConstraint(
                condition=models.Q(spacing_min_mm__lte=models.F("spacing_max_mm")),
                name="protocol_version_spacing_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    volume_per_point_min_ml__lte=models.F("volume_per_point_max_ml")
                ),
                name="protocol_version_volume_range",
            ),
            models.CheckConstraint(
                condition=models.Q(interval_min_days__lte=models.F("interval_max_days")),
                name="protocol_version_interval_range",
            ),
        ]

    def __str__(self):
        return f"{self.protocol.name} v{self.number}"

    def save(self, *args, **kwargs):
        # The one rule of versions: once written, never rewritten (forms, admin and services
        # all end here). A revision is protocol_revise(), which adds a new row.
        if self.pk is not None:
            raise ValidationError(_("A saved protocol version cannot be changed; revise it."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("protocols:version", args=[self.protocol.slug, self.number])

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Protocol versions are kept for the records that used them."))

    def clean(self):
        errors = {}
        if None not in (self.depth_min_mm, self.depth_max_mm) and (
            self.depth_min_mm > self.depth_max_mm
        ):
            errors["depth_max_mm"] = _("The deepest point is shallower than the shallowest.")
        if None not in (self.depth_max_mm, self.needle_length_mm) and (
            self.depth_max_mm > self.needle_length_mm
        ):
            errors["depth_max_mm"] = _("The depth is greater than the needle's length.")
        if None not in (self.spacing_min_mm, self.spacing_max_mm) and (
            self.spacing_min_mm > self.spacing_max_mm
        ):
            errors["spacing_max_mm"] = _("The largest spacing is smaller than the smallest.")
        if None not in (self.volume_per_point_min_ml, self.volume_per_point_max_ml) and (
            self.volume_per_point_min_ml > self.volume_per_point_max_ml
        ):
            errors["volume_per_point_max_ml"] = _(
                "The largest volume per point is smaller than the smallest."
            )
        if None not in (self.volume_per_point_max_ml, self.max_total_volume_ml) and (
            self.volume_per_point_max_ml > self.max_total_volume_ml
        ):
            errors["max_total_volume_ml"] = _(
                "The total volume is smaller than the volume of one point."
            )
        if None not in (self.interval_min_days, self.interval_max_days) and (
            self.interval_min_days > self.interval_max_days
        ):
            errors["interval_max_days"] = _("The longest interval is shorter than the shortest.")
        overlap = set(self.absolute_contraindications or []) & set(
            self.relative_contraindications or []
        )
        if overlap:
            errors["relative_contraindications"] = _(
                "A contraindication cannot be both absolute and relative: %(tags)s"
            ) % {"tags": ", ".join(sorted(overlap))}
        if not self.treatment_areas:
            errors["treatment_areas"] = _("Choose at least one treatment area.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self) -> bool:
        return self.protocol.current_version_id == self.pk

    @property
    def interval_label(self) -> str:
        if self.interval_min_days == self.interval_max_days:
            return _("every %(days)s days") % {"days": self.interval_min_days}
        return _("every %(min)s–%(max)s days") % {
            "min": self.interval_min_days,
            "max": self.interval_max_days,
        }

    def absolute_contraindication_labels(self):
        return [ContraindicationTag(tag).label for tag in self.absolute_contraindications]

    def relative_contraindication_labels(self):
        return [ContraindicationTag(tag).label for tag in self.relative_contraindications]

    def treatment_area_labels(self):
        return [TreatmentArea(area).label for area in self.treatment_areas]

    def on_label_area_labels(self):
        return [TreatmentArea(area).label for area in self.on_label_areas]


class BlendComponent(models.Model):
    """One ingredient of a version's blend. Written with its version, never changed after."""

    version = models.ForeignKey(
        ProtocolVersion, models.PROTECT, related_name="blend", verbose_name=_("version")
    )
    ingredient = models.ForeignKey(
        Ingredient, models.PROTECT, related_name="+", verbose_name=_("ingredient")
    )
    concentration = models.DecimalField(
        _("concentration"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.0001"))],
    )
    concentration_unit = models.CharField(
        _("unit"), max_length=10, choices=ConcentrationUnit.choices, blank=True
    )
    volume_ml = models.DecimalField(
        _("volume (mL)"), max_digits=6, decimal_places=3, validators=positive("0.001", "100")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("blend component")
        verbose_name_plural = _("blend components")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(volume_ml__gt=0), name="blend_volume_positive"
            )
        ]

    def __str__(self):
        return f"{self.ingredient} {self.concentration_label} {self.volume_ml} mL"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A saved protocol version cannot be changed; revise it."))
        super().save(*args, **kwargs)

    def clean(self):
        if self.concentration is not None and not self.concentration_unit:
            raise ValidationError({"concentration_unit": _("Give the concentration's unit.")})

    @property
    def concentration_label(self) -> str:
        if self.concentration is None:
            return (
                str(ConcentrationUnit(self.concentration_unit).label)
                if self.concentration_unit
                else ""
            )
        return f"{self.concentration.normalize():f} {self.concentration_unit}"


class AncillaryProduct(models.Model):
    """Something else the protocol puts on or into the patient besides the blend (a topical
    anaesthetic, a diluent, an additive), by ingredient, so screening checks it too. Written
    with its version, never changed after."""

    class Role(models.TextChoices):
        ANAESTHETIC = "anaesthetic", _("Anaesthetic")
        DILUENT = "diluent", _("Diluent")
        ADDITIVE = "additive", _("Additive")
        OTHER = "other", _("Other product")

    version = models.ForeignKey(
        ProtocolVersion, models.PROTECT, related_name="ancillaries", verbose_name=_("version")
    )
    role = models.CharField(_("role"), max_length=15, choices=Role.choices)
    name = models.CharField(_("product"), max_length=150)
    ingredient = models.ForeignKey(
        Ingredient, models.PROTECT, related_name="+", verbose_name=_("ingredient")
    )
    use = models.CharField(_("how it is used"), max_length=200, blank=True)
    optional = models.BooleanField(
        _("only if agreed with the patient"),
        default=True,
        help_text=_("Still screened: an allergy to it blocks the protocol as it is written."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("ancillary product")
        verbose_name_plural = _("ancillary products")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A saved protocol version cannot be changed; revise it."))
        super().save(*args, **kwargs)
