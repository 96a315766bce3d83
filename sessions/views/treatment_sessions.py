"""Session pages: one session with its status actions, booking one, moving one (with the
re-flow of a course)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinic import audit
from clinic.forms import post_data
from sessions.documents import buttons
from sessions.forms.booking import BookingForm, CancelForm, RescheduleForm
from sessions.models import TreatmentSession
from sessions.scheduling import booking, courses

Status = TreatmentSession.Status


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
    session = _session(pk)
    overlapping = (
        TreatmentSession.objects.active()
        .overlapping(session.starts_at, session.ends_at)
        .filter(practitioner=session.practitioner)
        .exclude(pk=session.pk)
        .select_related("patient", "room")
    )
    audit.record(actor=request.user, action="session.viewed", target=session, request=request)
    context = {
        "session": session,
        "patient": session.patient,
        "overlapping": overlapping,
        "allowed": booking.TRANSITIONS[session.status],
        "cancel_form": CancelForm(),
        "can_chart": request.user.has_perm("treatments.chart_treatmentsession"),
        "chartable": session.status in (Status.BOOKED, Status.CHECKED_IN, Status.IN_PROGRESS),
        **buttons.document_buttons_context(user=request.user, session=session),
    }
    return render(request, "treatments/session_detail.html", context)


def _may_overlap(user) -> bool:
    # Practitioners and admins may double-book a practitioner on purpose; the front desk not.
    return user.has_perm("treatments.chart_treatmentsession") or user.has_perm(
        "treatments.change_location"
    )


@permission_required("treatments.add_treatmentsession", raise_exception=True)
def session_book(request):
    initial = {}
    if start := parse_datetime(request.GET.get("start", "")):
        start = timezone.make_aware(start) if timezone.is_naive(start) else start
        local = timezone.localtime(start)
        initial.update(day=local.date(), start=local.time())
    for key in ("practitioner", "room", "patient", "kind"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    form = BookingForm(post_data(request), initial=initial, may_overlap=_may_overlap(request.user))
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.slot()
        try:
            session = booking.session_book(
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
            return redirect(session)
    return render(request, "treatments/session_book.html", {"form": form})


@permission_required("treatments.change_treatmentsession", raise_exception=True)
def session_reschedule(request, pk):
    session = _session(pk)
    local = timezone.localtime(session.starts_at)
    minutes = int((session.ends_at - session.starts_at).total_seconds() // 60)
    form = RescheduleForm(
        post_data(request),
        initial={
            "day": local.date(),
            "start": local.time(),
            "duration": minutes,
            "room": session.room,
        },
    )
    proposals, window_problems = [], []
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.slot()
        room = form.cleaned_data["room"]
        window_problems = courses.neighbour_problems(session, starts_at)
        try:
            if request.POST.get("reflow"):
                courses.session_reschedule_with_reflow(
                    treatment_session=session,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    room=room,
                    by=request.user,
                    request=request,
                )
                messages.success(request, _("Session moved and the later sessions re-flowed."))
                return redirect(session)
            if not window_problems or request.POST.get("ignore_window"):
                booking.session_reschedule(
                    treatment_session=session,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    room=room,
                    by=request.user,
                    request=request,
                )
                messages.success(request, _("Session moved."))
                return redirect(session)
            if session.plan_id:
                proposals = courses.reflow_proposal(session, starts_at, ends_at - starts_at)
        except ValidationError as error:
            form.add_error(None, error)
    context = {
        "session": session,
        "patient": session.patient,
        "form": form,
        "window_problems": window_problems,
        "proposals": proposals,
    }
    return render(request, "treatments/session_reschedule.html", context)


ACTIONS = {
    "check_in": Status.CHECKED_IN,
    "start": Status.IN_PROGRESS,
    "no_show": Status.NO_SHOW,
    "cancel": Status.CANCELLED,
}


@require_POST
@permission_required("treatments.change_treatmentsession", raise_exception=True)
def session_transition(request, pk, action):
    session = _session(pk)
    if action not in ACTIONS:
        raise PermissionDenied
    if action == "start" and not request.user.has_perm("treatments.chart_treatmentsession"):
        raise PermissionDenied  # only practitioners start (and chart) a session
    reason = ""
    if action == "cancel":
        form = CancelForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a reason to cancel the session."))
            return redirect(session)
        reason = form.cleaned_data["reason"]
    try:
        booking.session_transition(
            treatment_session=session,
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
            _("Session is now %(status)s.") % {"status": Status(ACTIONS[action]).label.lower()},
        )
    return redirect(session)
