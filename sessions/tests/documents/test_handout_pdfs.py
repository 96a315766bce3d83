"""A handed-out sheet's PDF is stored once, at its first print (or by a task when it is marked
given without one), and never changed: a reprint serves the stored bytes. A failed render or a
broker that cannot be reached never loses the handout row; the PDF is made on the next print."""

import hashlib

import pytest
from django.urls import reverse

from clinic.models import AuditEvent
from sessions.documents import handout_pdfs, handouts, sheets
from sessions.models import DocumentHandout, TreatmentSession
from sessions.tests.factories.charts import charted_session_kwargs
from sessions.tests.factories.courses import library_course

pytestmark = pytest.mark.django_db

PdfStatus = DocumentHandout.PdfStatus


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _print(client, pk, kind="aftercare"):
    return client.get(reverse(f"treatments:{kind}_sheet", args=[pk]))


def _handout(pk, kind="aftercare") -> DocumentHandout:
    return DocumentHandout.objects.get(treatment_session_id=pk, kind=kind)


def _never_rendered(*args, **kwargs):
    raise AssertionError("the sheet was rendered again")


def test_the_first_print_stores_the_sheet_and_a_reprint_serves_the_same_bytes(
    client, practitioner, monkeypatch, tmp_path
):
    pk = charted_session_kwargs()["pk"]
    client.force_login(practitioner)
    first = _print(client, pk)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    handout = _handout(pk)
    assert handout.pdf_status == PdfStatus.RENDERED and handout.pdf_rendered_at
    assert handout.pdf.name.startswith(f"handouts/{handout.treatment_session.patient_id}/")
    stored = (tmp_path / handout.pdf.name).read_bytes()  # private storage, under MEDIA_ROOT
    assert stored == first.content
    assert handout.pdf_sha256 == hashlib.sha256(stored).hexdigest()
    # A reprint (days later, after the next appointment moved) never renders again.
    monkeypatch.setattr(sheets, "render_handout", _never_rendered)
    second = _print(client, pk)
    assert second.status_code == 200 and second.content == first.content
    handout.refresh_from_db()
    assert handout.pdf.name and (tmp_path / handout.pdf.name).read_bytes() == stored
    assert AuditEvent.objects.filter(action="document.pdf_stored").count() == 1
    assert AuditEvent.objects.filter(action="document.printed").count() == 2


def test_each_kind_of_sheet_is_stored_on_its_own(client, practitioner):
    pk = charted_session_kwargs()["pk"]
    client.force_login(practitioner)
    aftercare = _print(client, pk, "aftercare").content
    precare = _print(client, pk, "precare").content
    assert aftercare != precare
    assert _handout(pk, "precare").pdf_sha256 == hashlib.sha256(precare).hexdigest()
    assert _handout(pk, "aftercare").pdf_sha256 == hashlib.sha256(aftercare).hexdigest()


def test_a_failed_render_keeps_the_handout_and_the_next_print_stores_it(
    client, practitioner, monkeypatch
):
    pk = charted_session_kwargs()["pk"]
    client.force_login(practitioner)
    real_render = sheets.render_handout

    def broken(*args, **kwargs):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr(sheets, "render_handout", broken)
    response = _print(client, pk)
    assert response.status_code == 503
    assert "could not be made" in response.content.decode()
    handout = _handout(pk)
    assert handout.pdf_status == PdfStatus.FAILED and "fonts missing" in handout.pdf_error
    assert not handout.pdf
    assert AuditEvent.objects.filter(action="document.pdf_failed").count() == 1
    assert not AuditEvent.objects.filter(action="document.printed").exists()
    monkeypatch.setattr(sheets, "render_handout", real_render)
    response = _print(client, pk)
    assert response.status_code == 200
    handout.refresh_from_db()
    assert handout.pdf_status == PdfStatus.RENDERED and handout.pdf_error == ""
    assert handout.pdf_sha256 == hashlib.sha256(response.content).hexdigest()


def test_an_uncharted_session_writes_no_handout(client, practitioner):
    _plan, sessions = library_course(book_sessions=1)
    client.force_login(practitioner)
    assert _print(client, sessions[0].pk).status_code == 409
    assert not DocumentHandout.objects.exists()


