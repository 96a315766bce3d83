"""Every change to a patient's record goes through these functions: atomic, audited, and
append-only for clinical history (reviews and consultations are never rewritten)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import audit
from patients import screening
from patients.models import (
    HISTORY_CONDITIONS,
    LEGACY_SITE_CONDITIONS,
    AllergyResolution,
    Consultation,
    InrReading,
    MedicalHistoryReview,
    Patient,
    PatientMedication,
    SiteCondition,
)
from patients.search import phone_digits, search_key

DEMOGRAPHIC_FIELDS = [
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "phone",
    "email",
    "address",
    "preferred_language",
    "contact_by_email",
    "contact_by_sms",
    "contact_by_phone",
    "fitzpatrick_type",
    "emergency_contact_name",
    "emergency_contact_phone",
]


def possible_duplicates(*, first_name, last_name, date_of_birth, phone, exclude_pk=None):
    """Patients who may be the same person: same name and birth date, or same phone."""
    name = search_key(f"{first_name} {last_name}")
    match = Q(search_name=name, date_of_birth=date_of_birth)
    digits = phone_digits(phone)
    if len(digits) >= 6:
        match |= Q(phone_digits__endswith=digits[-9:])
    return Patient.objects.filter(match).exclude(pk=exclude_pk)


def _refresh_search_keys(patient: Patient) -> None:
    patient.search_name = search_key(f"{patient.first_name} {patient.last_name}")
    patient.phone_digits = phone_digits(patient.phone)


def chart_number_for(patient_id: int) -> str:
    """The chart number a patient is registered with (also what bulk loaders write)."""
    return f"P{patient_id:06d}"


@transaction.atomic
def patient_register(*, data: dict, by, request=None) -> Patient:
    """Create a patient and give them the next chart number (P000123)."""
    patient = Patient(**{key: data[key] for key in DEMOGRAPHIC_FIELDS if key in data})
    patient.created_by = by
    _refresh_search_keys(patient)
    patient.full_clean(exclude=["chart_number"])
    patient.save()
    patient.chart_number = chart_number_for(patient.pk)
    patient.save(update_fields=["chart_number"])
    audit.record(actor=by, action="patient.registered", target=patient, request=request)
    return patient


@transaction.atomic
def patient_update(*, patient: Patient, data: dict, by, request=None) -> Patient:
    changed = [
        key for key in DEMOGRAPHIC_FIELDS if key in data and getattr(patient, key) != data[key]
    ]
    for key in changed:
        setattr(patient, key, data[key])
    _refresh_search_keys(patient)
    patient.full_clean()
    patient.save()
    audit.record(
        actor=by,
        action="patient.updated",
        target=patient,
        request=request,
        details={"fields": changed},
    )
    return patient


NON_PATIENT_CONTACT_FIELDS = ("emergency_contact_name", "emergency_contact_phone")


@transaction.atomic
def emergency_contact_erase(*, patient: Patient, reason: str, by, request=None) -> Patient:
    """Erase the personal data of someone who is not a patient (the emergency contact kept on
    a patient's record), when they or the law ask for it. The patient's own clinical record
    is never erased (archive it instead). Audited with the reason, never the erased values.
    Refused without a reason; a record with no contact is left as it is."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the contact's data is erased.")})
    locked = Patient.objects.select_for_update().get(pk=patient.pk)
    erased = [name for name in NON_PATIENT_CONTACT_FIELDS if getattr(locked, name)]
    for name in erased:
        setattr(locked, name, "")
    if erased:
        locked.save(update_fields=erased)
    audit.record(
        actor=by,
        action="patient.emergency_contact_erased",
        target=locked,
        request=request,
        details={"fields": erased, "reason": reason},
    )
    return locked


@transaction.atomic
def patient_archive(*, patient: Patient, reason: str, by, request=None) -> Patient:
    """Archive, never delete: the record stays readable; the patient leaves lists and search."""
    if patient.archived_at:
        raise ValidationError(_("This patient is already archived."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the patient is archived.")})
    patient.archived_at = timezone.now()
    patient.archive_reason = reason.strip()
    patient.save(update_fields=["archived_at", "archive_reason"])
    audit.record(
        actor=by,
        action="patient.archived",
        target=patient,
        request=request,
        details={"reason": patient.archive_reason},
    )
    return patient


HISTORY_ORDER = ("-reviewed_at", "-pk")  # newest first: the first is the current history


def current_history(patient: Patient) -> MedicalHistoryReview | None:
    return patient.history_reviews.order_by(*HISTORY_ORDER).first()


def history_reviews(patient: Patient) -> list[MedicalHistoryReview]:
    """Every review, newest first (so `[0]` is `current_history`), with who reviewed."""
    return list(patient.history_reviews.select_related("reviewed_by").order_by(*HISTORY_ORDER))


@transaction.atomic
def history_review_record(
    *, patient: Patient, data: dict, by, request=None
) -> MedicalHistoryReview:
    """Record the history as the practitioner reviewed it with the patient now (a new row)."""
    review = MedicalHistoryReview(patient=patient, reviewed_by=by, **data)
    review.full_clean()
    review.save()
    audit.record(
        actor=by,
        action="history.reviewed",
        target=patient,
        request=request,
        details={"review": review.pk},
    )
    return review


def history_copy(review: MedicalHistoryReview) -> dict:
    data = {
        str(tag): getattr(review, str(tag))
        for tag in (*HISTORY_CONDITIONS, *LEGACY_SITE_CONDITIONS)
    }
    data.update(
        allergies=list(review.allergies),
        allergies_other=review.allergies_other,
        smoking=review.smoking,
        notes=review.notes,
    )
    return data


@transaction.atomic
def medication_add(*, patient: Patient, medication: PatientMedication, by, request=None):
    medication.patient = patient
    medication.added_by = by
    medication.full_clean()
    medication.save()
    audit.record(
        actor=by,
        action="medication.added",
        target=patient,
        request=request,
        details={
            "medication": medication.name,
            "prescribed": medication.is_prescribed,
            "unclassified": medication.is_unclassified,
        },
    )
    return medication


@transaction.atomic
def medication_stop(*, medication: PatientMedication, by, on=None, request=None):
    """Mark a medication stopped on a day (default today); the row stays, so rules with a
    look-back (systemic retinoids) still read it."""
    if medication.stopped_on:
        raise ValidationError(_("This medication is already marked as stopped."))
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"stopped_on": _("The stop date is in the future.")})
    if medication.started_on and day < medication.started_on:
        raise ValidationError({"stopped_on": _("The stop date is before the start date.")})
    medication.stopped_on = day
    medication.save(update_fields=["stopped_on"])
    audit.record(
        actor=by,
        action="medication.stopped",
        target=medication.patient,
        request=request,
        details={"medication": medication.name, "on": day.isoformat()},
    )
    return medication


@transaction.atomic
def site_condition_record(*, patient: Patient, condition: SiteCondition, by, request=None):
    """Record a condition or recent procedure at one or more areas (reference §6)."""
    condition.patient = patient
    condition.recorded_by = by
    if condition.on and condition.on > timezone.localdate():
        raise ValidationError({"on": _("The date is in the future.")})
    condition.full_clean()
    condition.save()
    audit.record(
        actor=by,
        action="site_condition.recorded",
        target=patient,
        request=request,
        details={"kind": condition.kind, "areas": condition.areas, "on": condition.on.isoformat()},
    )
    return condition


@transaction.atomic
def site_condition_resolve(*, condition: SiteCondition, by, on=None, request=None):
    """Mark a site condition healed (or a procedure no longer relevant) from a day."""
    if condition.resolved_on:
        raise ValidationError(_("This condition is already marked as resolved."))
    day = on or timezone.localdate()
    if day < condition.on:
        raise ValidationError(_("It cannot resolve before it was recorded."))
    condition.resolved_on = day
    condition.save(update_fields=["resolved_on"])
    audit.record(
        actor=by,
        action="site_condition.resolved",
        target=condition.patient,
        request=request,
        details={"kind": condition.kind, "on": day.isoformat()},
    )
    return condition


