"""The consent text, from the protocol version and the patient's screening; an absolute
contraindication refuses it; the printed blank form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.models import AuditEvent
from patients import services as patient_services
from patients.tests.factories import PatientFactory, record_history
from protocols.models import Protocol
from protocols.seed import load_reference_library
from sessions.documents import consents as consent_services
from sessions.documents import releases
from sessions.scheduling import plans as plan_services
from sessions.tests.factories.courses import library_course
from tests.support import flat, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


# --- Prepare --------------------------------------------------------------------------------


def test_the_consent_text_comes_from_the_protocol_version_and_the_patients_screening(prepared):
    plan, _sessions, record = prepared
    version = plan.protocol_version
    text = record.text
    assert (
        "Treatment: hyaluronic acid skin booster for the face "
        f"(version {version.number} of the protocol)." in text
    )
    assert "Areas treated: face." in text
    assert "## The procedure" in text and "## What is injected" in text
    assert "- Non-cross-linked hyaluronic acid, 14 mg/g, 2 mL per session" in text
    assert "## Expected benefits" in text and "more hydrated and supple" in text
    # The patient's wording, not the practitioner's evidence notes (issue 15).
    assert "Limits of the evidence" not in text and "open-label" not in text
    assert "[T7]" not in text  # the library's citation keys are not for patients
    assert "Small bruises and bleeding points: usually minutes to hours" in text
    assert "necrosis" in text  # consent_risk_text
    assert "## Alternatives" in text and "You do not have to have this treatment." in text
    assert "Takes an anticoagulant: Takes Warfarin (prescribed)" in text
    assert "my questions have been answered" in text
    assert "I agree to a course of 3 sessions" in text
    assert record.sessions_consented == 3
    assert record.ingredients == ["Non-cross-linked hyaluronic acid"]
    assert not record.is_signed
    assert AuditEvent.objects.filter(action="consent.prepared", target_id=str(record.pk)).exists()


def test_an_absolute_contraindication_refuses_the_consent(practitioner):
    plan, _sessions = library_course(practitioner=practitioner, book_sessions=0)
    record_history(plan.patient, by=practitioner, pregnancy=True)
    with pytest.raises(ValidationError, match="Pregnancy"):
        consent_services.consent_prepare(
            patient=plan.patient, plan_or_version=plan, by=practitioner
        )


def test_a_printed_blank_form_has_the_text_and_empty_signature_lines(
    client, front_desk, practitioner, prepared
):
    _plan, _sessions, record = prepared
    client.force_login(front_desk)
    url = reverse("treatments:consent_print", args=[record.pk])
    assert client.get(url).status_code == 403  # not released yet (issue 13)
    releases.document_release(kind="consent", document=record, by=practitioner)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = flat(pdf_text(response.content))
    assert "INFORMED CONSENT" in text.upper() and "Jane Doe" in text
    assert "Signature of the patient" in text and "TO SIGN" in text.upper()
    assert AuditEvent.objects.filter(action="consent.printed").exists()


def test_an_off_label_area_is_acknowledged_on_the_plan_and_printed_on_the_consent(practitioner):
    load_reference_library()
    version = Protocol.objects.get(slug="deoxycholic-acid-submental-kybella").current_version
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    consultation = patient_services.consultation_start(
        patient=patient,
        data={"goals": "Less belly fat", "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )
    result = patient_services.screen_consultation(consultation, areas=["abdomen"])
    assert "off_label_area" in {f.key for f in result.warnings}
    reasons = {f.key: "Discussed at length" for f in result.warnings}
    reasons["off_label_area"] = "Told it is not licensed there; wants it anyway"
    plan = plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=["abdomen"],
        sessions_count=2,
        interval_min_days=version.interval_min_days,
        interval_max_days=version.interval_max_days,
        override_reasons=reasons,
        by=practitioner,
    )
    record = consent_services.consent_prepare(
        patient=patient, plan_or_version=plan, by=practitioner
    )
    assert "not licensed for this area" in record.text  # the rule's words for the patient
    assert "acknowledged by your practitioner: Told it is not licensed there" in record.text
