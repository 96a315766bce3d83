"""The consent pages: who may sign and read, escaping on the signing page, the questions-
answered box, and preparing a consent from the plan page."""

import pytest
from django.urls import reverse

from sessions.documents import consents as consent_services
from sessions.models import ConsentRecord
from sessions.tests.factories.consents import signature_png
from sessions.tests.factories.courses import library_course

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


# --- Pages: who may do what -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sign_status", "read_status"),
    [
        ("practitioner", 200, 200),
        ("front_desk", 403, 403),  # clinical pages: never the front desk (issue 13)
        ("clinic_admin", 403, 200),
        ("no_role_user", 403, 403),
    ],
)
def test_practitioners_sign_clinical_roles_read(
    client, request, prepared, persona, sign_status, read_status
):
    _plan, _sessions, record = prepared
    client.force_login(request.getfixturevalue(persona))
    assert (
        client.get(reverse("treatments:consent_sign", args=[record.pk])).status_code == sign_status
    )
    assert client.get(reverse("treatments:consent", args=[record.pk])).status_code == read_status


def test_anonymous_visitors_are_sent_to_the_login(client, prepared):
    _plan, _sessions, record = prepared
    response = client.get(reverse("treatments:consent", args=[record.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_signing_page_loads_the_pad_and_escapes_the_patient(client, front_desk, practitioner):
    plan, _sessions = library_course(
        practitioner=practitioner, first_name="<script>alert(1)</script>", book_sessions=0
    )
    record = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=practitioner
    )
    client.force_login(practitioner)
    body = client.get(reverse("treatments:consent_sign", args=[record.pk])).content.decode()
    assert "js/signature-pad.js" in body and "data-signature-pad" in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_signing_through_the_page_needs_the_questions_answered_box(
    client, practitioner, prepared, django_capture_on_commit_callbacks
):
    _plan, _sessions, record = prepared
    client.force_login(practitioner)
    url = reverse("treatments:consent_sign", args=[record.pk])
    response = client.post(url, {"signature": signature_png()})
    assert response.status_code == 200
    record.refresh_from_db()
    assert not record.is_signed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"signature": signature_png(), "questions_answered": "on"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.is_signed and record.pdf_status == "rendered"


def test_preparing_from_the_plan_page_opens_the_new_consent(client, practitioner):
    plan, _sessions = library_course(practitioner=practitioner, book_sessions=0)
    client.force_login(practitioner)
    response = client.post(reverse("treatments:consent_prepare", args=[plan.pk]))
    record = ConsentRecord.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == reverse("treatments:consent", args=[record.pk])
