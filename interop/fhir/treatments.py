"""FHIR builders for what was planned and done: PlanDefinition (a protocol version), CarePlan,
Appointment, Procedure (a charted session), Medication (a product lot),
MedicationAdministration, AdverseEvent, and the Provenance of chart signatures and amendments.

Builders are pure: they read the rows (and the relations loaded with them) and never query."""

from fhir.resources.adverseevent import AdverseEvent
from fhir.resources.appointment import Appointment
from fhir.resources.careplan import CarePlan
from fhir.resources.medication import Medication
from fhir.resources.medicationadministration import MedicationAdministration
from fhir.resources.plandefinition import PlanDefinition
from fhir.resources.procedure import Procedure
from fhir.resources.provenance import Provenance

from interop.fhir.ids import (
    base_url,
    concept,
    day,
    display,
    enum_label,
    fhir_id,
    identifier_system,
    instant,
    number,
)
from interop.fhir.ids import ref as reference
from patients.outcome_scales import BY_CODE as SCALES
from patients.outcome_scales import describe
from protocols.catalogues import Technique, TreatmentArea
from sessions.charting import amendments as chart_amendments
from sessions.models import TreatmentPlan, TreatmentSession

UCUM = "http://unitsofmeasure.org"
PROVENANCE_AGENT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation"
SIGNATURE_TYPE = "urn:iso-astm:E1762-95:2013"
ADVERSE_SEVERITY = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"

CARE_PLAN_STATUS = {
    TreatmentPlan.Status.PROPOSED: "draft",
    TreatmentPlan.Status.BOOKED: "active",
    TreatmentPlan.Status.IN_PROGRESS: "active",
    TreatmentPlan.Status.COMPLETED: "completed",
    TreatmentPlan.Status.CANCELLED: "revoked",
}
APPOINTMENT_STATUS = {
    TreatmentSession.Status.BOOKED: "booked",
    TreatmentSession.Status.CHECKED_IN: "checked-in",
    TreatmentSession.Status.IN_PROGRESS: "arrived",
    TreatmentSession.Status.COMPLETED: "fulfilled",
    TreatmentSession.Status.CANCELLED: "cancelled",
    TreatmentSession.Status.NO_SHOW: "noshow",
}
# Chart fields an amendment may change (sessions/charting.py AMENDABLE_FIELDS, re-derived
# from the amendment rows: the key "adverse_event" is an added AdverseEvent row instead).
AMENDED_ADVERSE_EVENT = "adverse_event"


def canonical(version) -> str:
    return f"{base_url()}/PlanDefinition/{version.protocol.slug}"


def area_concepts(codes) -> list[dict]:
    return [concept("treatment-area", code, enum_label(TreatmentArea, code)) for code in codes]


def plan_definition_resource(version) -> PlanDefinition:
    """A protocol version: its course (sessions, interval window) as the action's timing."""
    protocol = version.protocol
    repeat = {
        "count": version.sessions_count,
        "period": version.interval_min_days,
        "periodMax": version.interval_max_days,
        "periodUnit": "d",
    }
    actions = [
        {
            "title": "Course",
            "description": (
                f"{version.sessions_count} sessions, every {version.interval_min_days}"
                f"–{version.interval_max_days} days"
            ),
            "timingTiming": {"repeat": repeat},
        }
    ]
    if version.maintenance_interval_days:
        actions.append(
            {
                "title": "Maintenance",
                "timingTiming": {
                    "repeat": {"period": version.maintenance_interval_days, "periodUnit": "d"}
                },
            }
        )
    return PlanDefinition(
        id=fhir_id("PlanDefinition", version.pk),
        url=canonical(version),
        version=str(version.number),
        name=protocol.slug.replace("-", "_"),
        title=protocol.name,
        type={
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/plan-definition-type",
                    "code": "clinical-protocol",
                }
            ]
        },
        status="retired" if protocol.current_version_id != version.pk else "active",
        date=instant(version.created_at),
        description=version.summary,
        topic=[concept("indication", protocol.indication.code, protocol.indication.name)],
        action=actions,
    )


