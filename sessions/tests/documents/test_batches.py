"""The front desk's batch of sheets for a day: printed at once when small, in the background
with progress and a download when large, or in the request when no worker picked it up."""

import datetime
import time
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from sessions.documents import batches, releases
from sessions.scheduling import booking
from sessions.tests.factories.charts import chart
from sessions.tests.factories.courses import library_course
from tests.support import flat, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


# --- Front-desk batch -----------------------------------------------------------------------


def _day_of_sheets():
    """Two patients booked the same Monday: (day, Ada's session, Grace's session)."""
    _plan, first = library_course(first_name="Ada", last_name="Lovelace", book_sessions=1)
    practitioner = first[0].practitioner
    plan, _none = library_course(
        first_name="Grace", last_name="Hopper", book_sessions=0, practitioner=practitioner
    )
    start = first[0].starts_at + datetime.timedelta(hours=2)
    second = booking.session_book(
        patient=plan.patient,
        practitioner=practitioner,
        room=first[0].room,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=45),
        by=practitioner,
        plan=plan,
        sequence=1,
    )
    return timezone.localtime(first[0].starts_at).date(), first[0], second


def test_a_small_batch_prints_at_once_one_sheet_per_session(
    client, front_desk, practitioner, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    day, first, second = _day_of_sheets()
    client.force_login(front_desk)
    url = reverse("treatments:documents_batch")
    # Nothing released yet: the front desk's batch holds no sheet (issue 13).
    page = client.get(url, {"precare_day": day.isoformat(), "aftercare_day": ""})
    assert page.status_code == 200 and "Ada Lovelace" not in page.content.decode()
    for item in (first, second):
        releases.document_release(kind="precare", document=item, by=practitioner)
    page = client.get(url, {"precare_day": day.isoformat(), "aftercare_day": ""})
    assert page.status_code == 200 and "Ada Lovelace" in page.content.decode()
    response = client.post(url, {"precare_day": day.isoformat(), "aftercare_day": ""})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 2
    assert "Ada Lovelace" in reader.pages[0].extract_text()
    assert "Grace Hopper" in reader.pages[1].extract_text()
    assert "Page 1 of 1" in flat(reader.pages[1].extract_text())  # each sheet numbers its own


def test_a_large_batch_runs_in_the_background_with_progress_and_a_download(
    client,
    front_desk,
    practitioner,
    settings,
    tmp_path,
    monkeypatch,
    django_capture_on_commit_callbacks,
):

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(batches, "BATCH_SYNC_LIMIT", 1)
    day, first, second = _day_of_sheets()
    chart(first)
    releases.document_release(kind="aftercare", document=first, by=practitioner)
    releases.document_release(kind="precare", document=second, by=practitioner)
    client.force_login(front_desk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("treatments:documents_batch"),
            {"precare_day": day.isoformat(), "aftercare_day": day.isoformat()},
        )
    assert response.status_code == 302 and len(callbacks) == 1
    status_url = response["Location"]
    batch_id = status_url.rstrip("/").rsplit("/", 1)[-1]
    page = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Waiting for the background worker" in page and 'hx-trigger="every 2s"' in page
    job = batches.batch_run(batch_id)  # what the task does, called directly
    assert job["status"] == "done" and job["done"] == job["total"] == 2
    page = client.get(status_url).content.decode()
    assert "2 sheets are ready" in page
    download = client.get(reverse("treatments:documents_batch_download", args=[batch_id]))
    data = b"".join(download.streaming_content)
    assert pdf_pages(data) == 2
    text = pdf_text(data)
    assert "Getting ready for your" in text and "After your" in text
    # Running it again (a duplicated message) changes nothing.
    assert batches.batch_run(batch_id)["status"] == "done"
    # Another user cannot follow or fetch someone else's batch.
    client.force_login(practitioner)
    assert client.get(status_url).status_code == 403


def test_a_batch_no_worker_picked_up_can_be_prepared_in_the_request(
    client, front_desk, settings, tmp_path, monkeypatch
):

    settings.MEDIA_ROOT = tmp_path
    day, first, second = _day_of_sheets()
    batch_id = batches.batch_create(
        items=[("precare", first), ("precare", second)], by=front_desk, label="test"
    )
    monkeypatch.setattr(time, "time", lambda real=time.time: real() + 120)
    client.force_login(front_desk)
    url = reverse("treatments:documents_batch_status", args=[batch_id])
    assert "Prepare it here" in client.get(url).content.decode()
    assert "2 sheets are ready" in client.post(url).content.decode()
