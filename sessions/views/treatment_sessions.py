"""Session pages: one session with its status actions, booking one, moving one (with the
re-flow of a course)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinic import audit
from clinic.forms import post_data
from sessions.charting import charts
from sessions.documents import buttons, consent_rules
from sessions.forms.booking import BookingForm, CancelForm, RescheduleForm
from sessions.models import Chart, TreatmentSession
from sessions.scheduling import booking, courses, dates
from sessions.views.helpers import warn_about_session_days

SessionStatus = TreatmentSession.Status


def _session(pk):
    return get_object_or_404(
        TreatmentSession.objects.select_related(
            "patient",
            "practitioner",
            "room__location",
            "plan__protocol_version__protocol",
            "booked_by",
        ),
        pk=pk,
    )


@permission_required("treatments.view_treatmentsession", raise_exception=True)
def session_detail(request, pk):
    treatment_session = _session(pk)
    overlapping = (
        TreatmentSession.objects.active()
        .overlapping(treatment_session.starts_at, treatment_session.ends_at)
        .filter(practitioner=treatment_session.practitioner)
        .exclude(pk=treatment_session.pk)
        .select_related("patient", "room")
    )
    audit.record(
        actor=request.user, action="session.viewed", target=treatment_session, request=request
    )
    has_chart = Chart.objects.filter(treatment_session=treatment_session).exists()
    chart_problem = None if has_chart else charts.chart_start_problem(treatment_session)
    context = {
        "session": treatment_session,
        "patient": treatment_session.patient,
        "overlapping": overlapping,
        "allowed": booking.TRANSITIONS[treatment_session.status],
        "cancel_form": CancelForm(),
        "can_chart": request.user.has_perm("treatments.chart_treatmentsession"),
        # The chart opens once it exists, or when one can be started now (charts.py's rule).
        "chartable": treatment_session.is_chartable and (has_chart or chart_problem is None),
        "chart_problem": chart_problem,
        "check_in_problem": (
            booking.check_in_problem(treatment_session)
            if treatment_session.status == SessionStatus.BOOKED
            else None
        ),
        "consent_problem": consent_rules.consent_problem(treatment_session)
        if treatment_session.status in TreatmentSession.UPCOMING_STATUSES
        else None,
        **buttons.document_buttons_context(user=request.user, treatment_session=treatment_session),
    }
    return render(request, "treatments/session_detail.html", context)


def _may_overlap(user) -> bool:
    # Practitioners and admins may double-book a practitioner on purpose; the front desk not.
    return user.has_perm("treatments.chart_treatmentsession") or user.has_perm(
        "treatments.change_location"
    )


def _start_from(value: str):
    """The booking page's `?start=` (a free slot's link), or None when it is not a moment
    inside the booking window: a bad or far value prefills nothing (issue 13)."""
    try:
        start = parse_datetime(value)
        if start is None:
            return None
        start = timezone.make_aware(start) if timezone.is_naive(start) else start
        local = timezone.localtime(start)
    except (ValueError, OverflowError):
        return None
    return start if dates.in_booking_window(local.date()) else None


@permission_required("treatments.add_treatmentsession", raise_exception=True)
def session_book(request):
    initial = {}
    if start := _start_from(request.GET.get("start", "")):
        local = timezone.localtime(start)
        initial.update(day=local.date(), start=local.time())
    for key in ("practitioner", "room", "patient", "kind"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    form = BookingForm(post_data(request), initial=initial, may_overlap=_may_overlap(request.user))
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.slot()
        try:
            treatment_session = booking.session_book(
                patient=form.cleaned_data["patient"],
                practitioner=form.cleaned_data["practitioner"],
                room=form.cleaned_data["room"],
                starts_at=starts_at,
                ends_at=ends_at,
                kind=form.cleaned_data["kind"],
                overlap_reason=form.cleaned_data.get("overlap_reason", ""),
                notes=form.cleaned_data["notes"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Booked."))
            warn_about_session_days(request, [treatment_session])
            return redirect(treatment_session)
    return render(request, "treatments/session_book.html", {"form": form})


@permission_required("treatments.change_treatmentsession", raise_exception=True)
def session_reschedule(request, pk):
    treatment_session = _session(pk)
    local = timezone.localtime(treatment_session.starts_at)
    minutes = int((treatment_session.ends_at - treatment_session.starts_at).total_seconds() // 60)
    form = RescheduleForm(
        post_data(request),
        initial={
            "day": local.date(),
            "start": local.time(),
            "duration": minutes,
            "room": treatment_session.room,
            "practitioner": treatment_session.practitioner,
        },
        current_minutes=minutes,
    )
    proposals, window_problems, reflow_left = [], [], []
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.slot()
        room = form.cleaned_data["room"]
        practitioner = form.cleaned_data.get("practitioner")
        window_problems = courses.neighbour_problems(treatment_session, starts_at)
        try:
            if request.POST.get("reflow"):
                courses.session_reschedule_with_reflow(
                    treatment_session=treatment_session,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    room=room,
                    practitioner=practitioner,
                    by=request.user,
                    request=request,
                )
                messages.success(request, _("Session moved and the later sessions re-flowed."))
                return _moved(request, treatment_session)
            if not window_problems or request.POST.get("ignore_window"):
                booking.session_reschedule(
                    treatment_session=treatment_session,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    room=room,
                    practitioner=practitioner,
                    by=request.user,
                    request=request,
                )
                messages.success(request, _("Session moved."))
                return _moved(request, treatment_session)
            if treatment_session.plan_id:
                proposals = courses.reflow_proposal(
                    treatment_session, starts_at, ends_at - starts_at
                )
                reflow_left = courses.reflow_leaves(treatment_session, starts_at, proposals)
        except ValidationError as error:
            form.add_error(None, error)
    context = {
        "session": treatment_session,
        "patient": treatment_session.patient,
        "form": form,
        "window_problems": window_problems,
        "proposals": proposals,
        "reflow_left": reflow_left,
    }
    if _from_calendar(request):
        return render(request, "treatments/_session_reschedule_form.html", context)
    return render(request, "treatments/session_reschedule.html", context)


def _from_calendar(request) -> bool:
    """A drop on the calendar posts the move form with htmx: it answers in place."""
    return bool(request.headers.get("HX-Request"))


def _moved(request, treatment_session):
    if _from_calendar(request):
        # The calendar reloads itself and shows the message; no page of its own to open.
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return redirect(treatment_session)


ACTIONS = {
    "check_in": SessionStatus.CHECKED_IN,
    "start": SessionStatus.IN_PROGRESS,
    "no_show": SessionStatus.NO_SHOW,
    "cancel": SessionStatus.CANCELLED,
}


@require_POST
@permission_required("treatments.change_treatmentsession", raise_exception=True)
def session_transition(request, pk, action):
    treatment_session = _session(pk)
    if action not in ACTIONS:
        raise PermissionDenied
    if action == "start" and not request.user.has_perm("treatments.chart_treatmentsession"):
        raise PermissionDenied  # only practitioners start (and chart) a session
    reason = ""
    if action == "cancel":
        form = CancelForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a reason to cancel the session."))
            return redirect(treatment_session)
        reason = form.cleaned_data["reason"]
    try:
        booking.session_transition(
            treatment_session=treatment_session,
            to=ACTIONS[action],
            by=request.user,
            reason=reason,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Session is now %(status)s.")
            % {"status": SessionStatus(ACTIONS[action]).label.lower()},
        )
    return redirect(treatment_session)
