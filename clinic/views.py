"""The dashboards (one per role), the audit log, sign-in lockouts, two-factor enrolment, the
language choice and the health check."""

import textwrap
from base64 import b32encode
from datetime import datetime, time, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken

from clinic import language, roles, services, twofactor
from clinic.forms import AuditFilterForm, LanguageForm, TwoFactorCodeForm
from clinic.models import AuditEvent, WorkerHeartbeat
from patients.models import Patient
from sessions.charting.unsigned import charts_to_sign
from sessions.followups import queue
from sessions.models import TreatmentSession
from sessions.scheduling.locations import home_location

HEARTBEAT_STALE_AFTER_SECONDS = 180  # beat stamps every 60 s
AUDIT_PAGE_SIZE = 50
ARRIVALS_SHOWN = 30  # the front desk's list of today's arrivals; the calendar has the rest


def dashboard(request):
    role = roles.role_of(request.user)
    context = {"today": timezone.localdate(), "role": role}
    if role == roles.CLINIC_ADMIN:
        heartbeat = WorkerHeartbeat.objects.filter(name="worker").first()
        age = (timezone.now() - heartbeat.last_seen_at).total_seconds() if heartbeat else None
        context.update(
            heartbeat=heartbeat,
            background_jobs_ok=age is not None and age < HEARTBEAT_STALE_AFTER_SECONDS,
            team=Group.objects.filter(name__in=roles.GROUP_NAMES.values())
            .annotate(members=Count("user"))
            .order_by("name"),
        )
    elif role == roles.PRACTITIONER:
        context["recent_activity"] = AuditEvent.objects.filter(actor=request.user)[:5]
        context["todays_sessions"] = _todays_sessions().filter(practitioner=request.user)
        # Their own due tasks, urgent adverse-event checks first (reference §8).
        context["checks_due"] = (
            queue.needs_action_now(request.user)
            .select_related("patient", "treatment_session")
            .order_by("-urgent", "due_at", "pk")[:20]
        )
        context["charts_to_sign"] = charts_to_sign(request.user)
    elif role == roles.FRONT_DESK:
        # The site the user works at (the one last chosen in the calendar), and a screenful:
        # a network's whole day is the calendar's job.
        location = home_location(request)
        arrivals = _todays_sessions()
        if location is not None:
            arrivals = arrivals.filter(room__location=location)
        arrivals = list(arrivals[: ARRIVALS_SHOWN + 1])
        context.update(
            todays_sessions=arrivals[:ARRIVALS_SHOWN],
            more_arrivals=len(arrivals) > ARRIVALS_SHOWN,
            location=location,
        )
        context["follow_ups_due"] = (
            queue.needs_action_now(request.user)
            .select_related("patient")
            .order_by("-urgent", "due_at")[:8]
        )
    template = {
        roles.PRACTITIONER: "clinic/dashboard_practitioner.html",
        roles.FRONT_DESK: "clinic/dashboard_front_desk.html",
        roles.CLINIC_ADMIN: "clinic/dashboard_clinic_admin.html",
    }.get(role, "clinic/dashboard_no_role.html")
    return render(request, template, context)


def _todays_sessions():
    """Today's active sessions in the clinic's zone, in arrival order."""
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time.min))
    return (
        TreatmentSession.objects.active()
        .filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
        .select_related("patient", "practitioner", "room__location")
        .order_by("starts_at", "pk")
    )


def audit_cursor(value: str) -> tuple[datetime, int] | None:
    """The `before` parameter of the audit log: `<time>_<id>` of the last event shown (a
    mistyped one starts from the newest)."""
    at, _sep, pk = value.rpartition("_")
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return None
    if not pk.isdigit() or timezone.is_naive(moment):
        return None
    return moment, int(pk)


