"""Download views of the FHIR exports: one patient's record, one lot's administrations."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from clinic import audit
from interop.fhir.bundle import patient_bundle
from interop.fhir.lot import lot_bundle
from patients.models import Patient
from protocols.models import Lot

FHIR_JSON = "application/fhir+json"


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FHIR_JSON)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # a patient's record never sits in a cache
    return response


@permission_required("patients.view_clinical_record", raise_exception=True)
def patient_fhir(request, pk):
    """The patient's whole record as a FHIR R4 Bundle (GDPR articles 15 and 20)."""
    patient = get_object_or_404(Patient, pk=pk)
    export = patient_bundle(patient)
    audit.record(
        actor=request.user,
        action="patient.fhir_exported",
        target=patient,
        request=request,
        details={"sha256": export.sha256, "bytes": len(export.content), "resources": export.counts},
    )
    return _download(export.content, f"fhir-{patient.chart_number or patient.pk}.json")


@permission_required("protocols.recall_lot", raise_exception=True)
def lot_fhir(request, pk):
    """Every administration of a lot with its patients, for a recall or a regulator."""
    lot = get_object_or_404(Lot.objects.select_related("product__ingredient"), pk=pk)
    export = lot_bundle(lot)
    audit.record(
        actor=request.user,
        action="lot.fhir_exported",
        target=lot,
        request=request,
        details={
            "sha256": export.sha256,
            "patients": export.patients,
            "administrations": export.administrations,
        },
    )
    return _download(export.content, f"fhir-lot-{lot.pk}.json")
