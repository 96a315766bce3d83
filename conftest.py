"""Personas shared by every test: practitioner, front desk, clinic admin, no role."""

import pytest

from clinic import roles
from tests.support import make_user


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
