"""The staff side (the patient page's panel, send, revoke, roles) and the senders."""

from pathlib import Path

import pytest
from django.core import mail

from clinic.models import AuditEvent
from patients.tests.factories import PatientFactory
from portal import access, panel, senders
from portal.models import PortalLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def probe_purpose(monkeypatch):
    """A purpose staff can send with nothing to be about (the real ones register theirs)."""
    monkeypatch.setitem(panel.SENDABLE, "booking", lambda patient: {})


def emailable(**kwargs):
    return PatientFactory(contact_by_email=True, email="patient@example.org", **kwargs)


def test_the_email_goes_only_to_a_patient_who_agreed(settings):
    link, url = access.portal_link_issue(patient=emailable(), purpose="booking")
    assert senders.portal_link_send(link=link, url=url) == "email"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["patient@example.org"]
    assert url in message.body
    link.refresh_from_db()
    assert link.sent_at and link.sent_via == "email"
    refused, url = access.portal_link_issue(
        patient=PatientFactory(contact_by_email=False), purpose="booking"
    )
    with pytest.raises(senders.NoChannel):
        senders.portal_link_send(link=refused, url=url)
    assert len(mail.outbox) == 1
    refused.refresh_from_db()
    assert refused.send_error == "no channel" and refused.sent_at is None
    assert AuditEvent.objects.filter(action="portal_link.send_failed").count() == 1


def test_the_email_is_in_the_patients_language():
    link, url = access.portal_link_issue(
        patient=emailable(preferred_language="fr"), purpose="aftercare"
    )
    senders.portal_link_send(link=link, url=url)
    assert "Bonjour" in mail.outbox[0].body or "Chère" in mail.outbox[0].body
    assert "date de naissance" in mail.outbox[0].body


def test_the_sms_file_backend_writes_the_message_under_var(settings, tmp_path):
    settings.PORTAL_SMS_FILE_PATH = str(tmp_path)
    patient = PatientFactory(contact_by_email=False, contact_by_sms=True, phone="+33 6 11 22 33 44")
    link, url = access.portal_link_issue(patient=patient, purpose="booking")
    assert senders.portal_link_send(link=link, url=url) == "sms"
    files = list(Path(tmp_path).iterdir())
    assert len(files) == 1
    text = files[0].read_text()
    assert "+33 6 11 22 33 44" in text and url in text
    assert not mail.outbox


def test_the_channel_order_is_a_setting(settings, tmp_path):
    settings.PORTAL_SMS_FILE_PATH = str(tmp_path)
    settings.PORTAL_CHANNELS = ["sms", "email"]
    patient = emailable(contact_by_sms=True)
    link, url = access.portal_link_issue(patient=patient, purpose="booking")
    assert senders.portal_link_send(link=link, url=url) == "sms"


def test_the_front_desk_sends_a_link_from_the_patient_page(client, front_desk, probe_purpose):
    patient = emailable()
    client.force_login(front_desk)
    body = client.get(patient.get_absolute_url()).content.decode()
    assert "Patient links" in body and "Send link" in body
    response = client.post(f"/portal/patients/{patient.pk}/links/send/", {"purpose": "booking"})
    assert response.status_code == 302
    link = PortalLink.objects.get(patient=patient)
    assert link.created_by == front_desk and link.sent_via == "email"
    assert len(mail.outbox) == 1
    body = client.get(patient.get_absolute_url()).content.decode()
    assert "Revoke" in body and "Sent" in body
    # Sending again replaces the open link: the first no longer opens.
    client.post(f"/portal/patients/{patient.pk}/links/send/", {"purpose": "booking"})
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert PortalLink.objects.filter(patient=patient, revoked_at__isnull=True).count() == 1


def test_a_patient_without_an_agreed_channel_gets_no_link(client, front_desk, probe_purpose):
    patient = PatientFactory(contact_by_email=False, contact_by_sms=False)
    client.force_login(front_desk)
    body = client.get(patient.get_absolute_url()).content.decode()
    assert "the patient must agree to e-mail or SMS" in body
    client.post(f"/portal/patients/{patient.pk}/links/send/", {"purpose": "booking"})
    assert not PortalLink.objects.filter(patient=patient).exists()


def test_revoking_from_the_panel(client, practitioner):
    link, _url = access.portal_link_issue(patient=emailable(), purpose="booking")
    client.force_login(practitioner)
    body = client.get(link.patient.get_absolute_url()).content.decode()
    assert 'data-confirm="Revoke this link? It will stop working at once."' in body
    assert client.get(f"/portal/links/{link.pk}/revoke/").status_code == 405
    client.post(f"/portal/links/{link.pk}/revoke/")
    link.refresh_from_db()
    assert link.revoked_at and link.revoked_by == practitioner


def test_a_clinic_admin_sees_links_but_neither_sends_nor_revokes(
    client, clinic_admin, probe_purpose
):
    link, _url = access.portal_link_issue(patient=emailable(), purpose="booking")
    client.force_login(clinic_admin)
    body = client.get(link.patient.get_absolute_url()).content.decode()
    assert "Patient links" in body and "Send link" not in body and ">Revoke<" not in body
    send = f"/portal/patients/{link.patient.pk}/links/send/"
    assert client.post(send, {"purpose": "booking"}).status_code == 403
    assert client.post(f"/portal/links/{link.pk}/revoke/").status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None
