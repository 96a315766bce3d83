"""Consent pages: prepare, list, read, print, sign on screen or on paper, the stored PDF and
scan, verify, withdraw, retry the rendering."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clinic import audit, uploads
from clinic.forms import post_data
from patients.models import Patient
from sessions.documents import consent_form, consent_rules, consent_text, releases
from sessions.documents import consents as consent_services
from sessions.forms.consents import PaperSignatureForm, ScreenSignatureForm, WithdrawForm
from sessions.models import ConsentRecord, DocumentRelease, TreatmentPlan
from sessions.views.helpers import pdf_response, private_response, safe_next_url

# Prepare, sign, mark signed, withdraw, retry: front desk and practitioners (roles: see the
# report; clinic/roles.py grants it). Reading a consent and verifying it: all three roles.
MANAGE_CONSENTS = "treatments.add_consentrecord"


READ_CONSENTS = "treatments.view_consentrecord"
# The consent page shows "What applies to you" (medicines, screening): clinical roles only. The
# front desk prints a consent's PDFs once a practitioner has released it (issue 13).
CLINICAL_READ = releases.CLINICAL_READ
CONSENT = DocumentRelease.Kind.CONSENT


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
        record = consent_services.consent_prepare(
            patient=plan.patient, plan_or_version=plan, by=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(safe_next_url(request, plan.get_absolute_url()))
    if not request.user.has_perm(CLINICAL_READ):
        messages.success(
            request,
            _("Consent form prepared. A practitioner releases it for printing at the front desk."),
        )
        return redirect(safe_next_url(request, plan.get_absolute_url()))
    messages.success(request, _("Consent form prepared: print it, or sign it on screen."))
    return redirect("treatments:consent", pk=record.pk)


@require_GET
@permission_required(READ_CONSENTS, raise_exception=True)
def consent_list(request, pk):
    patient = get_object_or_404(Patient, pk=pk)
    records = list(consent_rules.current_consents(patient))
    withdrawn = set(
        ConsentRecord.objects.filter(withdraws__in=records).values_list("withdraws_id", flat=True)
    )
    released = set(
        DocumentRelease.objects.filter(consent__in=records).values_list("consent_id", flat=True)
    )
    audit.record(actor=request.user, action="consent.listed", target=patient, request=request)
    context = {
        "patient": patient,
        "records": records,
        "withdrawn": withdrawn,
        "released": released,
        "clinical": request.user.has_perm(CLINICAL_READ),
        "can_manage": request.user.has_perm(MANAGE_CONSENTS),
    }
    return render(request, "treatments/consent_list.html", context)


@require_GET
@permission_required([READ_CONSENTS, CLINICAL_READ], raise_exception=True)
def consent_detail(request, pk):
    record = _consent(pk)
    audit.record(actor=request.user, action="consent.viewed", target=record, request=request)
    context = {
        "record": record,
        "patient": record.patient,
        "blocks": consent_text.consent_blocks(record.text),
        "signed": record.is_signed,
        "withdrawal": _withdrawal_of(record),
        "can_manage": request.user.has_perm(MANAGE_CONSENTS),
        "paper_form": PaperSignatureForm(),
        "release": releases.release_of(kind=CONSENT, document=record),
        "can_release": request.user.has_perm(releases.RELEASE)
        and record.kind == ConsentRecord.Kind.CONSENT,
    }
    return render(request, "treatments/consent_detail.html", context)


@require_GET
@permission_required(READ_CONSENTS, raise_exception=True)
def consent_print(request, pk):
    """The form to print: blank for an unsigned consent, or the stored PDF once signed."""
    record = _consent(pk)
    releases.check_may_print(user=request.user, kind=CONSENT, document=record)
    if record.is_signed and record.pdf:
        return consent_pdf(request, pk)
    if record.is_signed:
        messages.info(request, _("The signed PDF is not stored yet; see its status below."))
        return redirect("treatments:consent", pk=record.pk)
    data = consent_form.render_consent(record)
    releases.document_printed(
        user=request.user,
        kind="consent_form",
        document=record,
        request=request,
        action="consent.printed",
    )
    return pdf_response(data, f"consent-{record.patient.chart_number or 'patient'}-{record.pk}.pdf")


@permission_required([MANAGE_CONSENTS, CLINICAL_READ], raise_exception=True)
def consent_sign(request, pk):
    record = _consent(pk)
    if record.is_signed or record.kind != ConsentRecord.Kind.CONSENT:
        messages.info(request, _("This consent is already signed."))
        return redirect("treatments:consent", pk=record.pk)
    form = ScreenSignatureForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            consent_services.consent_sign_on_screen(
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
        "blocks": consent_text.consent_blocks(record.text),
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
            consent_services.consent_mark_signed_on_paper(
                record=record, scan_file=form.cleaned_data["scan"], by=request.user, request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Recorded as signed on paper."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    if not request.user.has_perm(CLINICAL_READ):
        # The front desk records a paper signature but never opens the consent page.
        return redirect("treatments:consents", pk=record.patient_id)
    return redirect("treatments:consent", pk=record.pk)


@require_GET
@permission_required(READ_CONSENTS, raise_exception=True)
def consent_pdf(request, pk):
    """The stored, signed PDF, exactly as rendered once."""
    record = _consent(pk)
    releases.check_may_print(user=request.user, kind=CONSENT, document=record)
    if not record.pdf:
        raise Http404
    releases.document_printed(
        user=request.user,
        kind="consent_pdf",
        document=record,
        request=request,
        action="consent.downloaded",
    )
    chart_number = record.patient.chart_number or "patient"
    return pdf_response(record.pdf.open("rb"), f"consent-{chart_number}-{record.pk}.pdf")


@require_GET
@permission_required(READ_CONSENTS, raise_exception=True)
def consent_scan(request, pk):
    record = _consent(pk)
    releases.check_may_print(user=request.user, kind=CONSENT, document=record)
    if not record.scan:
        raise Http404
    with record.scan.open("rb") as handle:
        head = handle.read(16)
    kind = uploads.sniff(head, uploads.SCANS)
    content_type = kind.content_type if kind else "application/octet-stream"
    releases.document_printed(
        user=request.user,
        kind="consent_scan",
        document=record,
        request=request,
        action="consent.downloaded",
    )
    chart_number = record.patient.chart_number or "patient"
    extension = kind.extension if kind else "bin"
    return private_response(
        record.scan.open("rb"),
        content_type=content_type,
        filename=f"consent-scan-{chart_number}-{record.pk}.{extension}",
        attachment=True,
    )


@require_GET
@permission_required([READ_CONSENTS, CLINICAL_READ], raise_exception=True)
def consent_verify(request, pk):
    record = _consent(pk)
    result = consent_services.consent_verify(record)
    audit.record(
        actor=request.user,
        action="consent.verified",
        target=record,
        request=request,
        details={"result": result},
    )
    context = {"record": record, "patient": record.patient, "result": result}
    return render(request, "treatments/consent_verify.html", context)


@permission_required([MANAGE_CONSENTS, CLINICAL_READ], raise_exception=True)
def consent_withdraw(request, pk):
    record = _consent(pk)
    form = WithdrawForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            withdrawal = consent_services.consent_withdraw(
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
        consent_services.consent_pdf_retry(record=record, by=request.user, request=request)
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


@require_POST
@permission_required([MANAGE_CONSENTS, CLINICAL_READ], raise_exception=True)
def consent_questions(request, pk):
    """At the visit: the practitioner confirms a remote signer's questions were answered."""
    record = _consent(pk)
    try:
        consent_services.consent_questions_confirm(record=record, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Confirmed: the patient's questions were answered."))
    return redirect("treatments:consent", pk=record.pk)
