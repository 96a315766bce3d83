"""Which pages are measured, as whom, with which rows: chosen from the database at hand (a
bench_data network) so the same code measures any size."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone

from clinic import roles
from patients.models import Patient
from sessions.models import ChartProduct
from sessions.scheduling.locations import REMEMBERED_KEY

FLOOR = "/bench/floor/"


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    url: str
    twin_url: str


class NoNetwork(Exception):
    """The database holds no bench_data network to measure."""


def _first_member(role: str):
    users = get_user_model().objects.filter(
        groups__name=roles.GROUP_NAMES[role], is_active=True, username__startswith="bench"
    )
    user = users.order_by("pk").first()
    if user is None:
        raise NoNetwork(f"no active bench user in the {roles.GROUP_NAMES[role]} group")
    return user


def sign_in(user, extra: dict | None = None) -> str:
    """A session for `user` in the database, as a login would leave it; its cookie value."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.update(extra or {})
    store.set_expiry(timedelta(hours=6))
    store.create()
    return store.session_key


def key_pages() -> tuple[list[Page], dict[str, object]]:
    """The key pages of issue 14 and the user of each role, from this network's rows."""
    front_desk = _first_member(roles.FRONT_DESK)
    admin = _first_member(roles.CLINIC_ADMIN)
    # The latest signed chart with a product used: its practitioner, patient, lot and site.
    used = (
        ChartProduct.objects.filter(
            chart__signed_at__isnull=False,
            chart__treatment_session__starts_at__lt=timezone.now(),
            chart__treatment_session__practitioner__groups__name=roles.GROUP_NAMES[
                roles.PRACTITIONER
            ],
        )
        .select_related("chart__treatment_session__room", "chart__treatment_session__patient")
        .order_by("-chart__treatment_session__starts_at", "-pk")
        .first()
    )
    if used is None:
        raise NoNetwork("no past session with a signed chart and a product used")
    chart = used.chart
    recent = chart.treatment_session
    practitioner = recent.practitioner
    patient: Patient = recent.patient
    location = recent.room.location_id
    week = f"view=week&by=practitioner&date={timezone.localdate().isoformat()}&location={location}"
    pages = [
        Page(
            "calendar week, all practitioners",
            roles.FRONT_DESK,
            f"{reverse('treatments:calendar')}?{week}",
            f"/bench/calendar-week-all/?{week}",
        ),
        Page(
            "calendar week, one practitioner",
            roles.FRONT_DESK,
            f"{reverse('treatments:calendar')}?{week}&resource={practitioner.pk}",
            f"/bench/calendar-week-one/?{week}&resource={practitioner.pk}",
        ),
        Page("practitioner dashboard", roles.PRACTITIONER, "/", "/bench/practitioner-dashboard/"),
        Page(
            "front-desk dashboard",
            roles.FRONT_DESK,
            "/",
            f"/bench/front-desk-dashboard/?location={location}",
        ),
        Page(
            "search by chart number",
            roles.FRONT_DESK,
            f"{reverse('patients:search')}?q={patient.chart_number}",
            f"/bench/search/?q={patient.chart_number}",
        ),
        Page("audit log", roles.CLINIC_ADMIN, reverse("audit_log"), "/bench/audit/"),
        Page(
            "follow-up queue",
            roles.FRONT_DESK,
            reverse("treatments:follow_ups"),
            "/bench/follow-ups/",
        ),
        Page(
            "patient page",
            roles.PRACTITIONER,
            reverse("patients:detail", args=[patient.pk]),
            f"/bench/patients/{patient.pk}/",
        ),
        Page(
            "chart page",
            roles.PRACTITIONER,
            reverse("treatments:chart", args=[chart.treatment_session_id]),
            f"/bench/charts/{chart.treatment_session_id}/",
        ),
        Page(
            "lot recall",
            roles.CLINIC_ADMIN,
            reverse("protocols:lot_recall", args=[used.lot_id]),
            f"/bench/lots/{used.lot_id}/recall/",
        ),
    ]
    cookies = {
        roles.PRACTITIONER: sign_in(practitioner),
        roles.FRONT_DESK: sign_in(front_desk, {REMEMBERED_KEY: location}),
        roles.CLINIC_ADMIN: sign_in(admin),
    }
    return pages, cookies
