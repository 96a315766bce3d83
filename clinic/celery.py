"""The Celery app. Workers run `celery -A clinic worker`; exactly one `celery -A clinic beat`."""

import os
import sys
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

app = Celery("clinic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_broker_folders() -> None:
    """kombu's filesystem transport creates none of its folders, and a missing one crashes it."""
    options = app.conf.broker_transport_options or {}
    if not str(app.conf.broker_url).startswith("filesystem://"):
        return
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if key in options:
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@app.on_after_configure.connect
def _prepare_broker(sender, **kwargs):
    ensure_broker_folders()


def celery_worker_command(queue: str, hostname: str, *extra: str) -> list[str]:
    """`celery -A clinic worker` as its own process, on one queue of its own, without chatter
    between workers (run it from the project folder): the benchmark and the
    real-worker tests start workers this way."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "clinic",
        "worker",
        "--pool=solo",
        "--loglevel=INFO",
        f"--queues={queue}",
        f"--hostname={hostname}",
        "--without-mingle",
        "--without-gossip",
        *extra,
    ]