def care_plan_resource(plan, appointment_keys: list[int]) -> CarePlan:
    """A treatment plan, instantiating its protocol version, with its booked sessions."""
    version = plan.protocol_version
    data = {
        "id": fhir_id("CarePlan", plan.pk),
        "instantiatesCanonical": [f"{canonical(version)}|{version.number}"],
        "status": CARE_PLAN_STATUS[plan.status],
        "intent": "plan",
        "title": str(version),
        "description": (
            f"{plan.sessions_count} sessions every {plan.interval_min_days}"
            f"–{plan.interval_max_days} days; areas: "
            + ", ".join(enum_label(TreatmentArea, code) for code in plan.areas)
        ),
        "subject": reference("Patient", plan.patient_id),
        "created": instant(plan.created_at),
        "author": reference("Practitioner", plan.created_by_id),
    }
    if appointment_keys:
        data["activity"] = [
            {"reference": reference("Appointment", key)} for key in appointment_keys
        ]
    return CarePlan(**data)


def session_identifier(treatment_session_id: int) -> list[dict]:
    """Appointment and Procedure of one session share this identifier."""
    return [{"system": identifier_system("treatment-session"), "value": str(treatment_session_id)}]


def appointment_resource(treatment_session) -> Appointment:
    data = {
        "id": fhir_id("Appointment", treatment_session.pk),
        "identifier": session_identifier(treatment_session.pk),
        "status": APPOINTMENT_STATUS[treatment_session.status],
        "serviceType": [
            concept("session-kind", treatment_session.kind, display(treatment_session, "kind"))
        ],
        "start": instant(treatment_session.starts_at),
        "end": instant(treatment_session.ends_at),
        "created": instant(treatment_session.booked_at),
        "participant": [
            {"actor": reference("Patient", treatment_session.patient_id), "status": "accepted"},
            {
                "actor": reference("Practitioner", treatment_session.practitioner_id),
                "status": "accepted",
            },
        ],
    }
    if treatment_session.cancel_reason:
        data["cancelationReason"] = {"text": treatment_session.cancel_reason}
    if treatment_session.notes:
        data["comment"] = treatment_session.notes
    if treatment_session.plan_id and treatment_session.sequence:
        data["description"] = f"Session {treatment_session.sequence} of a course"
    return Appointment(**data)


def chart_values(chart, amendments) -> dict:
    """The chart's fields as they stand after its amendments (the row keeps the original):
    the charting package's own rule, so the export says what the chart page says."""
    return chart_amendments.chart_current_values(chart, amendments)


# Scales that rate the result against before treatment: a session's outcome (the other
# scales are state measurements, exported as Observations).
OUTCOME_SCALES = ("gais_practitioner", "gais_patient")


def procedure_outcome(measurements) -> dict | None:
    """The GAIS ratings recorded at the session, as the Procedure's outcome text."""
    rated = [m for m in measurements if m.scale in OUTCOME_SCALES]
    if not rated:
        return None
    return {
        "text": "; ".join(f"{SCALES[m.scale]['name']}: {describe(m.scale, m.value)}" for m in rated)
    }


