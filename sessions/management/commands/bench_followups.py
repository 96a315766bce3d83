"""`manage.py bench_followups`: how fast the follow-up sweep delivers, and that it does so once.

Creates N due e-mail follow-ups (default 10,000) in the configured database, starts a real
SMTP sink (aiosmtpd) on a free local port, runs the sweep in ONE real Celery worker process
(or in this process with --in-process), and prints the throughput, how many were delivered,
and the duplicates the sink saw (must be 0). For scale, a bare baseline is measured in the same
run: the same number of messages sent with raw smtplib over one connection to the same sink.
Cleans up every row it created. Needs the dev requirements (aiosmtpd).

The design target (docs/design.md §7): 300 or more follow-ups per second with one worker.
"""

import asyncio
import json
import logging
import os
import re
import smtplib
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from clinic.celery import app, celery_worker_command
from patients.models import Patient
from sessions.followups import delivery
from sessions.followups.tasks import SWEEP_LANES, follow_ups_sweep_task
from sessions.models import FollowUp, FollowUpEvent

KEY_HEADER = re.compile(rb"^X-Mesoplan-Idempotency-Key:[ \t]*(\S+)", re.MULTILINE | re.IGNORECASE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    """A real SMTP server on 127.0.0.1 that counts messages by idempotency key.

    refuse: answer every message with a permanent 554 (an SMTP server that refuses).
    delay: seconds to wait before answering each message (a slow server)."""

    def __init__(self, *, refuse: bool = False, delay: float = 0.0):
        self.refuse, self.delay = refuse, delay
        self.received: Counter = Counter()  # key -> messages accepted
        self.refused: Counter = Counter()  # key -> messages refused
        self._lock = threading.Lock()
        self.port = None
        self._controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        found = KEY_HEADER.search(envelope.content)
        key = found.group(1).decode() if found else ""
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            (self.refused if self.refuse else self.received)[key] += 1
        return "554 5.7.1 Refused by the test sink" if self.refuse else "250 OK"

    def start(self) -> "SmtpSink":
        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def counts(self, prefix: str = "") -> Counter:
        with self._lock:
            return Counter({k: n for k, n in self.received.items() if k.startswith(prefix)})


def forget_redis_queue(broker_url: str, queue: str) -> None:
    """Leave a Redis broker as it was: a queue of our own, its bindings, and the message a
    killed worker leaves unacknowledged (Celery would restore it an hour later onto a queue
    nobody reads). Other queues are not touched."""
    if not broker_url.startswith(("redis://", "rediss://")):
        return
    import redis

    client = redis.Redis.from_url(broker_url)
    try:
        for key in client.scan_iter(f"{queue}*"):
            client.delete(key)
        client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        for member in client.zrange("_kombu.binding_deadlines", 0, -1):
            if queue.encode() in member:
                client.zrem("_kombu.binding_deadlines", member)
        for key in client.scan_iter("_kombu.binding.*"):
            for member in client.smembers(key):
                if queue.encode() in member:
                    client.srem(key, member)
        for tag, raw in client.hgetall("unacked").items():
            try:
                routing_key = json.loads(raw)[2]
            except (ValueError, TypeError, IndexError):
                continue
            if routing_key == queue:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
    finally:
        client.close()


def database_url() -> str:
    """The configured database as a URL, for a worker process to use the same one."""
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        host = db["HOST"] or "localhost"
        return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    raise CommandError(f"Unsupported database for the benchmark: {connection.vendor}")


class Command(BaseCommand):
    help = "Benchmark the follow-up sweep: N due e-mails to a local SMTP sink, exactly once."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument(
            "--lanes",
            type=int,
            default=None,
            help="Lanes per sweep (default: the task's own, 4 on PostgreSQL, 1 on SQLite).",
        )
        parser.add_argument(
            "--in-process", action="store_true", help="Sweep in this process, not in a worker."
        )
        parser.add_argument(
            "--json", dest="json_path", default="", help="Also write the figures to this file."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though other e-mail follow-ups are due (they would go to the sink).",
        )

    def handle(self, *args, count, batch_size, lanes, in_process, force, json_path, **options):
        if lanes is None:
            lanes = SWEEP_LANES if connection.vendor == "postgresql" else 1
        run = uuid.uuid4().hex[:8]
        prefix = f"bench:{run}:"
        foreign = FollowUp.objects.due(timezone.now()).filter(channel=FollowUp.Channel.EMAIL)
        if foreign.exists() and not force:
            raise CommandError(
                f"{foreign.count()} real e-mail follow-ups are due in this database; the sweep "
                "would deliver them to the benchmark's sink. Use another database, or --force."
            )
        with SmtpSink() as sink:
            baseline = self._baseline(sink, count, run)
            self.stdout.write(f"Creating {count:,} due follow-ups ...")
            patient_ids = self._create(count, run, prefix)
            try:
                if in_process:
                    elapsed = self._sweep_in_process(sink, batch_size, lanes, prefix)
                else:
                    elapsed = self._sweep_in_worker(sink, batch_size, lanes, prefix, count)
                received = sink.counts(prefix)
                sent = FollowUp.objects.filter(
                    idempotency_key__startswith=prefix, status=FollowUp.Status.SENT
                ).count()
            finally:
                self._clean_up(prefix, patient_ids)
        duplicates = sum(n - 1 for n in received.values() if n > 1)
        rate = count / elapsed if elapsed else 0.0
        where = "this process" if in_process else "one worker process (solo pool)"
        self.stdout.write(
            "\n".join(
                [
                    f"Follow-up sweep on {connection.vendor}, {where}, {lanes} lane(s), "
                    f"batch {batch_size}",
                    f"  due follow-ups        {count:,}",
                    f"  delivered             {len(received):,} distinct keys at the sink "
                    f"({sent:,} rows recorded sent)",
                    f"  duplicates            {duplicates}",
                    f"  elapsed               {elapsed:.2f} s",
                    f"  throughput            {rate:,.0f} follow-ups/s (target ≥ 300)",
                    f"  bare baseline         {baseline:,.0f} messages/s "
                    "(same message bytes, raw smtplib, one connection, same sink)",
                    f"  ratio                 {baseline / rate if rate else float('inf'):.1f}× "
                    "the baseline's time per message",
                ]
            )
        )
        if json_path:
            figures = {
                "count": count,
                "delivered": len(received),
                "duplicates": duplicates,
                "elapsed_s": round(elapsed, 3),
                "per_s": round(rate, 1),
                "baseline_per_s": round(baseline, 1),
                "lanes": lanes,
                "batch_size": batch_size,
            }
            Path(json_path).write_text(json.dumps(figures, indent=2))
        if duplicates or len(received) != count:
            raise CommandError("Not every follow-up was delivered exactly once.")

    def _baseline(self, sink: SmtpSink, count: int, run: str) -> float:
        """The bare twin: the same rendered message, sent with raw smtplib over one
        connection (no database, no templates, no Django e-mail framework)."""
        marker = "BASELINE-KEY-00000000"
        sample = FollowUp(
            pk=0,
            patient=Patient(first_name="Bench", email="bench@example.org", contact_by_email=True),
            kind=FollowUp.Kind.POST_TREATMENT_CHECK,
            idempotency_key=marker,
        )
        raw = delivery.follow_up_email(sample).message().as_bytes(linesep="\r\n")
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", sink.port) as client:
            for index in range(count):
                message = raw.replace(marker.encode(), f"baseline:{run}:{index}".encode())
                client.sendmail("bench@localhost", ["bench@example.org"], message)
        return count / (time.perf_counter() - started)

    def _create(self, count: int, run: str, prefix: str) -> list[int]:
        now = timezone.now()
        patients = Patient.objects.bulk_create(
            [
                Patient(
                    first_name=f"Bench{index}",
                    last_name=f"Run {run}",
                    date_of_birth=date(1980, 1, 1),
                    email=f"bench{index}@example.org",
                    contact_by_email=True,
                )
                for index in range(min(count, 500))
            ]
        )
        FollowUp.objects.bulk_create(
            (
                FollowUp(
                    patient=patients[index % len(patients)],
                    kind=FollowUp.Kind.POST_TREATMENT_CHECK,
                    channel=FollowUp.Channel.EMAIL,
                    due_at=now - timedelta(minutes=1),
                    idempotency_key=f"{prefix}{index}",
                )
                for index in range(count)
            ),
            batch_size=2000,
        )
        return [patient.pk for patient in patients]

    def _remaining(self, prefix: str) -> int:
        return FollowUp.objects.filter(
            idempotency_key__startswith=prefix,
            status__in=[FollowUp.Status.PENDING, FollowUp.Status.SENDING],
        ).count()

    def _sweep_in_process(self, sink, batch_size, lanes, prefix) -> float:
        production = {
            "DEBUG": False,  # as in production: DEBUG logs every query
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": sink.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }
        started = time.perf_counter()
        with override_settings(**production):
            while self._remaining(prefix):
                delivery.follow_ups_sweep(batch_size=batch_size, max_batches=10_000, lanes=lanes)
        return time.perf_counter() - started

    def _sweep_in_worker(self, sink, batch_size, lanes, prefix, count) -> float:
        queue = f"bench-followups-{uuid.uuid4().hex[:8]}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "EMAIL_URL": sink.url,
            "CELERY_BROKER_URL": str(app.conf.broker_url),
            "MESOPLAN_VAR_DIR": str(settings.VAR_DIR),
            # Measured as in production, however this command was started (DEBUG logs every
            # query: about 15 % slower). The key is this process's own.
            "DEBUG": "false",
            "SECRET_KEY": settings.SECRET_KEY,
        }
        handle, name = tempfile.mkstemp(prefix="bench-worker-", suffix=".log")
        os.close(handle)
        log_path = Path(name)
        with open(log_path, "w") as log:
            worker = subprocess.Popen(
                celery_worker_command(queue, f"{queue}@%h", "--without-heartbeat"),
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self._wait_ready(worker, log_path)
            started = time.perf_counter()
            last_progress, remaining = time.perf_counter(), count
            sweep = {"batch_size": batch_size, "max_batches": 10_000, "lanes": lanes}
            follow_ups_sweep_task.apply_async(kwargs=sweep, queue=queue)
            while remaining:
                time.sleep(0.05)
                now_remaining = self._remaining(prefix)
                if now_remaining < remaining:
                    remaining, last_progress = now_remaining, time.perf_counter()
                elif time.perf_counter() - last_progress > 3:
                    # The sweep stopped at its time budget: beat would start another one.
                    follow_ups_sweep_task.apply_async(kwargs=sweep, queue=queue)
                    last_progress = time.perf_counter()
                if worker.poll() is not None:
                    raise CommandError(f"The worker died:\n{log_path.read_text()[-3000:]}")
            return time.perf_counter() - started
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
            log_path.unlink(missing_ok=True)
            forget_redis_queue(str(app.conf.broker_url), queue)

    def _wait_ready(self, worker, log_path: Path, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "ready." in log_path.read_text():
                return
            if worker.poll() is not None:
                break
            time.sleep(0.1)
        raise CommandError(f"The worker did not start:\n{log_path.read_text()[-3000:]}")

    def _clean_up(self, prefix: str, patient_ids: list[int]) -> None:
        rows = FollowUp.objects.filter(idempotency_key__startswith=prefix)
        FollowUpEvent.objects.filter(follow_up__in=rows).delete()
        rows.delete()
        Patient.objects.filter(pk__in=patient_ids).delete()
