"""Smoke test of the README's run command: `make run` from a copy of the project in a temporary
directory, on a free port, on the embedded default (no PostgreSQL, no Redis)."""

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.support import PROJECT_ROOT, free_port

pytestmark = pytest.mark.processes

IGNORED = shutil.ignore_patterns(
    ".venv", "var", ".git", "staticfiles", "__pycache__", ".pytest_cache", "test-results"
)


def _processes_in_session(sid: int) -> list[str]:
    listing = subprocess.run(["ps", "-eo", "sid=,args="], capture_output=True, text=True).stdout
    return [
        args
        for line in listing.splitlines()
        for found_sid, _, args in [line.strip().partition(" ")]
        if found_sid == str(sid)
    ]


def _wait_for_login_page(url: str, process, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return ""
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.5)
    return ""


def test_make_run_serves_the_login_page_with_worker_and_beat_and_stops_cleanly(tmp_path):
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    app = tmp_path / "app"
    shutil.copytree(PROJECT_ROOT, app, ignore=IGNORED)
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "MESOPLAN_VAR_DIR",
            "DEBUG",
            "PYTEST_CURRENT_TEST",
        )
    }
    log_path = tmp_path / "run.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}", f"VENV={sys.prefix}"],
            cwd=app,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        page = _wait_for_login_page(f"http://127.0.0.1:{port}/accounts/login/", process, 180)
        output = log_path.read_text()
        assert 'name="password"' in page, output
        running = _processes_in_session(process.pid)
        assert any("celery" in args and " worker" in args for args in running), running
        assert any("celery" in args and " beat" in args for args in running), running
        assert (app / "var" / "db.sqlite3").exists()
    finally:
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    output = log_path.read_text()
    assert f"Mesoplan is running at http://127.0.0.1:{port}/" in output
    assert "practitioner" in output and "frontdesk" in output and "admin" in output
    deadline = time.monotonic() + 10
    while _processes_in_session(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_in_session(process.pid) == [], output[-2000:]
