"""Fixtures for the charting tests: media written to a private folder of the test's own."""

import pytest


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT
