"""Follow-ups under faults, with real processes: Celery workers started as their own processes
against this machine's Redis (database 14, a queue of our own), the PostgreSQL test database,
and a real SMTP server (aiosmtpd) that counts every message by its idempotency key.

PostgreSQL only: a worker process cannot share SQLite's in-memory test database, and the
concurrency these faults are about needs PostgreSQL's row locks. Beat is stood in for by sending
`follow_ups_sweep_task` ourselves (real beat fires its first sweep a minute after it starts);
"time passes" is written into the rows (claimed_at, next_attempt_at) rather than waited for.
"""

import contextlib
import datetime
import os
import re
import subprocess
import time
import uuid

import pytest
from celery import Celery
from django.db import connection
from django.db.models import F
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from clinic.celery import celery_worker_command
from patients.tests.factories import PatientFactory
from sessions.charting import charts
from sessions.followups import delivery
from sessions.management.commands.bench_followups import SmtpSink, forget_redis_queue
from sessions.models import FollowUp, TreatmentSession
from sessions.tests.factories import book, next_weekday
from tests.support import (
    PROJECT_ROOT,
    REDIS_URL,
    free_port,
    make_user,
    redis_is_up,
    require_service,
)

pytestmark = [
    pytest.mark.redis,
    pytest.mark.processes,
    pytest.mark.postgres,
]

BROKER = f"{REDIS_URL.rsplit('/', 1)[0]}/14"  # this file's own Redis database
SWEEP = "sessions.tasks.follow_ups_sweep_task"
SUCCEEDED = re.compile(rf"Task {re.escape(SWEEP)}\[[^\]]+\] succeeded")
Status = FollowUp.Status


def _worker_database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until(condition, timeout=30, what="condition", logs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    tails = "\n".join(path.read_text()[-3000:] for path in logs)
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


class Workers:
    """Real `celery -A clinic worker` processes on one queue of our own."""

    def __init__(self, tmp_path, sink: SmtpSink, **extra_env):
        self.queue = f"mesoplan-followups-{uuid.uuid4().hex[:8]}"
        self.tmp_path, self.sink, self.extra_env = tmp_path, sink, extra_env
        self.processes, self.logs = [], []
        # Not the current app: shared tasks would resolve to it (and its default queue).
        self.client = Celery("probe", broker=BROKER, set_as_current=False)

    def start(self):
        name = f"w{len(self.processes)}-{self.queue}"
        log_path = self.tmp_path / f"{name}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "clinic.settings",
            "DEBUG": "true",
            "MESOPLAN_VAR_DIR": str(self.tmp_path),
            "DATABASE_URL": _worker_database_url(),
            "CELERY_BROKER_URL": BROKER,
            "EMAIL_URL": self.sink.url,
            **self.extra_env,
        }
        with open(log_path, "w") as log:  # a file, not a pipe nobody reads
            process = subprocess.Popen(
                celery_worker_command(self.queue, f"{name}@%h", "--without-heartbeat"),
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        self.logs.append(log_path)
        wait_until(lambda: "ready." in log_path.read_text(), 60, "the worker", [log_path])
        return process

    def sweep(self, **kwargs):
        """What beat sends every minute (and what a nudge sends after a commit)."""
        self.client.send_task(SWEEP, kwargs=kwargs, queue=self.queue)

    def sweeps_done(self) -> int:
        return sum(len(SUCCEEDED.findall(log.read_text())) for log in self.logs)

    def wait(self, condition, what, timeout=30):
        wait_until(condition, timeout, what, self.logs)

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=30)
            if process.poll() is None:
                process.kill()
        self.client.close()
        forget_redis_queue(BROKER, self.queue)


@contextlib.contextmanager
def app_broker(url: str, queue: str | None = None):
    """This process's Celery app talks to `url` (not inline, as in the other tests)."""
    from celery import _state

    from clinic.celery import app

    keys = ("broker_url", "task_always_eager", "task_default_queue")
    previous = {key: app.conf[key] for key in keys}
    current = _state.get_current_app()
    app.set_current()  # another test's Celery("probe") may have made itself current
    app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=queue or "celery")
    forget_connections(app)
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            app.pool.force_close_all()
        app.conf.update(previous)
        forget_connections(app)
        current.set_current()


def forget_connections(app) -> None:
    """Drop the app's cached broker pools and routes (queues are read once, then cached)."""
    app._pool = None
    app.__dict__.pop("amqp", None)


