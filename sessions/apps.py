"""The treatments app (folder `sessions/`, label `treatments`: `django.contrib.sessions`
owns the label `sessions`)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatmentsConfig(AppConfig):
    # The folder is `sessions`, but django.contrib.sessions owns that label: Django keys
    # everything (tables, permissions, migrations, "treatments.TreatmentSession") on ours.
    name = "sessions"
    label = "treatments"
    verbose_name = _("Treatment sessions")
