"""Fixtures for the document and consent tests: private media and a consent ready to sign."""

import pytest

from sessions.documents import consents as consent_services
from sessions.tests.factories.courses import WARFARIN, library_course


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def prepared(practitioner):
    plan, sessions = library_course(
        practitioner=practitioner,
        medications=[WARFARIN],
        override_reasons={"anticoagulant": "INR stable; GP agrees"},
    )
    record = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=practitioner
    )
    return plan, sessions, record