@transaction.atomic
def inr_record(*, patient: Patient, value, measured_on, by, request=None) -> InrReading:
    """Record an INR result with the day of the blood test (warfarin, reference §7 [S4])."""
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("The blood test date is in the future.")})
    reading = InrReading(patient=patient, value=value, measured_on=measured_on, recorded_by=by)
    reading.full_clean()
    reading.save()
    audit.record(
        actor=by,
        action="inr.recorded",
        target=patient,
        request=request,
        details={"value": str(reading.value), "measured_on": measured_on.isoformat()},
    )
    return reading


@transaction.atomic
def allergy_resolve(
    *,
    patient: Patient,
    text: str,
    ingredients=(),
    ingredient_classes=(),
    reason="",
    by,
    request=None,
) -> AllergyResolution:
    """A clinician resolves the free-text allergies: mapped to catalogue ingredients or classes
    (screening then treats them like structured allergies), or reviewed with a reason. Holds
    while the free text stays the same."""
    text, reason = (text or "").strip(), (reason or "").strip()
    if not text:
        raise ValidationError(_("There is no free-text allergy to resolve."))
    ingredients, ingredient_classes = list(ingredients), list(ingredient_classes)
    if not ingredients and not ingredient_classes and not reason:
        raise ValidationError(
            _("Map the allergy to ingredients or classes, or say why it does not matter.")
        )
    resolution = AllergyResolution(
        patient=patient,
        text=text,
        ingredient_classes=ingredient_classes,
        reason=reason,
        resolved_by=by,
    )
    resolution.full_clean()
    resolution.save()
    resolution.ingredients.set(ingredients)
    audit.record(
        actor=by,
        action="allergy.resolved",
        target=patient,
        request=request,
        details={
            "text": text,
            "ingredients": [i.name for i in ingredients],
            "classes": ingredient_classes,
            "reviewed": bool(reason),
        },
    )
    return resolution


def screen_consultation(
    consultation: Consultation, *, areas=None, today=None
) -> screening.ScreeningResult | None:
    """Screen a consultation's protocol for the areas treated (default: the protocol's)."""
    if consultation.protocol_version_id is None:
        return None
    return screening.screen(
        patient=consultation.patient,
        version=consultation.protocol_version,
        history=consultation.history_review,
        medications=consultation.patient.medications.current().select_related("catalogue_entry"),
        areas=areas,
        today=today,
    )


@transaction.atomic
def consultation_start(
    *, patient: Patient, data: dict, indications, by, request=None
) -> Consultation:
    """Open a consultation. The practitioner re-signs the current history: a new review row
    with the same answers, by them, now (they change answers on the history page first)."""
    if patient.archived_at:
        raise ValidationError(_("This patient is archived; restore the record before consulting."))
    history = current_history(patient)
    if history is None:
        raise ValidationError(_("Record the patient's medical history before the consultation."))
    resigned = history_review_record(
        patient=patient, data=history_copy(history), by=by, request=request
    )
    consultation = Consultation(patient=patient, practitioner=by, history_review=resigned, **data)
    consultation.full_clean()
    consultation.save()
    consultation.indications.set(indications)
    result = screen_consultation(consultation)
    if result is not None:
        consultation.screening = result.as_dict()
        consultation.save(update_fields=["screening"])
    audit.record(actor=by, action="consultation.started", target=consultation, request=request)
    return consultation


@transaction.atomic
def consultation_decide(*, consultation: Consultation, decision: str, notes: str, by, request=None):
    """Record that the course is deferred or not suitable (no plan)."""
    if decision not in (Consultation.Decision.DEFERRED, Consultation.Decision.DECLINED):
        raise ValidationError(_("Choose deferred or not suitable."))
    if hasattr(consultation, "plan"):
        raise ValidationError(_("This consultation already has a plan."))
    consultation.decision = decision
    consultation.decision_notes = notes
    consultation.save(update_fields=["decision", "decision_notes"])
    audit.record(
        actor=by,
        action="consultation.decided",
        target=consultation,
        request=request,
        details={"decision": decision},
    )
    return consultation
