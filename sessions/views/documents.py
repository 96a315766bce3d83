"""Document pages: sheets and reports as PDF, consents (prepare, print, sign on screen or on
paper, stored PDF, verify, withdraw, retry) and the front desk's batch.

Every view states its permission first and audits what it shows. PDFs are answered inline,
never cached (`private, no-store`), named by chart number, never by patient name.
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from clinic import audit
from clinic.forms import post_data
from sessions import consents, documents, tasks_documents
from sessions.models import Chart, ConsentRecord, DocumentHandout, TreatmentPlan, TreatmentSession

SHEETS = "treatments.view_treatmentsession"
REPORTS = "patients.view_clinical_record"
# Prepare, sign, mark signed, withdraw, retry: front desk and practitioners (roles: see the
# report; clinic/roles.py grants it). Reading a consent and verifying it: all three roles.
MANAGE_CONSENTS = "treatments.add_consentrecord"
READ_CONSENTS = "treatments.view_consentrecord"


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _session(pk) -> TreatmentSession:
    return get_object_or_404(
        TreatmentSession.objects.select_related(
            "patient", "practitioner", "room__location", "plan__protocol_version__protocol"
        ),
        pk=pk,
    )


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else fallback


# --- Sheets ---------------------------------------------------------------------------------


def _sheet(request, pk, kind):
    treatment_session = _session(pk)
    try:
        data = documents.render_handout(treatment_session, kind)
    except Chart.DoesNotExist:
        return render(
            request,
            "treatments/_document_problem.html",
            {
                "title": _("No aftercare sheet yet"),
                "problem": _(
                    "This session has not been charted yet: the aftercare sheet is written from "
                    "the chart (areas, products and lots)."
                ),
                "back": treatment_session.get_absolute_url(),
            },
            status=409,
        )
    documents.handout_open(treatment_session=treatment_session, kind=kind)
    audit.record(
        actor=request.user,
        action="document.printed",
        target=treatment_session,
        request=request,
        details={"kind": kind},
    )
    day = timezone.localtime(treatment_session.starts_at).date()
    chart_number = treatment_session.patient.chart_number or "patient"
    return _pdf_response(data, f"{kind}-{chart_number}-{day:%Y-%m-%d}.pdf")


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
        documents.handout_mark_given(
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
    return redirect(_back(request, treatment_session.get_absolute_url()))


@require_POST
@permission_required(SHEETS, raise_exception=True)
def handout_acknowledged(request, pk, kind):
    treatment_session = _session(pk)
    try:
        documents.handout_acknowledge(
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
    return redirect(_back(request, treatment_session.get_absolute_url()))


@require_GET
@permission_required(REPORTS, raise_exception=True)
def course_report(request, pk):
    plan = get_object_or_404(
        TreatmentPlan.objects.select_related("patient", "protocol_version__protocol"), pk=pk
    )
    data = documents.render_course_report(plan)
    audit.record(
        actor=request.user,
        action="document.printed",
        target=plan,
        request=request,
        details={"kind": "course_report"},
    )
    return _pdf_response(data, f"course-report-{plan.patient.chart_number or 'patient'}.pdf")


# --- Consents -------------------------------------------------------------------------------


def _consent(pk) -> ConsentRecord:
    return get_object_or_404(
        ConsentRecord.objects.select_related(
            "patient",
            "protocol_version__protocol",
            "plan",
            "witnessed_by",
            "created_by",
            "withdraws",
        ),
        pk=pk,
    )


def _withdrawal_of(record: ConsentRecord) -> ConsentRecord | None:
    return ConsentRecord.objects.filter(withdraws=record).select_related("witnessed_by").first()


@require_POST
@permission_required(MANAGE_CONSENTS, raise_exception=True)
def consent_prepare(request, pk):
    plan = get_object_or_404(
        TreatmentPlan.objects.select_related("patient", "protocol_version__protocol"), pk=pk
    )
    try:
        record = consents.consent_prepare(
            patient=plan.patient, plan_or_version=plan, by=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back(request, plan.get_absolute_url()))
    messages.success(request, _("Consent form prepared: print it, or sign it on screen."))
    return redirect("treatments:consent", pk=record.pk)


@require_GET
@permission_required(READ_CONSENTS, raise_exception=True)
def consent_list(request, pk):
    from patients.models import Patient

    patient = get_object_or_404(Patient, pk=pk)
    records = list(consents.current_consents(patient))
    withdrawn = set(
        ConsentRecord.objects.filter(withdraws__in=records).values_list("withdraws_id", flat=True)
    )
    audit.record(actor=request.user, action="consent.listed", target=patient, request=request)
    context = {"patient": patient, "records": records, "withdrawn": withdrawn}
    return render(request, "treatments/consent_list.html", context)


@require_GET
@permission_required(READ_CONSENTS, raise_exception=True)
def consent_detail(request, pk):
    record = _consent(pk)
    audit.record(actor=request.user, action="consent.viewed", target=record, request=request)
    context = {
        "record": record,
        "patient": record.patient,
        "blocks": documents.consent_blocks(record.text),
        "signed": record.is_signed,
        "withdrawal": _withdrawal_of(record),
        "can_manage": request.user.has_perm(MANAGE_CONSENTS),
        "paper_form": PaperSignatureForm(),
    }
    return render(request, "treatments/consent_detail.html", context)


@require_GET
@permission_required(READ_CONSENTS, raise_exception=True)
def consent_print(request, pk):
    """The form to print: blank for an unsigned consent, or the stored PDF once signed."""
    record = _consent(pk)
    if record.is_signed and record.pdf:
        return consent_pdf(request, pk)
    if record.is_signed:
        messages.info(request, _("The signed PDF is not stored yet; see its status below."))
        return redirect("treatments:consent", pk=record.pk)
    data = documents.render_consent(record)
    audit.record(actor=request.user, action="consent.printed", target=record, request=request)
    return _pdf_response(
        data, f"consent-{record.patient.chart_number or 'patient'}-{record.pk}.pdf"
    )


class ScreenSignatureForm(forms.Form):
    questions_answered = forms.BooleanField(
        label=gettext_lazy("The patient has read the form and their questions were answered.")
    )
    signature = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_signature(self):
        problem = consents.signature_problem(self.cleaned_data.get("signature", ""))
        if problem:
            raise ValidationError(problem)
        return self.cleaned_data["signature"]


class PaperSignatureForm(forms.Form):
    scan = forms.FileField(
        label=gettext_lazy("Scan of the signed form (PDF, JPEG or PNG; optional)"), required=False
    )

    def clean_scan(self):
        upload = self.cleaned_data.get("scan")
        if upload:
            problem = consents.scan_problem(upload)
            if problem:
                raise ValidationError(problem)
        return upload


@permission_required(MANAGE_CONSENTS, raise_exception=True)
def consent_sign(request, pk):
    record = _consent(pk)
    if record.is_signed or record.kind != ConsentRecord.Kind.CONSENT:
        messages.info(request, _("This consent is already signed."))
        return redirect("treatments:consent", pk=record.pk)
    form = ScreenSignatureForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            consents.consent_sign_on_screen(
                record=record,
                signature_data_url=form.cleaned_data["signature"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            record.refresh_from_db()
            if record.pdf_status == ConsentRecord.PdfStatus.RENDERED:
                messages.success(request, _("Signed. The signed copy is stored."))
            else:
                messages.warning(
                    request, _("Signed. The signed copy could not be stored yet: retry below.")
                )
            return redirect("treatments:consent", pk=record.pk)
    if request.method == "GET":
        audit.record(actor=request.user, action="consent.viewed", target=record, request=request)
    context = {
        "record": record,
        "patient": record.patient,
        "blocks": documents.consent_blocks(record.text),
        "signed": False,
        "form": form,
    }
    return render(request, "treatments/consent_sign.html", context)


@require_POST
@permission_required(MANAGE_CONSENTS, raise_exception=True)
def consent_paper(request, pk):
    record = _consent(pk)
    form = PaperSignatureForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            consents.consent_mark_signed_on_paper(
                record=record, scan_file=form.cleaned_data["scan"], by=request.user, request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Recorded as signed on paper."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("treatments:consent", pk=record.pk)


@require_GET
@permission_required(READ_CONSENTS, raise_exception=True)
def consent_pdf(request, pk):
    """The stored, signed PDF, exactly as rendered once."""
    record = _consent(pk)
    if not record.pdf:
        raise Http404
    audit.record(
        actor=request.user,
        action="consent.viewed",
        target=record,
        request=request,
        details={"document": "pdf"},
    )
    response = FileResponse(record.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="consent-{record.patient.chart_number or "patient"}-{record.pk}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@permission_required(READ_CONSENTS, raise_exception=True)
def consent_scan(request, pk):
    record = _consent(pk)
    if not record.scan:
        raise Http404
    with record.scan.open("rb") as handle:
        head = handle.read(16)
    content_type = next(
        (
            {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}[ext]
            for magic, ext in consents.SCAN_SIGNATURES.items()
            if head.startswith(magic)
        ),
        "application/octet-stream",
    )
    audit.record(
        actor=request.user,
        action="consent.viewed",
        target=record,
        request=request,
        details={"document": "scan"},
    )
    response = FileResponse(record.scan.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@permission_required(READ_CONSENTS, raise_exception=True)
def consent_verify(request, pk):
    record = _consent(pk)
    result = consents.consent_verify(record)
    audit.record(
        actor=request.user,
        action="consent.verified",
        target=record,
        request=request,
        details={"result": result},
    )
    context = {"record": record, "patient": record.patient, "result": result}
    return render(request, "treatments/consent_verify.html", context)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the consent withdrawn? (the patient's words if possible)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


@permission_required(MANAGE_CONSENTS, raise_exception=True)
def consent_withdraw(request, pk):
    record = _consent(pk)
    form = WithdrawForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            withdrawal = consents.consent_withdraw(
                record=record, reason=form.cleaned_data["reason"], by=request.user, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Consent withdrawn."))
            return redirect("treatments:consent", pk=withdrawal.pk)
    context = {"record": record, "patient": record.patient, "form": form}
    return render(request, "treatments/consent_withdraw.html", context)


@require_POST
@permission_required(MANAGE_CONSENTS, raise_exception=True)
def consent_retry(request, pk):
    record = _consent(pk)
    try:
        consents.consent_pdf_retry(record=record, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        record.refresh_from_db()
        if record.pdf_status == ConsentRecord.PdfStatus.RENDERED:
            messages.success(request, _("The signed copy is stored."))
        else:
            messages.error(
                request, _("Rendering failed again: %(error)s") % {"error": record.pdf_error}
            )
    return redirect("treatments:consent", pk=record.pk)


# --- Front-desk batch -----------------------------------------------------------------------


class BatchForm(forms.Form):
    precare_day = forms.DateField(
        label=gettext_lazy("Pre-care sheets for the sessions of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    aftercare_day = forms.DateField(
        label=gettext_lazy("Aftercare sheets for the charted sessions of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("precare_day") and not cleaned.get("aftercare_day"):
            raise ValidationError(_("Choose at least one day."))
        return cleaned


@permission_required(SHEETS, raise_exception=True)
def documents_batch(request):
    today = timezone.localdate()
    initial = {"precare_day": today + datetime.timedelta(days=1), "aftercare_day": today}
    form = BatchForm(
        request.POST if request.method == "POST" else request.GET or None, initial=initial
    )
    if form.is_bound and not form.is_valid():
        days, items = {}, []
    else:
        days = form.cleaned_data if form.is_bound else initial
        items = tasks_documents.batch_sessions(
            precare_day=days.get("precare_day"), aftercare_day=days.get("aftercare_day")
        )
    if request.method == "POST" and form.is_valid():
        if not items:
            messages.info(request, _("There is nothing to print for these days."))
            return redirect(reverse("treatments:documents_batch"))
        label = _("Pre-care %(pre)s · aftercare %(after)s") % {
            "pre": days.get("precare_day") or "—",
            "after": days.get("aftercare_day") or "—",
        }
        if len(items) <= tasks_documents.BATCH_SYNC_LIMIT:
            data = documents.render_batch(items)
            audit.record(
                actor=request.user,
                action="document.printed",
                request=request,
                details={"kind": "batch", "sessions": [[k, s.pk] for k, s in items]},
            )
            return _pdf_response(data, f"sheets-{timezone.localdate():%Y-%m-%d}.pdf")
        batch_id = tasks_documents.batch_create(items=items, by=request.user, label=label)
        audit.record(
            actor=request.user,
            action="document.batch_requested",
            request=request,
            details={"batch": batch_id, "sessions": [[k, s.pk] for k, s in items]},
        )

        def enqueue():  # named, not a partial: see sessions/consents.py
            tasks_documents.documents_batch_render_task.delay(batch_id)

        transaction.on_commit(enqueue, robust=True)
        return redirect("treatments:documents_batch_status", batch_id=batch_id)
    context = {
        "form": form,
        "items": items,
        "chosen": days,
        "sync_limit": tasks_documents.BATCH_SYNC_LIMIT,
    }
    return render(request, "treatments/_document_batch_page.html", context)


def _own_job(request, batch_id) -> dict:
    job = tasks_documents.batch_job(str(batch_id))
    if job is None:
        raise Http404
    if job["requested_by"] != request.user.pk:
        raise PermissionDenied  # a batch is the requester's: it names many patients
    return job


@permission_required(SHEETS, raise_exception=True)
def documents_batch_status(request, batch_id):
    """Progress (an htmx fragment when polled), a download once done, and — when no worker
    took the job — a button to render it here."""
    job = _own_job(request, batch_id)
    if request.method == "POST" and tasks_documents.batch_is_stale(job):
        job = tasks_documents.batch_run(str(batch_id)) or job
    context = {
        "job": job,
        "batch_id": batch_id,
        "percent": int(100 * job["done"] / job["total"]) if job["total"] else 100,
        "stale": tasks_documents.batch_is_stale(job),
    }
    if request.headers.get("HX-Request"):
        return render(request, "treatments/_document_batch_progress.html", context)
    return render(request, "treatments/_document_batch_page.html", context)


@require_GET
@permission_required(SHEETS, raise_exception=True)
def documents_batch_download(request, batch_id):
    job = _own_job(request, batch_id)
    pdf = tasks_documents.batch_pdf_path(str(batch_id))
    if job["status"] != tasks_documents.DONE or not pdf.exists():
        raise Http404
    audit.record(
        actor=request.user,
        action="document.printed",
        request=request,
        details={"kind": "batch", "batch": str(batch_id), "sessions": job["items"]},
    )
    response = FileResponse(pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sheets-{str(batch_id)[:8]}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("sessions/<int:pk>/aftercare.pdf", aftercare_sheet, name="aftercare_sheet"),
    path("sessions/<int:pk>/precare.pdf", precare_sheet, name="precare_sheet"),
    path("sessions/<int:pk>/handouts/<str:kind>/given/", handout_given, name="handout_given"),
    path(
        "sessions/<int:pk>/handouts/<str:kind>/acknowledged/",
        handout_acknowledged,
        name="handout_acknowledged",
    ),
    path("plans/<int:pk>/report.pdf", course_report, name="course_report"),
    path("plans/<int:pk>/consent/", consent_prepare, name="consent_prepare"),
    path("patients/<int:pk>/consents/", consent_list, name="consents"),
    path("consents/<int:pk>/", consent_detail, name="consent"),
    path("consents/<int:pk>/print.pdf", consent_print, name="consent_print"),
    path("consents/<int:pk>/sign/", consent_sign, name="consent_sign"),
    path("consents/<int:pk>/paper/", consent_paper, name="consent_paper"),
    path("consents/<int:pk>/signed.pdf", consent_pdf, name="consent_pdf"),
    path("consents/<int:pk>/scan/", consent_scan, name="consent_scan"),
    path("consents/<int:pk>/verify/", consent_verify, name="consent_verify"),
    path("consents/<int:pk>/withdraw/", consent_withdraw, name="consent_withdraw"),
    path("consents/<int:pk>/retry/", consent_retry, name="consent_retry"),
    path("documents/batch/", documents_batch, name="documents_batch"),
    path(
        "documents/batch/<uuid:batch_id>/",
        documents_batch_status,
        name="documents_batch_status",
    ),
    path(
        "documents/batch/<uuid:batch_id>/download/",
        documents_batch_download,
        name="documents_batch_download",
    ),
]
