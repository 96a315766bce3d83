"""The export's own serialiser gives exactly the library's JSON, for every resource type."""

import json

import pytest
from django.utils import translation
from fhir.resources.bundle import Bundle

from interop.fhir.bundle import build_resources, load_patient_record
from interop.fhir.serialise import resource_data
from interop.tests.history import full_history, render_consent_pdfs
from sessions.documents import handout_pdfs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_fast_serialiser_matches_the_librarys_json_for_every_resource_type():
    history = full_history()
    render_consent_pdfs(history.patient)
    handout_pdfs.handout_pdf(treatment_session=history.sessions[0], kind="aftercare")
    with translation.override("en"):
        resources = build_resources(load_patient_record(history.patient))
    kinds = set()
    for resource in resources:
        kinds.add(resource.resource_type)
        assert resource_data(resource) == json.loads(resource.json()), resource.resource_type
    assert len(kinds) == 17  # every type the export writes
    bundle = Bundle(type="collection", entry=[{"resource": r} for r in resources[:3]])
    assert resource_data(bundle) == json.loads(bundle.json())
