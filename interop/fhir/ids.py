"""Stable FHIR ids, references, code systems and value helpers shared by every builder.

An id is a UUID 5 of the clinic's FHIR base URL, a model label and a primary key: the same row
always exports under the same id, so a re-export of unchanged data is byte-identical."""

import base64
import hashlib
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.utils import translation

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


@lru_cache(maxsize=8)
def _namespace(url: str) -> bytes:
    return uuid.uuid5(uuid.NAMESPACE_URL, url).bytes


def fhir_id(resource_type: str, key) -> str:
    """The id of the resource of `resource_type` made from the row (or part of a row) `key`:
    `str(uuid.uuid5(namespace, name))`, computed without building UUID objects (a bulk export
    makes tens of millions of ids and references)."""
    name = f"{SOURCES[resource_type]}:{key}".encode()
    digest = bytearray(hashlib.sha1(_namespace(base_url()) + name, usedforsecurity=False).digest())
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


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


@lru_cache(maxsize=256)
def _choice_labels(model_class, field_name: str, language: str) -> dict:
    field = model_class._meta.get_field(field_name)
    return {value: str(label) for value, label in field.flatchoices}


def display(instance, field_name: str) -> str:
    """`instance.get_<field>_display()` in the active language, looked up once per export
    (Django's own rebuilds a hashable copy of the choices on every call)."""
    value = getattr(instance, field_name)
    labels = _choice_labels(type(instance), field_name, translation.get_language())
    return labels.get(value, value)


@lru_cache(maxsize=1024)
def _enum_label(choices, value, language: str) -> str:
    return str(choices(value).label)


def enum_label(choices, value) -> str:
    """`str(Choices(value).label)` in the active language, looked up once per export."""
    return _enum_label(choices, value, translation.get_language())
