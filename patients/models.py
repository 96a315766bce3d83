"""Patients and their clinical record: history reviews, medications, consultations,
measurements, conditions at a site, INR results and allergy resolutions."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from protocols.catalogues import Allergy, ContraindicationTag, TreatmentArea
from protocols.models import ChoiceListValidator

# Medical-history conditions: each is a yes/no field named after the contraindication tag it
# raises, so screening reads them without a mapping table.
HISTORY_CONDITIONS = [
    ContraindicationTag.PREGNANCY,
    ContraindicationTag.BREASTFEEDING,
    ContraindicationTag.PLANNING_PREGNANCY,
    ContraindicationTag.BLEEDING_DISORDER,
    ContraindicationTag.DIABETES,
    ContraindicationTag.DIABETES_INSULIN_OR_UNCONTROLLED,
    ContraindicationTag.AUTOIMMUNE_DISEASE,
    ContraindicationTag.KELOID_TENDENCY,
    ContraindicationTag.MALIGNANCY,
    ContraindicationTag.IMMUNOSUPPRESSION,
    ContraindicationTag.CARDIOVASCULAR_DISEASE,
    ContraindicationTag.LIVER_KIDNEY_DISEASE,
    ContraindicationTag.THYROID_DISEASE,
    ContraindicationTag.DYSPHAGIA,
    ContraindicationTag.NECK_SURGERY_OR_RADIATION,
    ContraindicationTag.RECENT_ISOTRETINOIN,
    ContraindicationTag.RECENT_RETINOID,
    ContraindicationTag.THROMBOSIS_OR_STROKE,
    ContraindicationTag.EPILEPSY_ON_MEDICATION,
    ContraindicationTag.THYROMEGALY,
    ContraindicationTag.CERVICAL_LYMPHADENOPATHY,
    ContraindicationTag.ANAPHYLAXIS_HISTORY,
]
# Recorded as yes/no for the whole patient before conditions had a site (SiteCondition). Kept
# so old answers still count (for every area, since their site is unknown); no longer asked.
LEGACY_SITE_CONDITIONS = [
    ContraindicationTag.ACTIVE_SKIN_INFECTION,
    ContraindicationTag.RECENT_LASER_OR_PEEL,
    ContraindicationTag.SUNBURN,
]


LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("zh", _("Chinese")),
]


class PatientQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Patient(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNKNOWN = "unknown", _("Not stated")

    class Fitzpatrick(models.IntegerChoices):
        I = 1, _("I — always burns, never tans")  # noqa: E741 (the scale's own numeral)
        II = 2, _("II — usually burns, tans minimally")
        III = 3, _("III — sometimes burns, tans uniformly")
        IV = 4, _("IV — burns minimally, always tans")
        V = 5, _("V — very rarely burns, tans profusely")
        VI = 6, _("VI — never burns")

    chart_number = models.CharField(
        _("chart number"), max_length=20, unique=True, null=True, editable=False
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=LANGUAGES, default="en"
    )
    contact_by_email = models.BooleanField(_("agrees to e-mail reminders"), default=False)
    contact_by_sms = models.BooleanField(_("agrees to SMS reminders"), default=False)
    contact_by_phone = models.BooleanField(_("agrees to phone calls"), default=False)
    fitzpatrick_type = models.PositiveSmallIntegerField(
        _("Fitzpatrick skin type"), choices=Fitzpatrick.choices, null=True, blank=True
    )
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=150, blank=True)
    emergency_contact_phone = models.CharField(
        _("emergency contact phone"), max_length=30, blank=True
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archive_reason = models.CharField(_("reason for archiving"), max_length=300, blank=True)
    # Search keys kept by services: accent- and case-free name, and the phone's digits.
    search_name = models.CharField(max_length=300, editable=False, default="")
    phone_digits = models.CharField(max_length=30, editable=False, default="", db_index=True)

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        permissions = [
            ("archive_patient", _("Can archive a patient")),
            ("view_clinical_record", _("Can read medical history, medications, consultations")),
            ("change_clinical_record", _("Can record history, medications and consultations")),
        ]
        indexes = [
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["search_name"]),
            # Case-free chart-number lookups (`chart_number__iexact`, the admin) stay indexed.
            models.Index(Upper("chart_number"), name="patient_chart_number_upper_idx"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.chart_number})"

    def get_absolute_url(self):
        return reverse("patients:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    def age_on(self, day) -> int:
        before_birthday = (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day)
        return day.year - self.date_of_birth.year - before_birthday


class MedicalHistoryReview(models.Model):
    """The patient's medical history as reviewed and attested by a practitioner at one time.
    Append-only: each review is a new row; the latest is the current history."""

    class Smoking(models.TextChoices):
        NEVER = "never", _("Never")
        FORMER = "former", _("Former smoker")
        CURRENT = "current", _("Current smoker")
        UNKNOWN = "unknown", _("Not asked")

    patient = models.ForeignKey(Patient, models.PROTECT, related_name="history_reviews")
    reviewed_at = models.DateTimeField(_("reviewed"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    allergies = models.JSONField(
        _("allergies"), default=list, blank=True, validators=[ChoiceListValidator("Allergy")]
    )
    allergies_other = models.TextField(_("other allergies"), blank=True)
    smoking = models.CharField(
        _("smoking"), max_length=10, choices=Smoking.choices, default=Smoking.UNKNOWN
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        get_latest_by = ["reviewed_at", "pk"]
        verbose_name = _("medical history review")
        verbose_name_plural = _("medical history reviews")

    def __str__(self):
        return f"{self.patient.full_name}: history reviewed {self.reviewed_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A history review is never changed; record a new review.")
        super().save(*args, **kwargs)

    def conditions(self) -> list[str]:
        """The tags of the conditions answered yes (legacy whole-patient site answers too)."""
        return [
            str(tag)
            for tag in (*HISTORY_CONDITIONS, *LEGACY_SITE_CONDITIONS)
            if getattr(self, str(tag))
        ]

    def condition_labels(self) -> list[str]:
        return [str(ContraindicationTag(tag).label) for tag in self.conditions()]

    def allergy_labels(self) -> list[str]:
        return [str(Allergy(code).label) for code in self.allergies]


for _condition in (*HISTORY_CONDITIONS, *LEGACY_SITE_CONDITIONS):
    MedicalHistoryReview.add_to_class(
        str(_condition), models.BooleanField(ContraindicationTag(_condition).label, default=False)
    )


class MedicationCatalogueEntry(models.Model):
    """A medicine or supplement and its procedure risk class.

    Seeded from patients/medication_catalogue_data.py."""

    class RiskClass(models.TextChoices):
        ANTICOAGULANT = "anticoagulant", _("Anticoagulant")
        ANTIPLATELET = "antiplatelet", _("Antiplatelet")
        NSAID = "nsaid", _("NSAID")
        SSRI_SNRI = "ssri_snri", _("SSRI / SNRI")
        BLEEDING_RISK_SUPPLEMENT = (
            "bleeding_risk_supplement",
            _("Supplement that may raise bleeding risk"),
        )
        SYSTEMIC_RETINOID = "systemic_retinoid", _("Systemic retinoid (isotretinoin)")
        NONE = "none", _("No known procedure risk")

    class Kind(models.TextChoices):
        PRESCRIPTION = "prescription", _("Prescription medicine")
        OTC = "otc", _("Over-the-counter medicine")
        SUPPLEMENT = "supplement", _("Supplement / herbal")

    name = models.CharField(_("name"), max_length=120, unique=True)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    risk_class = models.CharField(_("risk class"), max_length=30, choices=RiskClass.choices)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    stop_before_days = models.PositiveSmallIntegerField(
        _("pause before a session (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    patient_instruction = models.TextField(_("instruction for the patient"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("medication catalogue entry")
        verbose_name_plural = _("medication catalogue")

    def __str__(self):
        return self.name


class PatientMedicationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(stopped_on__isnull=True)


class PatientMedication(models.Model):
    patient = models.ForeignKey(Patient, models.PROTECT, related_name="medications")
    catalogue_entry = models.ForeignKey(
        MedicationCatalogueEntry,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("medicine or supplement"),
    )
    free_text_name = models.CharField(
        _("not in the list: name"),
        max_length=150,
        blank=True,
        help_text=_("Recorded as unclassified: the practitioner reviews it."),
    )
    is_prescribed = models.BooleanField(_("prescribed by a doctor"), default=False)
    dose = models.CharField(_("dose"), max_length=100, blank=True)
    started_on = models.DateField(_("since"), null=True, blank=True)
    stopped_on = models.DateField(_("stopped"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    objects = PatientMedicationQuerySet.as_manager()

    class Meta:
        ordering = ["stopped_on", "-added_at"]
        verbose_name = _("patient medication")
        verbose_name_plural = _("patient medications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(catalogue_entry__isnull=False) | ~models.Q(free_text_name=""),
                name="medication_named",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.catalogue_entry.name if self.catalogue_entry_id else self.free_text_name

    @property
    def is_unclassified(self) -> bool:
        return self.catalogue_entry_id is None


class SiteCondition(models.Model):
    """A condition or a recent procedure that belongs to a place on the body (reference §6):
    rules fire only for plans that treat an overlapping area. Current conditions last until
    resolved; procedures (laser, peel, filler) are dated and age out of their rule's window."""

    class Kind(models.TextChoices):
        INFECTION = "infection", _("Infection or inflammation (e.g. inflamed acne)")
        HERPES = "herpes", _("Active herpes simplex (cold sore)")
        BROKEN_SKIN = "broken_skin", _("Broken skin")
        SUNBURN = "sunburn", _("Sunburn")
        LASER = "laser", _("Laser treatment")
        PEEL = "peel", _("Peel or microdermabrasion")
        FILLER = "filler", _("Filler or other aesthetic treatment")

    PROCEDURES = ("laser", "peel", "filler")

    patient = models.ForeignKey(Patient, models.PROTECT, related_name="site_conditions")
    kind = models.CharField(_("condition"), max_length=15, choices=Kind.choices)
    areas = models.JSONField(_("areas"), validators=[ChoiceListValidator("TreatmentArea")])
    on = models.DateField(
        _("date"), help_text=_("When it was noticed, or the day of the procedure.")
    )
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("condition at a site")
        verbose_name_plural = _("conditions at a site")

    def __str__(self):
        return f"{self.get_kind_display()} ({', '.join(self.area_labels())}) {self.on}"

    @property
    def is_procedure(self) -> bool:
        return self.kind in self.PROCEDURES

    def area_labels(self) -> list[str]:
        return [str(TreatmentArea(area).label) for area in self.areas]


