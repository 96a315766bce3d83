"""Documents kept for a patient: consent records (and withdrawals) and handed-out sheets."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sessions.models.plans import TreatmentPlan, TreatmentSession


def consent_pdf_path(record, filename):
    return f"consents/{record.patient_id}/{uuid.uuid4().hex}.pdf"


def handout_pdf_path(handout, filename):
    return f"handouts/{handout.treatment_session.patient_id}/{uuid.uuid4().hex}.pdf"


def consent_scan_path(record, filename):
    return f"consents/{record.patient_id}/scan-{uuid.uuid4().hex}"


class ConsentRecord(models.Model):
    """Informed consent for one protocol version: the exact text shown, how it was signed,
    and the PDF rendered once with its SHA-256. Never changed; a withdrawal is a new record
    that points at the consent it withdraws."""

    class Kind(models.TextChoices):
        CONSENT = "consent", _("Consent")
        WITHDRAWAL = "withdrawal", _("Withdrawal of consent")

    class Method(models.TextChoices):
        SCREEN = "screen", _("Signed on screen")
        PAPER = "paper", _("Signed on paper")
        REMOTE = "remote", _("Signed remotely")

    class PdfStatus(models.TextChoices):
        PENDING = "pending", _("Being rendered")
        RENDERED = "rendered", _("Rendered")
        FAILED = "failed", _("Rendering failed")

    patient = models.ForeignKey("patients.Patient", models.PROTECT, related_name="consents")
    protocol_version = models.ForeignKey(
        "protocols.ProtocolVersion", models.PROTECT, related_name="consents"
    )
    plan = models.ForeignKey(
        TreatmentPlan, models.PROTECT, null=True, blank=True, related_name="consents"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CONSENT)
    withdraws = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="withdrawal"
    )
    text = models.TextField(_("the exact text shown to the patient"))
    # The language the text was written in, and the patient-text revision it quotes: a later
    # correction of that translation is a new revision, never a change to a signed consent.
    language = models.CharField(_("language of the text"), max_length=8, default="en")
    patient_text = models.ForeignKey(
        "protocols.ProtocolPatientText",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("patient text revision quoted"),
    )
    sessions_consented = models.PositiveSmallIntegerField(_("sessions consented to"), default=1)
    ingredients = models.JSONField(_("ingredients consented to"), default=list)
    method = models.CharField(max_length=10, choices=Method.choices, blank=True)
    signature = models.TextField(_("drawn signature (PNG data URL)"), blank=True)
    scan = models.FileField(upload_to=consent_scan_path, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Signed remotely (the patient's link): no witness; the device is a short summary of the
    # browser, and the first session waits until a practitioner confirms, at the visit, that
    # the patient's questions were answered (consent_rules.consent_problem).
    device = models.CharField(_("device used to sign"), max_length=120, blank=True)
    patient_questions = models.TextField(_("the patient's questions"), blank=True)
    questions_answered_at = models.DateTimeField(null=True, blank=True)
    questions_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to=consent_pdf_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_status = models.CharField(
        max_length=10, choices=PdfStatus.choices, default=PdfStatus.PENDING
    )
    pdf_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.patient.full_name}, {self.protocol_version}"

    @property
    def language_label(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def awaits_questions_confirmation(self) -> bool:
        return self.method == self.Method.REMOTE and self.questions_answered_at is None


class DocumentHandout(models.Model):
    """A sheet given to the patient for a session (aftercare, pre-care): who gave it, how,
    and when the patient acknowledged it (draft → given → acknowledged), and the PDF as first
    printed, stored once with its SHA-256 (a reprint serves those bytes)."""

    PdfStatus = ConsentRecord.PdfStatus

    class Kind(models.TextChoices):
        AFTERCARE = "aftercare", _("Aftercare sheet")
        PRECARE = "precare", _("Pre-care sheet")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        GIVEN = "given", _("Given")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")

    class Channel(models.TextChoices):
        PRINTED = "printed", _("Printed")
        EMAILED = "emailed", _("E-mailed")

    treatment_session = models.ForeignKey(TreatmentSession, models.PROTECT, related_name="handouts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.DRAFT)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    given_at = models.DateTimeField(null=True, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_how = models.CharField(max_length=200, blank=True)
    pdf = models.FileField(upload_to=handout_pdf_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_status = models.CharField(
        max_length=10, choices=PdfStatus.choices, default=PdfStatus.PENDING
    )
    pdf_error = models.TextField(blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["treatment_session", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["treatment_session", "kind"], name="one_handout_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class DocumentRelease(models.Model):
    """A practitioner's word that one patient document may be printed by the front desk: a
    consent (its print, signed PDF and scan) or a session's pre-care or aftercare sheet. Who
    released it and when; one release per document."""

    class Kind(models.TextChoices):
        CONSENT = "consent", _("Consent form")
        AFTERCARE = "aftercare", _("Aftercare sheet")
        PRECARE = "precare", _("Pre-care sheet")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    consent = models.ForeignKey(
        ConsentRecord, models.PROTECT, null=True, blank=True, related_name="releases"
    )
    treatment_session = models.ForeignKey(
        TreatmentSession, models.PROTECT, null=True, blank=True, related_name="releases"
    )
    released_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-released_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consent"],
                condition=models.Q(kind="consent"),
                name="one_release_per_consent",
            ),
            models.UniqueConstraint(
                fields=["treatment_session", "kind"],
                condition=models.Q(treatment_session__isnull=False),
                name="one_release_per_sheet",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="consent", consent__isnull=False, treatment_session__isnull=True)
                    | (
                        models.Q(kind__in=["aftercare", "precare"])
                        & models.Q(consent__isnull=True, treatment_session__isnull=False)
                    )
                ),
                name="release_names_its_document",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} released"
