"""FHIR builders for observations and records around care: Observation (outcome-scale
measurements), DetectedIssue (screening warnings overridden with a reason), Consent (with its
PDF), DocumentReference (aftercare and pre-care sheets) and the Provenance of consent signatures.

Builders are pure apart from reading a consent's stored PDF; they never query."""

import hashlib

from fhir.resources.consent import Consent
from fhir.resources.detectedissue import DetectedIssue
from fhir.resources.documentreference import DocumentReference
from fhir.resources.observation import Observation
from fhir.resources.provenance import Provenance

from interop.fhir.ids import b64, concept, display, fhir_id, instant, number, ref, system
from patients.outcome_scales import BY_CODE as SCALES
from sessions.models import ConsentRecord, DocumentHandout

UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PROVENANCE_AGENT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
SIGNATURE_TYPE = "urn:iso-astm:E1762-95:2013"
LOINC = "http://loinc.org"
# Our scales' units in UCUM; a unit missing here is sent as text only (no UCUM code fits).
UCUM_UNITS = {
    "mm": "mm",
    "cm": "cm",
    "cm³": "cm3",
    "%": "%",
    "µm": "um",
    "hairs": "{hairs}",
    "hairs/cm²": "{hairs}/cm2",
    "a.u.": "[arb'U]",
}
DETECTED_ISSUE_SEVERITY = {"relative": "moderate", "review": "low", "absolute": "high"}


def observation_resource(measurement, procedure_key: int | None) -> Observation:
    """A value on a named outcome scale (patients/outcome_scales_data.py): the scale is the
    code; grades are coded values with their label, measures are UCUM quantities."""
    scale = SCALES.get(measurement.scale)
    name = str(scale["name"]) if scale else measurement.scale
    data = {
        "id": fhir_id("Observation", measurement.pk),
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "exam"}]}],
        "code": concept("outcome-scale", measurement.scale, name),
        "subject": ref("Patient", measurement.patient_id),
        "effectiveDateTime": instant(measurement.recorded_at),
        "performer": [ref("Practitioner", measurement.recorded_by_id)],
    }
    value = number(measurement.value)
    if scale is not None and scale["kind"] == "ordinal":
        grade = int(value)
        label = str(scale["labels"].get(grade) or scale["labels"].get(str(grade)) or grade)
        data["valueCodeableConcept"] = {
            "coding": [
                {"system": system(f"outcome-scale/{measurement.scale}"), "code": str(grade)}
            ],
            "text": label,
        }
    else:
        unit = str(scale["unit"]) if scale else ""
        quantity = {"value": value}
        if unit:
            quantity["unit"] = unit
        if unit in UCUM_UNITS:
            quantity.update(system=UCUM, code=UCUM_UNITS[unit])
        data["valueQuantity"] = quantity
    if measurement.area:
        data["bodySite"] = {"text": measurement.area}
    if procedure_key is not None:
        data["partOf"] = [ref("Procedure", procedure_key)]
    return Observation(**data)


def detected_issue_resources(consultation) -> list[DetectedIssue]:
    """One DetectedIssue per screening warning the practitioner went ahead with, and why."""
    findings = {
        finding["key"]: finding for finding in (consultation.screening or {}).get("findings", [])
    }
    issues = []
    for key, override in sorted(consultation.override_reasons.items()):
        # Stored as {"label": ..., "reason": ...} (scheduling.plans.treatment_plan_propose).
        reason = override.get("reason", "") if isinstance(override, dict) else str(override)
        finding = findings.get(key) or {
            "label": override.get("label", key) if isinstance(override, dict) else key
        }
        detail = " ".join(
            part
            for part in (
                finding.get("label", key) + ".",
                "; ".join(finding.get("facts", [])),
                finding.get("rule", ""),
            )
            if part
        )
        data = {
            "id": fhir_id("DetectedIssue", f"{consultation.pk}:{key}"),
            "status": "final",
            "code": concept("screening-finding", key, finding.get("label") or key),
            "patient": ref("Patient", consultation.patient_id),
            "identifiedDateTime": instant(consultation.consulted_at),
            "author": ref("Practitioner", consultation.practitioner_id),
            "detail": detail,
            "mitigation": [
                {
                    "action": {"text": f"Went ahead with the reason: {reason}"},
                    "date": instant(consultation.consulted_at),
                    "author": ref("Practitioner", consultation.practitioner_id),
                }
            ],
        }
        severity = DETECTED_ISSUE_SEVERITY.get(finding.get("severity"))
        if severity:
            data["severity"] = severity
        if consultation.protocol_version_id:
            data["implicated"] = [ref("PlanDefinition", consultation.protocol_version_id)]
        issues.append(DetectedIssue(**data))
    return issues


def stored_file(stored) -> bytes | None:
    """A stored PDF's bytes (a consent's, a handed-out sheet's), None when there is none."""
    if not stored:
        return None
    try:
        with stored.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def consent_pdf(record: ConsentRecord) -> bytes | None:
    return stored_file(record.pdf)


def pdf_attachment(pdf: bytes, *, sha256: str, title: str, creation) -> dict:
    """A stored PDF embedded whole: base64 data, size, the SHA-1 R4 defines for `hash`, and
    the SHA-256 we keep (computed at storing) in an extension."""
    attachment = {
        "contentType": "application/pdf",
        "data": b64(pdf),
        "size": len(pdf),
        "hash": b64(hashlib.sha1(pdf, usedforsecurity=False).digest()),
        "title": title,
        "extension": [
            {"url": system("sha256"), "valueString": sha256 or hashlib.sha256(pdf).hexdigest()}
        ],
    }
    if creation:
        attachment["creation"] = instant(creation)
    return attachment


