"""Celery tasks of the clinic core: the health check and beat's heartbeat."""

import socket

from celery import shared_task
from django.db import connection
from django.utils import timezone

from clinic.models import WorkerHeartbeat


@shared_task(name="clinic.tasks.health_check_task", ignore_result=False)
def health_check_task() -> dict:
    """Answer from a worker: proves broker -> worker -> database works end to end."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        database_ok = cursor.fetchone() == (1,)
    return {"ok": database_ok, "hostname": socket.gethostname(), "at": timezone.now().isoformat()}


@shared_task(name="clinic.tasks.worker_heartbeat_task")
def worker_heartbeat_task() -> None:
    """Beat sends this every minute; the admin dashboard shows when it last ran."""
    WorkerHeartbeat.objects.update_or_create(
        name="worker", defaults={"last_seen_at": timezone.now(), "hostname": socket.gethostname()}
    )
