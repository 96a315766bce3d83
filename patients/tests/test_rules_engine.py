"""Each rule of the table with the fact that triggers it and a near miss that must not."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from patients import screening, services
from patients.models import PatientMedication, SiteCondition
from patients.tests.factories import PatientFactory, catalogue_entry, record_history
from protocols import services as protocol_services
from protocols.tests.factories import (
    IndicationFactory,
    IngredientFactory,
    ProductFactory,
    version_content,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def make_version(
    *,
    slug="bare",
    areas=("face",),
    ingredients=(("Non-cross-linked hyaluronic acid", "hyaluronic_acid", []),),
    ancillaries=(),
    on_label=(),
    absolute=(),
    relative=(),
):
    """A version with no contraindication lists of its own: the rule table alone decides."""
    blend = [
        {
            "ingredient": IngredientFactory(
                name=name, ingredient_class=cls, contraindication_tags=list(tags)
            ),
            "concentration": Decimal("1"),
            "concentration_unit": "mg/mL",
            "volume_ml": Decimal("1"),
        }
        for name, cls, tags in ingredients
    ]
    extras = [
        {
            "role": role,
            "name": product,
            "ingredient": IngredientFactory(
                name=name, ingredient_class=cls, contraindication_tags=list(tags)
            ),
            "use": "topical",
        }
        for role, product, name, cls, tags in ancillaries
    ]
    protocol = protocol_services.protocol_create(
        slug=slug,
        name=slug,
        indication=IndicationFactory(),
        content=version_content(
            treatment_areas=list(areas),
            on_label_areas=list(on_label),
            absolute_contraindications=list(absolute),
            relative_contraindications=list(relative),
        ),
        blend=blend,
        ancillaries=extras,
        by=None,
    )
    return protocol.current_version


def run(patient, version, areas=None, day=None):
    return screening.screen(
        patient=patient,
        version=version,
        history=services.current_history(patient),
        medications=list(patient.medications.current().select_related("catalogue_entry")),
        areas=areas,
        today=day,
    )


def ids(findings):
    return {f.key for f in findings}


def site(patient, by, kind, areas, on, resolved_on=None):
    condition = services.site_condition_record(
        patient=patient,
        condition=SiteCondition(kind=kind, areas=list(areas), on=on),
        by=by,
    )
    if resolved_on:
        services.site_condition_resolve(condition=condition, by=by, on=resolved_on)
    return condition


def take(patient, by, entry, *, prescribed=False, started_on=None, stopped_on=None):
    medication = services.medication_add(
        patient=patient,
        medication=PatientMedication(
            catalogue_entry=entry, is_prescribed=prescribed, started_on=started_on
        ),
        by=by,
    )
    if stopped_on:
        services.medication_stop(medication=medication, by=by, on=stopped_on)
    return medication


HISTORY_RULES = [
    ("pregnancy", "pregnancy", "absolute"),
    ("breastfeeding", "breastfeeding", "absolute"),
    ("anaphylaxis_history", "anaphylaxis_history", "absolute"),
    ("bleeding_disorder", "bleeding_disorder", "relative"),
    ("autoimmune_disease", "autoimmune_disease", "relative"),
    ("diabetes_insulin_or_uncontrolled", "diabetes_insulin_or_uncontrolled", "relative"),
    ("malignancy", "malignancy", "relative"),
    ("keloid_tendency", "keloid_tendency", "relative"),
    ("immunosuppression", "immunosuppression", "relative"),
    ("recent_isotretinoin", "recent_isotretinoin", "relative"),
    ("recent_retinoid", "recent_retinoid", "relative"),
    ("cardiovascular_disease", "cardiovascular_disease", "relative"),
    ("thrombosis_or_stroke", "thrombosis_or_stroke", "relative"),
    ("liver_kidney_disease", "liver_kidney_disease", "relative"),
    ("epilepsy_on_medication", "epilepsy_on_medication", "relative"),
]


@pytest.mark.parametrize("fact,rule_id,severity", HISTORY_RULES)
def test_history_rules_fire_on_their_fact_only(practitioner, fact, rule_id, severity):
    version = make_version()
    patient = PatientFactory()
    record_history(patient, by=practitioner, **{fact: True})
    finding = next(f for f in run(patient, version).findings if f.key == rule_id)
    assert finding.severity == severity and finding.sources
    near_miss = PatientFactory()
    record_history(near_miss, by=practitioner, smoking="current")
    assert rule_id not in ids(run(near_miss, version).findings)


def test_planning_pregnancy_is_absolute_with_dutasteride_and_a_caution_otherwise(practitioner):
    dutasteride = make_version(
        slug="duta", areas=["scalp"], ingredients=[("Dutasteride", "antiandrogen", [])]
    )
    other = make_version(slug="cell", areas=["thighs"])
    patient = PatientFactory()
    record_history(patient, by=practitioner, planning_pregnancy=True)
    with_duta = run(patient, dutasteride)
    assert ids(with_duta.blocks) == {"planning_pregnancy_dutasteride"}
    assert "planning_pregnancy" not in ids(with_duta.findings)
    assert "6 months" in with_duta.blocks[0].patient_text
    without = run(patient, other)
    assert ids(without.warnings) == {"planning_pregnancy"}
    assert without.blocks == []


def test_dutasteride_tells_a_woman_about_pregnancy_for_6_months_but_not_a_man(practitioner):
    version = make_version(
        slug="duta", areas=["scalp"], ingredients=[("Dutasteride", "antiandrogen", [])]
    )
    woman, man = PatientFactory(sex="female"), PatientFactory(sex="male")
    for patient in (woman, man):
        record_history(patient, by=practitioner)
    lines = run(woman, version).patient_lines
    assert any("pregnant for 6 months" in line for line in lines)
    assert not any("pregnant" in line for line in run(man, version).patient_lines)


def test_an_infection_blocks_only_the_area_it_is_at(practitioner):
    version = make_version(areas=["face", "thighs"])
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    site(patient, practitioner, "infection", ["face"], days_ago(2))
    assert ids(run(patient, version, areas=["face"]).blocks) == {"active_skin_infection"}
    assert "Face" in run(patient, version, areas=["face"]).blocks[0].facts[0]
    assert run(patient, version, areas=["thighs"]).blocks == []


@pytest.mark.parametrize("kind", ["herpes", "broken_skin", "sunburn"])
def test_herpes_broken_skin_and_sunburn_count_at_an_overlapping_area(practitioner, kind):
    version = make_version(areas=["face", "scalp"])
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    site(patient, practitioner, kind, ["periorbital"], days_ago(1))
    assert ids(run(patient, version, areas=["face"]).blocks) == {"active_skin_infection"}
    assert run(patient, version, areas=["scalp"]).blocks == []


def test_a_healed_condition_no_longer_blocks(practitioner):
    version = make_version()
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    site(patient, practitioner, "herpes", ["face"], days_ago(10), resolved_on=days_ago(2))
    assert run(patient, version).blocks == []
    # ...but a session day before it healed would have been blocked.
    assert ids(run(patient, version, day=days_ago(5)).blocks) == {"active_skin_infection"}


def test_laser_within_6_months_at_the_site_warns(practitioner):
    version = make_version(areas=["face", "thighs"])
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    site(patient, practitioner, "laser", ["face"], days_ago(90))
    assert "recent_laser_or_peel" in ids(run(patient, version, areas=["face"]).warnings)
    assert "recent_laser_or_peel" not in ids(run(patient, version, areas=["thighs"]).findings)
    old = PatientFactory()
    record_history(old, by=practitioner)
    site(old, practitioner, "peel", ["face"], days_ago(200))
    assert "recent_laser_or_peel" not in ids(run(old, version, areas=["face"]).findings)


def test_filler_at_the_site_is_a_caution(practitioner):
    version = make_version(areas=["submental", "thighs"])
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    site(patient, practitioner, "filler", ["submental"], days_ago(30))
    finding = next(
        f for f in run(patient, version, areas=["submental"]).warnings if f.key.startswith("prev")
    )
    assert finding.severity == "caution"
    assert "previous_treatment_at_site" not in ids(run(patient, version, areas=["thighs"]).findings)


def test_a_systemic_retinoid_stopped_3_months_ago_counts_7_months_ago_does_not(practitioner):
    version = make_version()
    isotretinoin = catalogue_entry("Isotretinoin", "systemic_retinoid", "prescription")
    recent = PatientFactory()
    record_history(recent, by=practitioner)
    take(recent, practitioner, isotretinoin, prescribed=True, stopped_on=days_ago(90))
    finding = next(f for f in run(recent, version).warnings if f.key == "recent_isotretinoin")
    assert "Isotretinoin" in finding.facts[0]
    old = PatientFactory()
    record_history(old, by=practitioner)
    take(old, practitioner, isotretinoin, prescribed=True, stopped_on=days_ago(220))
    assert "recent_isotretinoin" not in ids(run(old, version).findings)


def test_an_allergy_to_the_protocols_topical_anaesthetic_blocks_naming_both(practitioner):
    with_numbing = make_version(
        slug="numb",
        ancillaries=[
            ("anaesthetic", "LMX 4 cream", "Lidocaine", "anaesthetic", ["allergy_lidocaine"])
        ],
    )
    without = make_version(slug="plain")
    patient = PatientFactory()
    record_history(patient, by=practitioner, allergies=["allergy_lidocaine"])
    [block] = run(patient, with_numbing).blocks
    assert block.severity == "absolute"
    assert "LMX 4 cream" in block.facts[0] and "Lidocaine" in block.facts[0]
    assert "LMX 4 cream" in block.rule
    assert run(patient, without).blocks == []


def test_allergy_conflicts_is_a_pure_check_the_chart_can_call(practitioner):
    lidocaine = IngredientFactory(
        name="Lidocaine",
        ingredient_class="anaesthetic",
        contraindication_tags=["allergy_lidocaine"],
    )
    vitamin = IngredientFactory(name="Vitamin C", ingredient_class="vitamin")
    patient = PatientFactory()
    record_history(patient, by=practitioner, allergies=["allergy_lidocaine"])
    [conflict] = screening.allergy_conflicts(
        patient, [(lidocaine, "Xylocaine 1%"), (vitamin, "Vit C")]
    )
    assert (conflict.ingredient, conflict.product) == ("Lidocaine", "Xylocaine 1%")
    profile = screening.AllergyProfile(tags=set())
    assert screening.allergy_conflicts(profile, [lidocaine]) == []
    # A stocked product, as the chart has it: refused by its ingredient, named by its name.
    product = ProductFactory(name="Xylocaine 2% vial", ingredient=lidocaine)
    [conflict] = screening.allergy_conflicts(patient, [product, ProductFactory(ingredient=vitamin)])
    assert conflict.sentence() == (
        "Xylocaine 2% vial contains Lidocaine; allergy: Lidocaine / local anaesthetics"
    )


def test_a_free_text_allergy_blocks_until_a_clinician_resolves_it(practitioner):
    version = make_version(
        ancillaries=[("anaesthetic", "EMLA", "Prilocaine", "anaesthetic", [])],
    )
    patient = PatientFactory()
    record_history(patient, by=practitioner, allergies_other="Reacted to dental numbing")
    [block] = run(patient, version).blocks
    assert block.key == "allergy_unresolved"
    assert "medical history page" in block.rule
    with pytest.raises(ValidationError):
        services.allergy_resolve(patient=patient, text="Reacted to dental numbing", by=practitioner)
    services.allergy_resolve(
        patient=patient,
        text="reacted to dental  numbing",
        ingredient_classes=["anaesthetic"],
        by=practitioner,
    )
    [block] = run(patient, version).blocks
    assert block.key == "allergy_component" and "Prilocaine" in block.facts[0]
    # A new free text is a new allergy: unresolved again.
    record_history(patient, by=practitioner, allergies_other="Reacted to plasters")
    assert ids(run(patient, version).blocks) == {"allergy_unresolved"}
    services.allergy_resolve(
        patient=patient, text="Reacted to plasters", reason="Adhesive only", by=practitioner
    )
    assert run(patient, version).blocks == []


def test_fitzpatrick_iv_to_vi_is_a_caution_with_a_pigmentation_line(practitioner):
    version = make_version()
    dark, light = PatientFactory(fitzpatrick_type=5), PatientFactory(fitzpatrick_type=3)
    for patient in (dark, light):
        record_history(patient, by=practitioner)
    [finding] = [f for f in run(dark, version).findings if f.key == "fitzpatrick_iv_vi"]
    assert finding.severity == "caution" and "darken" in finding.patient_text
    assert "fitzpatrick_iv_vi" not in ids(run(light, version).findings)


@pytest.mark.parametrize(
    "age,expected",
    [(17, {"under_18"}), (18, set()), (75, set()), (76, {"age_over_75"})],
)
def test_age_outside_18_to_75_is_a_caution(practitioner, age, expected):
    version = make_version()
    born = TODAY.replace(year=TODAY.year - age) - datetime.timedelta(days=1)
    patient = PatientFactory(date_of_birth=born)
    record_history(patient, by=practitioner)
    found = ids(run(patient, version).findings) & {"under_18", "age_over_75"}
    assert found == expected


def test_warfarin_and_inr_are_checked_for_a_session_day(practitioner):
    version = make_version()
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    take(
        patient,
        practitioner,
        catalogue_entry("Warfarin", "anticoagulant", "prescription"),
        prescribed=True,
    )
    [finding] = screening.session_day_findings(patient=patient, day=TODAY)
    assert (finding.key, finding.severity) == ("inr_missing", "relative")
    services.inr_record(patient=patient, value="3.8", measured_on=days_ago(1), by=practitioner)
    [finding] = screening.session_day_findings(patient=patient, day=TODAY)
    assert (finding.key, finding.severity) == ("inr_above_3_5", "absolute")
    assert "3.8" in finding.facts[0]
    # An INR of 3.8 today says nothing about a session in two weeks: no recent INR for it.
    later = TODAY + datetime.timedelta(days=14)
    assert [f.key for f in screening.session_day_findings(patient=patient, day=later)] == [
        "inr_missing"
    ]
    services.inr_record(patient=patient, value="2.6", measured_on=TODAY, by=practitioner)
    assert screening.session_day_findings(patient=patient, day=TODAY) == []
    # The plan itself is screened for the anticoagulant, not for a day's INR.
    assert ids(run(patient, version).warnings) == {"anticoagulant"}


def test_screening_for_a_session_day_blocks_on_a_high_inr_and_a_plan_gets_a_note(practitioner):
    version = make_version()
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    take(
        patient,
        practitioner,
        catalogue_entry("Warfarin", "anticoagulant", "prescription"),
        prescribed=True,
    )
    services.inr_record(patient=patient, value="3.9", measured_on=TODAY, by=practitioner)
    medications = list(patient.medications.current().select_related("catalogue_entry"))
    history = services.current_history(patient)
    on_the_day = screening.screen(
        patient=patient,
        version=version,
        history=history,
        medications=medications,
        session_day=TODAY,
    )
    assert ids(on_the_day.blocks) == {"inr_above_3_5"}
    plan = run(patient, version)
    assert plan.blocks == [] and "inr_above_3_5" in ids(plan.notes)
    in_two_weeks = screening.screen(
        patient=patient,
        version=version,
        history=history,
        medications=medications,
        session_day=TODAY + datetime.timedelta(days=14),
    )
    assert "inr_missing" in ids(in_two_weeks.warnings) and in_two_weeks.blocks == []


def test_a_doac_needs_no_inr(practitioner):
    version = make_version()
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    take(
        patient,
        practitioner,
        catalogue_entry("Apixaban", "anticoagulant", "prescription"),
        prescribed=True,
    )
    assert ids(run(patient, version).warnings) == {"anticoagulant"}


def test_neck_findings_apply_to_submental_plans_only(practitioner):
    version = make_version(
        areas=["submental", "face"], ingredients=[("Deoxycholic acid", "lipolytic", [])]
    )
    patient = PatientFactory()
    record_history(
        patient,
        by=practitioner,
        cervical_lymphadenopathy=True,
        dysphagia=True,
        neck_surgery_or_radiation=True,
    )
    submental = run(patient, version, areas=["submental"])
    assert {"thyromegaly_lymphadenopathy", "dysphagia", "neck_surgery_or_radiation"} <= ids(
        submental.findings
    )
    assert "dysphagia" in ids(submental.blocks)
    assert "submental_neck_screen" in ids(submental.notes)
    face = run(patient, version, areas=["face"])
    assert not {
        "thyromegaly_lymphadenopathy",
        "dysphagia",
        "neck_surgery_or_radiation",
        "submental_neck_screen",
    } & ids(face.findings)


def test_an_area_outside_the_label_needs_an_off_label_acknowledgement(practitioner):
    version = make_version(
        slug="kybella",
        areas=["submental"],
        on_label=["submental"],
        ingredients=[("Deoxycholic acid", "lipolytic", [])],
    )
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    [finding] = run(patient, version, areas=["abdomen"]).warnings
    assert finding.key == "off_label_area" and "Abdomen" in finding.facts[0]
    assert "off-label" in finding.patient_text
    assert "off_label_area" not in ids(run(patient, version, areas=["submental"]).findings)
    unlabelled = make_version(slug="cocktail", areas=["abdomen"])
    assert "off_label_area" not in ids(run(patient, unlabelled, areas=["abdomen"]).findings)


@pytest.mark.parametrize(
    "name,risk,rule_id",
    [
        ("Clopidogrel", "antiplatelet", "antiplatelet"),
        ("Ibuprofen", "nsaid", "nsaid"),
        ("Sertraline", "ssri_snri", "ssri_snri"),
        ("Fish oil", "bleeding_risk_supplement", "bleeding_risk_supplement"),
    ],
)
def test_bleeding_risk_medicines_fire_while_taken_not_after(practitioner, name, risk, rule_id):
    version = make_version()
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    medication = take(patient, practitioner, catalogue_entry(name, risk, "otc", 7))
    assert rule_id in ids(run(patient, version).warnings)
    services.medication_stop(medication=medication, by=practitioner)
    assert rule_id not in ids(run(patient, version).findings)


def test_alcohol_and_garlic_are_advice_not_findings(practitioner):
    patient = PatientFactory()
    record_history(patient, by=practitioner)
    result = run(patient, make_version())
    assert result.findings == []
    assert any("alcohol" in line for line in result.advice)
    assert any("garlic" in line for line in result.advice)


def test_a_protocol_can_raise_a_rule_never_lower_it(practitioner):
    raised = make_version(slug="strict", absolute=["keloid_tendency"])
    lowered = make_version(slug="lax", relative=["pregnancy"])
    patient = PatientFactory()
    record_history(patient, by=practitioner, keloid_tendency=True, pregnancy=True)
    assert {"keloid_tendency", "pregnancy"} <= ids(run(patient, raised).blocks)
    assert "pregnancy" in ids(run(patient, lowered).blocks)


def test_the_pause_starts_on_a_future_day_when_the_window_can_be_met(practitioner):
    patient = PatientFactory()
    take(
        patient,
        practitioner,
        catalogue_entry("Fish oil", "bleeding_risk_supplement", "supplement", 7),
    )
    session = TODAY + datetime.timedelta(days=10)
    [item] = screening.pause_schedule(
        medications=patient.medications.current().select_related("catalogue_entry"),
        session_day=session,
        today=TODAY,
    )
    assert item.can_be_met and item.start_on == TODAY + datetime.timedelta(days=3)
    # Written for the patient: "Saturday 5 December", not an ISO date.
    assert f"{item.start_on:%A} {item.start_on.day} {item.start_on:%B}" in item.text


def test_a_window_that_can_no_longer_be_met_says_so_and_gives_no_past_date(practitioner):
    patient = PatientFactory()
    take(
        patient,
        practitioner,
        catalogue_entry("Fish oil", "bleeding_risk_supplement", "supplement", 7),
    )
    session = TODAY + datetime.timedelta(days=3)
    [item] = screening.pause_schedule(
        medications=patient.medications.current().select_related("catalogue_entry"),
        session_day=session,
        today=TODAY,
    )
    assert not item.can_be_met
    assert "already started" in item.text and "stop taking it now" in item.text
    assert item.start_on.isoformat() not in item.text


@pytest.mark.parametrize(
    "name,risk",
    [("Warfarin", "anticoagulant"), ("Clopidogrel", "antiplatelet"), ("Sertraline", "ssri_snri")],
)
def test_a_prescribed_blood_thinner_or_ssri_is_never_paused(practitioner, name, risk):
    patient = PatientFactory()
    take(patient, practitioner, catalogue_entry(name, risk, "prescription"), prescribed=False)
    [item] = screening.pause_schedule(
        medications=patient.medications.current().select_related("catalogue_entry"),
        session_day=TODAY + datetime.timedelta(days=2),
        today=TODAY,
    )
    assert item.stop_before_days is None and item.start_on is None and item.can_be_met
    assert item.text.startswith("Keep taking")
    assert "stop taking" not in item.text.lower()


def test_screening_runs_a_constant_number_of_queries(practitioner, django_assert_num_queries):
    version = make_version(
        ancillaries=[("anaesthetic", "LMX 4", "Lidocaine", "anaesthetic", ["allergy_lidocaine"])]
    )
    patient = PatientFactory()
    record_history(patient, by=practitioner, allergies_other="Plasters")
    services.allergy_resolve(patient=patient, text="Plasters", reason="Adhesive", by=practitioner)
    site(patient, practitioner, "laser", ["face"], days_ago(10))
    run(patient, version)  # warm
    with django_assert_num_queries(10) as first:  # 2 of them are run()'s own reads
        run(patient, version, day=TODAY)
    for n in range(5):
        site(patient, practitioner, "filler", ["face"], days_ago(20 + n))
        take(patient, practitioner, catalogue_entry(f"Supplement {n}", "none", "supplement"))
    with django_assert_num_queries(len(first.captured_queries)):
        run(patient, version, day=TODAY)
