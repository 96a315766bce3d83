"""FHIR builders for who the patient is and what screening reads: Patient, Practitioner,
AllergyIntolerance, Condition and MedicationStatement.

Builders are pure: they read the rows (and the relations loaded with them) and never query."""

from dataclasses import dataclass

from fhir.resources.allergyintolerance import AllergyIntolerance
from fhir.resources.condition import Condition
from fhir.resources.medicationstatement import MedicationStatement
from fhir.resources.observation import Observation
from fhir.resources.patient import Patient
from fhir.resources.practitioner import Practitioner

from interop.fhir.ids import (
    concept,
    day,
    display,
    enum_label,
    fhir_id,
    identifier_system,
    instant,
    person_name,
    ref,
)
from patients.models import MedicalHistoryReview
from protocols.catalogues import Allergy, ContraindicationTag

CLINICAL_STATUS = "http://terminology.hl7.org/CodeSystem/condition-clinical"
ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
ALLERGY_VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"

# LOINC 72166-2 "Tobacco smoking status" with the SNOMED CT answers US Core uses.
SMOKING_ANSWERS = {
    MedicalHistoryReview.Smoking.NEVER: ("266919005", "Never smoked tobacco"),
    MedicalHistoryReview.Smoking.FORMER: ("8517006", "Ex-smoker"),
    MedicalHistoryReview.Smoking.CURRENT: ("77176002", "Smoker"),
}


def coded(system_url: str, code: str) -> dict:
    return {"coding": [{"system": system_url, "code": code}]}


def patient_resource(patient) -> Patient:
    telecom = []
    if patient.phone:
        telecom.append({"system": "phone", "value": patient.phone, "use": "mobile"})
    if patient.email:
        telecom.append({"system": "email", "value": patient.email})
    data = {
        "id": fhir_id("Patient", patient.pk),
        "identifier": [
            {
                "use": "usual",
                "system": identifier_system("chart-number"),
                "value": patient.chart_number,
            }
        ],
        # Archived patients are kept, never deleted: the record is no longer in active use.
        "active": patient.archived_at is None,
        "name": [{"use": "official", "family": patient.last_name, "given": [patient.first_name]}],
        "gender": patient.sex,  # our choices are FHIR's administrative genders
        "birthDate": day(patient.date_of_birth),
        "communication": [
            {"language": coded("urn:ietf:bcp:47", patient.preferred_language), "preferred": True}
        ],
    }
    if telecom:
        data["telecom"] = telecom
    if patient.address:
        data["address"] = [{"text": patient.address}]
    if patient.emergency_contact_name or patient.emergency_contact_phone:
        contact = {"relationship": [coded("http://terminology.hl7.org/CodeSystem/v2-0131", "C")]}
        if patient.emergency_contact_name:
            contact["name"] = {"text": patient.emergency_contact_name}
        if patient.emergency_contact_phone:
            contact["telecom"] = [{"system": "phone", "value": patient.emergency_contact_phone}]
        data["contact"] = [contact]
    return Patient(**data)


def practitioner_resource(user) -> Practitioner:
    name = {"text": person_name(user)}
    if user.last_name:
        name["family"] = user.last_name
    if user.first_name:
        name["given"] = [user.first_name]
    return Practitioner(
        id=fhir_id("Practitioner", user.pk),
        identifier=[{"system": identifier_system("user"), "value": user.get_username()}],
        active=user.is_active,
        name=[name],
    )


@dataclass(frozen=True)
class HistoryFact:
    """One allergy or condition across the patient's history reviews: when it was first
    recorded and whether the latest review still has it."""

    kind: str  # "allergy" or "condition"
    code: str
    first: MedicalHistoryReview
    active: bool


def history_facts(reviews: list[MedicalHistoryReview]) -> list[HistoryFact]:
    """The allergies and conditions of a patient's reviews (any order), oldest first."""
    ordered = sorted(reviews, key=lambda review: (review.reviewed_at, review.pk))
    if not ordered:
        return []
    latest = ordered[-1]
    first_seen: dict[tuple[str, str], MedicalHistoryReview] = {}
    for review in ordered:
        for code in review.allergies:
            first_seen.setdefault(("allergy", code), review)
        for tag in review.conditions():
            first_seen.setdefault(("condition", tag), review)
    now = {("allergy", code) for code in latest.allergies}
    now |= {("condition", tag) for tag in latest.conditions()}
    return [
        HistoryFact(kind, code, review, (kind, code) in now)
        for (kind, code), review in first_seen.items()
    ]


