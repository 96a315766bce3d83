"""The clinic-wide export: NDJSON per resource type plus a manifest, the same resources as the
patients' bundles, repeatable, streamed in chunks, and the --patient form of the command."""

import json
import tracemalloc
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from fhir.resources import construct_fhir_element

from clinic.models import AuditEvent
from interop.fhir import parallel
from interop.fhir.bulk import bulk_export, export_streams, lanes
from interop.fhir.bundle import patient_bundle
from interop.tests.history import full_history, render_consent_pdfs
from sessions.documents import handout_pdfs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def read_ndjson(folder):
    manifest = json.loads((folder / "manifest.json").read_text())
    resources = {}
    for output in manifest["output"]:
        lines = (folder / output["url"]).read_text().splitlines()
        assert len(lines) == output["count"]
        resources[output["type"]] = [json.loads(line) for line in lines]
    return manifest, resources


def test_the_bulk_export_holds_every_resource_of_every_patients_bundle(tmp_path):
    histories = [full_history(), full_history()]
    # One aftercare sheet printed (stored, embedded), the other only marked given (named).
    handout_pdfs.handout_pdf(treatment_session=histories[0].sessions[0], kind="aftercare")
    bulk_export(tmp_path / "out", chunk_size=2)
    manifest, resources = read_ndjson(tmp_path / "out")
    assert manifest["output"][0]["type"] == "Patient"
    assert len(resources["Patient"]) == 2
    bulk_ids = {(kind, r["id"]): r for kind, items in resources.items() for r in items}
    for history in histories:
        bundle = json.loads(patient_bundle(history.patient).content)
        for entry in bundle["entry"]:
            resource = entry["resource"]
            # The same builders: the same resource, byte for byte, in both exports.
            assert bulk_ids[(resource["resourceType"], resource["id"])] == resource
    sheets = [r["content"][0]["attachment"] for r in resources["DocumentReference"]]
    assert ["data" in sheet for sheet in sheets] == [True, False]


def test_a_second_bulk_export_writes_the_same_files(tmp_path):
    full_history()
    bulk_export(tmp_path / "a", chunk_size=3)
    bulk_export(tmp_path / "b", chunk_size=500)
    names = sorted(path.name for path in (tmp_path / "a").glob("*.ndjson"))
    assert names and names == sorted(path.name for path in (tmp_path / "b").glob("*.ndjson"))
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_the_bulk_export_reads_its_tables_in_chunks(tmp_path, django_assert_max_num_queries):
    full_history()
    # 18 sources, each a count and a few chunked reads with their prefetches: no per-row query.
    with django_assert_max_num_queries(120):
        result = bulk_export(tmp_path / "out", chunk_size=2)
    assert result.counts["Procedure"] == 3 and result.counts["Observation"] == 9


def test_the_command_writes_ndjson_with_a_progress_bar_and_audits(tmp_path):
    full_history()
    stderr = StringIO()
    call_command("fhir_export", "--all", "--output", str(tmp_path / "out"), stderr=stderr)
    assert "[" in stderr.getvalue() and "patients 1/1" in stderr.getvalue()
    assert (tmp_path / "out" / "Patient.ndjson").exists()
    event = AuditEvent.objects.get(action="clinic.fhir_exported")
    assert event.details["resources"]["Patient"] == 1


def test_the_command_writes_one_patients_bundle_to_stdout_or_a_file(tmp_path):
    patient = full_history().patient
    stdout = StringIO()
    call_command("fhir_export", "--patient", patient.chart_number, stdout=stdout)
    expected = patient_bundle(patient).content.decode()
    assert stdout.getvalue().strip() == expected
    call_command("fhir_export", "--patient", patient.chart_number, "--output", str(tmp_path / "p"))
    assert (tmp_path / "p").read_text() == expected
    assert AuditEvent.objects.filter(action="patient.fhir_exported").count() == 2


def test_the_command_refuses_bad_arguments(tmp_path):
    with pytest.raises(CommandError, match="No patient"):
        call_command("fhir_export", "--patient", "P999999")
    with pytest.raises(CommandError, match="--output"):
        call_command("fhir_export", "--all")
    with pytest.raises(CommandError):
        call_command("fhir_export")


