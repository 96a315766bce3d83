"""A lot's FHIR export for recalls and regulators: every MedicationAdministration of the lot,
with its Medication, the patients who received it and the practitioners who gave it.

The rows are exactly the recall page's (protocols.views.recall_rows): every ChartProduct of the
lot, signed or not, in session order."""

import hashlib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import translation
from fhir.resources.bundle import Bundle

from interop.fhir import patient as patient_builders
from interop.fhir import treatments
from interop.fhir.bundle import dumps, map_areas_by_chart, resource_json
from interop.fhir.ids import fhir_id, full_url
from patients.models import Patient
from sessions.models import ChartProduct


def lot_uses(lot):
    """The lot's ChartProduct rows, as the recall page lists them."""
    return (
        ChartProduct.objects.filter(lot=lot)
        .select_related("chart__treatment_session", "lot__product__ingredient")
        .order_by("chart__treatment_session__starts_at", "pk")
    )


@dataclass(frozen=True)
class LotExport:
    content: bytes
    sha256: str
    patients: int
    administrations: int


def lot_bundle(lot) -> LotExport:
    """A Bundle (collection): the Medication, its administrations, patients, practitioners.
    The administrations leave out `partOf` (the session's Procedure is in the patient's own
    record, which a lot export does not carry)."""
    with translation.override("en"):
        uses = list(lot_uses(lot))
        patient_ids = {use.chart.treatment_session.patient_id for use in uses}
        user_ids = {use.chart.treatment_session.practitioner_id for use in uses}
        patients = Patient.objects.filter(pk__in=patient_ids).order_by("pk")
        users = get_user_model().objects.filter(pk__in=user_ids).order_by("pk")
        maps = map_areas_by_chart({use.chart_id for use in uses})
        resources = [treatments.medication_resource(lot)]
        resources += [
            treatments.medication_administration_resource(
                use, with_procedure=False, map_areas=maps.get(use.chart_id, ())
            )
            for use in uses
        ]
        resources += [patient_builders.patient_resource(patient) for patient in patients]
        resources += [patient_builders.practitioner_resource(user) for user in users]
        bundle = Bundle(
            id=fhir_id("Bundle", f"lot:{lot.pk}"),
            type="collection",
            entry=[{"fullUrl": full_url(r.resource_type, r.id), "resource": r} for r in resources],
        )
        content = dumps(resource_json(bundle)).encode("utf-8")
    return LotExport(content, hashlib.sha256(content).hexdigest(), len(patient_ids), len(uses))
