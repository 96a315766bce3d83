"""Calendar pages (day and week, by practitioner and by room) and the iCalendar feed."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required, permission_required
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from clinic import dates as human_dates
from sessions.models import Closure, Location, Room, TreatmentSession, WorkingHours
from sessions.scheduling import calendar as cal
from sessions.scheduling import dates, free_slots, ical
from sessions.scheduling.locations import home_location, remember_location
from sessions.scheduling.public_holidays import public_holidays

SUGGESTED_LENGTH = timedelta(minutes=45)  # the booking page's default length
FEED_PAST = timedelta(days=30)
FEED_AHEAD = timedelta(days=180)
FRESH_TOKEN_KEY = "calendar_feed_token"  # shown once after "create / renew", then dropped
DAY, WEEK = "day", "week"
RESOURCES_PER_GROUP = 8  # columns (day) or rows (week overview) of one page


@dataclass(frozen=True)
class CalendarQuery:
    """What the calendar shows, read leniently from the query string: a mistyped bookmark
    shows today's calendar rather than an error."""

    view: str = DAY
    by: str = cal.PRACTITIONER
    day: date | None = None
    location: int | None = None
    resource: int | None = None
    group: int = 1  # which page of resources, when everyone is shown
    free: int | None = None  # "Free for N min": mark the starts where N minutes fit

    @classmethod
    def from_get(cls, data) -> "CalendarQuery":
        try:
            day = date.fromisoformat(data.get("date", ""))
        except ValueError:
            day = None
        return cls(
            view=WEEK if data.get("view") == WEEK else DAY,
            by=cal.ROOM if data.get("by") == cal.ROOM else cal.PRACTITIONER,
            day=day,
            location=_int_or_none(data.get("location")),
            resource=_int_or_none(data.get("resource")),
            group=max(_int_or_none(data.get("group")) or 1, 1),
            free=free_slots.parse_length(data.get("free")),
        )

    def url(self, **changes) -> str:
        query = replace(self, **changes)
        params = {"view": query.view, "by": query.by}
        if query.day:
            params["date"] = query.day.isoformat()
        if query.location:
            params["location"] = query.location
        if query.resource and query.view == WEEK:
            params["resource"] = query.resource
        elif query.group > 1:
            params["group"] = query.group
        if query.free:
            params["free"] = query.free
        return f"{reverse('treatments:calendar')}?{urlencode(params)}"


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _book_url_maker(user, rooms=(), busy_spans=()):
    """Free slots link to the booking page, prefilled; no links without the permission. A
    practitioner's slot also suggests the first
    room free for a usual session (the booking page checks again)."""
    if not user.has_perm("treatments.add_treatmentsession"):
        return None
    base = reverse("treatments:book")
    busy = defaultdict(list)
    for room_id, starts_at, ends_at in busy_spans:
        busy[room_id].append((starts_at, ends_at))

    def free_room(starts: datetime) -> int | None:
        ends = starts.astimezone(UTC) + SUGGESTED_LENGTH  # in UTC: wall-clock maths drifts at DST
        for room in rooms:
            if room.active and not any(b < ends and starts < e for b, e in busy[room.pk]):
                return room.pk
        return None

    def book_url(resource: cal.Resource, starts: datetime) -> str:
        query = {resource.kind: resource.pk}
        if resource.kind == cal.PRACTITIONER and (room := free_room(starts)):
            query["room"] = room
        query["start"] = starts.strftime("%Y-%m-%dT%H:%M")
        return f"{base}?{urlencode(query)}"

    return book_url


def _resources(by: str, working_hours, in_view, rooms) -> list[cal.Resource]:
    """Practitioners who work at the location (or have sessions there in view), or its rooms
    in use (or with sessions in view). `in_view`: the sessions at the location in view, as a
    queryset; only who is booked is read from it (one light query), not the sessions."""
    if by == cal.ROOM:
        used = set(in_view.values_list("room_id", flat=True).distinct())
        return [cal.room_resource(room) for room in rooms if room.active or room.pk in used]
    people = {hours.practitioner.pk: hours.practitioner for hours in working_hours}
    for user in get_user_model().objects.filter(pk__in=in_view.values("practitioner_id")):
        people.setdefault(user.pk, user)
    ordered = sorted(people.values(), key=cal.resource_sort_key)
    return [cal.practitioner_resource(user) for user in ordered]


def _busy_rooms(user, in_view, now):
    """When each room is taken from now on (for the free-room suggestion of a booking link):
    three columns per active session, only where a link can still be offered."""
    if not user.has_perm("treatments.add_treatmentsession"):
        return ()
    return in_view.active().filter(ends_at__gt=now).values_list("room_id", "starts_at", "ends_at")