def test_a_sheet_given_without_a_print_is_stored_after_the_commit(
    practitioner, django_capture_on_commit_callbacks
):
    pk = charted_session_kwargs()["pk"]
    treatment_session = TreatmentSession.objects.get(pk=pk)
    with django_capture_on_commit_callbacks(execute=True):
        handouts.handout_mark_given(
            treatment_session=treatment_session, kind="precare", channel="emailed", by=practitioner
        )
    handout = _handout(pk, "precare")
    assert handout.status == DocumentHandout.Status.GIVEN
    assert handout.pdf_status == PdfStatus.RENDERED
    stored = handout_pdfs.stored_pdf(handout)
    assert handout.pdf_sha256 == hashlib.sha256(stored).hexdigest()
    # Given again (a reprint): nothing is queued and the stored sheet stays.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        handouts.handout_mark_given(
            treatment_session=treatment_session, kind="precare", channel="printed", by=practitioner
        )
    assert callbacks == []
    handout.refresh_from_db()
    assert handout_pdfs.stored_pdf(handout) == stored


def test_with_the_broker_down_the_handout_is_given_and_the_print_makes_the_pdf(
    client, practitioner, broker_down, django_capture_on_commit_callbacks, caplog
):
    pk = charted_session_kwargs()["pk"]
    client.force_login(practitioner)
    url = reverse("treatments:handout_given", kwargs={"pk": pk, "kind": "aftercare"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"channel": "emailed"})
    assert response.status_code == 302  # the request succeeds; robust=True logs the failure
    assert "in on_commit()" in caplog.text
    handout = _handout(pk)
    assert handout.status == DocumentHandout.Status.GIVEN and handout.channel == "emailed"
    assert handout.pdf_status == PdfStatus.PENDING and not handout.pdf
    response = _print(client, pk)  # on demand
    assert response.status_code == 200
    handout.refresh_from_db()
    assert handout.pdf_status == PdfStatus.RENDERED
    assert handout.status == DocumentHandout.Status.GIVEN  # the print changes no state
    assert handout_pdfs.stored_pdf(handout) == response.content


def test_the_task_leaves_a_stored_sheet_alone(practitioner, monkeypatch):
    pk = charted_session_kwargs()["pk"]
    treatment_session = TreatmentSession.objects.get(pk=pk)
    first = handout_pdfs.handout_pdf(treatment_session=treatment_session, kind="aftercare")
    monkeypatch.setattr(sheets, "render_handout", _never_rendered)
    handout = handout_pdfs.handout_pdf_store(handout_id=_handout(pk).pk)
    assert handout_pdfs.stored_pdf(handout) == first


def test_a_reprint_whose_stored_file_is_lost_renders_it_again_stores_it_and_says_so(
    client, practitioner, monkeypatch, tmp_path
):
    pk = charted_session_kwargs()["pk"]
    client.force_login(practitioner)
    first = _print(client, pk)
    handout = _handout(pk)
    lost, lost_sha256 = handout.pdf.name, handout.pdf_sha256
    (tmp_path / lost).unlink()  # a restore from backup without the media folder, say
    second = _print(client, pk)
    assert second.status_code == 200 and second.content.startswith(b"%PDF")
    handout.refresh_from_db()
    assert handout.pdf_status == PdfStatus.RENDERED
    assert (tmp_path / handout.pdf.name).read_bytes() == second.content
    assert handout.pdf_sha256 == hashlib.sha256(second.content).hexdigest()
    event = AuditEvent.objects.get(action="document.pdf_missing")
    assert event.details["file"] == lost and event.details["sha256"] == lost_sha256
    assert event.details["restored"] is True
    assert event.details["new_sha256"] == handout.pdf_sha256
    assert event.details["new_file"] == handout.pdf.name
    assert first.content.startswith(b"%PDF")
    # Stored again: the next reprint serves those bytes without rendering.
    monkeypatch.setattr(sheets, "render_handout", _never_rendered)
    assert _print(client, pk).content == second.content
    assert AuditEvent.objects.filter(action="document.pdf_missing").count() == 1


def test_a_lost_file_that_cannot_be_rendered_again_is_a_clear_503_and_audited(
    client, practitioner, monkeypatch, tmp_path
):
    pk = charted_session_kwargs()["pk"]
    client.force_login(practitioner)
    _print(client, pk)
    handout = _handout(pk)
    (tmp_path / handout.pdf.name).unlink()

    def broken(*args, **kwargs):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr(sheets, "render_handout", broken)
    response = _print(client, pk)
    assert response.status_code == 503
    assert "could not be made" in response.content.decode()
    event = AuditEvent.objects.get(action="document.pdf_missing")
    assert event.details["restored"] is False and event.details["file"] == handout.pdf.name
