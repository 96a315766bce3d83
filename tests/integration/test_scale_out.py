"""Scale-out shown: two gunicorn instances, two Celery workers and one beat against one
PostgreSQL and one Redis. Front desks book the same slots through both web instances at
once, a practitioner signs the same charts through both, and the workers race for the same
due e-mails: no slot is booked twice, no chart signed twice, no e-mail delivered twice."""

import datetime
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
import requests
from celery import Celery
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from clinic import roles
from clinic.models import AuditEvent
from patients.tests.factories import PatientFactory
from sessions.charting import charts
from sessions.models import Chart, FollowUp, TreatmentSession
from sessions.tests.factories import LocationFactory, RoomFactory, next_weekday
from sessions.tests.factories.charts import CHECKLIST, booked_session
from sessions.tests.factories.followups import due_email
from sessions.tests.factories.scheduling import working_week
from tests.support import (
    PROJECT_ROOT,
    REDIS_URL,
    free_port,
    make_user,
    redis_is_up,
    require_service,
)

pytestmark = [pytest.mark.scaleout, pytest.mark.postgres, pytest.mark.redis, pytest.mark.processes]

PASSWORD = "scale-out-pass-123"
SLOTS = 12  # slots fought over, four bookings for each through the two web instances
CHARTS = 8  # charts signed through both web instances at once
EMAILS = 300  # due e-mails both workers sweep at once
KEY_HEADER = re.compile(r"^X-Mesoplan-Idempotency-Key:[ \t]*(\S+)", re.MULTILINE | re.IGNORECASE)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}{password}@{host}/{db['NAME']}"


def _wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz/", timeout=5).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture
def stack(transactional_db, tmp_path, monkeypatch):
    """Two web instances (gunicorn, 2 workers each), two workers and one beat."""
    if connection.vendor != "postgresql":
        pytest.skip("scale-out runs on PostgreSQL (DATABASE_URL=postgres://...)")
    require_service(
        "Redis", redis_is_up(), f"start redis-server or set TEST_REDIS_URL ({REDIS_URL})"
    )
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DEBUG": "true",
        "MESOPLAN_VAR_DIR": str(tmp_path),
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "EMAIL_URL": "filemail://",
        "HOLIDAYS_COUNTRY": "",
        "FOLLOW_UP_SWEEP_SECONDS": "2",
    }
    python = sys.executable
    ports = [free_port(), free_port()]
    commands = (
        [
            # Each instance without the control socket: its default path is one per machine.
            [
                python,
                "-m",
                "gunicorn",
                "clinic.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--timeout",
                "120",
                "--no-control-socket",
            ]
            for port in ports
        ]
        + [
            [
                python,
                "-m",
                "celery",
                "-A",
                "clinic",
                "worker",
                "--pool=solo",
                f"--hostname=w{n}@%h",
                "--without-mingle",
                "--without-gossip",
                "--loglevel=INFO",
            ]
            for n in (1, 2)
        ]
        + [
            [
                python,
                "-m",
                "celery",
                "-A",
                "clinic",
                "beat",
                "--loglevel=INFO",
                f"--schedule={tmp_path / 'beat-schedule'}",
            ]
        ]
    )
    processes = []
    with ExitStack() as logs:
        for index, command in enumerate(commands):
            log = logs.enter_context(open(tmp_path / f"process-{index}.log", "w"))
            processes.append(
                subprocess.Popen(
                    command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
                )
            )
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        try:
            try:
                _wait_until(lambda: all(_answers(url) for url in urls), 120, "both web instances")
                yield urls, tmp_path
            except BaseException:
                for path in sorted(tmp_path.glob("process-*.log")):
                    print(f"--- {path.name}\n{path.read_text()[-3000:]}")
                raise
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _web_user(role: str, username: str):
    """A user the web instances can sign in: the test settings hash passwords with MD5 (fast),
    which the production settings the instances run with do not accept."""
    user = make_user(role, username=username)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "scaleoutsalt", iterations=1000)
    user.save(update_fields=["password"])
    return user


def _signed_in(url: str, username: str) -> requests.Session:
    browser = requests.Session()
    browser.get(f"{url}/accounts/login/", timeout=10)
    response = browser.post(
        f"{url}/accounts/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        timeout=10,
    )
    assert response.status_code == 200 and "/accounts/login/" not in response.url, response.url
    return browser


