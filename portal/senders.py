"""Sending a patient link: by e-mail (Django's mail, in the patient's language, only to a
patient who agreed to e-mail) or by SMS through a pluggable backend. No paid SMS provider is
wired: PORTAL_SMS_BACKEND names a class with `send(to, text)`; the default writes each message
to a file under var/ (development and tests). PORTAL_CHANNELS is the order channels are tried
in (e.g. ["email", "sms"])."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import get_valid_filename

from clinic import audit, typography
from portal.models import PortalLink

logger = logging.getLogger(__name__)

EMAIL, SMS = "email", "sms"


class NoChannel(Exception):
    """The patient agreed to no channel we can use (or has no address or number for it)."""


class SmsBackend:
    """The interface an SMS provider's adapter implements."""

    def send(self, to: str, text: str) -> None:
        raise NotImplementedError


class FileSmsBackend(SmsBackend):
    """Writes each SMS to PORTAL_SMS_FILE_PATH, one file per message (never sends)."""

    def send(self, to: str, text: str) -> None:
        folder = Path(settings.PORTAL_SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
        name = get_valid_filename(f"{stamp}-{to}.txt")
        (folder / name).write_text(f"To: {to}\n\n{text}\n", encoding="utf-8")


def sms_backend() -> SmsBackend:
    return import_string(settings.PORTAL_SMS_BACKEND)()


def patient_takes(patient, channel: str) -> bool:
    if patient.archived_at:
        return False
    if channel == EMAIL:
        return bool(patient.contact_by_email and patient.email)
    if channel == SMS:
        return bool(patient.contact_by_sms and patient.phone)
    return False


def channel_for(patient) -> str:
    """The first channel of PORTAL_CHANNELS the patient agreed to; raises NoChannel."""
    for channel in settings.PORTAL_CHANNELS:
        if patient_takes(patient, channel):
            return channel
    raise NoChannel(patient.pk)


def message_context(link: PortalLink, url: str) -> dict:
    return {
        "first_name": link.patient.first_name,
        "purpose": link.get_purpose_display(),
        "purpose_code": link.purpose,
        "url": url,
        "expires_at": timezone.localtime(link.expires_at),
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
    }


def link_email(link: PortalLink, url: str) -> EmailMultiAlternatives:
    language = link.patient.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = message_context(link, url)
        subject = render_to_string("emails/portal_link_subject.txt", context)
        text = render_to_string("emails/portal_link_body.txt", context)
    subject = typography.for_language(re.sub(r"[ \t\r\n]+", " ", subject).strip(), language)
    return EmailMultiAlternatives(
        subject=subject,
        body=typography.for_language(text, language),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[link.patient.email],
    )


def link_sms(link: PortalLink, url: str) -> str:
    language = link.patient.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        text = render_to_string("emails/portal_link_sms.txt", message_context(link, url))
    return re.sub(r"\s+", " ", text).strip()


def portal_link_send(*, link: PortalLink, url: str, by=None, request=None) -> str:
    """Send the address on the patient's first agreed channel; record and audit the outcome.
    Returns the channel. Raises NoChannel, or the backend's error (recorded on the link)."""
    try:
        channel = channel_for(link.patient)
        if channel == EMAIL:
            link_email(link, url).send()
        else:
            sms_backend().send(link.patient.phone, link_sms(link, url))
    except Exception as error:
        link.send_error = (
            "no channel" if isinstance(error, NoChannel) else f"{type(error).__name__}: {error}"
        )[:300]
        PortalLink.objects.filter(pk=link.pk).update(send_error=link.send_error)
        audit.record(
            actor=by,
            action="portal_link.send_failed",
            target=link,
            request=request,
            details={"error": link.send_error},
        )
        raise
    link.sent_at, link.sent_via, link.send_error = timezone.now(), channel, ""
    PortalLink.objects.filter(pk=link.pk).update(
        sent_at=link.sent_at, sent_via=channel, send_error=""
    )
    audit.record(
        actor=by, action="portal_link.sent", target=link, request=request, details={"via": channel}
    )
    return channel
