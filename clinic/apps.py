"""The clinic app's configuration: roles are re-synced after every migrate."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = _("Clinic")

    def ready(self):
        from django.contrib.auth import user_logged_in

        from clinic import audit, language, roles, twofactor

        # Permissions themselves are created on post_migrate, so roles are synced after them.
        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="clinic.sync_roles")
        audit.connect_login_signals()
        user_logged_in.connect(twofactor.remember_enrolment, dispatch_uid="clinic.two_factor")
        user_logged_in.connect(language.apply_on_login, dispatch_uid="clinic.language")
