"""The practitioner's page for a patient's health questionnaire: the answers beside the
record, a checkbox per answer that would change it; saving is the history review."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from clinic import audit
from clinic.forms import post_data
from patients import questionnaires
from patients.forms import QuestionnaireReviewForm
from patients.models import HealthQuestionnaire


@permission_required("patients.change_clinical_record", raise_exception=True)
def questionnaire_review(request, pk, questionnaire_pk):
    questionnaire = get_object_or_404(
        HealthQuestionnaire.objects.select_related("patient", "reviewed_by"),
        pk=questionnaire_pk,
        patient_id=pk,
    )
    patient = questionnaire.patient
    rows = questionnaires.comparison(questionnaire)
    awaiting = questionnaire.status == HealthQuestionnaire.Status.AWAITING_REVIEW
    keys = [row.key for row in rows if row.acceptable]
    form = QuestionnaireReviewForm(post_data(request) if awaiting else None, keys=keys)
    if request.method == "POST" and awaiting and form.is_valid():
        try:
            questionnaires.questionnaire_review(
                questionnaire=questionnaire,
                accept=form.cleaned_data["accept"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Questionnaire reviewed: the medical history is recorded."))
            return redirect(patient)
    if request.method == "GET":
        audit.record(
            actor=request.user, action="questionnaire.viewed", target=questionnaire, request=request
        )
    chosen = set(form["accept"].value() or []) if form.is_bound else set()
    context = {
        "patient": patient,
        "questionnaire": questionnaire,
        "rows": rows,
        "form": form,
        "awaiting": awaiting,
        "chosen": chosen,
        "accepted": set(questionnaire.accepted),
    }
    return render(request, "patients/questionnaire_review.html", context)