def procedure_resource(chart, amendments, measurements=()) -> Procedure:
    """A charted session: areas, performer, technique, reactions and notes (as amended); the
    GAIS ratings taken at the session (`measurements`: its Measurement rows) as the outcome."""
    treatment_session = chart.treatment_session
    values = chart_values(chart, amendments)
    plan = treatment_session.plan
    title = plan.protocol_version.protocol.name if plan is not None else "Mesotherapy session"
    lines = []
    if values["technique"]:
        technique = values["technique"]
        label = enum_label(Technique, technique) if technique in Technique.values else technique
        lines.append(f"Technique: {label}")
    if chart.needle_gauge:
        lines.append(f"Needle: {chart.needle_gauge} G")
    if chart.needle_length_mm is not None:
        lines.append(f"Needle length: {number(chart.needle_length_mm)} mm")
    if values["depth_mm"] not in (None, ""):
        lines.append(f"Depth: {number(values['depth_mm'])} mm")
    if values["injection_points"] not in (None, ""):
        lines.append(f"Injection points: {values['injection_points']}")
    for name, label in (
        ("anaesthesia_product", "Anaesthesia"),
        ("mix_ratio", "Mix ratio"),
        ("diluent", "Diluent"),
    ):
        if values[name]:
            lines.append(f"{label}: {values[name]}")
    notes = [{"text": "\n".join(lines)}] if lines else []
    if values["notes"]:
        notes.append({"text": values["notes"]})
    if chart.dose_override_reason:
        notes.append({"text": f"Reason for exceeding a limit: {chart.dose_override_reason}"})
    data = {
        "id": fhir_id("Procedure", chart.pk),
        "identifier": session_identifier(treatment_session.pk),
        "status": "completed" if chart.is_signed else "in-progress",
        "code": {"text": title},
        "subject": reference("Patient", treatment_session.patient_id),
        "performedDateTime": instant(treatment_session.started_at or treatment_session.starts_at),
        "recorder": reference("Practitioner", treatment_session.practitioner_id),
        "performer": [{"actor": reference("Practitioner", treatment_session.practitioner_id)}],
    }
    outcome = procedure_outcome(measurements)
    if outcome is not None:
        data["outcome"] = outcome
    if plan is not None:
        data["basedOn"] = [reference("CarePlan", plan.pk)]
    if chart.areas:
        data["bodySite"] = area_concepts(chart.areas)
    if values["immediate_reactions"]:
        data["complication"] = [{"text": values["immediate_reactions"]}]
    if notes:
        data["note"] = notes
    return Procedure(**data)


def medication_resource(lot) -> Medication:
    """A product lot: the vial's name and maker, its ingredient, lot number and expiry."""
    product = lot.product
    data = {
        "id": fhir_id("Medication", lot.pk),
        "code": {"text": f"{product.name} ({product.maker})"},
        "form": concept("product-form", product.form, display(product, "form")),
        "batch": {"lotNumber": lot.lot_number, "expirationDate": day(lot.expiry_date)},
    }
    if product.ingredient_id:
        ingredient = {"itemCodeableConcept": {"text": product.ingredient.name}, "isActive": True}
        if product.amount_per_ml and product.ingredient.amount_unit:
            ingredient["strength"] = {
                "numerator": {
                    "value": number(product.amount_per_ml),
                    "unit": product.ingredient.amount_unit,
                },
                "denominator": {"value": 1, "unit": "mL", "system": UCUM, "code": "mL"},
            }
        data["ingredient"] = [ingredient]
    return Medication(**data)


def administration_sites(chart, lot_id: int, map_areas=()) -> list[tuple[str, object]]:
    """Where a lot went: (area, volume) for each area of the chart's injection map with marks
    of this lot, in map order; without such marks, the chart's areas (volume None)."""
    sites = []
    for charted in map_areas:
        volume = sum(mark.volume_ml for mark in charted.marks.all() if mark.lot_id == lot_id)
        if volume:
            sites.append((charted.area, volume))
    return sites or [(area, None) for area in chart.areas]


def site_concept(sites: list[tuple[str, object]]) -> dict:
    """R4 gives a dosage one site: each area is a coding of the treatment-area system (as the
    Procedure's bodySite), the text names them with the map's volume of the lot."""
    names = [
        enum_label(TreatmentArea, area) + (f" ({number(volume)} mL)" if volume else "")
        for area, volume in sites
    ]
    return {
        "coding": [
            concept("treatment-area", area, enum_label(TreatmentArea, area))["coding"][0]
            for area, _volume in sites
        ],
        "text": ", ".join(names),
    }