def allergy_resource(fact: HistoryFact, patient_id: int) -> AllergyIntolerance:
    review = fact.first
    return AllergyIntolerance(
        id=fhir_id("AllergyIntolerance", f"{patient_id}:{fact.code}"),
        clinicalStatus=coded(ALLERGY_CLINICAL, "active" if fact.active else "inactive"),
        verificationStatus=coded(ALLERGY_VERIFICATION, "confirmed"),
        type="allergy",
        code=concept("allergy", fact.code, enum_label(Allergy, fact.code)),
        patient=ref("Patient", patient_id),
        recordedDate=instant(review.reviewed_at),
        recorder=ref("Practitioner", review.reviewed_by_id),
    )


def allergy_other_resource(review: MedicalHistoryReview) -> AllergyIntolerance:
    """The free-text allergies of the latest review, as the practitioner wrote them."""
    return AllergyIntolerance(
        id=fhir_id("AllergyIntolerance", f"{review.patient_id}:other"),
        clinicalStatus=coded(ALLERGY_CLINICAL, "active"),
        verificationStatus=coded(ALLERGY_VERIFICATION, "unconfirmed"),
        code={"text": review.allergies_other},
        patient=ref("Patient", review.patient_id),
        recordedDate=instant(review.reviewed_at),
        recorder=ref("Practitioner", review.reviewed_by_id),
    )


def condition_resource(fact: HistoryFact, patient_id: int) -> Condition:
    review = fact.first
    return Condition(
        id=fhir_id("Condition", f"{patient_id}:{fact.code}"),
        clinicalStatus=coded(CLINICAL_STATUS, "active" if fact.active else "inactive"),
        verificationStatus=coded(CONDITION_VERIFICATION, "confirmed"),
        category=[coded(CONDITION_CATEGORY, "problem-list-item")],
        code=concept("medical-history", fact.code, enum_label(ContraindicationTag, fact.code)),
        subject=ref("Patient", patient_id),
        recordedDate=instant(review.reviewed_at),
        recorder=ref("Practitioner", review.reviewed_by_id),
    )


def smoking_resource(review: MedicalHistoryReview) -> Observation | None:
    answer = SMOKING_ANSWERS.get(review.smoking)
    if answer is None:  # "not asked" is no observation
        return None
    code, snomed_display = answer
    return Observation(
        id=fhir_id("Observation", f"smoking:{review.pk}"),
        status="final",
        category=[coded(OBSERVATION_CATEGORY, "social-history")],
        code={
            "coding": [{"system": LOINC, "code": "72166-2", "display": "Tobacco smoking status"}],
            "text": "Tobacco smoking status",
        },
        subject=ref("Patient", review.patient_id),
        effectiveDateTime=instant(review.reviewed_at),
        performer=[ref("Practitioner", review.reviewed_by_id)],
        valueCodeableConcept={
            "coding": [{"system": SNOMED, "code": code, "display": snomed_display}],
            "text": display(review, "smoking"),
        },
    )


def history_resources(reviews: list[MedicalHistoryReview], patient_id: int) -> list:
    """AllergyIntolerance, Condition and the smoking Observation of a patient's reviews."""
    facts = history_facts(reviews)
    resources = [allergy_resource(fact, patient_id) for fact in facts if fact.kind == "allergy"]
    latest = max(reviews, key=lambda review: (review.reviewed_at, review.pk), default=None)
    if latest is not None and latest.allergies_other.strip():
        resources.append(allergy_other_resource(latest))
    resources += [condition_resource(fact, patient_id) for fact in facts if fact.kind != "allergy"]
    if latest is not None:
        smoking = smoking_resource(latest)
        if smoking is not None:
            resources.append(smoking)
    return resources


def medication_statement_resource(medication) -> MedicationStatement:
    entry = medication.catalogue_entry
    if entry is not None:
        code = concept("medication-catalogue", entry.pk, entry.name)
        category = concept("medication-risk-class", entry.risk_class, display(entry, "risk_class"))
    else:
        code = {"text": medication.free_text_name}
        category = {"text": "Unclassified (free text): the practitioner reviews it"}
    period = {"start": day(medication.started_on), "end": day(medication.stopped_on)}
    data = {
        "id": fhir_id("MedicationStatement", medication.pk),
        "status": "stopped" if medication.stopped_on else "active",
        "category": category,
        "medicationCodeableConcept": code,
        "subject": ref("Patient", medication.patient_id),
        "dateAsserted": instant(medication.added_at),
        "informationSource": ref("Practitioner", medication.added_by_id),
    }
    period = {key: value for key, value in period.items() if value}
    if period:
        data["effectivePeriod"] = period
    dosage_text = medication.dose
    if medication.is_prescribed:
        dosage_text = f"{dosage_text} (prescribed)".strip()
    if dosage_text:
        data["dosage"] = [{"text": dosage_text}]
    if medication.notes:
        data["note"] = [{"text": medication.notes}]
    return MedicationStatement(**data)
