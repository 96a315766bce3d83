"""Stable FHIR ids, references, code systems and value helpers shared by every builder.

An id is a UUID 5 of the clinic's FHIR base URL, a model label and a primary key: the same row
always exports under the same id, so a re-export of unchanged data is byte-identical."""

import base64
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from django.conf import settings

# What each resource type is made from (the model label in the id), one source per type.
SOURCES = {
    "Patient": "patients.patient",
    "Practitioner": "auth.user",
    "AllergyIntolerance": "patients.medicalhistoryreview.allergy",
    "Condition": "patients.medicalhistoryreview.condition",
    "MedicationStatement": "patients.patientmedication",
    "Observation": "patients.measurement",
    "DetectedIssue": "patients.consultation.override",
    "PlanDefinition": "protocols.protocolversion",
    "Medication": "protocols.lot",
    "CarePlan": "treatments.treatmentplan",
    "Appointment": "treatments.treatmentsession",
    "Procedure": "treatments.chart",
    "MedicationAdministration": "treatments.chartproduct",
    "AdverseEvent": "treatments.adverseevent",
    "Consent": "treatments.consentrecord",
    "DocumentReference": "treatments.documenthandout",
    "Provenance": "treatments.provenance",
    "Bundle": "interop.bundle",
}


def base_url() -> str:
    return settings.FHIR_BASE_URL


def _namespace() -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, base_url())


def fhir_id(resource_type: str, key) -> str:
    """The id of the resource of `resource_type` made from the row (or part of a row) `key`."""
    return str(uuid.uuid5(_namespace(), f"{SOURCES[resource_type]}:{key}"))


def ref(resource_type: str, key, display: str | None = None) -> dict:
    reference = {"reference": f"{resource_type}/{fhir_id(resource_type, key)}"}
    if display:
        reference["display"] = display
    return reference


def full_url(resource_type: str, resource_id: str) -> str:
    return f"{base_url()}/{resource_type}/{resource_id}"


def system(name: str) -> str:
    """A code system or identifier system of this clinic's Mesoplan (e.g. treatment areas)."""
    return f"{base_url()}/CodeSystem/{name}"


def identifier_system(name: str) -> str:
    return f"{base_url()}/NamingSystem/{name}"


def concept(name: str, code, display: str | None = None, text: str | None = None) -> dict:
    coding = {"system": system(name), "code": str(code)}
    if display:
        coding["display"] = str(display)
    return {"coding": [coding], "text": str(text or display or code)}


def text(value: str) -> dict:
    return {"text": str(value)}


def instant(value: datetime | None) -> str | None:
    """An aware datetime in UTC to the second (FHIR dateTime/instant)."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="seconds")


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def number(value: Decimal) -> Decimal:
    """Decimals as written (trailing zeros dropped) so the JSON does not depend on the DB."""
    return Decimal(f"{Decimal(value).normalize():f}")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()
