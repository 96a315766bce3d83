"""Screening: each rule, with the fact that triggers it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from patients import screening, services
from patients.models import PatientMedication
from patients.tests.factories import PatientFactory, catalogue_entry, record_history
from protocols.catalogues import ContraindicationTag as Tag
from protocols.tests.factories import IngredientFactory, blend, make_protocol
from sessions.scheduling import plans as plan_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    # absolute: pregnancy; relative: anticoagulant (factory defaults) + a few more
    return make_protocol(
        absolute_contraindications=["pregnancy", "active_skin_infection", "under_18"],
        relative_contraindications=[
            "anticoagulant",
            "bleeding_risk_supplement",
            "nsaid",
            "keloid_tendency",
            "ssri_snri",
        ],
    ).current_version


def run(patient, version):
    return screening.screen(
        patient=patient,
        version=version,
        history=services.current_history(patient),
        medications=list(patient.medications.current().select_related("catalogue_entry")),
    )


def take(patient, practitioner, entry=None, *, prescribed=False, free_text=""):
    return services.medication_add(
        patient=patient,
        medication=PatientMedication(
            catalogue_entry=entry, free_text_name=free_text, is_prescribed=prescribed
        ),
        by=practitioner,
    )


def keys(findings):
    return {finding.key for finding in findings}


def test_a_clean_history_raises_nothing(version, practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    result = run(patient, version)
    assert result.findings == []
    assert not result.is_blocked


@pytest.mark.parametrize("condition", ["pregnancy", "active_skin_infection"])
def test_an_absolute_condition_blocks_and_names_the_fact_and_the_rule(
    version, practitioner, condition
):
    patient = PatientFactory()
    record_history(patient, by=practitioner, **{condition: True})
    result = run(patient, version)
    assert keys(result.blocks) == {condition}
    finding = result.blocks[0]
    assert str(Tag(condition).label) in finding.facts[0]
    assert "medical history reviewed" in finding.facts[0]
    assert "lists this as an absolute contraindication" in finding.rule


def test_a_relative_condition_warns_without_blocking(version, practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner, keloid_tendency=True)
    result = run(patient, version)
    assert not result.is_blocked
    assert keys(result.warnings) == {"keloid_tendency"}


def test_plain_diabetes_is_only_a_note_insulin_or_uncontrolled_is_a_warning(version, practitioner):
    """The rule table applies to every protocol (reference §6 is for all indications); the
    reference's diabetes rule is for insulin-dependent or uncontrolled diabetes [P7]."""
    patient = PatientFactory()
    record_history(patient, by=practitioner, diabetes=True)
    result = run(patient, version)
    assert result.warnings == [] and result.blocks == []
    assert keys(result.notes) == {"diabetes"}
    record_history(patient, by=practitioner, diabetes=True, diabetes_insulin_or_uncontrolled=True)
    result = run(patient, version)
    assert keys(result.warnings) == {"diabetes_insulin_or_uncontrolled"}
    assert result.notes == []


def test_an_allergy_to_an_ingredient_of_the_blend_blocks(practitioner):
    IngredientFactory(name="Phosphatidylcholine", contraindication_tags=["allergy_soy"])
    version = make_protocol().current_version
    from protocols import services as protocol_services

    version = protocol_services.protocol_revise(
        protocol=version.protocol,
        content=protocol_services.version_content(version)[0],
        blend=blend("Phosphatidylcholine"),
        change_note="PC blend",
        by=practitioner,
    )
    patient = PatientFactory()
    record_history(patient, by=practitioner, allergies=["allergy_soy"])
    result = run(patient, version)
    assert keys(result.blocks) == {"allergy_soy"}
    assert "Phosphatidylcholine" in result.blocks[0].rule
    assert "Soy" in result.blocks[0].facts[0]


