"""A patient is never told to stop a prescribed anticoagulant, antiplatelet or SSRI/SNRI
(reference §7): every surface that reaches a patient or is read with them is checked, the
consultation page, the plan page, the consent, the pre-care and aftercare sheets and the
follow-up e-mails (issue 11), in English and, for a patient who reads French, in French
(issue 15)."""

import re

import pytest
from django.urls import reverse

from sessions.documents import consent_form, sheets
from sessions.documents import consents as consent_services
from sessions.followups import delivery
from sessions.models import FollowUp
from sessions.tests.factories.charts import chart
from sessions.tests.factories.courses import FISH_OIL, WARFARIN, library_course
from tests.support import flat, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

CLOPIDOGREL = ("Clopidogrel", "antiplatelet", "prescription", None, True)
SERTRALINE = ("Sertraline", "ssri_snri", "prescription", None, True)
KEPT = ("warfarin", "clopidogrel", "sertraline")
STOP = re.compile(
    r"\b(stop|stopping|pause|pausing|discontinue|hold off)\b[^.]{0,80}\b("
    + "|".join(KEPT)
    + r")\b|\b("
    + "|".join(KEPT)
    + r")\b[^.]{0,40}\b(stop|pause|discontinue)",
    re.IGNORECASE,
)
REASONS = dict.fromkeys(
    ("anticoagulant", "antiplatelet", "ssri_snri", "bleeding_risk_supplement"),
    "Reviewed with the patient and her GP",
)


def _never_told_to_stop(text: str, where: str) -> None:
    found = STOP.search(flat(text))
    assert found is None, f"{where}: {found.group(0)!r}"


def test_no_surface_tells_the_patient_to_stop_a_prescribed_medicine(client, practitioner):
    plan, sessions = library_course(
        medications=[WARFARIN, CLOPIDOGREL, SERTRALINE, FISH_OIL], override_reasons=REASONS
    )
    client.force_login(practitioner)
    consultation_page = client.get(plan.consultation.get_absolute_url()).content.decode()
    assert "anticoagulant" in consultation_page.lower()  # the screening is on the page
    _never_told_to_stop(consultation_page, "consultation page")
    _never_told_to_stop(
        client.get(reverse("treatments:plan", args=[plan.pk])).content.decode(), "plan page"
    )
    record = consent_services.consent_prepare(
        patient=plan.patient, plan_or_version=plan, by=practitioner
    )
    _never_told_to_stop(record.text, "consent text")
    _never_told_to_stop(pdf_text(consent_form.render_consent(record)), "consent PDF")
    precare = pdf_text(sheets.render_precare_sheet(sessions[0]))
    assert "Keep taking Warfarin" in flat(precare) and "Fish oil" in flat(precare)
    _never_told_to_stop(precare, "pre-care PDF")
    chart(sessions[0])
    _never_told_to_stop(pdf_text(sheets.render_aftercare_sheet(sessions[0])), "aftercare PDF")
    for kind in (FollowUp.Kind.POST_TREATMENT_CHECK, FollowUp.Kind.NEXT_SESSION_REMINDER):
        follow_up = FollowUp(
            kind=kind,
            channel=FollowUp.Channel.EMAIL,
            patient=plan.patient,
            treatment_session=sessions[0],
            due_at=sessions[0].starts_at,
            idempotency_key=f"wording-{kind}",
        )
        message = delivery.follow_up_email(follow_up)
        _never_told_to_stop(message.subject + " " + message.body, f"{kind} e-mail")
        _never_told_to_stop(message.alternatives[0][0], f"{kind} e-mail (HTML)")


def test_the_check_itself_catches_a_stop_instruction():
    with pytest.raises(AssertionError):
        _never_told_to_stop("Please stop taking Warfarin 5 days before.", "sample")
    _never_told_to_stop("Keep taking Warfarin unless your doctor says otherwise.", "sample")


# French (issue 15): the same documents for a patient who reads French. "Arrêter", "cesser",
# "interrompre", "suspendre", "faire une pause" near a kept medicine's name is a stop instruction.
STOP_FR = re.compile(
    r"\b(arrêt\w*|cess\w*|interromp\w*|suspend\w*|pause)\b[^.]{0,80}\b("
    + "|".join(KEPT)
    + r")\b|\b("
    + "|".join(KEPT)
    + r")\b[^.]{0,40}\b(arrêt\w*|cess\w*|interromp\w*|suspend\w*)",
    re.IGNORECASE,
)


def _never_told_to_stop_fr(text: str, where: str) -> None:
    found = STOP_FR.search(flat(text))
    assert found is None, f"{where}: {found.group(0)!r}"


def test_no_french_document_tells_the_patient_to_stop_a_prescribed_medicine(practitioner):
    plan, sessions = library_course(
        medications=[WARFARIN, CLOPIDOGREL, SERTRALINE, FISH_OIL], override_reasons=REASONS
    )
    patient = plan.patient
    patient.preferred_language = "fr"
    patient.save(update_fields=["preferred_language"])
    sessions[0].refresh_from_db()
    record = consent_services.consent_prepare(
        patient=patient, plan_or_version=plan, by=practitioner
    )
    assert "Continuez à prendre votre anticoagulant" in record.text  # French, and the rule's line
    _never_told_to_stop_fr(record.text, "consent text")
    _never_told_to_stop_fr(pdf_text(consent_form.render_consent(record)), "consent PDF")
    precare = pdf_text(sheets.render_precare_sheet(sessions[0]))
    assert "Continuez à prendre Warfarin" in flat(precare)
    assert "Arrêtez de prendre Fish oil" in flat(precare)  # a supplement may be paused
    _never_told_to_stop_fr(precare, "pre-care PDF")
    chart(sessions[0])
    _never_told_to_stop_fr(pdf_text(sheets.render_aftercare_sheet(sessions[0])), "aftercare PDF")
    for kind in (FollowUp.Kind.POST_TREATMENT_CHECK, FollowUp.Kind.NEXT_SESSION_REMINDER):
        follow_up = FollowUp(
            kind=kind,
            channel=FollowUp.Channel.EMAIL,
            patient=patient,
            treatment_session=sessions[0],
            due_at=sessions[0].starts_at,
            idempotency_key=f"wording-fr-{kind}",
        )
        message = delivery.follow_up_email(follow_up)
        assert "Bonjour" in message.body
        _never_told_to_stop_fr(message.subject + " " + message.body, f"{kind} e-mail")
        _never_told_to_stop_fr(message.alternatives[0][0], f"{kind} e-mail (HTML)")


def test_the_french_check_itself_catches_a_stop_instruction():
    with pytest.raises(AssertionError):
        _never_told_to_stop_fr("Arrêtez de prendre Warfarin 5 jours avant.", "sample")
    with pytest.raises(AssertionError):
        _never_told_to_stop_fr("Sertraline : interrompez-la la veille.", "sample")
    _never_told_to_stop_fr("Continuez à prendre Warfarin, sauf avis contraire.", "sample")
