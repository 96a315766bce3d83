"""Project pages: dashboards, navigation, the health check, and templates without inline code."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from clinic.models import WorkerHeartbeat
from clinic.tasks import health_check_task, worker_heartbeat_task
from tests.support import PROJECT_ROOT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("practitioner", "Practitioner dashboard"),
        ("front_desk", "Front desk dashboard"),
        ("clinic_admin", "Clinic admin dashboard"),
    ],
)
def test_each_role_lands_on_its_own_dashboard(client, request, persona, heading):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("dashboard")).content.decode()
    assert f'<h1 class="h3 mb-0">{heading}</h1>' in page


def test_navigation_shows_only_what_the_role_may_open(client, front_desk, practitioner):
    client.force_login(front_desk)
    assert reverse("audit_log") not in client.get(reverse("dashboard")).content.decode()
    client.force_login(practitioner)
    assert reverse("audit_log") in client.get(reverse("dashboard")).content.decode()


def test_a_user_without_a_role_is_told_to_ask_an_admin(client, no_role_user):
    client.force_login(no_role_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Your account has no role yet" in page


def test_a_denied_page_is_a_polite_403_page(client, front_desk):
    client.force_login(front_desk)
    response = client.get(reverse("audit_log"))
    assert response.status_code == 403
    assert "This page is not part of your role" in response.content.decode()


def test_an_unknown_page_is_a_friendly_404(client, practitioner):
    client.force_login(practitioner)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_healthz_answers_without_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_every_page_carries_a_content_security_policy_without_unsafe_inline(client, practitioner):
    client.force_login(practitioner)
    policy = client.get(reverse("dashboard"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


INLINE_PATTERNS = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "inline style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_no_template_contains_inline_scripts_styles_or_handlers():
    offenders = []
    for template in (PROJECT_ROOT / "templates").rglob("*.html"):
        if "pdf" in template.relative_to(PROJECT_ROOT / "templates").parts:
            continue  # PDF templates are rendered by WeasyPrint, never served to browsers
        text = template.read_text()
        offenders += [
            f"{template.relative_to(PROJECT_ROOT)}: {kind}"
            for kind, pattern in INLINE_PATTERNS.items()
            if pattern.search(text)
        ]
    assert not offenders


def test_activity_pushes_the_idle_timeout_forward(client, practitioner, settings):
    client.force_login(practitioner)
    session = Session.objects.get()
    session.expire_date = timezone.now() + timedelta(minutes=1)
    session.save()
    client.get(reverse("dashboard"))
    remaining = Session.objects.get().expire_date - timezone.now()
    assert timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1) < remaining
    assert remaining <= timedelta(minutes=settings.SESSION_IDLE_MINUTES)


def test_an_idle_session_ends_and_the_next_page_asks_for_login(client, practitioner):
    client.force_login(practitioner)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_health_check_task_reaches_the_database():
    result = health_check_task.delay().get()
    assert result["ok"] is True


def test_admin_dashboard_shows_background_jobs_running_after_a_heartbeat(client, clinic_admin):
    worker_heartbeat_task.delay()
    client.force_login(clinic_admin)
    assert "Running" in client.get(reverse("dashboard")).content.decode()


def test_admin_dashboard_warns_when_the_heartbeat_is_stale(client, clinic_admin):
    WorkerHeartbeat.objects.create(
        name="worker", last_seen_at=timezone.now() - timedelta(minutes=10)
    )
    client.force_login(clinic_admin)
    assert "Not responding" in client.get(reverse("dashboard")).content.decode()


def test_dashboards_list_todays_sessions_and_charts_to_sign(client, practitioner, front_desk):
    import datetime

    from patients.tests.factories import PatientFactory
    from sessions.charting import charts
    from sessions.models import WorkingHours
    from sessions.tests.factories import RoomFactory, at, book

    room = RoomFactory()
    today = timezone.localdate()
    WorkingHours.objects.create(
        practitioner=practitioner,
        location=room.location,
        weekday=today.weekday(),
        starts=datetime.time(8),
        ends=datetime.time(20),
    )
    arriving = book(
        PatientFactory(first_name="Today", last_name="Arrival"),
        practitioner=practitioner,
        room=room,
        day=today,
        hour=11,
    )
    charts.chart_save(treatment_session=arriving, data={}, by=practitioner)
    later = book(
        PatientFactory(first_name="Next", last_name="Week"),
        practitioner=practitioner,
        room=room,
        day=today + datetime.timedelta(days=7),
        hour=11,
    )
    client.force_login(practitioner)
    page = client.get(reverse("dashboard")).content.decode()
    assert arriving.get_absolute_url() in page and later.get_absolute_url() not in page
    assert reverse("treatments:chart", args=[arriving.pk]) in page  # the unsigned chart
    client.force_login(front_desk)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Today Arrival" in page and at(today, 11).strftime("%H:%M") in page


def test_the_front_desk_dashboard_lists_due_calls(client, front_desk):
    from patients.tests.factories import PatientFactory
    from sessions.models import FollowUp

    patient = PatientFactory(first_name="Call", last_name="Me")
    FollowUp.objects.create(
        patient=patient,
        kind="rebook",
        channel="phone",
        due_at=timezone.now() - timedelta(hours=1),
        idempotency_key="dash-1",
    )
    client.force_login(front_desk)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Rebook a missed session" in page and "Call Me" in page


def test_signed_in_pages_are_not_stored(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("dashboard"))["Cache-Control"] == "private, no-store"
    # A view's own directives are kept, and private and no-store are added.
    health = client.get(reverse("healthz"))["Cache-Control"]
    assert {"max-age=0", "private", "no-store"} <= {p.strip() for p in health.split(",")}
