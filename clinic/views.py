"""The dashboards (one per role), the audit log page and the health check."""

from datetime import datetime, time, timedelta

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clinic import roles
from clinic.forms import AuditFilterForm
from clinic.models import AuditEvent, WorkerHeartbeat
from sessions.followups import queue
from sessions.models import Chart, TreatmentSession

HEARTBEAT_STALE_AFTER_SECONDS = 180  # beat stamps every 60 s


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
        context["charts_to_sign"] = (
            Chart.objects.filter(
                signed_at__isnull=True, treatment_session__practitioner=request.user
            )
            .select_related("treatment_session__patient")
            .order_by("treatment_session__starts_at")[:20]
        )
    elif role == roles.FRONT_DESK:
        context["todays_sessions"] = _todays_sessions()
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


def audit_log(request):
    if not (
        request.user.has_perm("clinic.view_auditevent")
        or request.user.has_perm("clinic.view_own_auditevent")
    ):
        raise PermissionDenied
    events = AuditEvent.objects.visible_to(request.user).select_related("actor")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        events = form.filter(events)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
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
