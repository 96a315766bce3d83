"""A patient link's token never reaches a log line (its path is its only secret)."""

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from portal.log_redaction import RedactingGunicornLogger, RedactLinkTokens, redact


def test_redact_hides_the_token_and_keeps_the_rest_of_the_path():
    assert redact("GET /p/Abc-123_xyz/check/?x=1 HTTP/1.1") == "GET /p/[link]/check/?x=1 HTTP/1.1"
    assert redact("Not Found: /p/Abc-123_xyz/") == "Not Found: /p/[link]/"
    assert redact("/patients/12/") == "/patients/12/"


@pytest.mark.django_db
def test_django_s_request_warnings_are_redacted(client, caplog):
    token = "sekrit-token-that-must-not-be-logged"
    handler_filter = RedactLinkTokens()
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(f"/p/{token}/")
    assert response.status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records, "the 404 was expected to be logged by django.request"
    for record in records:
        handler_filter.filter(record)
        assert token not in record.getMessage()
        assert "/p/[link]/" in record.getMessage()


def test_the_console_handler_carries_the_filter():
    from django.conf import settings

    assert "redact_link_tokens" in settings.LOGGING["handlers"]["console"]["filters"]


@pytest.mark.parametrize("key", ["r", "U", "f"])
def test_gunicorn_access_log_atoms_are_redacted(key):
    token = "another-secret-token"
    logger = RedactingGunicornLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/p/{token}/aftercare/",
        "PATH_INFO": f"/p/{token}/aftercare/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://clinic.example/p/{token}/",
    }
    resp = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(resp, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=5))
    assert token not in atoms[key]
