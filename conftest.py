"""Personas shared by every test: practitioner, front desk, clinic admin, no role; and the
compiled translations (.mo files are built, never committed: docs/translating.md)."""

import pytest
from django.core.management import call_command

from clinic import roles
from tests.support import make_user


def pytest_sessionstart(session):
    # Up-to-date catalogues are skipped, so this costs nothing after the first run.
    call_command("compilemessages", ignore_patterns=["var", "staticfiles", ".*"], verbosity=0)


@pytest.fixture
def practitioner(db):
    return make_user(roles.PRACTITIONER)


@pytest.fixture
def front_desk(db):
    return make_user(roles.FRONT_DESK)


@pytest.fixture
def clinic_admin(db):
    return make_user(roles.CLINIC_ADMIN)


@pytest.fixture
def no_role_user(db):
    return make_user(None)


PERSONAS = ["practitioner", "front_desk", "clinic_admin"]
