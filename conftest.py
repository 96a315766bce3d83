"""Personas shared by every test: practitioner, front desk, clinic admin, no role."""

import pytest

from clinic import roles
from tests.support import make_user


def pytest_sessionstart(session):
    # The .mo catalogues are built, never committed (.gitignore): compile them once per run so
    # documents render in French from the .po files as they are in the checkout.
    from clinic.i18n import compile_catalogues

    compile_catalogues()


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
