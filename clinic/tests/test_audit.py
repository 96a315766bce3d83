"""The audit log: every clinical read and write leaves an append-only event; the log page."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic import audit
from clinic.models import AuditEvent
from patients.tests.factories import PatientFactory
from sessions.charting import charts
from sessions.tests.factories.charts import booked_session
from tests.support import make_user

pytestmark = pytest.mark.django_db


def test_record_keeps_who_what_which_record_when_and_from_where(rf, practitioner):
    request = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="TabletBrowser/1.0")
    event = audit.record(
        actor=practitioner, action="user.viewed", target=practitioner, request=request
    )
    event.refresh_from_db()
    assert event.actor == practitioner
    assert event.actor_username == practitioner.username
    assert event.action == "user.viewed"
    assert (event.target_type, event.target_id) == ("auth.user", str(practitioner.pk))
    assert event.ip_address == "10.1.2.3"
    assert event.user_agent == "TabletBrowser/1.0"
    assert event.at is not None


def test_audit_events_cannot_be_changed_or_deleted(practitioner):
    event = audit.record(actor=practitioner, action="user.viewed")
    event.action = "something.else"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "user.viewed"


def test_signing_in_and_out_is_audited_with_the_address(client):
    user = make_user("practitioner", password="correct-horse-42")
    client.post(
        reverse("login"),
        {"username": user.username, "password": "correct-horse-42"},
        REMOTE_ADDR="192.0.2.7",
    )
    client.post(reverse("logout"), REMOTE_ADDR="192.0.2.7")
    actions = list(
        AuditEvent.objects.filter(actor=user)
        .order_by("at", "pk")
        .values_list("action", "ip_address")
    )
    assert actions == [("auth.logged_in", "192.0.2.7"), ("auth.logged_out", "192.0.2.7")]


def test_a_failed_sign_in_is_audited_without_the_password(client):
    client.post(reverse("login"), {"username": "mallory", "password": "guess-123"})
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.details == {"username": "mallory"}
    assert "guess-123" not in str(event.details)


def test_clinic_admin_reads_everyones_events(client, clinic_admin, practitioner):
    audit.record(actor=practitioner, action="patient.viewed")
    client.force_login(clinic_admin)
    response = client.get(reverse("audit_log"))
    assert response.status_code == 200
    assert "patient.viewed" in response.content.decode()


def test_practitioner_reads_only_their_own_events(client, practitioner, clinic_admin):
    audit.record(actor=practitioner, action="chart.signed")
    audit.record(actor=clinic_admin, action="user.created")
    client.force_login(practitioner)
    page = client.get(reverse("audit_log")).content.decode()
    assert "chart.signed" in page
    assert "user.created" not in page


def test_a_reversed_date_range_is_a_form_error_not_a_crash(client, clinic_admin):
    client.force_login(clinic_admin)
    response = client.get(
        reverse("audit_log"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()


def test_an_invalid_date_is_a_form_error_not_a_crash(client, clinic_admin):
    client.force_login(clinic_admin)
    response = client.get(reverse("audit_log"), {"date_from": "yesterday"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_the_audit_log_page_has_a_constant_number_of_queries(
    client, clinic_admin, django_assert_max_num_queries
):
    for number in range(60):
        audit.record(actor=clinic_admin, action=f"thing.done{number}")
    client.force_login(clinic_admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("audit_log"))
    assert len(queries.captured_queries) <= 11
    # Keyset pages: no COUNT over the whole log, however long it is.
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counts if "clinic_auditevent" in sql]
    assert 'data-testid="audit-older"' in response.content.decode()


def test_older_pages_walk_the_whole_log_once(client, clinic_admin):
    for number in range(120):
        audit.record(actor=clinic_admin, action=f"thing.done{number}")
    client.force_login(clinic_admin)
    seen, params = [], {"action": "thing.done"}
    while True:
        response = client.get(reverse("audit_log"), params)
        seen += [event.pk for event in response.context["events"]]
        if not response.context["older"]:
            break
        params = QueryDict(response.context["older"])
    assert len(seen) == len(set(seen)) == 120
    assert seen == sorted(seen, reverse=True)


def test_a_mistyped_page_cursor_starts_from_the_newest(client, clinic_admin):
    audit.record(actor=clinic_admin, action="thing.done")
    client.force_login(clinic_admin)
    response = client.get(reverse("audit_log"), {"before": "yesterday_abc"})
    assert response.status_code == 200
    assert response.context["events"]


def test_the_audit_log_lists_one_patients_trail_across_their_records(client, clinic_admin):
    practitioner = make_user("practitioner", username="trail-doc")
    treatment_session = booked_session(practitioner)
    patient = treatment_session.patient
    chart = charts.chart_save(treatment_session=treatment_session, by=practitioner)
    other = PatientFactory()
    audit.record(actor=practitioner, action="patient.viewed", target=other)
    client.force_login(clinic_admin)
    page = client.get(reverse("audit_log"), {"patient": patient.chart_number.lower()})
    events = list(page.context["events"])
    assert {event.patient_id for event in events} == {patient.pk}
    assert "chart.saved" in {event.action for event in events}  # a chart: its session's patient
    assert chart.pk
    missing = client.get(reverse("audit_log"), {"patient": "P999999"})
    assert "No patient has chart number P999999" in missing.content.decode()
    assert not missing.context["events"]