def medication_administration_resource(
    use, *, with_procedure=True, map_areas=()
) -> MedicationAdministration:
    """One product of a charted session (a ChartProduct row): volume, lot, sites; part of the
    session's Procedure unless `with_procedure` is false (an export without Procedures).
    `map_areas`: the chart's injection map (ChartArea rows with their marks), if charted."""
    chart = use.chart
    treatment_session = chart.treatment_session
    product = use.lot.product
    volume = number(use.volume_ml)
    dosage = {
        "dose": {"value": volume, "unit": "mL", "system": UCUM, "code": "mL"},
        "text": f"{volume} mL from {use.units_used} unit(s) of lot {use.lot.lot_number}",
    }
    if product.amount_per_ml and product.ingredient_id and product.ingredient.amount_unit:
        amount = number(use.volume_ml * product.amount_per_ml)
        dosage["text"] += f" = {amount} {product.ingredient.amount_unit} of {product.ingredient}"
    sites = administration_sites(chart, use.lot_id, map_areas)
    if sites:
        dosage["site"] = site_concept(sites)
    if chart.technique:
        label = (
            enum_label(Technique, chart.technique) if chart.technique in Technique.values else ""
        )
        dosage["method"] = {"text": str(label or chart.technique)}
    data = {
        "id": fhir_id("MedicationAdministration", use.pk),
        "status": "completed" if chart.is_signed else "in-progress",
        "medicationReference": reference("Medication", use.lot_id),
        "subject": reference("Patient", treatment_session.patient_id),
        "effectiveDateTime": instant(treatment_session.started_at or treatment_session.starts_at),
        "performer": [{"actor": reference("Practitioner", treatment_session.practitioner_id)}],
        "dosage": dosage,
    }
    if with_procedure:
        data["partOf"] = [reference("Procedure", chart.pk)]
    return MedicationAdministration(**data)


def adverse_event_resource(event) -> AdverseEvent:
    chart = event.chart
    description = display(event, "type")
    if event.description:
        description += f": {event.description}"
    description += f". Action taken: {event.action_taken}"
    return AdverseEvent(
        id=fhir_id("AdverseEvent", event.pk),
        actuality="actual",
        event=concept("adverse-event-type", event.type, display(event, "type"), description),
        subject=reference("Patient", chart.treatment_session.patient_id),
        date=instant(event.recorded_at),
        recordedDate=instant(event.recorded_at),
        recorder=reference("Practitioner", event.recorded_by_id),
        severity={"coding": [{"system": ADVERSE_SEVERITY, "code": event.severity}]},
        suspectEntity=[{"instance": reference("Procedure", chart.pk)}],
    )


def chart_signature_provenance(chart, administration_keys: list[int]) -> Provenance:
    """Who signed the chart and when: the signature covers the session and its products."""
    who = reference("Practitioner", chart.signed_by_id)
    targets = [reference("Procedure", chart.pk)]
    targets += [reference("MedicationAdministration", key) for key in administration_keys]
    return Provenance(
        id=fhir_id("Provenance", f"chart-signed:{chart.pk}"),
        target=targets,
        recorded=instant(chart.signed_at),
        activity={"coding": [{"system": DATA_OPERATION, "code": "CREATE"}], "text": "Signed"},
        agent=[{"type": {"coding": [{"system": PROVENANCE_AGENT, "code": "author"}]}, "who": who}],
        signature=[
            {
                "type": [
                    {
                        "system": SIGNATURE_TYPE,
                        "code": "1.2.840.10065.1.12.1.1",
                        "display": "Author's Signature",
                    }
                ],
                "when": instant(chart.signed_at),
                "who": who,
            }
        ],
    )


def amendment_provenance(amendment) -> Provenance:
    """A change to a signed chart: who, when, why, and which fields (the original is kept)."""
    targets = [reference("Procedure", amendment.chart_id)]
    added = amendment.changes.get(AMENDED_ADVERSE_EVENT)
    if added and added.get("after", {}).get("id"):
        targets.append(reference("AdverseEvent", added["after"]["id"]))
    fields = ", ".join(sorted(amendment.changes))
    return Provenance(
        id=fhir_id("Provenance", f"chart-amended:{amendment.pk}"),
        target=targets,
        recorded=instant(amendment.created_at),
        activity={"coding": [{"system": DATA_OPERATION, "code": "UPDATE"}], "text": "Amended"},
        reason=[{"text": f"{amendment.reason} (changed: {fields})"}],
        agent=[
            {
                "type": {"coding": [{"system": PROVENANCE_AGENT, "code": "author"}]},
                "who": reference("Practitioner", amendment.author_id),
            }
        ],
    )
