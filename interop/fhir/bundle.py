"""One patient's record as a FHIR Bundle (type collection): load every row in a fixed number of
queries, build the resources, and serialise them byte-stably (sorted keys, no export time)."""

import hashlib
import json
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import translation
from fhir.resources.bundle import Bundle

from interop.fhir import clinical, treatments
from interop.fhir import patient as patient_builders
from interop.fhir.ids import fhir_id, full_url
from interop.fhir.serialise import resource_data
from patients.models import Consultation, Measurement, MedicalHistoryReview, PatientMedication
from protocols.models import Lot, ProtocolVersion
from sessions.models import (
    AdverseEvent,
    ChartAmendment,
    ChartArea,
    ChartProduct,
    ConsentRecord,
    DocumentHandout,
    MapMark,
    TreatmentPlan,
    TreatmentSession,
)

# Entry order in the bundle: the patient first, then who, what was planned, what was done.
RESOURCE_ORDER = [
    "Patient",
    "Practitioner",
    "AllergyIntolerance",
    "Condition",
    "MedicationStatement",
    "DetectedIssue",
    "PlanDefinition",
    "CarePlan",
    "Appointment",
    "Procedure",
    "Medication",
    "MedicationAdministration",
    "Observation",
    "AdverseEvent",
    "Consent",
    "DocumentReference",
    "Provenance",
]


def dumps(data: dict) -> str:
    """The one JSON form of an export: sorted keys, compact, UTF-8 text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def resource_json(resource) -> dict:
    return resource_data(resource)


@dataclass
class PatientRecord:
    """Every row of one patient's export, loaded once (the builders then never query)."""

    patient: object
    reviews: list = field(default_factory=list)
    medications: list = field(default_factory=list)
    consultations: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    products: list = field(default_factory=list)
    adverse_events: list = field(default_factory=list)
    amendments: list = field(default_factory=list)
    map_areas: dict = field(default_factory=dict)
    measurements: list = field(default_factory=list)
    consents: list = field(default_factory=list)
    handouts: list = field(default_factory=list)
    versions: list = field(default_factory=list)
    lots: list = field(default_factory=list)
    users: list = field(default_factory=list)


def load_patient_record(patient) -> PatientRecord:
    """One query per kind of row (15 in all), whatever the size of the history."""
    record = PatientRecord(patient=patient)
    record.reviews = list(MedicalHistoryReview.objects.filter(patient=patient))
    record.medications = list(
        PatientMedication.objects.filter(patient=patient)
        .select_related("catalogue_entry")
        .order_by("pk")
    )
    record.consultations = list(Consultation.objects.filter(patient=patient).order_by("pk"))
    record.plans = list(
        TreatmentPlan.objects.filter(patient=patient)
        .select_related("protocol_version__protocol")
        .order_by("pk")
    )
    record.sessions = list(
        TreatmentSession.objects.filter(patient=patient)
        .select_related("plan__protocol_version__protocol", "chart")
        .order_by("starts_at", "pk")
    )
    chart_ids = [s.chart.pk for s in record.sessions if hasattr(s, "chart")]
    record.products = list(
        ChartProduct.objects.filter(chart_id__in=chart_ids)
        .select_related("chart__treatment_session", "lot__product__ingredient")
        .order_by("pk")
    )
    record.adverse_events = list(
        AdverseEvent.objects.filter(chart_id__in=chart_ids)
        .select_related("chart__treatment_session")
        .order_by("pk")
    )
    record.amendments = list(
        ChartAmendment.objects.filter(chart_id__in=chart_ids).order_by("created_at", "pk")
    )
    record.map_areas = map_areas_by_chart(chart_ids)
    record.measurements = list(
        Measurement.objects.filter(patient=patient).select_related("treatment_session__chart")
    )
    record.consents = list(
        ConsentRecord.objects.filter(patient=patient).select_related("protocol_version__protocol")
    )
    record.consents.sort(key=lambda consent: consent.pk)
    record.handouts = list(
        DocumentHandout.objects.filter(treatment_session__patient=patient)
        .select_related("treatment_session")
        .order_by("pk")
    )
    version_ids = {plan.protocol_version_id for plan in record.plans}
    version_ids |= {consent.protocol_version_id for consent in record.consents}
    version_ids |= {c.protocol_version_id for c in record.consultations if c.protocol_version_id}
    record.versions = list(
        ProtocolVersion.objects.filter(pk__in=version_ids)
        .select_related("protocol__indication")
        .order_by("pk")
    )
    lot_ids = {use.lot_id for use in record.products}
    record.lots = list(
        Lot.objects.filter(pk__in=lot_ids).select_related("product__ingredient").order_by("pk")
    )
    record.users = list(
        get_user_model().objects.filter(pk__in=referenced_user_ids(record)).order_by("pk")
    )
    return record


def map_areas_by_chart(chart_ids) -> dict[int, list]:
    """The injection maps of these charts (areas with their marks), by chart: 2 queries."""
    areas = ChartArea.objects.filter(chart_id__in=chart_ids).prefetch_related(
        Prefetch("marks", queryset=MapMark.objects.order_by("pk"))
    )
    by_chart: dict[int, list] = {}
    for charted in areas.order_by("chart_id", "pk"):
        by_chart.setdefault(charted.chart_id, []).append(charted)
    return by_chart


