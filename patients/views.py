"""Patient pages: search, register, the patient page, demographics, history review,
medications and consultations (with the plan proposal)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clinic import audit, dates
from clinic.forms import post_data
from patients import outcome_scales, questionnaires, screening, services
from patients.forms import (
    AllergyResolutionForm,
    ArchiveForm,
    ConsultationForm,
    DecisionForm,
    HistoryReviewForm,
    InrForm,
    MeasurementFormSet,
    MedicationForm,
    MedicationStopForm,
    PatientForm,
    PatientSearchForm,
    PlanForm,
    SiteConditionForm,
)
from patients.models import (
    LEGACY_SITE_CONDITIONS,
    Consultation,
    Measurement,
    Patient,
    PatientMedication,
    SiteCondition,
)
from patients.search import patient_search_filter
from patients.timeline import patient_timeline
from portal import panel as portal_panel
from protocols.catalogues import TreatmentArea
from sessions.documents import buttons
from sessions.scheduling import appointments
from sessions.scheduling import plans as plan_services

SEARCH_PAGE_SIZE = 25
PICK_LIMIT = 8  # matches offered while typing; more means "type more"


@permission_required("patients.view_patient", raise_exception=True)
def patient_search(request):
    form = PatientSearchForm(request.GET or None)
    patients = Patient.objects.none()
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        base = (
            Patient.objects.all()
            if form.cleaned_data["include_archived"]
            else Patient.objects.active()
        )
        matches = patient_search_filter(query)
        patients = (
            base.filter(matches) if matches is not None else base.order_by("-created_at", "-pk")
        )
    if not form.is_bound:  # the page as opened from the menu: the newest first
        patients = Patient.objects.active().order_by("-created_at", "-pk")
    fields = ("chart_number", "first_name", "last_name", "date_of_birth", "phone", "archived_at")
    page = Paginator(patients.only(*fields), SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    recently_seen = []
    if not query and page.number == 1:
        ids = appointments.recently_seen_patient_ids()
        found = Patient.objects.active().only(*fields).in_bulk(ids)
        recently_seen = [found[pk] for pk in ids if pk in found]
    context = {"form": form, "page_obj": page, "query": query, "recently_seen": recently_seen}
    return render(request, "patients/patient_search.html", context)


@require_GET
@permission_required("patients.view_patient", raise_exception=True)
def patient_pick(request):
    """Search-as-you-type for booking forms: an htmx fragment listing active patients that
    match the box (name, phone or chart number), each a button that fills the chart number."""
    form = PatientSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    matches = patient_search_filter(query) if query else None
    patients = []
    if matches is not None:
        patients = list(
            Patient.objects.active()
            .filter(matches)
            .order_by("last_name", "first_name", "pk")
            .only("chart_number", "first_name", "last_name", "date_of_birth", "phone")[
                : PICK_LIMIT + 1
            ]
        )
    context = {
        "query": query,
        "patients": patients[:PICK_LIMIT],
        "more": len(patients) > PICK_LIMIT,
    }
    return render(request, "patients/_patient_pick_results.html", context)


@permission_required("patients.add_patient", raise_exception=True)
def patient_register(request):
    form = PatientForm(post_data(request))
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = list(
            services.possible_duplicates(
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                date_of_birth=form.cleaned_data["date_of_birth"],
                phone=form.cleaned_data["phone"],
            )[:10]
        )
        if duplicates and not form.cleaned_data["confirm_new_person"]:
            form.add_error(
                "confirm_new_person",
                _(
                    "This may be a patient who is already registered (listed above). Open their "
                    "record, or tick this box if this is a different person."
                ),
            )
        else:
            patient = services.patient_register(
                data=form.cleaned_data, by=request.user, request=request
            )
            messages.success(
                request,
                _("%(name)s registered with chart number %(chart)s.")
                % {"name": patient.full_name, "chart": patient.chart_number},
            )
            return redirect(patient)
    return render(
        request,
        "patients/patient_form.html",
        {"form": form, "duplicates": duplicates, "title": _("Register a patient")},
    )


def _patient(pk) -> Patient:
    return get_object_or_404(Patient, pk=pk)


@permission_required("patients.view_patient", raise_exception=True)
def patient_detail(request, pk):
    patient = _patient(pk)
    clinical = request.user.has_perm("patients.view_clinical_record")
    plans = list(patient.plans.select_related("protocol_version__protocol"))
    context = {
        "patient": patient,
        "clinical": clinical,
        "plans": plans,
        **buttons.document_buttons_context(user=request.user, patient=patient),
    }
    medications = consultations = ()
    reviews = None
    if clinical:
        reviews = services.history_reviews(patient)
        medications = list(patient.medications.select_related("catalogue_entry"))
        consultations = list(
            patient.consultations.select_related(
                "practitioner", "protocol_version__protocol"
            ).prefetch_related("indications")
        )
        context.update(
            history=reviews[0] if reviews else None,
            questionnaires=list(patient.questionnaires.filter(status="awaiting_review")),
            medications=medications,
            consultations=consultations,
        )
    treatment_sessions = appointments.patient_sessions(patient)
    context.update(appointments.patient_appointments(patient, treatment_sessions))
    context.update(portal_panel.panel_context(patient, request.user))
    context["timeline"] = patient_timeline(
        patient,
        clinical=clinical,
        plans=plans,
        medications=medications,
        consultations=consultations,
        treatment_sessions=treatment_sessions,
        history_reviews=reviews,
    )
    audit.record(
        actor=request.user,
        action="patient.viewed",
        target=patient,
        request=request,
        details={"clinical": clinical},
    )
    return render(request, "patients/patient_detail.html", context)


@permission_required("patients.change_patient", raise_exception=True)
def patient_edit(request, pk):
    patient = _patient(pk)
    form = PatientForm(post_data(request), instance=patient, confirm_new_person=False)
    if request.method == "POST" and form.is_valid():
        services.patient_update(
            patient=_patient(pk), data=form.cleaned_data, by=request.user, request=request
        )
        messages.success(request, _("Patient details saved."))
        return redirect(patient)
    return render(
        request,
        "patients/patient_form.html",
        {"form": form, "patient": patient, "title": _("Edit patient details")},
    )


@permission_required("patients.archive_patient", raise_exception=True)
def patient_archive(request, pk):
    patient = _patient(pk)
    form = ArchiveForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.patient_archive(
                patient=patient,
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The record is archived. It stays readable; it no longer appears in searches."),
            )
            return redirect(patient)
    return render(request, "patients/patient_archive.html", {"patient": patient, "form": form})


@permission_required("patients.change_clinical_record", raise_exception=True)
def history_review(request, pk):
    """The history review page: the yes/no answers and allergies (a new review on save), and
    beside them the dated facts screening reads: conditions at a site, INR readings and the
    resolution of free-text allergies."""
    patient = _patient(pk)
    current = services.current_history(patient)
    initial = legacy = None
    if current is not None:
        initial = {name: getattr(current, name) for name in HistoryReviewForm.Meta.fields}
        legacy = [str(tag) for tag in LEGACY_SITE_CONDITIONS if getattr(current, str(tag))]
    form = HistoryReviewForm(post_data(request), initial=initial, legacy=legacy or ())
    if request.method == "POST" and form.is_valid():
        try:
            services.history_review_record(
                patient=patient, data=form.review_data(), by=request.user, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Medical history recorded."))
            return redirect(patient)
    if request.method == "GET":
        audit.record(actor=request.user, action="history.viewed", target=patient, request=request)
    profile = screening.allergy_profile(patient=patient, history=current)
    context = {
        "patient": patient,
        "form": form,
        "current": current,
        "allergy_profile": profile,
        "site_conditions": list(patient.site_conditions.select_related("recorded_by")),
        "inr_readings": list(patient.inr_readings.all()[:5]),
    }
    return render(request, "patients/history_form.html", context)


def _fact_form_page(request, patient, form, *, title, intro, save, success):
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect("patients:history", pk=patient.pk)
    context = {"patient": patient, "form": form, "title": title, "intro": intro}
    return render(request, "patients/fact_form.html", context)


@permission_required("patients.change_clinical_record", raise_exception=True)
def site_condition_add(request, pk):
    patient = _patient(pk)
    form = SiteConditionForm(post_data(request))
    return _fact_form_page(
        request,
        patient,
        form,
        title=_("Record a condition at a site"),
        intro=_(
            "Infection, cold sore, broken skin or sunburn until it heals; laser, peel or filler "
            "on the day it was done. Screening applies it only to plans treating that area."
        ),
        save=lambda f: services.site_condition_record(
            patient=patient, condition=f.instance, by=request.user, request=request
        ),
        success=_("Condition recorded."),
    )


@require_POST
@permission_required("patients.change_clinical_record", raise_exception=True)
def site_condition_resolve(request, pk, condition_pk):
    condition = get_object_or_404(SiteCondition, pk=condition_pk, patient_id=pk)
    try:
        services.site_condition_resolve(condition=condition, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as resolved today."))
    return redirect("patients:history", pk=pk)


@permission_required("patients.change_clinical_record", raise_exception=True)
def inr_add(request, pk):
    patient = _patient(pk)
    form = InrForm(post_data(request))
    return _fact_form_page(
        request,
        patient,
        form,
        title=_("Record an INR result"),
        intro=_(
            "For a patient on warfarin: a recent INR above 3.5 blocks the session day, and no "
            "recent INR is a warning."
        ),
        save=lambda f: services.inr_record(
            patient=patient,
            value=f.cleaned_data["value"],
            measured_on=f.cleaned_data["measured_on"],
            by=request.user,
            request=request,
        ),
        success=_("INR recorded."),
    )


@permission_required("patients.change_clinical_record", raise_exception=True)
def allergy_resolve(request, pk):
    patient = _patient(pk)
    history = services.current_history(patient)
    text = (history.allergies_other if history else "").strip()
    if not text:
        messages.info(request, _("There is no free-text allergy to resolve."))
        return redirect("patients:history", pk=pk)
    form = AllergyResolutionForm(post_data(request))
    if request.method == "GET":
        audit.record(actor=request.user, action="history.viewed", target=patient, request=request)
    return _fact_form_page(
        request,
        patient,
        form,
        title=_("Resolve the free-text allergy"),
        intro=_("Recorded as: “%(text)s”.") % {"text": text},
        save=lambda f: services.allergy_resolve(
            patient=patient,
            text=text,
            ingredients=f.cleaned_data["ingredients"],
            ingredient_classes=f.cleaned_data["ingredient_classes"],
            reason=f.cleaned_data["reason"],
            by=request.user,
            request=request,
        ),
        success=_("Allergy resolved."),
    )


@permission_required("patients.change_clinical_record", raise_exception=True)
def medication_add(request, pk):
    patient = _patient(pk)
    form = MedicationForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        services.medication_add(
            patient=patient, medication=form.instance, by=request.user, request=request
        )
        messages.success(request, _("Medication added."))
        return redirect(patient)
    return render(request, "patients/medication_form.html", {"patient": patient, "form": form})


@require_POST
@permission_required("patients.change_clinical_record", raise_exception=True)
def medication_stop(request, pk, medication_pk):
    medication = get_object_or_404(PatientMedication, pk=medication_pk, patient_id=pk)
    form = MedicationStopForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("stopped_on", [])))
        return redirect(medication.patient)
    try:
        services.medication_stop(
            medication=medication,
            on=form.cleaned_data["stopped_on"],
            by=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s marked as stopped on %(date)s.")
            % {"name": medication.name, "date": dates.day(medication.stopped_on)},
        )
    return redirect(medication.patient)


@permission_required("patients.change_clinical_record", raise_exception=True)
def consultation_start(request, pk):
    patient = _patient(pk)
    goals = questionnaires.accepted_goals(patient)
    form = ConsultationForm(post_data(request), initial={"goals": goals} if goals else None)
    measurements = MeasurementFormSet(post_data(request), prefix="m")
    history = services.current_history(patient)
    if request.method == "POST" and form.is_valid() and measurements.is_valid():
        chosen = {indication.code for indication in form.cleaned_data["indications"]}
        for row in measurements:
            scale = outcome_scales.BY_CODE.get(row.cleaned_data.get("scale"))
            if scale and not chosen & set(scale["indications"]):
                row.add_error(
                    "scale", _("This scale does not measure the indications chosen above.")
                )
    if request.method == "POST" and form.is_valid() and measurements.is_valid():
        data = {
            key: form.cleaned_data[key] for key in ("goals", "area_assessments", "protocol_version")
        }
        try:
            consultation = services.consultation_start(
                patient=patient,
                data=data,
                indications=form.cleaned_data["indications"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            Measurement.objects.bulk_create(
                [
                    Measurement(
                        patient=patient,
                        consultation=consultation,
                        recorded_by=request.user,
                        scale=row["scale"],
                        area=row["area"],
                        value=row["value"],
                    )
                    for row in measurements.cleaned_data
                    if row and row.get("scale")
                ]
            )
            messages.success(request, _("Consultation saved. The screening is below."))
            return redirect(consultation)
    if request.method == "GET":  # the page shows the allergies
        audit.record(actor=request.user, action="history.viewed", target=patient, request=request)
    context = {
        "patient": patient,
        "form": form,
        "measurements": measurements,
        "history": history,
        "allergy_profile": screening.allergy_profile(patient=patient, history=history),
    }
    return render(request, "patients/consultation_form.html", context)


def _consultation(request, pk) -> Consultation:
    return get_object_or_404(
        Consultation.objects.select_related(
            "patient",
            "practitioner",
            "history_review__reviewed_by",
            "protocol_version__protocol__indication",
        ).prefetch_related("indications", "measurements"),
        pk=pk,
    )


@permission_required("patients.view_clinical_record", raise_exception=True)
def consultation_detail(request, pk):
    consultation = _consultation(request, pk)
    plan = getattr(consultation, "plan", None)  # the reverse one-to-one, if a plan exists
    chosen = None
    if request.method == "POST" and request.POST.get("action") == "plan":
        # Screen the areas chosen: site conditions and label limits depend on them.
        chosen = [a for a in request.POST.getlist("areas") if a in TreatmentArea.values] or None
    result = services.screen_consultation(consultation, areas=chosen) if plan is None else None
    can_plan = (
        request.user.has_perm("patients.change_clinical_record")
        and plan is None
        and (consultation.decision == Consultation.Decision.PENDING)
    )
    plan_form = decision_form = None
    if can_plan and result is not None:
        version = consultation.protocol_version
        plan_form = PlanForm(
            request.POST if request.POST.get("action") == "plan" else None,
            warnings=result.warnings,
            initial={
                "areas": version.treatment_areas,
                "sessions_count": version.sessions_count,
                "interval_min_days": version.interval_min_days,
                "interval_max_days": version.interval_max_days,
            },
        )
    if can_plan:
        blocked = result is not None and result.is_blocked
        decision_form = DecisionForm(
            request.POST if request.POST.get("action") == "decide" else None,
            initial={"decision": "declined" if blocked else "deferred"},
        )
    if request.method == "POST":
        if not request.user.has_perm("patients.change_clinical_record"):
            raise PermissionDenied
        response = _consultation_post(request, consultation, plan_form, decision_form)
        if response is not None:
            return response
    audit.record(
        actor=request.user, action="consultation.viewed", target=consultation, request=request
    )
    measurements = [
        (
            m,
            outcome_scales.BY_CODE.get(m.scale, {}).get("name", m.scale),
            outcome_scales.describe(m.scale, m.value),
        )
        for m in consultation.measurements.all()
    ]
    context = {
        "consultation": consultation,
        "patient": consultation.patient,
        "allergy_profile": screening.allergy_profile(
            patient=consultation.patient, history=consultation.history_review
        ),
        "plan": plan,
        "result": result,
        "plan_form": plan_form,
        "decision_form": decision_form,
        "measurements": measurements,
    }
    return render(request, "patients/consultation_detail.html", context)


def _consultation_post(request, consultation, plan_form, decision_form):
    action = request.POST.get("action")
    if action == "plan" and plan_form is not None and plan_form.is_valid():
        try:
            plan = plan_services.treatment_plan_propose(
                consultation=consultation,
                areas=plan_form.cleaned_data["areas"],
                sessions_count=plan_form.cleaned_data["sessions_count"],
                interval_min_days=plan_form.cleaned_data["interval_min_days"],
                interval_max_days=plan_form.cleaned_data["interval_max_days"],
                override_reasons=plan_form.reasons(),
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            plan_form.add_error(None, error)
        else:
            messages.success(request, _("Treatment plan proposed. The front desk can book it."))
            return redirect(plan)
    elif action == "decide" and decision_form is not None and decision_form.is_valid():
        try:
            services.consultation_decide(
                consultation=consultation,
                decision=decision_form.cleaned_data["decision"],
                notes=decision_form.cleaned_data["notes"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            decision_form.add_error(None, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(consultation)
    return None