def audit_log(request):
    if not (
        request.user.has_perm("clinic.view_auditevent")
        or request.user.has_perm("clinic.view_own_auditevent")
    ):
        raise PermissionDenied
    events = AuditEvent.objects.visible_to(request.user).select_related("actor")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        chart_number = form.cleaned_data["patient"]
        patient = (
            Patient.objects.filter(chart_number=chart_number).first() if chart_number else None
        )
        if chart_number and patient is None:
            form.add_error("patient", _("No patient has chart number %(n)s.") % {"n": chart_number})
            events = events.none()
        else:
            events = form.filter(events, patient_id=patient.pk if patient else None)
    # Keyset pagination: each page starts after the last event shown (no COUNT over
    # millions of rows, and the page is an index range scan however deep the reader goes).
    cursor = audit_cursor(request.GET.get("before", ""))
    if cursor:
        events = events.filter(at__lte=cursor[0]).exclude(at=cursor[0], pk__gte=cursor[1])
    rows = list(events.order_by("-at", "-pk")[: AUDIT_PAGE_SIZE + 1])
    shown = rows[:AUDIT_PAGE_SIZE]
    older = ""
    if len(rows) > AUDIT_PAGE_SIZE:
        params = request.GET.copy()
        params["before"] = f"{shown[-1].at.isoformat()}_{shown[-1].pk}"
        older = params.urlencode()
    newest = request.GET.copy()
    newest.pop("before", None)
    context = {
        "form": form,
        "events": shown,
        "older": older,
        "newest": newest.urlencode() if cursor else "",
        "sees_everyone": request.user.has_perm("clinic.view_auditevent"),
    }
    return render(request, "clinic/audit_log.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers and docker-compose: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def login_locked_out(request, original_response=None, credentials=None):
    """What django-axes answers instead of the sign-in page while a lockout lasts (429)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": settings.LOGIN_COOLOFF_MINUTES,
    }
    return render(request, "registration/locked_out.html", context, status=429)


def login_lockouts(request):
    """Sign-in failures the throttle is counting, with a button to unlock each one."""
    if not request.user.has_perm("axes.delete_accessattempt"):
        raise PermissionDenied
    if request.method == "POST":
        attempt_id = request.POST.get("attempt", "")
        pk = int(attempt_id) if attempt_id.isdigit() else 0
        attempt = get_object_or_404(AccessAttempt, pk=pk)
        services.login_lockout_clear(attempt=attempt, by=request.user, request=request)
        messages.success(request, _("Unlocked: the failures of this user and address are cleared."))
        return redirect("login_lockouts")
    limit = settings.AXES_FAILURE_LIMIT
    attempts = AccessAttempt.objects.order_by("-attempt_time")[:200]
    rows = [(attempt, attempt.failures_since_start >= limit) for attempt in attempts]
    return render(request, "clinic/login_lockouts.html", {"rows": rows, "limit": limit})


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("dashboard")


def two_factor_setup(request):
    """Enrol an authenticator app (QR code), or, once enrolled, renew the recovery codes."""
    user = request.user
    if user_has_device(user):
        if not user.is_verified():
            return redirect("two_factor_verify")
        if request.method == "POST":
            codes = services.recovery_codes_regenerate(user=user, request=request)
            return render(request, "registration/two_factor_codes.html", {"codes": codes})
        remaining = StaticToken.objects.filter(device__user=user).count()
        return render(request, "registration/two_factor_status.html", {"remaining": remaining})
    device = services.two_factor_device_start(user=user)
    form = TwoFactorCodeForm(request.POST or None)
    if form.is_valid():
        codes = services.two_factor_enrol(
            device=device, token=form.cleaned_data["code"], request=request
        )
        if codes is not None:
            context = {"codes": codes, "next": _next_url(request)}
            return render(request, "registration/two_factor_codes.html", context)
        form.add_error("code", _("That code is not right. Check the time on your phone."))
    context = {
        "form": form,
        "qr_code": twofactor.qr_code_svg(device.config_url),
        "secret": " ".join(textwrap.wrap(b32encode(device.bin_key).decode(), 4)),
        "next": request.GET.get("next", ""),
    }
    return render(request, "registration/two_factor_setup.html", context)


def two_factor_verify(request):
    """The second step of signing in: a code from the authenticator or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect("two_factor_setup")
    form = TwoFactorCodeForm(request.POST or None)
    if form.is_valid():
        if services.two_factor_verify(user=user, token=form.cleaned_data["code"], request=request):
            return redirect(_next_url(request))
        form.add_error("code", _("That code is not right, or it was already used."))
    context = {"form": form, "next": request.GET.get("next") or request.POST.get("next", "")}
    return render(request, "registration/two_factor_verify.html", context)


def language_choice(request):
    """Every signed-in person chooses the language of their own pages (no permission needed:
    it changes nothing but their own preference)."""
    form = LanguageForm(
        request.POST or None, initial={"language": language.language_of(request.user)}
    )
    if form.is_valid():
        code = form.cleaned_data["language"]
        language.set_language(request.user, code)
        if code:
            language.apply(request, code)
        messages.success(request, _("Your language is saved."))
        return redirect("language_choice")
    return render(request, "registration/language_choice.html", {"form": form})
