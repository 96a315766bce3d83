"""Aftercare on the phone: the evening e-mail with its link, the page, the stored PDF and
"I have read it" (the handout becomes acknowledged)."""

import datetime
import hashlib
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from clinic.models import AuditEvent
from patients.tests.factories import PatientFactory
from portal.models import PortalLink
from sessions.followups import delivery, rules, scheduling
from sessions.models import DocumentHandout, FollowUp
from sessions.tests.factories.charts import signed_chart

pytestmark = pytest.mark.django_db

RIGHT = {"portal_gate": "1", "day": "14", "month": "3", "year": "1985"}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()


def signed_session(practitioner, **patient):
    patient = PatientFactory(contact_by_email=True, email="p@example.org", **patient)
    return signed_chart(practitioner, patient=patient).treatment_session


def sent_link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/p/[A-Za-z0-9_-]+/)", message.body).group(1)


def open_page(client, path):
    """Follow the e-mailed address to its page and pass the date-of-birth gate."""
    response = client.get(path)
    assert response.status_code == 302
    page = response["Location"]
    assert client.post(page, RIGHT).status_code == 302
    return page


def test_a_signed_chart_sends_the_sheet_that_evening_once(practitioner):
    treatment_session = signed_session(practitioner)
    rows = FollowUp.objects.filter(treatment_session=treatment_session, kind="aftercare")
    assert rows.count() == 1
    scheduling.follow_ups_on_chart_signed(treatment_session=treatment_session)
    assert rows.count() == 1  # idempotent: never two e-mails for one session


def test_a_patient_without_e_mail_gets_no_aftercare_e_mail(practitioner):
    patient = PatientFactory(contact_by_email=False)
    treatment_session = signed_chart(practitioner, patient=patient).treatment_session
    assert not FollowUp.objects.filter(treatment_session=treatment_session, kind="aftercare")


def test_the_aftercare_e_mail_is_due_at_the_evening_time_of_the_sessions_day(settings):
    settings.FOLLOW_UP_AFTERCARE_TIME = "18:30"
    paris = ZoneInfo("Europe/Paris")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    morning = datetime.datetime.combine(tomorrow, datetime.time(9, 0), paris)
    due = rules.aftercare_due(SimpleNamespace(starts_at=morning))
    assert timezone.localtime(due).time() == datetime.time(18, 30)
    assert timezone.localdate(due) == tomorrow
    # Signed after the evening time (here: a session weeks ago): at once.
    past = timezone.now() - datetime.timedelta(days=20)
    assert rules.aftercare_due(SimpleNamespace(starts_at=past)) >= timezone.now() - (
        datetime.timedelta(seconds=5)
    )


def test_the_sweep_e_mails_a_link_that_opens_the_sheet(client, practitioner):
    treatment_session = signed_session(practitioner)
    assert delivery.follow_ups_sweep().get("sent") == 1
    message = mail.outbox[-1]
    assert message.to == ["p@example.org"] and "aftercare sheet" in message.subject
    link = PortalLink.objects.get(treatment_session=treatment_session, purpose="aftercare")
    assert link.follow_up.kind == "aftercare" and link.sent_via == "email"
    page = open_page(client, sent_link_path(message))
    body = client.get(page).content.decode()
    assert "Call us at once if you notice" in body
    assert "A new painful lump (nodule) at a treated spot" in body
    assert "I have read it" in body


def test_a_retried_e_mail_replaces_the_link_of_the_failed_attempt(practitioner, monkeypatch):
    treatment_session = signed_session(practitioner)
    follow_up = FollowUp.objects.get(treatment_session=treatment_session, kind="aftercare")
    import smtplib

    def refuse(self, message):
        raise smtplib.SMTPRecipientsRefused({"p@example.org": (450, b"try later")})

    monkeypatch.setattr(delivery.Mailer, "send", refuse)
    delivery.follow_ups_sweep()
    first = PortalLink.objects.get(follow_up=follow_up)
    monkeypatch.undo()
    FollowUp.objects.filter(pk=follow_up.pk).update(next_attempt_at=timezone.now())
    assert delivery.follow_ups_sweep().get("sent") == 1
    first.refresh_from_db()
    assert first.revoked_at is not None
    live = PortalLink.objects.filter(follow_up=follow_up, revoked_at__isnull=True)
    assert live.count() == 1


def test_i_have_read_it_acknowledges_the_handout_once(client, practitioner):
    treatment_session = signed_session(practitioner)
    delivery.follow_ups_sweep()
    page = open_page(client, sent_link_path(mail.outbox[-1]))
    assert client.post(page).status_code == 302
    handout = DocumentHandout.objects.get(treatment_session=treatment_session, kind="aftercare")
    assert handout.status == DocumentHandout.Status.ACKNOWLEDGED
    assert handout.channel == DocumentHandout.Channel.EMAILED
    assert "patient" in handout.acknowledged_how
    link = PortalLink.objects.get(treatment_session=treatment_session, purpose="aftercare")
    assert link.completed_at is not None
    # Still readable, says thank you, offers no second confirmation.
    body = client.get(page).content.decode()
    assert "you confirmed you have read this sheet" in body and "I have read it" not in body
    # A second submit (another tab) changes nothing and says it is done.
    response = client.post(page)
    assert "Already done" in response.content.decode()
    assert AuditEvent.objects.filter(action="document.acknowledged").count() == 1
    assert AuditEvent.objects.filter(action="portal.submitted").count() == 1


def test_the_pdf_is_the_stored_sheet(client, practitioner):
    treatment_session = signed_session(practitioner)
    delivery.follow_ups_sweep()
    page = open_page(client, sent_link_path(mail.outbox[-1]))
    response = client.get(page + "sheet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    handout = DocumentHandout.objects.get(treatment_session=treatment_session, kind="aftercare")
    assert handout.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    # Without the gate, no PDF.
    client.cookies.clear()
    assert b"%PDF" not in client.get(page + "sheet.pdf").content


def test_the_page_is_in_the_patients_language(client, practitioner):
    treatment_session = signed_session(practitioner, preferred_language="fr")
    delivery.follow_ups_sweep()
    message = mail.outbox[-1]
    assert "date de naissance" in message.body
    page = open_page(client, sent_link_path(message))
    body = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="fr">' in body
    assert "Appelez-nous immédiatement si vous remarquez" in body or "J’ai lu" in body
    assert treatment_session.pk
