"""A real Celery worker, started as its own process, against the real Redis of this machine."""

import os
import subprocess
import sys
import uuid

import pytest
from celery import Celery
from django.db import connection

from tests.support import PROJECT_ROOT, REDIS_URL, redis_is_up, require_service

pytestmark = [pytest.mark.redis, pytest.mark.processes]


def _worker_database_url(tmp_path) -> str:
    """The worker uses the test database itself, so it checks the same server the tests use."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{tmp_path / 'worker.sqlite3'}"


@pytest.fixture
def worker(transactional_db, tmp_path):
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
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "clinic",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            f"--queues={queue}",
            f"--hostname={queue}@%h",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue
    process.terminate()
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output


def test_a_real_worker_answers_the_health_check_through_redis(worker):
    client = Celery("probe", broker=REDIS_URL, backend=REDIS_URL)
    result = client.send_task("clinic.tasks.health_check_task", queue=worker)
    answer = result.get(timeout=60)
    assert answer["ok"] is True
    assert answer["hostname"]