def consent_status(record: ConsentRecord, withdrawn: bool) -> str:
    if not record.is_signed:
        return "proposed"
    if record.kind == ConsentRecord.Kind.CONSENT and withdrawn:
        return "inactive"
    return "active"


def consent_resource(record: ConsentRecord, withdrawn: bool) -> Consent:
    """A consent (or a withdrawal, which denies what it withdraws) with its signed PDF."""
    is_withdrawal = record.kind == ConsentRecord.Kind.WITHDRAWAL
    data = {
        "id": fhir_id("Consent", record.pk),
        "status": consent_status(record, withdrawn),
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "treatment",
                }
            ]
        },
        "category": [
            {
                "coding": [{"system": LOINC, "code": "59284-0", "display": "Patient Consent"}],
                "text": display(record, "kind"),
            }
        ],
        "patient": ref("Patient", record.patient_id),
        "performer": [ref("Patient", record.patient_id)],
        "policyRule": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "cric"}
            ]
        },
        "provision": {
            "type": "deny" if is_withdrawal else "permit",
            "data": [
                {
                    "meaning": "related",
                    "reference": ref("PlanDefinition", record.protocol_version_id),
                }
            ],
        },
    }
    if record.signed_at:
        data["dateTime"] = instant(record.signed_at)
    pdf = consent_pdf(record)
    if is_withdrawal and record.withdraws_id:
        withdrawn_consent = ref("Consent", record.withdraws_id)
        if pdf is None:
            data["sourceReference"] = withdrawn_consent
        else:
            # R4's source[x] is one of the two: the signed withdrawal is the source, and the
            # consent it withdraws is what its deny provision is about.
            data["provision"]["data"].append({"meaning": "related", "reference": withdrawn_consent})
    if pdf is not None:
        data["sourceAttachment"] = pdf_attachment(
            pdf,
            sha256=record.pdf_sha256,
            title=f"{display(record, 'kind')} {record.protocol_version}",
            creation=record.signed_at,
        )
    return Consent(**data)


def consent_signature_provenance(record: ConsentRecord) -> Provenance:
    """The patient signed (on screen or on paper); a staff member witnessed or recorded it."""
    agents = [
        {
            "type": {"coding": [{"system": PROVENANCE_AGENT, "code": "author"}]},
            "who": ref("Patient", record.patient_id),
        }
    ]
    witness = record.witnessed_by_id or record.created_by_id
    agents.append(
        {
            "type": {"coding": [{"system": PROVENANCE_AGENT, "code": "enterer"}]},
            "who": ref("Practitioner", witness),
        }
    )
    signature = {
        "type": [
            {
                "system": SIGNATURE_TYPE,
                "code": "1.2.840.10065.1.12.1.7",
                "display": "Consent Signature",
            }
        ],
        "when": instant(record.signed_at),
        "who": ref("Patient", record.patient_id),
    }
    prefix = "data:image/png;base64,"
    if record.signature.startswith(prefix):
        signature.update(sigFormat="image/png", data=record.signature[len(prefix) :])
    method = display(record, "method") or display(record, "kind")
    return Provenance(
        id=fhir_id("Provenance", f"consent-signed:{record.pk}"),
        target=[ref("Consent", record.pk)],
        recorded=instant(record.signed_at),
        activity={"text": method},
        agent=agents,
        signature=[signature],
    )


HANDOUT_TITLES = {
    DocumentHandout.Kind.AFTERCARE: ("aftercare", "Aftercare sheet"),
    DocumentHandout.Kind.PRECARE: ("precare", "Pre-care sheet"),
}
HANDOUT_STATUS = {
    DocumentHandout.Status.DRAFT: "preliminary",
    DocumentHandout.Status.GIVEN: "final",
    DocumentHandout.Status.ACKNOWLEDGED: "final",
}


def document_reference_resource(handout, procedure_key: int | None) -> DocumentReference:
    """A sheet given for a session, with its PDF as stored at the first print (a sheet never
    printed, or whose render failed, is named without its bytes: docs/fhir.md)."""
    treatment_session = handout.treatment_session
    code, title = HANDOUT_TITLES[handout.kind]
    description = f"{title}: {display(handout, 'status')}"
    if handout.channel:
        description += f", {display(handout, 'channel').lower()}"
    if handout.acknowledged_at:
        description += f"; acknowledged {instant(handout.acknowledged_at)}"
        if handout.acknowledged_how:
            description += f" ({handout.acknowledged_how})"
    data = {
        "id": fhir_id("DocumentReference", handout.pk),
        "status": "current",
        "docStatus": HANDOUT_STATUS[handout.status],
        "type": concept("document-kind", code, title),
        "subject": ref("Patient", treatment_session.patient_id),
        "description": description,
        "content": [{"attachment": {"contentType": "application/pdf", "title": title}}],
        "context": {"related": [ref("Appointment", treatment_session.pk)]},
    }
    if procedure_key is not None:
        data["context"]["related"].append(ref("Procedure", procedure_key))
    if handout.given_at:
        data["date"] = instant(handout.given_at)
        data["content"][0]["attachment"]["creation"] = instant(handout.given_at)
    pdf = (
        stored_file(handout.pdf)
        if handout.pdf_status == DocumentHandout.PdfStatus.RENDERED
        else None
    )
    if pdf is not None:
        data["content"][0]["attachment"] = pdf_attachment(
            pdf, sha256=handout.pdf_sha256, title=title, creation=handout.pdf_rendered_at
        )
    if handout.given_by_id:
        data["author"] = [ref("Practitioner", handout.given_by_id)]
    return DocumentReference(**data)
