"""gunicorn as in production (the Dockerfile's command: 2 workers, DEBUG off, persistent
database connections), on a free loopback port, against the configured database."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings

WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, database_url: str):
        self.database_url = database_url
        self.port = free_port()
        self.process = None
        handle, name = tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")
        os.close(handle)
        self.log = Path(name)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DEBUG": "false",
            "SECRET_KEY": settings.SECRET_KEY,  # the sessions this process signs in
            "MESOPLAN_BENCH": "true",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on loopback; the benchmark's users have no second factor enrolled
            # (production's OTP check is one more query per request for those roles).
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "REQUIRE_2FA_FOR": "",
            "REQUEST_LOG_LEVEL": "WARNING",
            "LOG_LEVEL": "WARNING",
        }

    def start(self, timeout: float = 60) -> "Gunicorn":
        # As a deployment does: the manifest of hashed static files that DEBUG off serves.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=settings.BASE_DIR,
            env=self.environment(),
            check=True,
        )
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "clinic.wsgi",
            "-b",
            f"127.0.0.1:{self.port}",
            "-w",
            str(WORKERS),
            "--timeout",
            "120",
            "--no-control-socket",
        ]
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.base}/healthz/", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, kind, value, traceback):
        self.stop()
        if kind is not None:  # the server's side of a failed request
            sys.stderr.write(self.log.read_text()[-4000:])
        self.log.unlink(missing_ok=True)
