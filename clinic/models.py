"""The append-only audit log, the Celery beat heartbeat and a staff member's preferences."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# action code -> human label, in clinic/audit_labels.py. Unknown codes are shown as they are.
from clinic.audit_labels import ACTION_LABELS  # noqa: E402


def readable_code(action: str) -> str:
    """A code nobody labelled yet still reads as words: "thing.done" -> "Thing done"."""
    return action.replace(".", " ").replace("_", " ").capitalize()


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Clinic admins read the whole log; other staff read their own actions only."""
        if user.has_perm("clinic.view_auditevent"):
            return self
        if user.has_perm("clinic.view_own_auditevent"):
            return self.filter(actor=user)
        return self.none()


class AuditEvent(models.Model):
    """Who did what to which record, when and from where. Written once, never changed."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("who"),
    )
    # Kept as text too: the log must still read correctly if a username changes.
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("record type"), max_length=100, blank=True)
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    target_repr = models.CharField(_("record"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    # The patient the record belongs to, when it belongs to one: a patient's whole trail in one
    # indexed filter. A plain id, not a foreign key: the log outlives and never cascades.
    patient_id = models.BigIntegerField(_("patient"), null=True, blank=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        permissions = [("view_own_auditevent", _("Can view own audit events"))]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username or '-'} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")

    @property
    def action_label(self) -> str:
        """What a person reads; features register their actions in ACTION_LABELS."""
        return str(ACTION_LABELS.get(self.action) or readable_code(self.action))


class WorkerHeartbeat(models.Model):
    """One row per Celery process kind, stamped by a periodic task: proves worker + beat run."""

    name = models.CharField(max_length=50, unique=True)
    last_seen_at = models.DateTimeField()
    hostname = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"{self.name} @ {self.last_seen_at:%H:%M:%S}"


class StaffPreferences(models.Model):
    """What a staff member chose for themselves: for now the language of the pages they see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="staff_preferences",
        verbose_name=_("user"),
    )
    # Blank: follow the browser's language (Accept-Language), as on the sign-in page.
    language = models.CharField(_("language"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("staff preferences")
        verbose_name_plural = _("staff preferences")

    def __str__(self):
        return f"{self.user} · {self.language or '-'}"