@pytest.fixture
def services(transactional_db, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Real workers share the test database: run with DATABASE_URL=postgres://... "
            "(a worker process cannot open SQLite's in-memory test database)."
        )
    require_service("Redis", redis_is_up(BROKER), f"start redis-server ({BROKER})")
    # Celery lets CELERY_BROKER_URL in the environment override an app's own broker.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)


@pytest.fixture
def start(services, tmp_path):
    """start(sink, **env) -> Workers; everything started is stopped afterwards."""
    started = []

    def _start(sink, **env):
        workers = Workers(tmp_path, sink, **env)
        started.append(workers)
        return workers

    yield _start
    for workers in started:
        workers.stop()


def due_emails(count: int, prefix: str) -> list[FollowUp]:
    patient = PatientFactory(contact_by_email=True, email="anna@example.org")
    due = timezone.now() - datetime.timedelta(minutes=1)
    return [
        FollowUp.objects.create(
            patient=patient,
            kind=FollowUp.Kind.POST_TREATMENT_CHECK,
            channel=FollowUp.Channel.EMAIL,
            due_at=due,
            idempotency_key=f"{prefix}:{n}",
        )
        for n in range(count)
    ]


def statuses(prefix: str) -> dict:
    rows = FollowUp.objects.filter(idempotency_key__startswith=prefix)
    return dict(rows.values_list("idempotency_key", "status"))


def signed_session(practitioner, patient, hour=10):
    """A session in progress with its checklist ticked, ready for the practitioner to sign.
    Charts are written on or after the session's day: this one was four weeks ago."""
    session = book(patient, practitioner=practitioner, hour=hour, day=next_weekday(0, -4))
    charts.chart_save(
        treatment_session=session,
        by=practitioner,
        data=dict.fromkeys(charts.CHECKLIST_FIELDS, True),
    )
    return session


# --- Redis is down when a session is completed ------------------------------------------------


@override_settings(FOLLOW_UP_POST_TREATMENT_CHECK_HOURS=0)
def test_redis_down_at_completion_loses_nothing_and_delivers_once_when_back(client, start):
    practitioner = make_user("practitioner", username="signer")
    patient = PatientFactory(contact_by_email=True, email="anna@example.org")
    session = signed_session(practitioner, patient)
    client.force_login(practitioner)
    with SmtpSink() as sink:
        with app_broker(f"redis://127.0.0.1:{free_port()}/0"):  # nothing listens there
            response = client.post(reverse("treatments:chart_sign", args=[session.pk]))
            page = client.get(response["Location"])
        assert response.status_code == 302
        assert "Chart signed. The session is completed." in page.text
        assert "alert-danger" not in page.text  # the user sees no error
        session.refresh_from_db()
        assert session.status == TreatmentSession.Status.COMPLETED
        # Signing also makes the evening aftercare e-mail (issue 17): this test follows the check.
        check = FollowUp.objects.get(
            treatment_session=session, kind=FollowUp.Kind.POST_TREATMENT_CHECK
        )
        assert check.status == Status.PENDING and check.channel == FollowUp.Channel.EMAIL

        workers = start(sink)
        workers.start()  # Redis is back (it never left: only our app looked elsewhere)
        workers.sweep()  # beat's next sweep
        workers.wait(lambda: sink.received[check.idempotency_key], "the delivery")
        workers.sweep()  # and the one after: nothing more to send
        workers.sweep()
        workers.wait(lambda: workers.sweeps_done() >= 3, "three sweeps")
        check.refresh_from_db()
        assert check.status == Status.SENT
        assert sink.received[check.idempotency_key] == 1

        # With the broker reachable, a completion's own nudge delivers it without waiting.
        other = signed_session(
            practitioner, PatientFactory(contact_by_email=True, email="b@x.org"), hour=14
        )
        with app_broker(BROKER, queue=workers.queue):
            client.post(reverse("treatments:chart_sign", args=[other.pk]))
        nudged = FollowUp.objects.get(
            treatment_session=other, kind=FollowUp.Kind.POST_TREATMENT_CHECK
        )
        workers.wait(lambda: sink.received[nudged.idempotency_key], "the nudged delivery")
        assert sink.received[nudged.idempotency_key] == 1


# --- A worker is killed in the middle of a sweep ----------------------------------------------


