"""The patient portal: single-purpose links a patient opens on their phone (issue 17)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    label = "portal"
    verbose_name = _("Patient links")

    def ready(self):
        from portal import booking, consent, panel, questionnaire

        panel.SENDABLE.setdefault("questionnaire", questionnaire.about_patient)
        panel.SENDABLE.setdefault("consent", consent.about_unsigned_consent)
        panel.SENDABLE.setdefault("booking", booking.about_bookable_plan)
