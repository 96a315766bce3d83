"""The patient portal: single-purpose links a patient opens on their phone (issue 17)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    label = "portal"
    verbose_name = _("Patient links")