def test_a_worker_killed_mid_sweep_loses_nothing_and_sends_nothing_twice(start):
    prefix = f"kill-{uuid.uuid4().hex[:6]}"
    rows = due_emails(40, prefix)
    with SmtpSink(delay=0.03) as sink:
        workers = start(sink)
        first = workers.start()
        workers.sweep(batch_size=10)
        workers.wait(lambda: sum(sink.counts(prefix).values()) >= 5, "some deliveries")
        first.kill()  # SIGKILL: no chance to record anything
        first.wait(timeout=10)

        dead = FollowUp.objects.filter(idempotency_key__startswith=prefix, status=Status.SENDING)
        in_flight = list(dead.values_list("idempotency_key", flat=True))
        assert in_flight, "the kill should land inside a batch"
        # The first row of each dead batch (one per lane) is the only one that may have gone.
        first_of_batch = {
            min(dead.filter(claimed_at=at).values_list("pk", flat=True))
            for at in set(dead.values_list("claimed_at", flat=True))
        }

        workers.start()  # the restart
        workers.sweep(batch_size=10)
        workers.wait(lambda: Status.PENDING not in statuses(prefix).values(), "the untouched rows")
        # The dead batch is not re-sent on restart: its rows wait out the claim timeout.
        assert all(statuses(prefix)[key] == Status.SENDING for key in in_flight)
        assert max(sink.counts(prefix).values()) == 1

        # Fifteen minutes later (written into the rows rather than waited for) ...
        FollowUp.objects.filter(idempotency_key__in=in_flight).update(
            claimed_at=F("claimed_at") - delivery.SENDING_TIMEOUT - datetime.timedelta(minutes=1)
        )
        workers.sweep(batch_size=10)
        workers.wait(
            lambda: not {Status.PENDING, Status.SENDING} & set(statuses(prefix).values()),
            "the dead batch to be settled",
        )

    final = statuses(prefix)
    received = sink.counts(prefix)
    failed = [key for key, status in final.items() if status == Status.FAILED]
    # At most once: nothing twice; a message that may have left is for a person to check.
    assert max(received.values()) == 1
    flagged = FollowUp.objects.filter(idempotency_key__in=failed)
    assert set(flagged.values_list("pk", flat=True)) <= first_of_batch
    assert set(flagged.values_list("last_error", flat=True)) <= {delivery.INTERRUPTED}
    # Nothing lost: every other follow-up was delivered, exactly once.
    sent = [key for key, status in final.items() if status == Status.SENT]
    assert len(sent) + len(failed) == len(rows)
    assert all(received[key] == 1 for key in sent)


# --- Two beats by mistake ---------------------------------------------------------------------


def test_two_beats_sweeping_at_once_never_deliver_twice(start):
    prefix = f"beats-{uuid.uuid4().hex[:6]}"
    rows = due_emails(150, prefix)
    with SmtpSink(delay=0.002) as sink:
        workers = start(sink)
        workers.start()
        workers.start()
        for _ in range(6):  # two beats' worth of sweeps, landing on both workers at once
            workers.sweep(batch_size=5)
        workers.wait(lambda: set(statuses(prefix).values()) == {Status.SENT}, "every delivery", 60)
        workers.wait(lambda: workers.sweeps_done() >= 6, "all six sweeps")
    received = sink.counts(prefix)
    assert len(received) == len(rows) and set(received.values()) == {1}
    assert all("'sent'" in log.read_text() for log in workers.logs)  # both delivered


# --- The SMTP server refuses ------------------------------------------------------------------


def test_a_refusing_smtp_server_is_retried_then_failed_and_shown_in_the_queue(client, start):
    prefix = f"refused-{uuid.uuid4().hex[:6]}"
    (row,) = due_emails(1, prefix)
    with SmtpSink(refuse=True) as sink:
        workers = start(sink, FOLLOW_UP_MAX_ATTEMPTS="3")
        workers.start()
        for attempt in (1, 2, 3):
            workers.sweep()
            workers.wait(
                lambda attempt=attempt: FollowUp.objects.get(pk=row.pk).attempts == attempt,
                f"attempt {attempt}",
            )
            row.refresh_from_db()
            if attempt < 3:
                assert row.status == Status.PENDING and row.next_attempt_at > timezone.now()
                # The back-off passes (written, not waited for).
                FollowUp.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.last_error == "SMTP 554: 5.7.1 Refused by the test sink"
    assert sink.refused[row.idempotency_key] == 3 and not sink.received
    client.force_login(make_user("front_desk"))
    page = client.get(reverse("treatments:follow_ups"))
    assert "SMTP 554: 5.7.1 Refused by the test sink" in page.text
