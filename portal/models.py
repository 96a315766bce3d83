"""A link sent to a patient for one task (PortalLink): only its secret's SHA-256 is kept."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalLink(models.Model):
    """One patient, one purpose, a short life, revocable, used once.

    The secret in the address is `secrets.token_urlsafe(32)`; the database keeps its SHA-256
    only (token_hash), so a copy of the database opens no patient's page. A link is open until
    it expires, is revoked or its task is submitted (completed_at)."""

    class Purpose(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", _("Health questionnaire")
        CONSENT = "consent", _("Consent to read and sign")
        BOOKING = "booking", _("Book the next session")
        AFTERCARE = "aftercare", _("Aftercare sheet")
        CHECK = "check", _("Post-treatment check")

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        NOT_SENT = "not_sent", _("Not sent")
        OPENED = "opened", _("Opened")
        DONE = "done", _("Done")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    patient = models.ForeignKey("patients.Patient", models.PROTECT, related_name="portal_links")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    # What the link is about (each nullable; a purpose uses the ones it needs).
    treatment_session = models.ForeignKey(
        "treatments.TreatmentSession", models.PROTECT, null=True, blank=True, related_name="+"
    )
    plan = models.ForeignKey(
        "treatments.TreatmentPlan", models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent = models.ForeignKey(
        "treatments.ConsentRecord", models.PROTECT, null=True, blank=True, related_name="+"
    )
    follow_up = models.ForeignKey(
        "treatments.FollowUp", models.PROTECT, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    # Delivery: which channel carried the address, when, or why it could not.
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_via = models.CharField(max_length=10, blank=True)
    send_error = models.CharField(max_length=300, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_reason = models.CharField(max_length=200, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The date-of-birth gate: wrong answers since the last success or lock, and the lock.
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("patient link")
        verbose_name_plural = _("patient links")
        indexes = [models.Index(fields=["patient", "-created_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()} link #{self.pk}"

    def status_at(self, now) -> str:
        """What the staff panel shows; the first that applies wins."""
        if self.completed_at:
            return self.Status.DONE
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= now:
            return self.Status.EXPIRED
        if self.opened_at:
            return self.Status.OPENED
        return self.Status.SENT if self.sent_at else self.Status.NOT_SENT


class CheckAnswer(models.Model):
    """The patient's answers to a post-treatment check link, kept as given (never edited)."""

    link = models.OneToOneField(PortalLink, models.PROTECT, related_name="check_answer")
    # question key (portal/check.py QUESTIONS) -> True for "yes"
    answers = models.JSONField(default=dict)
    warning_signs = models.JSONField(default=list)  # the keys answered "yes", in order
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (0-10)"))
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    # The practitioner's urgent task a "yes" opened (or made urgent).
    escalated_to = models.ForeignKey(
        "treatments.FollowUp", models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("post-treatment check answer")
        verbose_name_plural = _("post-treatment check answers")

    def __str__(self):
        return f"Check answer #{self.pk}"

    @property
    def patient_id(self):
        return self.link.patient_id