def test_a_prescribed_anticoagulant_is_flagged_and_never_told_to_stop(version, practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    take(
        patient,
        practitioner,
        catalogue_entry("Warfarin", "anticoagulant", "prescription"),
        prescribed=True,
    )
    result = run(patient, version)
    assert keys(result.warnings) == {"anticoagulant"}
    assert "Takes Warfarin (prescribed)" in result.warnings[0].facts
    [instruction] = result.pre_care
    assert instruction.stop_before_days is None
    assert instruction.text.startswith("Keep taking Warfarin")
    assert "stop" not in instruction.text.lower().replace("stop taking", "")


def test_an_ssri_is_never_told_to_stop_even_if_recorded_as_not_prescribed(version, practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    take(patient, practitioner, catalogue_entry("Sertraline", "ssri_snri", "prescription"))
    [instruction] = run(patient, version).pre_care
    assert instruction.text.startswith("Keep taking Sertraline")


def test_a_non_prescribed_supplement_gets_its_pause_window(version, practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    take(
        patient,
        practitioner,
        catalogue_entry("Omega-3 fish oil", "bleeding_risk_supplement", "supplement", 7),
    )
    result = run(patient, version)
    assert keys(result.warnings) == {"bleeding_risk_supplement"}
    [instruction] = result.pre_care
    assert instruction.stop_before_days == 7
    assert instruction.text.startswith("Stop taking Omega-3 fish oil 7 days before")


def test_a_prescribed_nsaid_is_not_told_to_stop(version, practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    take(patient, practitioner, catalogue_entry("Ibuprofen", "nsaid", "otc", 7), prescribed=True)
    [instruction] = run(patient, version).pre_care
    assert instruction.stop_before_days is None


def test_a_stopped_medication_no_longer_counts(version, practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    medication = take(patient, practitioner, catalogue_entry("Ibuprofen", "nsaid", "otc", 7))
    services.medication_stop(medication=medication, by=practitioner)
    assert run(patient, version).findings == []


def test_an_unclassified_medication_asks_for_review(version, practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    medication = take(patient, practitioner, free_text="Grandma's herbal mix")
    result = run(patient, version)
    assert keys(result.warnings) == {f"unclassified:{medication.pk}"}
    assert "Grandma's herbal mix" in result.warnings[0].label


def test_a_minor_is_blocked_by_age(version, practitioner):
    patient = PatientFactory(
        date_of_birth=datetime.date.today() - datetime.timedelta(days=365 * 16)
    )
    record_history(patient, by=practitioner)
    result = run(patient, version)
    assert keys(result.blocks) == {"under_18"}


def consult(patient, version, practitioner):
    return services.consultation_start(
        patient=patient,
        data={"goals": "Smoother skin", "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )


def propose(consultation, practitioner, reasons):
    return plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=["face"],
        sessions_count=3,
        interval_min_days=14,
        interval_max_days=28,
        override_reasons=reasons,
        by=practitioner,
    )


def test_a_blocked_consultation_cannot_become_a_plan(version, practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner, pregnancy=True)
    consultation = consult(patient, version, practitioner)
    with pytest.raises(ValidationError, match="Pregnancy"):
        propose(consultation, practitioner, {})
    assert not hasattr(consultation, "plan")


def test_every_relative_warning_needs_a_reason_which_is_kept_on_the_plan(version, practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner, keloid_tendency=True)
    take(
        patient,
        practitioner,
        catalogue_entry("Warfarin", "anticoagulant", "prescription"),
        prescribed=True,
    )
    consultation = consult(patient, version, practitioner)
    with pytest.raises(ValidationError, match="Give a reason"):
        propose(consultation, practitioner, {"keloid_tendency": "Small test area first."})
    plan = propose(
        consultation,
        practitioner,
        {
            "keloid_tendency": "Small test area first.",
            "anticoagulant": "INR stable at 2.3; prescriber agrees; pressure after each point.",
        },
    )
    assert plan.override_reasons["anticoagulant"]["reason"].startswith("INR stable")
    consultation.refresh_from_db()
    assert consultation.decision == "plan_proposed"
    assert set(consultation.override_reasons) == {"keloid_tendency", "anticoagulant"}
    assert plan.protocol_version == version


def test_screening_at_plan_time_uses_the_facts_of_now(version, practitioner):
    """A fact recorded after the consultation opened still blocks the plan."""
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    consultation = consult(patient, version, practitioner)
    record_history(patient, by=practitioner, pregnancy=True)
    consultation.history_review = services.current_history(patient)
    consultation.save(update_fields=["history_review"])
    with pytest.raises(ValidationError, match="Pregnancy"):
        propose(consultation, practitioner, {})


def test_a_consultation_needs_a_recorded_history(version, practitioner):
    with pytest.raises(ValidationError, match="medical history"):
        consult(PatientFactory(), version, practitioner)


def test_starting_a_consultation_re_signs_the_history(version, practitioner, clinic_admin):
    patient = PatientFactory()
    first = record_history(patient, by=clinic_admin, diabetes=True)
    consultation = consult(patient, version, practitioner)
    assert consultation.history_review.pk != first.pk
    assert consultation.history_review.reviewed_by == practitioner
    assert consultation.history_review.diabetes is True
    assert patient.history_reviews.count() == 2
