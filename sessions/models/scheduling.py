"""Where and when sessions can happen: locations, rooms, working hours, closures and the
iCalendar feed tokens."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Location(models.Model):
    """A clinic site. A clinic group often has several."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name


class Room(models.Model):
    location = models.ForeignKey(Location, models.PROTECT, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["location__name", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="room_name_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.location.name})"


class WorkingHours(models.Model):
    """When a practitioner works at a location, per weekday (several rows make split days)."""

    # A context keeps these labels apart from Django's own day names: a plain "Monday" in our
    # catalogue (capitalised for a list) would replace Django's in every date ("le Lundi 14").
    class Weekday(models.IntegerChoices):
        MONDAY = 0, pgettext_lazy("weekday", "Monday")
        TUESDAY = 1, pgettext_lazy("weekday", "Tuesday")
        WEDNESDAY = 2, pgettext_lazy("weekday", "Wednesday")
        THURSDAY = 3, pgettext_lazy("weekday", "Thursday")
        FRIDAY = 4, pgettext_lazy("weekday", "Friday")
        SATURDAY = 5, pgettext_lazy("weekday", "Saturday")
        SUNDAY = 6, pgettext_lazy("weekday", "Sunday")

    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="working_hours"
    )
    location = models.ForeignKey(Location, models.CASCADE, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("to"))

    class Meta:
        ordering = ["practitioner", "weekday", "starts"]
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts__lt=models.F("ends")),
                name="working_hours_order",
                violation_error_message=_("The end is before the start."),
            )
        ]

    def __str__(self):
        day = self.get_weekday_display()
        return f"{self.practitioner} {day} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Closure(models.Model):
    """Days nobody (location closure) or one practitioner (leave) can be booked."""

    location = models.ForeignKey(
        Location, models.CASCADE, null=True, blank=True, related_name="closures"
    )
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="closures"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to (inclusive)"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="closure_order",
                violation_error_message=_("The last day is before the first."),
            ),
            models.CheckConstraint(
                condition=models.Q(location__isnull=False) | models.Q(practitioner__isnull=False),
                name="closure_has_scope",
                violation_error_message=_("Choose a location, a practitioner, or both."),
            ),
        ]

    def __str__(self):
        return f"{self.reason} {self.starts_on}–{self.ends_on}"

    def applies_to(self, *, location_id: int, practitioner_id: int | None = None) -> bool:
        """A location's closure closes it for everyone; a practitioner's leave closes only
        them (everywhere, or at one location). For a room (no practitioner) only location
        closures count: the room stays open for colleagues."""
        if self.location_id not in (None, location_id):
            return False
        if practitioner_id is None:
            return self.practitioner_id is None
        return self.practitioner_id in (None, practitioner_id)

    def covers(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class CalendarFeedToken(models.Model):
    """A secret iCalendar feed address for one practitioner. Only the token's SHA-256 is
    stored; renewing or revoking sets revoked_at, so an old address stops working."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="calendar_feed_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self):
        return f"Calendar feed of {self.user}"
