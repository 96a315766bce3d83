"""The twin views: read the page's parameters, run its one query, render the rows."""

from datetime import datetime, time, timedelta

from django.db import connection
from django.http import HttpResponse
from django.template.loader import get_template
from django.utils import timezone

from bench.twins import queries


def _day_bounds(day) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def _week_bounds(request) -> tuple[datetime, datetime]:
    try:
        day = datetime.strptime(request.GET.get("date", ""), "%Y-%m-%d").date()
    except ValueError:
        day = timezone.localdate()
    monday = day - timedelta(days=day.weekday())
    start = timezone.make_aware(datetime.combine(monday, time.min))
    return start, start + timedelta(days=7)


def _int(request, name: str) -> int:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else 0


def _twin(request, name: str, sql: str, params: dict) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # No RequestContext: the app's context processors (nav badge, ...) are the page's cost.
    html = get_template("bench/twin.html").render({"name": name, "rows": rows})
    return HttpResponse(html)


def floor(request):
    """The floor: a signed-in request through every middleware, no query of its own."""
    return HttpResponse("ok", content_type="text/plain")


def calendar_week_all(request):
    start, end = _week_bounds(request)
    params = {"location": _int(request, "location"), "start": start, "end": end}
    return _twin(request, "calendar week, all", queries.CALENDAR_WEEK_ALL, params)


def calendar_week_one(request):
    start, end = _week_bounds(request)
    params = {"practitioner": _int(request, "resource"), "start": start, "end": end}
    return _twin(request, "calendar week, one", queries.CALENDAR_WEEK_ONE, params)


def practitioner_dashboard(request):
    start, end = _day_bounds(timezone.localdate())
    params = {"user": request.user.pk, "start": start, "end": end, "now": timezone.now()}
    return _twin(request, "practitioner dashboard", queries.PRACTITIONER_DASHBOARD, params)


def front_desk_dashboard(request):
    start, end = _day_bounds(timezone.localdate())
    params = {
        "location": _int(request, "location"),
        "start": start,
        "end": end,
        "now": timezone.now(),
    }
    return _twin(request, "front-desk dashboard", queries.FRONT_DESK_DASHBOARD, params)


def search_chart_number(request):
    params = {"q": request.GET.get("q", "").strip().upper()}
    return _twin(request, "search by chart number", queries.SEARCH_CHART_NUMBER, params)


def audit_log(request):
    return _twin(request, "audit log", queries.AUDIT_LOG, {})


def follow_up_queue(request):
    params = {"now": timezone.now()}
    return _twin(request, "follow-up queue", queries.FOLLOW_UP_QUEUE, params)


def patient_page(request, pk):
    return _twin(request, "patient page", queries.PATIENT_PAGE, {"patient": pk})


def chart_page(request, pk):
    return _twin(request, "chart page", queries.CHART_PAGE, {"session": pk})


def lot_recall(request, pk):
    return _twin(request, "lot recall", queries.LOT_RECALL, {"lot": pk})