def _post(browser: requests.Session, url: str, data: dict) -> int:
    data = {**data, "csrfmiddlewaretoken": browser.cookies["csrftoken"]}
    return browser.post(url, data=data, timeout=30, allow_redirects=False).status_code


def test_two_web_instances_and_two_workers_never_double_book_sign_or_send(stack):
    urls, var_dir = stack
    # The clinic: one room fought over by four practitioners, charts waiting to be signed,
    # e-mails due now.
    location = LocationFactory(name="Scale-out clinic")
    room = RoomFactory(location=location, name="Room 1")
    practitioners = [_web_user(roles.PRACTITIONER, f"scale-doc-{n}") for n in range(4)]
    for practitioner in practitioners:
        working_week(practitioner, location, datetime.time(7), datetime.time(20))
    _web_user(roles.FRONT_DESK, "scale-desk")
    patients = [PatientFactory() for _ in range(4)]
    signer = practitioners[0]
    ready = []
    for number in range(CHARTS):
        treatment_session = booked_session(signer, hour=9 + number)
        ready.append(
            charts.chart_save(
                treatment_session=treatment_session,
                data={**CHECKLIST, "injection_points": 40},
                products=[],
                by=signer,
            )
        )
    for number in range(EMAILS):
        due_email(key=f"scale-out:{number}")

    desks = [_signed_in(url, "scale-desk") for url in urls]
    signers = [_signed_in(url, signer.username) for url in urls]
    day = next_weekday(1)  # a Tuesday: the slots are in the practitioners' hours
    bookings = [
        (
            desks[n % 2],
            f"{urls[n % 2]}/treatments/sessions/new/",
            {
                "patient": patients[n].chart_number,
                "kind": "treatment",
                "practitioner": practitioners[n].pk,
                "room": room.pk,
                "day": day.isoformat(),
                "start": f"{8 + slot // 2:02d}:{30 * (slot % 2):02d}",
                "duration": 30,
                "notes": "",
            },
        )
        for slot in range(SLOTS)
        for n in range(4)
    ]
    signings = [
        (signers[n], f"{urls[n]}/treatments/sessions/{chart.treatment_session_id}/chart/sign/", {})
        for chart in ready
        for n in (0, 1)
    ]
    sweeper = Celery(broker=REDIS_URL)
    for _ in range(4):  # both workers take a sweep at once, beside beat's every 2 s
        sweeper.send_task("sessions.tasks.follow_ups_sweep_task")
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda job: _post(*job), bookings + signings))
    assert 500 not in statuses, statuses

    # No double booking: one session per slot, and no two active sessions overlap in a room
    # or for a practitioner.
    active = TreatmentSession.objects.active().filter(room=room, starts_at__date=day)
    assert active.count() == SLOTS
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM treatments_treatmentsession a
               JOIN treatments_treatmentsession b ON a.id < b.id
               AND (a.room_id = b.room_id OR a.practitioner_id = b.practitioner_id)
               AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
               WHERE a.status NOT IN ('cancelled', 'no_show')
               AND b.status NOT IN ('cancelled', 'no_show')
               AND a.overlap_reason = '' AND b.overlap_reason = ''"""
        )
        assert cursor.fetchone()[0] == 0
    # Each chart signed once.
    assert (
        Chart.objects.filter(pk__in=[c.pk for c in ready], signed_at__isnull=False).count()
        == CHARTS
    )
    assert AuditEvent.objects.filter(action="chart.signed").count() == CHARTS

    # Every due e-mail delivered, and exactly once.
    sent = FollowUp.objects.filter(idempotency_key__startswith="scale-out:", status="sent")
    _wait_until(lambda: sent.count() == EMAILS, 60, "every due e-mail to be sent")
    time.sleep(3)  # beat sweeps again: nothing more may go out
    keys = [
        key
        for path in (var_dir / "mail").glob("*")
        for key in KEY_HEADER.findall(path.read_text(errors="replace"))
        if key.startswith("scale-out:")
    ]
    assert len(keys) == EMAILS and len(set(keys)) == EMAILS
    workers = {
        line.split("@")[0].rsplit(" ", 1)[-1]
        for n in (2, 3)
        for line in (var_dir / f"process-{n}.log").read_text().splitlines()
        if "follow_ups_sweep_task" in line and "succeeded" in line
    }
    assert workers, "no worker ran a sweep"
