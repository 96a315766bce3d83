"""Helpers shared by tests: personas, the real services some tests need (and the command that
starts a Celery worker), and reading PDFs back as text."""

import os
import shutil
import socket
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

IN_CI = os.environ.get("CI", "").lower() == "true"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def require_service(name: str, available: bool, how: str) -> None:
    """Skip with a reason when a real service is missing; in CI a missing service fails."""
    if available:
        return
    message = f"{name} is not available: {how}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: required)", pytrace=False)
    pytest.skip(message)


def redis_is_up(url: str = REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def chromium_path() -> str | None:
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_user(role: str | None, username: str | None = None, password: str = "pw-for-tests-123"):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from clinic import roles

    user = get_user_model().objects.create_user(
        username=username or f"{role or 'norole'}-user",
        password=password,
        first_name=(role or "no").replace("_", " ").title(),
        last_name="Tester",
        is_staff=role == roles.CLINIC_ADMIN,
    )
    if role:
        user.groups.add(Group.objects.get(name=roles.GROUP_NAMES[role]))
    return user


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(BytesIO(data)).pages)


def flat(text: str) -> str:
    """PDF text with line breaks and repeated spaces folded, for phrase assertions."""
    return " ".join(text.split())