def _peak_memory(folder, chunk_size) -> int:
    tracemalloc.start()
    try:
        bulk_export(folder, chunk_size=chunk_size)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_bulk_exports_memory_does_not_grow_with_the_clinic(tmp_path, settings):
    settings.DEBUG = False  # DEBUG keeps every query's SQL: not what an export pays
    for _ in range(2):
        full_history()
    bulk_export(tmp_path / "warm", chunk_size=3)  # first-use costs: imports, model classes
    small = _peak_memory(tmp_path / "small", chunk_size=3)
    for _ in range(6):
        full_history()
    large = _peak_memory(tmp_path / "large", chunk_size=3)
    # Four times the rows, read 3 at a time: the peak stays near the small clinic's
    # (measured 1.24 times: per-source overheads).
    # Reading whole tables instead (list(queryset)) measured 2.7 times the small peak here.
    assert large < small * 1.6, (small, large)


def _files(folder) -> dict:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.ndjson"))}


def test_the_two_lanes_write_disjoint_files_that_make_the_one_process_export(tmp_path):
    full_history()
    handout_pdfs.handout_pdf(treatment_session=full_history().sessions[0], kind="aftercare")
    whole = bulk_export(tmp_path / "whole", chunk_size=2)
    counts = []
    (tmp_path / "lanes").mkdir()
    for lane in lanes(2):  # in this process, one after the other
        counts.append(export_streams(tmp_path / "lanes", lane, chunk_size=2, progress=None).counts)
    assert counts[0] and counts[1] and not set(counts[0]) & set(counts[1])
    assert {**counts[0], **counts[1]} == whole.counts
    assert _files(tmp_path / "lanes") == _files(tmp_path / "whole")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_write_the_same_files_as_one(tmp_path, settings):
    if connection.vendor == "sqlite":
        pytest.skip(
            "forked processes cannot see the in-memory SQLite test database (DATABASE_URL=postgres://...)"
        )
    settings.MEDIA_ROOT = tmp_path / "media"
    full_history()
    one = bulk_export(tmp_path / "one", chunk_size=2)
    two = bulk_export(tmp_path / "two", chunk_size=2, jobs=2)
    assert two.counts == one.counts and two.rows == one.rows
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
    manifest = json.loads((tmp_path / "two" / "manifest.json").read_text())
    assert [o["type"] for o in manifest["output"]] == one.files


def test_a_failing_export_process_is_reported_not_hung(tmp_path, monkeypatch):
    def broken():
        raise ValueError("lane broke")

    with pytest.raises(RuntimeError, match="lane broke"):
        parallel.run_lanes([lambda: 1, broken])


def test_a_sheet_whose_stored_file_is_lost_is_named_without_bytes_not_a_crash(tmp_path, settings):
    history = full_history()
    handout_pdfs.handout_pdf(treatment_session=history.sessions[0], kind="aftercare")
    handout = history.sessions[0].handouts.get(kind="aftercare")
    (settings.MEDIA_ROOT / handout.pdf.name).unlink()
    bulk_export(tmp_path / "out", chunk_size=2)
    _manifest, resources = read_ndjson(tmp_path / "out")
    (sheet,) = resources["DocumentReference"]
    attachment = sheet["content"][0]["attachment"]
    assert "data" not in attachment and attachment["title"] == "Aftercare sheet"
    bundle = json.loads(patient_bundle(history.patient).content)
    assert any(e["resource"]["id"] == sheet["id"] for e in bundle["entry"])


def test_every_resource_of_every_bulk_file_parses_back_through_the_r4_models(tmp_path):
    history = full_history()
    render_consent_pdfs(history.patient)  # the withdrawal with its PDF too
    handout_pdfs.handout_pdf(treatment_session=history.sessions[0], kind="aftercare")
    bulk_export(tmp_path / "out", chunk_size=2)
    _manifest, resources = read_ndjson(tmp_path / "out")
    assert len(resources) == 17  # every resource type the export writes
    for kind, items in resources.items():
        for resource in items:
            assert resource["resourceType"] == kind
            construct_fhir_element(kind, resource)  # unknown fields or bad types raise
