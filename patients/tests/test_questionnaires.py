"""The health questionnaire: answers stay apart from the record until a practitioner accepts
them, field by field, and that acceptance is the history review."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clinic.models import AuditEvent
from patients import questionnaires, services
from patients.models import (
    HISTORY_CONDITIONS,
    HealthQuestionnaire,
    MedicalHistoryReview,
    PatientMedication,
    SiteCondition,
)
from patients.questionnaire_questions import CONDITION_QUESTIONS
from patients.seed import load_medication_catalogue
from patients.tests.factories import PatientFactory, record_history

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)

ANSWERS = {
    "conditions": ["pregnancy", "diabetes"],
    "allergies": ["allergy_soy"],
    "allergies_other": "latex",
    "smoking": "current",
    "medications": [{"name": "advil", "dose": "200 mg"}, {"name": "Grandma's tea", "dose": ""}],
    "site_conditions": [{"kind": "herpes", "areas": ["face"], "on": YESTERDAY}],
    "goals": "Fewer fine lines",
}


@pytest.fixture
def patient(practitioner):
    load_medication_catalogue()
    patient = PatientFactory()
    record_history(patient, by=practitioner, diabetes=True, allergies_other="penicillin")
    return patient


def _submit(patient, answers=ANSWERS):
    return questionnaires.questionnaire_submit(patient=patient, answers=answers, language="fr")


def test_every_history_condition_has_a_question_for_the_patient():
    assert set(CONDITION_QUESTIONS) == set(HISTORY_CONDITIONS)


def test_a_typed_medicine_is_found_by_any_of_its_names():
    load_medication_catalogue()
    assert questionnaires.catalogue_match("  ADVIL ").name == "Ibuprofen"
    assert questionnaires.catalogue_match("fish oil").name == "Omega-3 fish oil"
    assert questionnaires.catalogue_match("Grandma's tea") is None
    assert "Advil" in questionnaires.catalogue_names()


def test_submitting_writes_nothing_to_the_record(patient):
    reviews, medications = patient.history_reviews.count(), PatientMedication.objects.count()
    questionnaire = _submit(patient)
    assert questionnaire.status == HealthQuestionnaire.Status.AWAITING_REVIEW
    assert patient.history_reviews.count() == reviews
    assert PatientMedication.objects.count() == medications
    assert not SiteCondition.objects.exists()
    history = services.current_history(patient)
    assert not history.pregnancy and history.allergies == [] and history.smoking == "unknown"
    assert questionnaire.medications[0] == {
        "name": "Ibuprofen",
        "catalogue_entry": questionnaire.medications[0]["catalogue_entry"],
        "dose": "200 mg",
    }
    assert questionnaire.medications[0]["catalogue_entry"] is not None
    assert questionnaire.medications[1]["catalogue_entry"] is None
    event = AuditEvent.objects.get(action="questionnaire.submitted")
    assert event.actor is None and event.patient_id == patient.pk


def test_the_comparison_offers_only_answers_that_change_the_record(patient):
    rows = {row.key: row for row in questionnaires.comparison(_submit(patient))}
    assert rows["condition:pregnancy"].acceptable
    assert (
        rows["condition:pregnancy"].answer == "Yes" and rows["condition:pregnancy"].record == "No"
    )
    assert not rows["condition:diabetes"].acceptable  # already on the record
    assert rows["allergy:allergy_soy"].acceptable
    assert not rows["allergy:allergy_egg"].acceptable
    assert rows["allergies_other"].acceptable and rows["allergies_other"].record == "penicillin"
    assert rows["medication:0"].acceptable and rows["medication:1"].acceptable
    assert rows["site_condition:0"].acceptable and rows["goals"].acceptable


def test_accepting_some_answers_records_only_those_as_a_history_review(patient, practitioner):
    questionnaire = _submit(patient)
    questionnaires.questionnaire_review(
        questionnaire=questionnaire,
        accept=["condition:pregnancy", "allergy:allergy_soy", "medication:0", "allergies_other"],
        by=practitioner,
    )
    history = services.current_history(patient)
    assert history.reviewed_by == practitioner
    assert history.pregnancy and history.diabetes  # accepted, and kept from before
    assert history.allergies == ["allergy_soy"]
    assert history.allergies_other == "penicillin; latex"
    assert history.smoking == MedicalHistoryReview.Smoking.UNKNOWN  # left
    names = [m.name for m in patient.medications.all()]
    assert names == ["Ibuprofen"]  # "Grandma's tea" was left
    assert not SiteCondition.objects.exists()
    questionnaire.refresh_from_db()
    assert questionnaire.status == HealthQuestionnaire.Status.REVIEWED
    assert questionnaire.reviewed_by == practitioner and questionnaire.history_review == history
    event = AuditEvent.objects.get(action="questionnaire.reviewed")
    assert "medication:1" in event.details["left"] and event.details["review"] == history.pk
    assert AuditEvent.objects.filter(action="history.reviewed", actor=practitioner).exists()


def test_accepting_nothing_is_still_a_history_review_with_the_same_answers(patient, practitioner):
    before = services.current_history(patient)
    questionnaires.questionnaire_review(questionnaire=_submit(patient), accept=[], by=practitioner)
    after = services.current_history(patient)
    assert after.pk != before.pk and after.reviewed_by == practitioner
    assert services.history_copy(after) == services.history_copy(before)
    assert not patient.medications.exists()


def test_unclassified_medicine_and_site_condition_go_through_the_record_services(
    patient, practitioner
):
    questionnaires.questionnaire_review(
        questionnaire=_submit(patient),
        accept=["medication:1", "site_condition:0", "smoking"],
        by=practitioner,
    )
    medication = patient.medications.get()
    assert medication.is_unclassified and medication.free_text_name == "Grandma's tea"
    condition = SiteCondition.objects.get()
    assert condition.kind == "herpes" and condition.areas == ["face"] and condition.on == YESTERDAY
    assert services.current_history(patient).smoking == "current"
    assert AuditEvent.objects.filter(action="medication.added").exists()
    assert AuditEvent.objects.filter(action="site_condition.recorded").exists()


def test_a_questionnaire_is_reviewed_once_and_only_offered_answers_are_taken(patient, practitioner):
    questionnaire = _submit(patient)
    with pytest.raises(ValidationError):
        questionnaires.questionnaire_review(
            questionnaire=questionnaire, accept=["condition:diabetes"], by=practitioner
        )
    with pytest.raises(ValidationError):
        questionnaires.questionnaire_review(
            questionnaire=questionnaire, accept=["medication:7"], by=practitioner
        )
    questionnaires.questionnaire_review(questionnaire=questionnaire, accept=[], by=practitioner)
    with pytest.raises(ValidationError):
        questionnaires.questionnaire_review(questionnaire=questionnaire, accept=[], by=practitioner)


def test_accepted_goals_start_the_consultation(patient, practitioner):
    questionnaire = _submit(patient)
    assert questionnaires.accepted_goals(patient) == ""
    questionnaires.questionnaire_review(
        questionnaire=questionnaire, accept=["goals"], by=practitioner
    )
    assert questionnaires.accepted_goals(patient) == "Fewer fine lines"


def test_a_patient_without_a_history_gets_a_first_review(practitioner):
    patient = PatientFactory()
    questionnaire = _submit(patient, {"conditions": ["breastfeeding"]})
    rows = {row.key: row for row in questionnaires.comparison(questionnaire)}
    assert rows["condition:breastfeeding"].record == "Not recorded"
    questionnaires.questionnaire_review(
        questionnaire=questionnaire, accept=["condition:breastfeeding"], by=practitioner
    )
    assert services.current_history(patient).breastfeeding


def test_bad_site_condition_answers_are_refused(patient):
    with pytest.raises(ValidationError):
        _submit(patient, {"site_conditions": [{"kind": "volcano", "areas": ["face"], "on": None}]})
    with pytest.raises(ValidationError):
        _submit(patient, {"site_conditions": [{"kind": "herpes", "areas": ["moon"], "on": None}]})


def test_the_practitioner_accepts_answers_on_the_page_and_front_desk_is_refused(
    client, patient, practitioner, front_desk
):
    questionnaire = _submit(patient)
    url = reverse("patients:questionnaire", args=[patient.pk, questionnaire.pk])
    client.force_login(front_desk)
    assert client.get(url).status_code == 403
    assert client.post(url, {"accept": ["condition:pregnancy"], "attest": "on"}).status_code == 403
    detail = client.get(reverse("patients:detail", args=[patient.pk])).content.decode()
    assert "latex" not in detail and "awaiting review" not in detail
    client.force_login(practitioner)
    page = client.get(url).content.decode()
    assert "Are you pregnant, or could you be?" in page and "latex" in page and "penicillin" in page
    assert 'value="condition:pregnancy"' in page and 'value="condition:diabetes"' not in page
    assert AuditEvent.objects.filter(action="questionnaire.viewed", actor=practitioner).exists()
    detail = client.get(reverse("patients:detail", args=[patient.pk])).content.decode()
    assert url in detail
    response = client.post(url, {"accept": ["condition:pregnancy"]})  # not attested
    assert response.status_code == 200 and not services.current_history(patient).pregnancy
    response = client.post(url, {"accept": ["condition:nonsense"], "attest": "on"})
    assert response.status_code == 200 and not services.current_history(patient).pregnancy
    response = client.post(url, {"accept": ["condition:pregnancy", "goals"], "attest": "on"})
    assert response.status_code == 302
    assert services.current_history(patient).pregnancy
    page = client.get(reverse("patients:consultation_start", args=[patient.pk])).content.decode()
    assert "Fewer fine lines" in page
    assert client.post(url, {"accept": [], "attest": "on"}).status_code == 200  # read-only now


def test_a_questionnaire_of_another_patient_is_not_found(client, patient, practitioner):
    questionnaire = _submit(patient)
    other = PatientFactory()
    client.force_login(practitioner)
    url = reverse("patients:questionnaire", args=[other.pk, questionnaire.pk])
    assert client.get(url).status_code == 404
