"""Expected paths keep the logs quiet (issue 13): editing a patient and a refused page log no
traceback, so a real error stands out."""

import logging

import pytest
from django.urls import reverse

from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def _tracebacks(caplog):
    return [record for record in caplog.records if record.exc_info]


def test_editing_a_patient_logs_no_traceback(client, front_desk, caplog):
    patient = PatientFactory()
    client.force_login(front_desk)
    with caplog.at_level(logging.DEBUG):
        page = client.get(reverse("patients:edit", kwargs={"pk": patient.pk}))
        invalid = client.post(reverse("patients:edit", kwargs={"pk": patient.pk}), {})
    assert page.status_code == 200 and invalid.status_code == 200
    assert "confirm_new_person" not in page.content.decode()
    assert not _tracebacks(caplog), [r.getMessage() for r in _tracebacks(caplog)]
    assert not [r for r in caplog.records if "confirm_new_person" in r.getMessage()]


def test_a_refused_page_is_one_line_in_the_log_without_a_traceback(client, front_desk, caplog):
    patient = PatientFactory()
    client.force_login(front_desk)
    with caplog.at_level(logging.DEBUG):
        response = client.get(reverse("patients:history", kwargs={"pk": patient.pk}))
    assert response.status_code == 403
    assert "This page is not part of your role" in response.content.decode()
    assert not _tracebacks(caplog)
    forbidden = [r for r in caplog.records if "Forbidden" in r.getMessage()]
    assert len(forbidden) == 1
    assert "/history/" in forbidden[0].getMessage()


def test_a_real_error_still_logs_its_traceback(client, practitioner, caplog, monkeypatch):
    from clinic import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", broken)
    client.raise_request_exception = False
    client.force_login(practitioner)
    with caplog.at_level(logging.ERROR):
        assert client.get(reverse("dashboard")).status_code == 500
    assert _tracebacks(caplog)
