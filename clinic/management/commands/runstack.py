"""`make run`: the whole app on one machine — web server, Celery worker and Celery beat.

Prepares the database and demo data, starts the three processes, prints the URL and the demo
logins once the web server answers, and stops all of them on Ctrl-C (or SIGTERM), or as soon
as one of them dies. Each child runs in its own process group so that its own children (the
autoreloader's server process, Celery's pool) are stopped with it.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from clinic.celery import ensure_broker_folders
from clinic.management.commands.load_demo import DEMO_PASSWORD, DEMO_USERS

STOP_GRACE_SECONDS = 5
WEB_START_TIMEOUT_SECONDS = 90
WORKER_READY_TIMEOUT_SECONDS = 30
# The line each background process writes once started: the banner waits for both, so the URL
# and the logins are the last lines a newcomer sees.
STARTED_MARKERS = {"worker": " ready.", "beat": "beat: Starting"}


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and Celery beat together; Ctrl-C stops all."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--no-demo", action="store_true", help="Do not load demo data.")

    def handle(self, *args, host, port, no_demo, **options):
        self._stopping = False
        self._started = {name: threading.Event() for name in STARTED_MARKERS}
        self._step("Migrating the database")
        call_command("migrate", interactive=False, verbosity=0)
        if not settings.DEBUG:
            self._step("Collecting static files")
            call_command("collectstatic", interactive=False, verbosity=0)
        self._step("Loading reference data (protocol library, medication catalogue)")
        call_command("load_reference_data", stdout=self.stdout)
        if not no_demo:
            self._step("Loading demo data")
            call_command("load_demo", stdout=self.stdout)
        ensure_broker_folders()

        manage = str(settings.BASE_DIR / "manage.py")
        # --quiet: no 30-line banner pushing the URL and the demo logins out of sight.
        celery = [sys.executable, "-m", "celery", "-A", "clinic", "--quiet"]
        commands = {
            # No autoreloader: its second process outlives a fast stop as a zombie in
            # containers whose init does not reap. Developers who want reloading run
            # `manage.py runserver` beside `make run`'s worker (DEVELOPERS.md).
            "web": [sys.executable, manage, "runserver", "--noreload", f"{host}:{port}"],
            # A light worker for one machine (production runs prefork). Mingle, gossip and
            # heartbeats only matter between several workers; over the file broker they made
            # a warm shutdown take 4 s instead of 50 ms.
            "worker": [
                *celery,
                "worker",
                "--loglevel=INFO",
                "--pool=threads",
                "--concurrency=4",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
            "beat": [
                *celery,
                "beat",
                "--loglevel=INFO",
                f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}",
            ],
        }
        self._step("Starting " + ", ".join(commands))
        children = {name: self._spawn(name, command) for name, command in commands.items()}

        previous = {
            sig: signal.signal(sig, self._request_stop) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            self._wait_for_web(host, port, children)
            # The worker's and beat's start-up lines come first, so the URL and logins are last.
            deadline = time.monotonic() + WORKER_READY_TIMEOUT_SECONDS
            for started in self._started.values():
                started.wait(timeout=max(0.0, deadline - time.monotonic()))
            self._print_banner(host, port, demo=not no_demo)
            while not self._stopping:
                dead = [name for name, child in children.items() if child.poll() is not None]
                if dead:
                    raise CommandError(
                        f"{', '.join(dead)} stopped unexpectedly; stopping the rest."
                    )
                time.sleep(0.5)
        finally:
            self._stop(children)
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _step(self, text):
        self.stdout.write(self.style.MIGRATE_HEADING(f"==> {text}"))

    def _spawn(self, name, command):
        child = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env={**os.environ, "REQUEST_LOG_LEVEL": "WARNING"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            process_group=0,
            text=True,
            bufsize=1,
        )
        threading.Thread(target=self._relay, args=(name, child.stdout), daemon=True).start()
        return child

    def _relay(self, name, stream):
        for line in stream:
            self.stdout.write(f"{name:<6} | {line.rstrip()}")
            # Only once the line is written: the banner must come after it.
            if name in STARTED_MARKERS and STARTED_MARKERS[name] in line:
                self._started[name].set()

    def _request_stop(self, signum, frame):
        self._stopping = True

    def _wait_for_web(self, host, port, children):
        url = f"http://{host}:{port}/healthz/"
        deadline = time.monotonic() + WEB_START_TIMEOUT_SECONDS
        while time.monotonic() < deadline and not self._stopping:
            if children["web"].poll() is not None:
                raise CommandError("The web server did not start; see its output above.")
            try:
                # The URL is our own health check on loopback, built just above (bandit B310).
                with urllib.request.urlopen(url, timeout=2) as response:  # nosec B310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        if not self._stopping:
            raise CommandError(f"The web server did not answer at {url} in time.")

    def _print_banner(self, host, port, demo):
        lines = ["", f"Mesoplan is running at http://{host}:{port}/", ""]
        if demo:
            lines.append(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            lines += [
                f"  {username:<13} {role.replace('_', ' ')}" for username, *_, role in DEMO_USERS
            ]
            lines.append("")
        lines.append(
            "Celery worker and beat are running beside it. Press Ctrl-C to stop everything."
        )
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))

    def _stop(self, children):
        running = {name: child for name, child in children.items() if child.poll() is None}
        if running:
            self._step("Stopping " + ", ".join(running))
        for child in children.values():
            _signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
        # Whatever is left (a child's own children included) is killed.
        for child in children.values():
            _signal_group(child, signal.SIGKILL)
            child.wait()


def _signal_group(child, sig):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, sig)