def _shown_days(days, kind, resources, working_hours, sessions, tz) -> list[date]:
    """The week without Saturday and Sunday unless someone shown works or is booked then."""
    keys = {resource.key for resource in resources}
    used = {
        treatment_session.starts_at.astimezone(tz).weekday()
        for treatment_session in sessions
        if cal.owner_key(treatment_session, kind) in keys
    }
    used |= {
        hours.weekday
        for hours in working_hours
        if kind == cal.ROOM or (cal.PRACTITIONER, hours.practitioner_id) in keys
    }
    return [day for day in days if day.weekday() < 5 or day.weekday() in used]


def _mark_free_starts(grid, minutes, location, rooms, working_hours, closures, tz):
    """One query for what may be in the way: the location's sessions and its practitioners'
    (also elsewhere) over the grid's days, whatever the number of sessions."""
    days = sorted({column.day for column in grid.columns})
    busy = (
        TreatmentSession.objects.active()
        .overlapping(
            cal.local_midnight(days[0], tz), cal.local_midnight(days[-1] + timedelta(days=1), tz)
        )
        .filter(
            Q(room__location=location)
            | Q(practitioner_id__in={hours.practitioner_id for hours in working_hours})
        )
        .values_list("room_id", "practitioner_id", "starts_at", "ends_at")
    )
    free_slots.mark_free_starts(
        grid,
        minutes,
        rooms=rooms,
        working_hours=working_hours,
        closures=closures,
        busy=busy,
        location_id=location.pk,
        tz=tz,
    )


