"""The patient portal: single-purpose links a patient opens on their phone (issue 17)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    label = "portal"
    verbose_name = _("Patient links")

    def ready(self):
        from portal import aftercare, booking, check, consent, followup_links, panel, questionnaire
        from sessions.followups import delivery

        # The aftercare and check e-mails carry the patient's link (see followup_links).
        if followup_links.follow_up_link_context not in delivery.EMAIL_CONTEXT_PROVIDERS:
            delivery.EMAIL_CONTEXT_PROVIDERS.append(followup_links.follow_up_link_context)
        panel.SENDABLE.setdefault("questionnaire", questionnaire.about_patient)
        panel.SENDABLE.setdefault("consent", consent.about_unsigned_consent)
        panel.SENDABLE.setdefault("booking", booking.about_bookable_plan)
        panel.SENDABLE.setdefault("aftercare", aftercare.about_latest_charted_session)
        panel.SENDABLE.setdefault("check", check.about_latest_completed_session)
