"""One patient's FHIR record: every resource validates, references resolve, the counts match
the history, a re-export is byte-identical and the query count does not grow with sessions."""

import base64
import hashlib
import json
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from fhir.resources import construct_fhir_element

from interop.fhir.bundle import patient_bundle
from interop.tests.history import (
    History,
    course,
    full_history,
    monday_weeks_ago,
    render_consent_pdfs,
)
from patients.tests.factories import PatientFactory, record_history
from sessions.charting import amendments
from sessions.documents import consents as consent_services
from sessions.documents import handout_pdfs
from sessions.models import DocumentHandout
from tests.support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def bundle_of(patient) -> dict:
    return json.loads(patient_bundle(patient).content)


def references(node):
    """Every Reference.reference string anywhere in a resource."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def test_the_full_history_exports_the_expected_resources_of_each_type():
    history = full_history()
    bundle = bundle_of(history.patient)
    counts = Counter(entry["resource"]["resourceType"] for entry in bundle["entry"])
    assert counts == {
        "Patient": 1,
        "Practitioner": 1,
        "AllergyIntolerance": 1,  # soy, in both reviews
        "Condition": 1,  # diabetes, in the first review only: inactive now
        "MedicationStatement": 1,
        "DetectedIssue": 1,  # the NSAID warning, overridden with a reason
        "PlanDefinition": 1,
        "CarePlan": 1,
        "Appointment": 3,
        "Procedure": 3,
        "Medication": 1,  # one lot
        "MedicationAdministration": 3,
        "Observation": 9,  # smoking + 2 measurements a session + GAIS at sessions 2 and 3
        "AdverseEvent": 1,
        "Consent": 2,  # the consent and its withdrawal
        "DocumentReference": 1,
        "Provenance": 3 + 1 + 1 + 2,  # chart signatures, amendments, consent signatures
    }
    assert bundle["type"] == "collection"
    resources = {e["resource"]["resourceType"]: e["resource"] for e in bundle["entry"]}
    assert resources["Patient"]["active"] is False  # archived
    assert resources["Condition"]["clinicalStatus"]["coding"][0]["code"] == "inactive"
    assert resources["AllergyIntolerance"]["clinicalStatus"]["coding"][0]["code"] == "active"
    procedures = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Procedure"
    ]
    assert "outcome" not in procedures[0]  # no GAIS at the first session
    notes = [note["text"] for note in procedures[0]["note"]]
    assert "Corrected note" in notes and "Session 1" not in notes  # as amended
    assert procedures[1]["outcome"]["text"].endswith("2 — Much improved")
    issue = resources["DetectedIssue"]
    assert "Ibuprofen paused" in issue["mitigation"][0]["action"]["text"]


def test_every_resource_validates_and_every_reference_resolves_inside_the_bundle():
    bundle = bundle_of(full_history().patient)
    full_urls = {entry["fullUrl"] for entry in bundle["entry"]}
    assert len(full_urls) == len(bundle["entry"])
    base = bundle["entry"][0]["fullUrl"].rsplit("/", 2)[0]
    canonicals = set()
    for entry in bundle["entry"]:
        resource = entry["resource"]
        # Parse each resource back through the R4 models: unknown fields or bad types raise.
        construct_fhir_element(resource["resourceType"], resource)
        assert entry["fullUrl"] == f"{base}/{resource['resourceType']}/{resource['id']}"
        if resource["resourceType"] == "PlanDefinition":
            canonicals.add(f"{resource['url']}|{resource['version']}")
    construct_fhir_element("Bundle", bundle)
    walked = 0
    for entry in bundle["entry"]:
        for reference in references(entry["resource"]):
            walked += 1
            assert f"{base}/{reference}" in full_urls, reference
        for canonical in entry["resource"].get("instantiatesCanonical", []):
            assert canonical in canonicals
    assert walked > 50


def test_the_consent_carries_its_pdf_with_hashes_and_the_withdrawal_points_at_it():
    history = full_history()
    record = history.consents[0]
    rendered = consent_services.consent_pdf_render(record_id=record.pk)
    bundle = bundle_of(history.patient)
    consents_out = {
        e["resource"]["id"]: e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Consent"
    }
    signed = next(c for c in consents_out.values() if "sourceReference" not in c)
    withdrawal = next(c for c in consents_out.values() if "sourceReference" in c)
    assert signed["status"] == "inactive"  # withdrawn
    assert withdrawal["provision"]["type"] == "deny"
    assert withdrawal["sourceReference"]["reference"] == f"Consent/{signed['id']}"
    attachment = signed["sourceAttachment"]
    pdf = base64.b64decode(attachment["data"])
    assert pdf.startswith(b"%PDF")
    assert attachment["hash"] == base64.b64encode(hashlib.sha1(pdf).digest()).decode()
    assert attachment["extension"][0]["valueString"] == rendered.pdf_sha256


def test_a_withdrawal_with_its_signed_pdf_exports_valid_and_still_names_what_it_withdraws():
    # R4 allows one source[x]: the withdrawal's own PDF wins, the withdrawn consent moves to
    # the deny provision (a withdrawal and its consent, both rendered, failed to validate).
    history = full_history()
    render_consent_pdfs(history.patient)
    bundle = bundle_of(history.patient)
    consents_out = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Consent"
    ]
    withdrawal = next(c for c in consents_out if c["provision"]["type"] == "deny")
    signed = next(c for c in consents_out if c["provision"]["type"] == "permit")
    assert "sourceReference" not in withdrawal
    assert base64.b64decode(withdrawal["sourceAttachment"]["data"]).startswith(b"%PDF")
    related = [d["reference"]["reference"] for d in withdrawal["provision"]["data"]]
    assert f"Consent/{signed['id']}" in related
    construct_fhir_element("Consent", withdrawal)


def test_a_handed_out_sheet_carries_its_stored_pdf_and_re_exports_byte_identical(settings):
    history = full_history()  # the aftercare sheet of session 1 given
    first = history.sessions[0]
    printed = handout_pdfs.handout_pdf(treatment_session=first, kind="aftercare")
    handout = DocumentHandout.objects.get(treatment_session=first, kind="aftercare")
    stored = (settings.MEDIA_ROOT / handout.pdf.name).read_bytes()
    export = patient_bundle(history.patient)
    bundle = json.loads(export.content)
    [sheet] = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
    ]
    construct_fhir_element("DocumentReference", sheet)
    attachment = sheet["content"][0]["attachment"]
    assert base64.b64decode(attachment["data"]) == stored == printed
    assert attachment["size"] == len(stored)
    assert attachment["hash"] == base64.b64encode(hashlib.sha1(stored).digest()).decode()
    sha256 = attachment["extension"][0]["valueString"]
    assert sha256 == handout.pdf_sha256 == hashlib.sha256(stored).hexdigest()
    full_urls = {entry["fullUrl"] for entry in bundle["entry"]}
    base = bundle["entry"][0]["fullUrl"].rsplit("/", 2)[0]
    related = list(references(sheet))
    assert {reference.split("/")[0] for reference in related} == {
        "Patient",
        "Appointment",
        "Procedure",
        "Practitioner",
    }
    assert all(f"{base}/{reference}" in full_urls for reference in related)
    handout_pdfs.handout_pdf(treatment_session=first, kind="aftercare")  # a reprint
    assert patient_bundle(history.patient).content == export.content


def test_a_re_export_of_unchanged_data_is_byte_identical():
    history = full_history()
    first = patient_bundle(history.patient)
    second = patient_bundle(history.patient)
    assert first.content == second.content
    assert first.sha256 == second.sha256 == hashlib.sha256(first.content).hexdigest()


def test_a_change_to_the_record_changes_the_export():
    history = full_history()
    before = patient_bundle(history.patient)
    amendments.chart_amend(
        chart=history.sessions[2].chart,
        reason="Injection points counted again",
        changes={"injection_points": 40},
        by=history.practitioner,
    )
    after = patient_bundle(history.patient)
    assert after.sha256 != before.sha256
    assert after.counts["Provenance"] == before.counts["Provenance"] + 1
    assert "Injection points: 40" in after.content.decode()


def _history_with_sessions(count: int) -> History:
    practitioner = make_user("practitioner", username=f"doc-{count}")
    history = History(patient=PatientFactory(), practitioner=practitioner)
    record_history(history.patient, by=practitioner, smoking="never")
    for index in range(count // 2):
        course(
            history,
            start=monday_weeks_ago(40 - 10 * index),
            sessions=2,
            slug=f"ha-{count}-{index}",
            override=False,
        )
    return history


def test_the_query_count_of_one_export_does_not_grow_with_the_number_of_sessions(
    django_assert_max_num_queries, django_assert_num_queries
):
    small, large = _history_with_sessions(2), _history_with_sessions(6)
    assert len(small.sessions) == 2 and len(large.sessions) == 6
    with CaptureQueriesContext(connection) as small_queries:
        patient_bundle(small.patient)
    with django_assert_num_queries(len(small_queries)):
        patient_bundle(large.patient)
    with django_assert_max_num_queries(16):
        patient_bundle(large.patient)


def test_a_newly_registered_patient_exports_alone_and_valid():
    patient = PatientFactory(phone="", email="")
    bundle = bundle_of(patient)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]
    resource = bundle["entry"][0]["resource"]
    construct_fhir_element("Patient", resource)
    assert resource["active"] is True and "telecom" not in resource
    assert resource["identifier"][0]["value"] == patient.chart_number
