"""Releasing a patient's document for the front desk (issue 13): who may release, once per
document, audited, the buttons on the session, plan and consent pages, and the print rule."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clinic.models import AuditEvent
from sessions.documents import consents as consent_services
from sessions.documents import releases
from sessions.models import DocumentRelease
from sessions.tests.factories.charts import chart
from sessions.tests.factories.consents import paper_scan

pytestmark = pytest.mark.django_db


def test_a_practitioner_releases_once_with_who_and_when_and_it_is_audited(practitioner, prepared):
    _plan, _sessions, record = prepared
    first = releases.document_release(kind="consent", document=record, by=practitioner)
    again = releases.document_release(kind="consent", document=record, by=practitioner)
    assert again.pk == first.pk and DocumentRelease.objects.count() == 1
    assert first.released_by == practitioner and first.released_at is not None
    event = AuditEvent.objects.get(action="document.released")
    assert event.target_id == str(record.pk) and event.details["kind"] == "consent"


@pytest.mark.parametrize("persona", ["front_desk", "clinic_admin"])
def test_only_a_practitioner_releases(request, prepared, persona):
    _plan, _sessions, record = prepared
    with pytest.raises(PermissionDenied):
        releases.document_release(
            kind="consent", document=record, by=request.getfixturevalue(persona)
        )
    assert not DocumentRelease.objects.exists()


def test_a_withdrawal_is_not_released(practitioner, prepared, django_capture_on_commit_callbacks):
    _plan, _sessions, record = prepared
    consent_services.consent_mark_signed_on_paper(record=record, by=practitioner)
    withdrawal = consent_services.consent_withdraw(
        record=record, reason="Changed her mind", by=practitioner
    )
    with pytest.raises(ValidationError, match="withdrawal"):
        releases.document_release(kind="consent", document=withdrawal, by=practitioner)


def test_a_sheet_release_is_per_session_and_kind(practitioner, prepared, front_desk):
    _plan, sessions, _record = prepared
    releases.document_release(kind="precare", document=sessions[0], by=practitioner)
    assert releases.may_print(user=front_desk, kind="precare", document=sessions[0])
    assert not releases.may_print(user=front_desk, kind="aftercare", document=sessions[0])
    assert not releases.may_print(user=front_desk, kind="precare", document=sessions[1])
    assert releases.may_print(user=practitioner, kind="aftercare", document=sessions[1])


def test_the_release_button_releases_and_the_front_desk_then_prints(
    client, practitioner, front_desk, prepared, private_media
):
    _plan, sessions, _record = prepared
    chart(sessions[0])
    url = reverse("treatments:aftercare_sheet", args=[sessions[0].pk])
    client.force_login(front_desk)
    assert client.get(url).status_code == 403
    page = client.get(sessions[0].get_absolute_url()).content.decode()
    assert url not in page and "not released for the front desk yet" in page
    client.force_login(practitioner)
    page = client.get(sessions[0].get_absolute_url()).content.decode()
    assert "Release for the front desk" in page
    release_url = reverse("treatments:document_release", args=["aftercare", sessions[0].pk])
    response = client.post(release_url)
    assert response.status_code == 302
    client.force_login(front_desk)
    page = client.get(sessions[0].get_absolute_url()).content.decode()
    assert url in page and "released for the front desk by" in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    event = AuditEvent.objects.filter(action="document.printed").latest("pk")
    assert event.details == {"kind": "aftercare", "role": "front_desk"}


def test_the_front_desk_cannot_press_release(client, front_desk, prepared):
    _plan, sessions, _record = prepared
    client.force_login(front_desk)
    url = reverse("treatments:document_release", args=["precare", sessions[0].pk])
    assert client.post(url).status_code == 403
    assert not DocumentRelease.objects.exists()


def test_an_unknown_kind_is_a_404(client, practitioner, prepared):
    _plan, sessions, _record = prepared
    client.force_login(practitioner)
    url = reverse("treatments:document_release", args=["chart", sessions[0].pk])
    assert client.post(url).status_code == 404


def test_plan_and_consent_pages_offer_the_consent_release(client, practitioner, prepared):
    plan, _sessions, record = prepared
    client.force_login(practitioner)
    release_url = reverse("treatments:document_release", args=["consent", record.pk])
    assert release_url in client.get(plan.get_absolute_url()).content.decode()
    assert (
        release_url in client.get(reverse("treatments:consent", args=[record.pk])).content.decode()
    )


def test_the_front_desk_finds_a_released_consent_on_the_list_without_its_page(
    client, practitioner, front_desk, prepared
):
    _plan, _sessions, record = prepared
    releases.document_release(kind="consent", document=record, by=practitioner)
    client.force_login(front_desk)
    page = client.get(reverse("treatments:consents", args=[record.patient_id])).content.decode()
    assert reverse("treatments:consent_print", args=[record.pk]) in page
    assert reverse("treatments:consent", args=[record.pk]) + '"' not in page


def test_the_front_desk_marks_a_released_form_signed_on_paper_from_the_list(
    client, practitioner, front_desk, prepared, private_media, django_capture_on_commit_callbacks
):
    _plan, _sessions, record = prepared
    client.force_login(front_desk)
    consents_url = reverse("treatments:consents", args=[record.patient_id])
    paper_url = reverse("treatments:consent_paper", args=[record.pk])
    assert paper_url not in client.get(consents_url).content.decode()  # not released yet
    releases.document_release(kind="consent", document=record, by=practitioner)
    assert paper_url in client.get(consents_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(paper_url, {"scan": paper_scan()})
    assert response.status_code == 302 and response["Location"] == consents_url
    record.refresh_from_db()
    assert record.is_signed and record.method == "paper" and record.witnessed_by == front_desk
