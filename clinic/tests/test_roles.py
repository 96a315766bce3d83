"""Roles: the groups and permissions clinic/roles.py grants."""

import pytest
from django.contrib.auth.models import Group, Permission

from clinic import roles
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
