"""Front-desk batches: tomorrow's pre-care sheets and today's aftercare sheets in one PDF.

Small batches (≤ BATCH_SYNC_LIMIT sheets) are rendered in the request. Larger ones become a
job: a JSON file under MEDIA_ROOT/batches/ (private storage, never served directly) that the
Celery task fills with its progress, then the PDF beside it. A file rather than the Django
cache because the cache here is per-process memory: the worker's progress would be invisible
to the web process. The task takes the job's id only; the job holds session ids, never
patient data."""

from __future__ import annotations

import datetime
import json
import logging
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from clinic import audit
from sessions.documents import sheets
from sessions.models import DocumentHandout, TreatmentSession

logger = logging.getLogger(__name__)

BATCH_SYNC_LIMIT = 10


BATCH_KEEP_SECONDS = 24 * 3600


BATCH_STALE_SECONDS = 60


QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


AFTERCARE, PRECARE = DocumentHandout.Kind.AFTERCARE, DocumentHandout.Kind.PRECARE


def _day_range(day: datetime.date):
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


def batch_sessions(*, precare_day=None, aftercare_day=None) -> list[tuple[str, TreatmentSession]]:
    """(kind, session) pairs, in day order: pre-care for booked treatment sessions of one day,
    aftercare for the charted sessions of another."""
    items = []
    related = ("patient", "practitioner", "room__location", "plan__protocol_version__protocol")
    if precare_day:
        start, end = _day_range(precare_day)
        for item in (
            TreatmentSession.objects.filter(
                starts_at__gte=start,
                starts_at__lt=end,
                status__in=TreatmentSession.UPCOMING_STATUSES,
                plan__isnull=False,
                kind__in=TreatmentSession.TREATMENT_KINDS,
            )
            .select_related(*related)
            .order_by("starts_at", "pk")
        ):
            items.append((PRECARE, item))
    if aftercare_day:
        start, end = _day_range(aftercare_day)
        for item in (
            TreatmentSession.objects.filter(
                starts_at__gte=start, starts_at__lt=end, chart__isnull=False
            )
            .exclude(status__in=TreatmentSession.INACTIVE_STATUSES)
            .select_related(*related)
            .order_by("starts_at", "pk")
        ):
            items.append((AFTERCARE, item))
    return items


def batch_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "batches"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _job_path(batch_id: str) -> Path:
    return batch_dir() / f"{uuid.UUID(str(batch_id)).hex}.json"


def batch_pdf_path(batch_id: str) -> Path:
    return batch_dir() / f"{uuid.UUID(str(batch_id)).hex}.pdf"


def _write_job(batch_id: str, job: dict) -> None:
    path = _job_path(batch_id)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(job))
    os.replace(temporary, path)  # readers never see half a file


def _claim(batch_id: str) -> bool:
    """Exactly one runner per job (a worker and the "render it here" button may race)."""
    try:
        os.close(os.open(_job_path(batch_id).with_suffix(".lock"), os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return False
    return True


def batch_job(batch_id: str) -> dict | None:
    try:
        return json.loads(_job_path(batch_id).read_text())
    except (FileNotFoundError, ValueError):
        return None


def _forget_old_batches() -> None:
    limit = time.time() - BATCH_KEEP_SECONDS
    for path in batch_dir().iterdir():
        if path.suffix in (".json", ".pdf", ".tmp", ".lock") and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def batch_create(*, items: list[tuple[str, TreatmentSession]], by, label: str) -> str:
    """Write a queued job for `items`; the caller enqueues the task after its commit."""
    _forget_old_batches()
    batch_id = str(uuid.uuid4())
    _write_job(
        batch_id,
        {
            "id": batch_id,
            "label": label,
            "items": [[kind, item.pk] for kind, item in items],
            "total": len(items),
            "done": 0,
            "status": QUEUED,
            "error": "",
            "requested_by": by.pk,
            "created_at": time.time(),
            "updated_at": time.time(),
        },
    )
    return batch_id


def batch_run(batch_id: str) -> dict | None:
    """Render a job's sheets into one PDF, writing progress as it goes. Runs once: a job that
    is already running or finished is left alone (a duplicated message changes nothing)."""
    job = batch_job(batch_id)
    if job is None or job["status"] != QUEUED or not _claim(batch_id):
        return job
    job.update(status=RUNNING, updated_at=time.time())
    _write_job(batch_id, job)
    sessions = TreatmentSession.objects.select_related(
        "patient", "practitioner", "room__location", "plan__protocol_version__protocol"
    ).in_bulk([pk for _kind, pk in job["items"]])
    items = [(kind, sessions[pk]) for kind, pk in job["items"] if pk in sessions]

    def progress(done):
        job.update(done=done, updated_at=time.time())
        _write_job(batch_id, job)

    try:
        data = sheets.render_batch(items, progress=progress)
    except Exception as error:  # noqa: BLE001 - recorded on the job; the page shows it
        logger.exception("Batch %s failed", batch_id)
        job.update(status=FAILED, error=f"{type(error).__name__}: {error}"[:500])
        _write_job(batch_id, job)
        return job
    batch_pdf_path(batch_id).write_bytes(data)
    job.update(status=DONE, done=len(items), total=len(items), updated_at=time.time())
    _write_job(batch_id, job)
    audit.record(
        actor=None,
        action="document.batch_rendered",
        details={"batch": batch_id, "sheets": len(items), "requested_by": job["requested_by"]},
    )
    return job


def batch_is_stale(job: dict) -> bool:
    return job["status"] == QUEUED and time.time() - job["created_at"] > BATCH_STALE_SECONDS
