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
    Consultation,
    MedicalHistoryReview,
    Patient,
    PatientMedication,
)
from patients.search import normalize_name, phone_digits

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
    name = normalize_name(f"{first_name} {last_name}")
    match = Q(search_name=name, date_of_birth=date_of_birth)
    digits = phone_digits(phone)
    if len(digits) >= 6:
        match |= Q(phone_digits__endswith=digits[-9:])
    return Patient.objects.filter(match).exclude(pk=exclude_pk)


def _refresh_search_keys(patient: Patient) -> None:
    patient.search_name = normalize_name(f"{patient.first_name} {patient.last_name}")
    patient.phone_digits = phone_digits(patient.phone)


@transaction.atomic
def patient_register(*, data: dict, by, request=None) -> Patient:
    """Create a patient and give them the next chart number (P000123)."""
    patient = Patient(**{key: data[key] for key in DEMOGRAPHIC_FIELDS if key in data})
    patient.created_by = by
    _refresh_search_keys(patient)
    patient.full_clean(exclude=["chart_number"])
    patient.save()
    patient.chart_number = f"P{patient.pk:06d}"
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


def current_history(patient: Patient) -> MedicalHistoryReview | None:
    return patient.history_reviews.order_by("-reviewed_at", "-pk").first()


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


def _copy_of(review: MedicalHistoryReview) -> dict:
    data = {str(tag): getattr(review, str(tag)) for tag in HISTORY_CONDITIONS}
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
def medication_stop(*, medication: PatientMedication, by, request=None):
    if medication.stopped_on:
        raise ValidationError(_("This medication is already marked as stopped."))
    medication.stopped_on = timezone.localdate()
    medication.save(update_fields=["stopped_on"])
    audit.record(
        actor=by,
        action="medication.stopped",
        target=medication.patient,
        request=request,
        details={"medication": medication.name},
    )
    return medication


def screen_consultation(consultation: Consultation) -> screening.ScreeningResult | None:
    if consultation.protocol_version_id is None:
        return None
    return screening.screen(
        patient=consultation.patient,
        version=consultation.protocol_version,
        history=consultation.history_review,
        medications=consultation.patient.medications.current().select_related("catalogue_entry"),
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
        patient=patient, data=_copy_of(history), by=by, request=request
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