@permission_required("treatments.view_treatmentsession", raise_exception=True)
@require_safe
def calendar(request):
    query = CalendarQuery.from_get(request.GET)
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    if query.day and not dates.in_booking_window(query.day):
        first, last = dates.booking_window(today)
        messages.warning(
            request,
            _("The calendar shows %(first)s to %(last)s; here is today.")
            % {"first": human_dates.day(first), "last": human_dates.day(last)},
        )
        query = replace(query, day=None)
    day = query.day or today
    query = replace(query, day=day)
    locations = list(Location.objects.all())
    if not locations:
        return render(request, "treatments/calendar.html", {"query": query, "no_location": True})
    location = next((place for place in locations if place.pk == query.location), None)
    if location is None:
        location = home_location(request, locations)
    else:
        remember_location(request, location)
    query = replace(query, location=location.pk)

    days = [day] if query.view == DAY else cal.week_of(day)
    range_start = cal.local_midnight(days[0], tz)
    range_end = cal.local_midnight(days[-1] + timedelta(days=1), tz)
    working_hours = list(
        WorkingHours.objects.filter(location=location).select_related("practitioner")
    )
    in_view = TreatmentSession.objects.filter(room__location=location).overlapping(
        range_start, range_end
    )
    closures = list(
        Closure.objects.filter(starts_on__lte=days[-1], ends_on__gte=days[0]).filter(
            Q(location=location) | Q(location__isnull=True)
        )
    )
    # A public holiday closes every column, like a closure of every location (never saved).
    closures += [
        Closure(starts_on=day, ends_on=day, reason=_("Public holiday: %(name)s") % {"name": name})
        for day, name in public_holidays(days[0], days[-1]).items()
    ]
    rooms = list(Room.objects.filter(location=location))
    resources = _resources(query.by, working_hours, in_view, rooms)

    selected = None
    if query.view == WEEK:
        selected = next((r for r in resources if r.pk == query.resource), None)
    # Only the sessions of the columns shown are fetched, filtered in SQL: one resource's
    # week, or one group of RESOURCES_PER_GROUP resources (a network-sized site never
    # renders thousands of sessions at once).
    groups = max(-(-len(resources) // RESOURCES_PER_GROUP), 1)
    group = min(query.group, groups)
    shown = (
        [selected]
        if selected
        else resources[(group - 1) * RESOURCES_PER_GROUP : group * RESOURCES_PER_GROUP]
    )
    owner = "room_id__in" if query.by == cal.ROOM else "practitioner_id__in"
    sessions = list(
        in_view.filter(**{owner: [resource.pk for resource in shown]})
        .select_related("patient", "practitioner", "room")
        .order_by("starts_at", "pk")
    )
    if query.view == WEEK:
        days = _shown_days(days, query.by, shown, working_hours, sessions, tz)
    query = replace(query, resource=selected.pk if selected else None, group=group)

    common = {
        "sessions": sessions,
        "working_hours": working_hours,
        "closures": closures,
        "location_id": location.pk,
        "tz": tz,
        "today": today,
        "session_url": TreatmentSession.get_absolute_url,
    }
    now = timezone.now()
    grid = overview = None
    if query.view == WEEK and selected is None:
        book_url = _book_url_maker(request.user)
        overview = cal.build_overview(days=days, resources=shown, **common)
    else:
        book_url = _book_url_maker(request.user, rooms, _busy_rooms(request.user, in_view, now))
        grid = cal.build_grid(
            days=days,
            resources=shown,
            book_url=book_url,
            now=now,
            **common,
        )

    if grid and query.free:
        _mark_free_starts(grid, query.free, location, rooms, working_hours, closures, tz)

    # Headers lead on: a practitioner's or room's name to their week, a day to that day.
    for column in grid.columns if grid else ():
        column.url = (
            query.url(view=DAY, day=column.day)
            if query.view == WEEK
            else query.url(view=WEEK, resource=column.resource.pk)
        )
    for row in overview or ():
        row.url = query.url(view=WEEK, resource=row.resource.pk)

    step = timedelta(days=7 if query.view == WEEK else 1)
    context = {
        "query": query,
        "day": day,
        "days": days,
        "location": location,
        "locations": locations,
        "resources": [
            (resource, query.url(view=WEEK, resource=resource.pk)) for resource in resources
        ],
        "selected": selected,
        "groups": {
            "number": group,
            "count": groups,
            "previous": query.url(group=group - 1) if group > 1 else "",
            "next": query.url(group=group + 1) if group < groups else "",
        },
        "grid": grid,
        "overview": overview,
        "clock_changes": cal.clock_changes(days, tz),
        "statuses": TreatmentSession.Status.choices,
        "can_book": book_url is not None,
        "can_move": request.user.has_perm("treatments.change_treatmentsession"),
        "free_lengths": free_slots.LENGTHS,
        "urls": {
            "previous": query.url(day=day - step),
            "next": query.url(day=day + step),
            "today": query.url(day=today),
            "day": query.url(view=DAY),
            "week": query.url(view=WEEK),
            "week_all": query.url(view=WEEK, resource=None),
            "by_practitioner": query.url(by=cal.PRACTITIONER, resource=None, group=1),
            "by_room": query.url(by=cal.ROOM, resource=None, group=1),
        },
        "day_links": [(shown, query.url(view=DAY, day=shown), shown == today) for shown in days],
        "week_start": cal.week_of(day)[0],
        "week_end": cal.week_of(day)[-1],
    }
    return render(request, "treatments/calendar.html", context)


# --- iCalendar feed ---------------------------------------------------------------------------


@login_not_required  # the token in the address is the credential
@require_safe
@never_cache
def ical_feed(request, token):
    user = ical.feed_owner(token)
    if user is None or not user.has_perm("treatments.view_treatmentsession"):
        raise Http404
    now = timezone.now()
    sessions = (
        TreatmentSession.objects.filter(
            practitioner=user, starts_at__gte=now - FEED_PAST, starts_at__lt=now + FEED_AHEAD
        )
        .select_related("patient", "room__location")
        .order_by("starts_at", "pk")
    )

    def url_for(treatment_session):
        return request.build_absolute_uri(treatment_session.get_absolute_url())

    body = ical.calendar_feed(
        sessions, now=now, name=f"Mesoplan · {settings.CLINIC_NAME}", url_for=url_for
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mesoplan.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@permission_required("treatments.view_treatmentsession", raise_exception=True)
@never_cache
def ical_settings(request):
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "renew":
            token = ical.feed_token_create(user=request.user, request=request)
            request.session[FRESH_TOKEN_KEY] = token
            messages.success(request, _("Your calendar link is ready. Copy it now."))
        elif action == "revoke":
            if ical.feed_token_revoke(user=request.user, request=request):
                messages.success(request, _("Your calendar link no longer works."))
        else:
            return HttpResponseBadRequest()
        return redirect("treatments:ical_settings")

    active = ical.active_feed_token(request.user)
    token = request.session.pop(FRESH_TOKEN_KEY, None)
    feed_url = webcal_url = ""
    if token and active and active.token_hash == ical.token_hash(token):
        feed_url = request.build_absolute_uri(reverse("treatments:ical_feed", args=[token]))
        webcal_url = "webcal://" + feed_url.split("://", 1)[1]
    context = {"active": active, "feed_url": feed_url, "webcal_url": webcal_url}
    return render(request, "treatments/calendar_feed.html", context)
