"""Plans and booking pages: plan detail and course booking, single bookings, the session
page with its status actions, and rescheduling (with re-flow of a course)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinic import audit
from clinic.forms import post_data
from sessions import booking, documents
from sessions.forms import (
    BookingForm,
    CancelForm,
    CourseSetupForm,
    CourseSlotFormSet,
    RescheduleForm,
)
from sessions.models import TreatmentPlan, TreatmentSession

Status = TreatmentSession.Status


def _plan(pk):
    return get_object_or_404(
        TreatmentPlan.objects.select_related(
            "patient", "protocol_version__protocol__indication", "created_by", "consultation"
        ),
        pk=pk,
    )


@permission_required("treatments.view_treatmentplan", raise_exception=True)
def plan_detail(request, pk):
    plan = _plan(pk)
    clinical = request.user.has_perm("patients.view_clinical_record")
    audit.record(actor=request.user, action="plan.viewed", target=plan, request=request)
    sessions = list(plan.treatment_sessions.select_related("practitioner", "room__location"))
    context = {
        "plan": plan,
        "patient": plan.patient,
        "clinical": clinical,
        "version": plan.protocol_version,
        "protocol": plan.protocol_version.protocol,
        "sessions": sessions,
        "done": sum(s.status == Status.COMPLETED for s in sessions),
        # Course progress: measurements over time, for those who read clinical records.
        "charts": documents.measurement_charts(plan, sessions) if clinical else [],
        "can_book": request.user.has_perm("treatments.add_treatmentsession")
        and plan.status == TreatmentPlan.Status.PROPOSED,
        **documents.document_buttons_context(user=request.user, plan=plan),
    }
    return render(request, "treatments/plan_detail.html", context)


@permission_required("treatments.add_treatmentsession", raise_exception=True)
def course_book(request, pk):
    """Step 1 (GET with setup): the app proposes N slots. Step 2 (POST): the user adjusts
    and confirms; every problem is listed and nothing is saved unless all can be booked."""
    plan = _plan(pk)
    if plan.status != TreatmentPlan.Status.PROPOSED:
        messages.info(
            request,
            _("This plan is already %(status)s.") % {"status": plan.get_status_display().lower()},
        )
        return redirect(plan)
    setup = CourseSetupForm(request.GET or None, initial={"first_day": timezone.localdate()})
    formset, proposals, problems = None, [], []
    if setup.is_valid():
        data = setup.cleaned_data
        if request.method == "POST":
            formset = CourseSlotFormSet(request.POST, prefix="slot")
            if formset.is_valid():
                slots = [(*form.slot(), form.cleaned_data["room"]) for form in formset]
                try:
                    booking.course_book(
                        plan=plan,
                        slots=slots,
                        practitioner=data["practitioner"],
                        by=request.user,
                        request=request,
                    )
                except ValidationError as error:
                    problems = error.messages
                else:
                    messages.success(
                        request,
                        _("The whole course is booked: %(n)s sessions.") % {"n": len(slots)},
                    )
                    return redirect(plan)
        else:
            proposals = booking.course_proposal(
                plan=plan,
                practitioner=data["practitioner"],
                location=data["location"],
                first_day=data["first_day"],
                duration=datetime.timedelta(minutes=data["duration"]),
            )
            problems = [
                _("Session %(n)s: %(problem)s") % {"n": p.sequence, "problem": p.problem}
                for p in proposals
                if p.problem
            ]
            formset = CourseSlotFormSet(
                prefix="slot",
                initial=[
                    {
                        "day": timezone.localtime(p.starts_at).date() if p.starts_at else None,
                        "start": timezone.localtime(p.starts_at).time() if p.starts_at else None,
                        "duration": data["duration"],
                        "room": p.room,
                    }
                    for p in proposals
                ],
            )
    context = {
        "plan": plan,
        "patient": plan.patient,
        "setup": setup,
        "formset": formset,
        "problems": problems,
        "proposals": proposals,
    }
    return render(request, "treatments/course_book.html", context)


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
        **documents.document_buttons_context(user=request.user, session=session),
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
        window_problems = booking.neighbour_problems(session, starts_at)
        try:
            if request.POST.get("reflow"):
                booking.session_reschedule_with_reflow(
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
                proposals = booking.reflow_proposal(session, starts_at, ends_at - starts_at)
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


urlpatterns = [
    path("plans/<int:pk>/", plan_detail, name="plan"),
    path("plans/<int:pk>/book/", course_book, name="course_book"),
    path("sessions/new/", session_book, name="book"),
    path("sessions/<int:pk>/", session_detail, name="session"),
    path("sessions/<int:pk>/reschedule/", session_reschedule, name="reschedule"),
    path("sessions/<int:pk>/status/<slug:action>/", session_transition, name="transition"),
]
