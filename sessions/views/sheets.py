"""Pre-care and aftercare sheets, handout state and the course report (PDF pages)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sessions.documents import course_report as documents_course_report
from sessions.documents import handout_pdfs, handouts, releases
from sessions.models import (
    Chart,
    ConsentRecord,
    DocumentHandout,
    DocumentRelease,
    TreatmentPlan,
    TreatmentSession,
)
from sessions.views.helpers import pdf_response, safe_next_url

SHEETS = "treatments.view_treatmentsession"


REPORTS = "patients.view_clinical_record"


def _session(pk) -> TreatmentSession:
    return get_object_or_404(
        TreatmentSession.objects.select_related(
            "patient", "practitioner", "room__location", "plan__protocol_version__protocol"
        ),
        pk=pk,
    )


def _sheet(request, pk, kind):
    """The sheet as handed out: stored at its first print, the same bytes at every reprint."""
    treatment_session = _session(pk)
    releases.check_may_print(user=request.user, kind=kind, document=treatment_session)
    try:
        data = handout_pdfs.handout_pdf(treatment_session=treatment_session, kind=kind)
    except Chart.DoesNotExist:
        return _problem(
            request,
            treatment_session,
            _("No aftercare sheet yet"),
            _(
                "This session has not been charted yet: the aftercare sheet is written from "
                "the chart (areas, products and lots)."
            ),
            status=409,
        )
    except handout_pdfs.SheetUnavailable:
        return _problem(
            request,
            treatment_session,
            _("The sheet could not be made"),
            _(
                "Making the PDF failed; this was recorded. Try again in a moment, and tell "
                "the clinic admin if it keeps failing."
            ),
            status=503,
        )
    releases.document_printed(
        user=request.user, kind=kind, document=treatment_session, request=request
    )
    day = timezone.localtime(treatment_session.starts_at).date()
    chart_number = treatment_session.patient.chart_number or "patient"
    return pdf_response(data, f"{kind}-{chart_number}-{day:%Y-%m-%d}.pdf")


def _problem(request, treatment_session, title, problem, *, status):
    context = {"title": title, "problem": problem, "back": treatment_session.get_absolute_url()}
    return render(request, "treatments/_document_problem.html", context, status=status)


@require_GET
@permission_required(SHEETS, raise_exception=True)
def aftercare_sheet(request, pk):
    return _sheet(request, pk, DocumentHandout.Kind.AFTERCARE)


@require_GET
@permission_required(SHEETS, raise_exception=True)
def precare_sheet(request, pk):
    return _sheet(request, pk, DocumentHandout.Kind.PRECARE)


def _handout_kind(kind: str) -> str:
    if kind not in DocumentHandout.Kind.values:
        raise Http404
    return kind


@require_POST
@permission_required(SHEETS, raise_exception=True)
def handout_given(request, pk, kind):
    treatment_session = _session(pk)
    try:
        handouts.handout_mark_given(
            treatment_session=treatment_session,
            kind=_handout_kind(kind),
            channel=request.POST.get("channel", ""),
            by=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Recorded as given."))
    return redirect(safe_next_url(request, treatment_session.get_absolute_url()))


@require_POST
@permission_required(SHEETS, raise_exception=True)
def handout_acknowledged(request, pk, kind):
    treatment_session = _session(pk)
    try:
        handouts.handout_acknowledge(
            treatment_session=treatment_session,
            kind=_handout_kind(kind),
            how=request.POST.get("how", ""),
            by=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Recorded as acknowledged by the patient."))
    return redirect(safe_next_url(request, treatment_session.get_absolute_url()))


@require_GET
@permission_required(REPORTS, raise_exception=True)
def course_report(request, pk):
    plan = get_object_or_404(
        TreatmentPlan.objects.select_related("patient", "protocol_version__protocol"), pk=pk
    )
    data = documents_course_report.render_course_report(plan)
    releases.document_printed(
        user=request.user, kind="course_report", document=plan, request=request
    )
    return pdf_response(data, f"course-report-{plan.patient.chart_number or 'patient'}.pdf")


@require_POST
@permission_required(releases.RELEASE, raise_exception=True)
def document_release(request, kind, pk):
    """A practitioner releases one document (a consent, or a session's pre-care or aftercare
    sheet) for the front desk to print."""
    if kind == DocumentRelease.Kind.CONSENT:
        document = get_object_or_404(ConsentRecord.objects.select_related("patient"), pk=pk)
        fallback = reverse("treatments:consent", args=[document.pk])
    elif kind in releases.SHEET_KINDS:
        document = _session(pk)
        fallback = document.get_absolute_url()
    else:
        raise Http404
    try:
        releases.document_release(kind=kind, document=document, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Released: the front desk can print it now."))
    return redirect(safe_next_url(request, fallback))
