"""A real Celery worker, started as its own process, against the real Redis of this machine."""

import os
import subprocess
import uuid

import pytest
from celery import Celery
from django.db import connection

from clinic.celery import celery_worker_command
from tests.support import (
    PROJECT_ROOT,
    REDIS_URL,
    redis_is_up,
    require_service,
)

pytestmark = [pytest.mark.redis, pytest.mark.processes]


def _worker_database_url(tmp_path) -> str:
    """The worker uses the test database itself, so it checks the same server the tests use."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{tmp_path / 'worker.sqlite3'}"


@pytest.fixture
def worker(transactional_db, tmp_path, monkeypatch):
    require_service(
        "Redis", redis_is_up(), f"start redis-server or set TEST_REDIS_URL ({REDIS_URL})"
    )
    queue = f"mesoplan-test-{uuid.uuid4().hex[:8]}"  # never steal another run's messages
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DEBUG": "true",
        "MESOPLAN_VAR_DIR": str(tmp_path),
        "DATABASE_URL": _worker_database_url(tmp_path),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
    }
    # Celery lets CELERY_BROKER_URL in the environment override an app's own broker: the
    # probe below must talk to the same Redis database as the worker.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    log_path = tmp_path / "worker.log"
    # A file, not a pipe: nobody reads a pipe while the test runs, and a full one blocks.
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            celery_worker_command(queue, f"{queue}@%h"),
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    yield queue, log_path
    process.terminate()
    process.wait(timeout=30)
    assert process.returncode == 0, log_path.read_text()


def test_a_real_worker_answers_the_health_check_through_redis(worker):
    queue, log_path = worker
    client = Celery("probe", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    result = client.send_task("clinic.tasks.health_check_task", queue=queue)
    try:
        answer = result.get(timeout=60)
    except Exception as error:
        raise AssertionError(
            f"no answer: {error!r}\nworker log:\n{log_path.read_text()}"
        ) from error
    assert answer["ok"] is True
    assert answer["hostname"]
