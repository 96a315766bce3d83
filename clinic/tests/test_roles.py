"""Roles: the groups and permissions clinic/roles.py grants."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinic import roles
from clinic.backends import ThrottledModelBackend
from tests.support import make_user

pytestmark = pytest.mark.django_db


def test_migrate_creates_the_three_role_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.GROUP_NAMES.values()) <= names


@pytest.mark.parametrize("role", list(roles.ROLE_PERMISSIONS))
def test_each_group_holds_exactly_the_permissions_of_its_role(role):
    group = Group.objects.get(name=roles.GROUP_NAMES[role])
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert held == set(roles.ROLE_PERMISSIONS[role])


def test_every_permission_named_in_the_role_table_exists():
    # A typo in ROLE_PERMISSIONS would otherwise silently grant nothing.
    for perms in roles.ROLE_PERMISSIONS.values():
        for name in perms:
            app_label, codename = name.split(".")
            assert Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).exists(), name


def test_sync_restores_a_permission_removed_by_hand():
    group = Group.objects.get(name=roles.GROUP_NAMES[roles.CLINIC_ADMIN])
    group.permissions.clear()
    roles.sync_roles()
    assert group.permissions.count() == len(roles.ROLE_PERMISSIONS[roles.CLINIC_ADMIN])


@pytest.mark.parametrize("role", [roles.PRACTITIONER, roles.FRONT_DESK, roles.CLINIC_ADMIN, None])
def test_role_of_reads_the_users_group(role):
    assert roles.role_of(make_user(role)) == role


def test_front_desk_holds_no_clinical_or_audit_permission():
    user = make_user(roles.FRONT_DESK)
    assert not user.has_perm("clinic.view_auditevent")
    assert not user.has_perm("clinic.view_own_auditevent")


@pytest.mark.parametrize("role", list(roles.ROLE_PERMISSIONS))
def test_permissions_and_role_are_read_in_one_query_with_django_s_answers(role):

    made = make_user(role)
    extra = Permission.objects.get(codename="view_auditevent")
    made.user_permissions.add(extra)  # an own permission beside the group's
    user = ThrottledModelBackend().get_user(made.pk)
    with CaptureQueriesContext(connection) as queries:
        held = user.get_all_permissions()
        assert user.has_perm("clinic.view_auditevent")
        assert roles.role_of(user) == role
    assert len(queries) == 1
    fresh = get_user_model().objects.get(pk=made.pk)
    assert held == ModelBackend().get_all_permissions(fresh)
    assert held == set(roles.ROLE_PERMISSIONS[role]) | {"clinic.view_auditevent"}


def test_a_user_in_no_group_has_no_role_and_only_their_own_permissions():
    made = make_user(None)
    made.user_permissions.add(Permission.objects.get(codename="view_patient"))
    user = ThrottledModelBackend().get_user(made.pk)
    assert roles.role_of(user) is None
    assert user.get_all_permissions() == {"patients.view_patient"}
