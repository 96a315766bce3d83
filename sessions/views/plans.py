"""Plan pages: the plan and its course progress, and booking the whole course."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import audit
from patients import allergies
from patients.services import current_history
from sessions.documents import buttons, course_report
from sessions.forms.courses import CourseSetupForm, CourseSlotFormSet
from sessions.models import TreatmentPlan, TreatmentSession
from sessions.scheduling import courses
from sessions.views.helpers import warn_about_session_days

SessionStatus = TreatmentSession.Status


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
        "done": sum(s.status == SessionStatus.COMPLETED for s in sessions),
        # Course progress: measurements over time, for those who read clinical records.
        "charts": course_report.measurement_charts(plan, sessions) if clinical else [],
        # Allergies and anaphylaxis first, where treatment is decided (clinical readers).
        "allergy_profile": (
            allergies.allergy_profile(patient=plan.patient, history=current_history(plan.patient))
            if clinical
            else None
        ),
        "can_book": request.user.has_perm("treatments.add_treatmentsession")
        and plan.status == TreatmentPlan.Status.PROPOSED,
        **buttons.document_buttons_context(user=request.user, plan=plan),
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
    setup = CourseSetupForm(
        request.GET or None, initial={"first_day": timezone.localdate()}, plan=plan
    )
    formset, proposals, problems = None, [], []
    if setup.is_valid():
        data = setup.cleaned_data
        if request.method == "POST":
            formset = CourseSlotFormSet(request.POST, prefix="slot")
            if formset.is_valid():
                slots = [(*form.slot(), form.cleaned_data["room"]) for form in formset]
                try:
                    booked = courses.course_book(
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
                    warn_about_session_days(request, booked)
                    return redirect(plan)
        else:
            proposals = courses.course_proposal(
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
