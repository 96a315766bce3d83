import uuid
from decimal import Decimal

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

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

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


class TreatmentSessionQuerySet(models.QuerySet):
    def active(self):
        """Bookings that hold their slot: not cancelled, not no-show."""
        return self.exclude(status__in=TreatmentSession.INACTIVE_STATUSES)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class TreatmentSession(models.Model):
    """A booking, and once the patient is in the chair, its chart (Chart)."""

    class Kind(models.TextChoices):
        TREATMENT = "treatment", _("Treatment session")
        CONSULTATION = "consultation", _("Consultation")
        MAINTENANCE = "maintenance", _("Maintenance session")
        REVIEW = "review", _("Review")

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CHECKED_IN = "checked_in", _("Checked in")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("No-show")

    INACTIVE_STATUSES = (Status.CANCELLED, Status.NO_SHOW)

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
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
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
        return f"{self.patient.full_name} {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("treatments:session", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status not in self.INACTIVE_STATUSES


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

    def __str__(self):
        return f"Chart of {self.treatment_session}"

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


class FollowUpQuerySet(models.QuerySet):
    def due(self, now):
        """Pending rows whose time has come (first attempt or a retry after back-off)."""
        return self.filter(status=FollowUp.Status.PENDING, due_at__lte=now).filter(
            models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now)
        )

    def open(self):
        return self.filter(
            status__in=[FollowUp.Status.PENDING, FollowUp.Status.SENDING, FollowUp.Status.FAILED]
        )


class FollowUp(models.Model):
    """Something to do for a patient at a time: a row written with its cause; Celery beat's
    sweep delivers e-mails, and phone or clinical tasks wait in the front desk's queue."""

    class Kind(models.TextChoices):
        POST_TREATMENT_CHECK = "post_treatment_check", _("Post-treatment check")
        NEXT_SESSION_REMINDER = "next_session_reminder", _("Next-session reminder")
        COURSE_REVIEW = "course_review", _("Course review")
        ADVERSE_EVENT_CHECK = "adverse_event_check", _("Adverse-event check")
        REBOOK = "rebook", _("Rebook a missed session")
        LOT_RECALL = "lot_recall", _("Lot recall")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail to the patient")
        PHONE = "phone", _("Phone call by the front desk")
        TASK = "task", _("Task for the practitioner")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    patient = models.ForeignKey("patients.Patient", models.PROTECT, related_name="follow_ups")
    treatment_session = models.ForeignKey(
        TreatmentSession, models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    plan = models.ForeignKey(
        TreatmentPlan, models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    lot = models.ForeignKey(
        "protocols.Lot", models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    due_at = models.DateTimeField(_("due"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Delivery bookkeeping: a stable key so a message is never sent twice.
    idempotency_key = models.CharField(max_length=120, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_note = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["assignee", "status", "due_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.patient.full_name} due {self.due_at:%Y-%m-%d}"


class FollowUpEvent(models.Model):
    """The log of a follow-up: each delivery attempt and each action on it, never changed."""

    follow_up = models.ForeignKey(FollowUp, models.PROTECT, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"


def consent_pdf_path(record, filename):
    return f"consents/{record.patient_id}/{uuid.uuid4().hex}.pdf"


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
    sessions_consented = models.PositiveSmallIntegerField(_("sessions consented to"), default=1)
    ingredients = models.JSONField(_("ingredients consented to"), default=list)
    method = models.CharField(max_length=10, choices=Method.choices, blank=True)
    signature = models.TextField(_("drawn signature (PNG data URL)"), blank=True)
    scan = models.FileField(upload_to=consent_scan_path, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    witnessed_by = models.ForeignKey(
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
    def is_signed(self) -> bool:
        return self.signed_at is not None


class DocumentHandout(models.Model):
    """A sheet given to the patient for a session (aftercare, pre-care): who gave it, how,
    and when the patient acknowledged it (draft → given → acknowledged)."""

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

    class Meta:
        ordering = ["treatment_session", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["treatment_session", "kind"], name="one_handout_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"