def referenced_user_ids(record: PatientRecord) -> set[int]:
    ids = {review.reviewed_by_id for review in record.reviews}
    ids |= {medication.added_by_id for medication in record.medications}
    ids |= {consultation.practitioner_id for consultation in record.consultations}
    ids |= {plan.created_by_id for plan in record.plans}
    ids |= {s.practitioner_id for s in record.sessions}
    ids |= {s.chart.signed_by_id for s in record.sessions if hasattr(s, "chart")}
    ids |= {event.recorded_by_id for event in record.adverse_events}
    ids |= {amendment.author_id for amendment in record.amendments}
    ids |= {measurement.recorded_by_id for measurement in record.measurements}
    ids |= {consent.witnessed_by_id or consent.created_by_id for consent in record.consents}
    ids |= {handout.given_by_id for handout in record.handouts}
    return {pk for pk in ids if pk is not None}


def chart_of(treatment_session):
    return getattr(treatment_session, "chart", None)


def build_resources(record: PatientRecord) -> list:
    """Every resource of the record, in RESOURCE_ORDER then row order."""
    patient = record.patient
    resources = [patient_builders.patient_resource(patient)]
    resources += [patient_builders.practitioner_resource(user) for user in record.users]
    resources += patient_builders.history_resources(record.reviews, patient.pk)
    resources += [patient_builders.medication_statement_resource(m) for m in record.medications]
    for consultation in record.consultations:
        resources += clinical.detected_issue_resources(consultation)
    resources += [treatments.plan_definition_resource(v) for v in record.versions]
    sessions_by_plan: dict[int, list[int]] = {}
    for treatment_session in record.sessions:
        if treatment_session.plan_id:
            sessions_by_plan.setdefault(treatment_session.plan_id, []).append(treatment_session.pk)
    resources += [
        treatments.care_plan_resource(plan, sessions_by_plan.get(plan.pk, []))
        for plan in record.plans
    ]
    resources += [treatments.appointment_resource(s) for s in record.sessions]
    amendments_by_chart: dict[int, list] = {}
    for amendment in record.amendments:
        amendments_by_chart.setdefault(amendment.chart_id, []).append(amendment)
    charts = [chart_of(s) for s in record.sessions if chart_of(s) is not None]
    measurements_by_session: dict[int, list] = {}
    for measurement in record.measurements:
        measurements_by_session.setdefault(measurement.treatment_session_id, []).append(measurement)
    resources += [
        treatments.procedure_resource(
            chart,
            amendments_by_chart.get(chart.pk, []),
            measurements_by_session.get(chart.treatment_session_id, []),
        )
        for chart in charts
    ]
    resources += [treatments.medication_resource(lot) for lot in record.lots]
    resources += [
        treatments.medication_administration_resource(
            use, map_areas=record.map_areas.get(use.chart_id, ())
        )
        for use in record.products
    ]
    resources += [
        clinical.observation_resource(m, measurement_procedure(m)) for m in record.measurements
    ]
    resources += [treatments.adverse_event_resource(event) for event in record.adverse_events]
    withdrawn = {consent.withdraws_id for consent in record.consents if consent.withdraws_id}
    resources += [
        clinical.consent_resource(consent, consent.pk in withdrawn) for consent in record.consents
    ]
    procedure_by_session = {chart.treatment_session_id: chart.pk for chart in charts}
    resources += [
        clinical.document_reference_resource(
            handout, procedure_by_session.get(handout.treatment_session_id)
        )
        for handout in record.handouts
    ]
    products_by_chart: dict[int, list[int]] = {}
    for use in record.products:
        products_by_chart.setdefault(use.chart_id, []).append(use.pk)
    resources += [
        treatments.chart_signature_provenance(chart, products_by_chart.get(chart.pk, []))
        for chart in charts
        if chart.is_signed
    ]
    resources += [treatments.amendment_provenance(a) for a in record.amendments]
    resources += [
        clinical.consent_signature_provenance(consent)
        for consent in record.consents
        if consent.is_signed
    ]
    order = {name: index for index, name in enumerate(RESOURCE_ORDER)}
    return sorted(resources, key=lambda resource: order[resource.resource_type])


def measurement_procedure(measurement) -> int | None:
    """The Procedure (chart) of the session a measurement was taken at, if charted."""
    treatment_session = measurement.treatment_session
    if treatment_session is None:
        return None
    chart = getattr(treatment_session, "chart", None)
    return chart.pk if chart is not None else None


@dataclass(frozen=True)
class PatientExport:
    content: bytes
    sha256: str
    counts: dict


def patient_bundle(patient) -> PatientExport:
    """The patient's record as a FHIR R4 Bundle of type collection, serialised."""
    with translation.override("en"):  # codes' display texts in one language, every time
        record = load_patient_record(patient)
        resources = build_resources(record)
        bundle = Bundle(
            id=fhir_id("Bundle", patient.pk),
            type="collection",
            entry=[
                {
                    "fullUrl": full_url(resource.resource_type, resource.id),
                    "resource": resource,
                }
                for resource in resources
            ],
        )
        content = dumps(resource_json(bundle)).encode("utf-8")
    counts: dict[str, int] = {}
    for resource in resources:
        counts[resource.resource_type] = counts.get(resource.resource_type, 0) + 1
    return PatientExport(content, hashlib.sha256(content).hexdigest(), counts)