class InrReading(models.Model):
    """An INR result with the day of the blood test (warfarin; reference §7 [S4])."""

    patient = models.ForeignKey(Patient, models.PROTECT, related_name="inr_readings")
    value = models.DecimalField(
        _("INR"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("15"))],
    )
    measured_on = models.DateField(_("blood test on"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-measured_on", "-pk"]
        verbose_name = _("INR reading")
        verbose_name_plural = _("INR readings")

    def __str__(self):
        return f"INR {self.value} on {self.measured_on}"


class AllergyResolution(models.Model):
    """A clinician's resolution of the free-text allergies of a history review: mapped to
    catalogue ingredients or ingredient classes, or marked reviewed with a reason. It holds
    for as long as the free text it resolved stays the same (reviews are copied forward)."""

    patient = models.ForeignKey(Patient, models.PROTECT, related_name="allergy_resolutions")
    text = models.TextField(_("the free text resolved"))
    ingredients = models.ManyToManyField(
        "protocols.Ingredient", blank=True, related_name="+", verbose_name=_("ingredients")
    )
    ingredient_classes = models.JSONField(
        _("ingredient classes"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator("IngredientClass")],
    )
    reason = models.TextField(
        _("reviewed: reason"),
        blank=True,
        help_text=_("When nothing in the catalogue matches: why it does not affect treatment."),
    )
    resolved_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-resolved_at", "-pk"]
        verbose_name = _("allergy resolution")
        verbose_name_plural = _("allergy resolutions")

    def __str__(self):
        return f"{self.patient.full_name}: {self.text[:40]}"

    @staticmethod
    def normalize(text: str) -> str:
        return " ".join((text or "").lower().split())


class Consultation(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Not decided yet")
        PLAN_PROPOSED = "plan_proposed", _("Plan proposed")
        DEFERRED = "deferred", _("Deferred")
        DECLINED = "declined", _("Not suitable")

    patient = models.ForeignKey(Patient, models.PROTECT, related_name="consultations")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="consultations"
    )
    consulted_at = models.DateTimeField(_("date"), default=timezone.now)
    indications = models.ManyToManyField(
        "protocols.Indication", verbose_name=_("indications of concern"), related_name="+"
    )
    goals = models.TextField(_("the patient's goals, in their words"))
    area_assessments = models.JSONField(
        _("assessment per area"),
        default=list,
        blank=True,
        help_text=_('A list of {"area": ..., "assessment": ...}.'),
    )
    history_review = models.ForeignKey(
        MedicalHistoryReview,
        models.PROTECT,
        related_name="+",
        verbose_name=_("medical history reviewed"),
    )
    protocol_version = models.ForeignKey(
        "protocols.ProtocolVersion",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("protocol"),
    )
    screening = models.JSONField(_("screening result"), default=dict, blank=True)
    override_reasons = models.JSONField(
        _("reasons for going ahead despite warnings"), default=dict, blank=True
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decision_notes = models.TextField(_("decision notes"), blank=True)

    class Meta:
        ordering = ["-consulted_at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return f"{self.patient.full_name}: consultation {self.consulted_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("patients:consultation", args=[self.pk])


class Measurement(models.Model):
    """A value on a named outcome scale (patients/outcome_scales_data.py)."""

    patient = models.ForeignKey(Patient, models.PROTECT, related_name="measurements")
    consultation = models.ForeignKey(
        Consultation, models.PROTECT, null=True, blank=True, related_name="measurements"
    )
    treatment_session = models.ForeignKey(
        "treatments.TreatmentSession",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
    )
    scale = models.CharField(_("scale"), max_length=40)
    area = models.CharField(_("area"), max_length=30, blank=True)
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self):
        return f"{self.scale} {self.value}"


class HealthQuestionnaire(models.Model):
    """What a patient answered on their phone before the consultation. Never part of the
    record by itself: a practitioner accepts it field by field (patients/questionnaires.py),
    and that acceptance is a history review. Medications are [{"name", "catalogue_entry",
    "dose"}] (entry id or null); site conditions [{"kind", "areas", "on"}]."""

    class Status(models.TextChoices):
        AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
        REVIEWED = "reviewed", _("Reviewed")

    patient = models.ForeignKey(Patient, models.PROTECT, related_name="questionnaires")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, default="en")
    conditions = models.JSONField(
        _("conditions answered yes"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator("ContraindicationTag")],
    )
    allergies = models.JSONField(
        _("allergies"), default=list, blank=True, validators=[ChoiceListValidator("Allergy")]
    )
    allergies_other = models.TextField(_("other allergies"), blank=True)
    smoking = models.CharField(
        _("smoking"),
        max_length=10,
        choices=MedicalHistoryReview.Smoking.choices,
        default=MedicalHistoryReview.Smoking.UNKNOWN,
    )
    medications = models.JSONField(_("medications"), default=list, blank=True)
    site_conditions = models.JSONField(_("conditions at a site"), default=list, blank=True)
    goals = models.TextField(_("goals"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_REVIEW
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted = models.JSONField(_("answers accepted"), default=list, blank=True)
    history_review = models.ForeignKey(
        MedicalHistoryReview, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("health questionnaire")
        verbose_name_plural = _("health questionnaires")

    def __str__(self):
        return f"{self.patient.full_name}: questionnaire {self.submitted_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("patients:questionnaire", args=[self.patient_id, self.pk])
