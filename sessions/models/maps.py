"""The injection map of a chart: each treated area with its own technique and volume, and
the points and zones placed on that area's diagram, each with its lot and volume."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from protocols.catalogues import Technique, TreatmentArea
from sessions.models.charts import Chart


class ChartArea(models.Model):
    """One treated area of a chart (issue 12: technique, needle, depth, points and volume
    per area). Its volume is the sum of its marks' volumes (sessions.charting.maps)."""

    chart = models.ForeignKey(Chart, models.PROTECT, related_name="map_areas")
    area = models.CharField(_("area"), max_length=30, choices=TreatmentArea.choices)
    technique = models.CharField(
        _("technique"), max_length=30, choices=Technique.choices, blank=True
    )
    needle_gauge = models.PositiveSmallIntegerField(
        _("needle gauge (G)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(18), MaxValueValidator(34)],
    )
    needle_length_mm = models.DecimalField(
        _("needle length (mm)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("50"))],
    )
    depth_mm = models.DecimalField(
        _("depth (mm)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))],
    )
    points = models.PositiveIntegerField(
        _("injection points"), null=True, blank=True, validators=[MaxValueValidator(5000)]
    )
    volume_ml = models.DecimalField(
        _("volume (mL)"),
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("500"))],
    )

    class Meta:
        ordering = ["chart", "pk"]
        verbose_name = _("charted area")
        verbose_name_plural = _("charted areas")
        constraints = [
            models.UniqueConstraint(fields=["chart", "area"], name="chart_area_once"),
        ]

    def __str__(self):
        return f"{self.get_area_display()} {self.volume_ml} mL"


class MapMark(models.Model):
    """A point or a zone on an area's diagram, in the diagram's own viewBox frame: a point
    is [[x, y]], a zone the polygon [[x, y], ...]. The lot is one of the chart's blend rows."""

    class Kind(models.TextChoices):
        POINT = "point", _("Point")
        ZONE = "zone", _("Zone")

    chart_area = models.ForeignKey(ChartArea, models.PROTECT, related_name="marks")
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    coordinates = models.JSONField(_("coordinates"))
    lot = models.ForeignKey("protocols.Lot", models.PROTECT, related_name="map_marks")
    volume_ml = models.DecimalField(
        _("volume (mL)"),
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        ordering = ["chart_area", "pk"]
        verbose_name = _("map mark")
        verbose_name_plural = _("map marks")

    def __str__(self):
        return f"{self.get_kind_display()} {self.volume_ml} mL"
