"""Fixtures for the follow-up tests: every course here is consented."""

import pytest


@pytest.fixture(autouse=True)
def every_course_is_consented(monkeypatch):
    """Course sessions start only with a signed consent (tested in documents/test_consent_*.py);
    these tests are about what follows a session, so every course here is consented."""
    monkeypatch.setattr(
        "sessions.documents.consent_rules.consent_problem",
        lambda treatment_session, **_options: None,
    )
