"""Products on the shelf and their lots: expiry, stock, quarantine and recall."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic import dates
from protocols.models.library import Ingredient, positive

EXPIRY_WARNING_DAYS = 30


class Product(models.Model):
    """A commercial vial, ampoule or syringe the clinic stocks."""

    class Form(models.TextChoices):
        VIAL = "vial", _("Vial")
        AMPOULE = "ampoule", _("Ampoule")
        SYRINGE = "syringe", _("Pre-filled syringe")

    name = models.CharField(_("name"), max_length=150)
    maker = models.CharField(_("maker"), max_length=150)
    ingredient = models.ForeignKey(
        Ingredient,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("ingredient"),
        help_text=_("Leave empty for a ready-made blend."),
    )
    concentration = models.CharField(_("concentration"), max_length=100, blank=True)
    amount_per_ml = models.DecimalField(
        _("amount of the ingredient per mL"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.0001"))],
        help_text=_("In the ingredient's unit (e.g. mg): lets the chart add up doses."),
    )
    volume_ml = models.DecimalField(
        _("volume (mL)"), max_digits=6, decimal_places=2, validators=positive("0.01", "1000")
    )
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.VIAL)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["name", "maker"], name="product_name_maker_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.maker})"


class LotQuerySet(models.QuerySet):
    def expired(self, today):
        return self.filter(expiry_date__lt=today)

    def expiring(self, today, days=EXPIRY_WARNING_DAYS):
        return self.filter(expiry_date__gte=today, expiry_date__lte=today + timedelta(days=days))

    def usable(self, today=None, *, on=None):
        """Lots that may be offered and charted on a day: not expired, not quarantined, not
        recalled, with stock left."""
        day = on or today or timezone.localdate()
        return self.filter(
            expiry_date__gte=day,
            quantity_remaining__gt=0,
            quarantined_at__isnull=True,
            recalled_at__isnull=True,
        )

    def blocked(self):
        return self.filter(
            models.Q(quarantined_at__isnull=False) | models.Q(recalled_at__isnull=False)
        )


class Lot(models.Model):
    product = models.ForeignKey(
        Product, models.PROTECT, related_name="lots", verbose_name=_("product")
    )
    lot_number = models.CharField(_("lot number"), max_length=60)
    expiry_date = models.DateField(_("expiry date"))
    quantity_received = models.PositiveIntegerField(
        _("units received"), validators=[MinValueValidator(1)]
    )
    quantity_remaining = models.PositiveIntegerField(_("units remaining"))
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    quarantined_at = models.DateTimeField(_("quarantined"), null=True, blank=True)
    quarantine_reason = models.CharField(_("reason for quarantine"), max_length=300, blank=True)
    quarantined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    recalled_at = models.DateTimeField(_("recalled"), null=True, blank=True)
    recall_reason = models.CharField(_("reason for recall"), max_length=300, blank=True)
    recalled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = LotQuerySet.as_manager()

    class Meta:
        ordering = ["expiry_date", "product__name"]
        permissions = [("recall_lot", _("Can list the patients who received a lot"))]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.UniqueConstraint(fields=["product", "lot_number"], name="lot_number_unique"),
            models.CheckConstraint(
                condition=models.Q(quantity_remaining__lte=models.F("quantity_received")),
                name="lot_remaining_not_above_received",
            ),
        ]

    def __str__(self):
        return f"{self.product.name} · lot {self.lot_number}"

    def get_absolute_url(self):
        return reverse("protocols:lot_recall", args=[self.pk])

    def expiry_status(self, today=None) -> str:
        today = today or timezone.localdate()
        if self.expiry_date < today:
            return "expired"
        if self.expiry_date <= today + timedelta(days=EXPIRY_WARNING_DAYS):
            return "expiring"
        return "ok"

    def unusable_reason(self, on=None) -> str:
        """Why this lot may not be charted on a day ("" when it may)."""
        day = on or timezone.localdate()
        if self.recalled_at:
            return _("Recalled on %(date)s: %(reason)s") % {
                "date": dates.day(self.recalled_at),
                "reason": self.recall_reason,
            }
        if self.quarantined_at:
            return _("Quarantined on %(date)s: %(reason)s") % {
                "date": dates.day(self.quarantined_at),
                "reason": self.quarantine_reason,
            }
        if self.expiry_date < day:
            return _("Expired on %(date)s") % {"date": dates.day(self.expiry_date)}
        if not self.quantity_remaining:
            return _("No units left")
        return ""

    @property
    def status(self) -> str:
        """recalled, quarantined, expired, expiring, empty or ok (today)."""
        if self.recalled_at:
            return "recalled"
        if self.quarantined_at:
            return "quarantined"
        expiry = self.expiry_status()
        if expiry != "ok":
            return expiry
        return "ok" if self.quantity_remaining else "empty"

    def clean(self):
        if (
            self.quantity_remaining is not None
            and self.quantity_received is not None
            and self.quantity_remaining > self.quantity_received
        ):
            raise ValidationError(
                {"quantity_remaining": _("More units remain than were received.")}
            )
