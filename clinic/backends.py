"""The one authentication backend: django-axes' lockout check, then Django's password check.

One backend rather than axes' standalone one beside ModelBackend, because Django's
`User.objects.with_perm()` refuses to guess between several configured backends.
"""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from clinic import roles


def _permissions_and_groups_sql() -> str:
    user_model = get_user_model()
    user_permissions = user_model.user_permissions.through._meta.db_table
    user_groups = user_model.groups.through._meta.db_table
    group_permissions = Group.permissions.through._meta.db_table
    permission, content_type = Permission._meta.db_table, ContentType._meta.db_table
    group = Group._meta.db_table
    return f"""
        SELECT 'user', NULL, ct.app_label, p.codename FROM {user_permissions} up
        JOIN {permission} p ON p.id = up.permission_id
        JOIN {content_type} ct ON ct.id = p.content_type_id
        WHERE up.user_id = %s
        UNION ALL
        SELECT 'group', g.name, ct.app_label, p.codename FROM {user_groups} ug
        JOIN {group} g ON g.id = ug.group_id
        LEFT JOIN {group_permissions} gp ON gp.group_id = g.id
        LEFT JOIN {permission} p ON p.id = gp.permission_id
        LEFT JOIN {content_type} ct ON ct.id = p.content_type_id
        WHERE ug.user_id = %s
    """  # nosec B608: table names from the models' own metadata, values as parameters


class ThrottledModelBackend(AxesStandaloneBackend, ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        # Raises AxesBackendPermissionDenied while the user name or address is locked out.
        AxesStandaloneBackend.authenticate(self, request, username, password, **kwargs)
        return ModelBackend.authenticate(self, request, username, password, **kwargs)

    def get_user(self, user_id):
        # The signed-in user of every request, with their preferences in the same query: the
        # language middleware reads them on every page (clinic/language.py).
        model = get_user_model()
        try:
            user = model._default_manager.select_related("staff_preferences").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def _get_permissions(self, user_obj, obj, from_name):
        # Every page checks permissions and reads the role (the navigation, the view): one
        # query for the user's own permissions, their groups' and the groups' names, where
        # ModelBackend runs two and roles.role_of a third. Same caches, same answers.
        if (
            user_obj.is_active
            and not user_obj.is_anonymous
            and obj is None
            and not user_obj.is_superuser
            and not hasattr(user_obj, f"_{from_name}_perm_cache")
        ):
            self._load_permissions(user_obj)
        return super()._get_permissions(user_obj, obj, from_name)

    def _load_permissions(self, user) -> None:
        own, of_groups, names = set(), set(), set()
        with connection.cursor() as cursor:
            cursor.execute(_permissions_and_groups_sql(), [user.pk, user.pk])
            for source, group_name, app_label, codename in cursor.fetchall():
                if source == "group":
                    names.add(group_name)
                if codename is not None:
                    (own if source == "user" else of_groups).add(f"{app_label}.{codename}")
        user._user_perm_cache = own
        user._group_perm_cache = of_groups
        roles.remember_groups(user, names)
