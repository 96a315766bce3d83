"""The audit log as a person reads it (issue 12): times in the clinic's zone and an action's
name, not its code, on the log and on the dashboards. That every recorded action has a label
is checked in one place: test_audit_labels.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic import audit
from clinic.models import ACTION_LABELS, AuditEvent


@pytest.mark.django_db
def test_the_log_shows_times_in_the_clinics_zone_and_names(client, clinic_admin, settings):
    settings.TIME_ZONE = "Europe/Paris"
    audit.record(actor=clinic_admin, action="patient.viewed")
    AuditEvent.objects.update(at=datetime.datetime(2026, 7, 1, 8, 5, tzinfo=datetime.UTC))
    client.force_login(clinic_admin)
    html = client.get(reverse("audit_log")).content.decode()
    assert "2026-07-01 10:05:00" in html  # CEST, not 08:05 UTC
    assert str(ACTION_LABELS["patient.viewed"]) in html
    assert timezone.get_current_timezone_name() == "Europe/Paris"


@pytest.mark.django_db
def test_the_practitioners_dashboard_names_the_actions(client, practitioner):
    audit.record(actor=practitioner, action="patient.viewed")
    client.force_login(practitioner)
    html = client.get(reverse("dashboard")).content.decode()
    assert str(ACTION_LABELS["patient.viewed"]) in html
    assert "patient.viewed" not in html
