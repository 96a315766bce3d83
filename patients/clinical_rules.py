"""The clinical rule table: every screening rule as data, with its facts, severity, wording and
sources (keys of docs/reference/mesotherapy-reference.md §5a, §6 and §7).

`patients.screening` evaluates it; `manage.py clinical_rules_doc` prints it as
docs/clinical-rules.md; a test checks that every row of the reference maps to rules here
(`REFERENCE_ROWS`). Safety rule (§7): no wording here tells a patient to stop a prescribed
anticoagulant, antiplatelet or SSRI/SNRI.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ABSOLUTE, RELATIVE, CAUTION, INFO = "absolute", "relative", "caution", "info"
SEVERITY_ORDER = {INFO: 0, CAUTION: 1, RELATIVE: 2, ABSOLUTE: 3}
SEVERITY_MEANING = {
    ABSOLUTE: "blocks the plan (or the session day)",
    RELATIVE: "needs the practitioner's reason to go ahead",
    CAUTION: "needs the practitioner's acknowledgement (a reason), and reaches the documents",
    INFO: "shown to the practitioner; patient wording reaches the documents",
}

# Facts that are not contraindication tags (patients/screening.py computes them).
ALWAYS = "always"
CAN_BECOME_PREGNANT = "can_become_pregnant"

# Windows, in days, read by the rules that look back (see each rule's sources).
LASER_PEEL_WINDOW_DAYS = 183  # "laser treatment in the previous 6 months" [T5]
SYSTEMIC_RETINOID_WINDOW_DAYS = 183  # issue 11; the reference gives no number [T5][P9]
DUTASTERIDE_PREGNANCY_MONTHS = 6  # [P14]
INR_LIMIT = "3.5"  # [S4]
INR_RECENT_DAYS = 7  # not in the reference: a placeholder for the clinic to confirm
AGE_MIN, AGE_MAX = 18, 75  # [P19][P20]


@dataclass(frozen=True)
class Rule:
    id: str
    section: str
    title: str
    facts: tuple[str, ...]  # any of these facts present fires the rule
    severity: str
    practitioner: str
    sources: tuple[str, ...]
    # Wording for the consent / aftercare / pre-care, where it reaches one; marked for
    # translation (a lazy string: each document reads it in its patient's language).
    patient: str = ""
    site_aware: bool = False  # facts count only at a treated (overlapping) area
    areas: tuple[str, ...] = ()  # fires only when the plan treats one of these areas
    ingredient_classes: tuple[str, ...] = ()  # fires only when something used is of a class
    superseded_by: str = ""  # not reported when that rule fires too


RULES: tuple[Rule, ...] = (
    # --- §6 Contraindications and cautions ----------------------------------------------
    Rule(
        "pregnancy",
        "§6",
        _("Pregnancy"),
        ("pregnancy",),
        ABSOLUTE,
        _("Pregnant: do not treat."),
        ("T5", "T32", "P7", "P9", "P19", "P20", "P23"),
        patient=_("This treatment is not given during pregnancy."),
    ),
    Rule(
        "breastfeeding",
        "§6",
        _("Breastfeeding"),
        ("breastfeeding",),
        ABSOLUTE,
        _("Breastfeeding: do not treat."),
        ("P7", "P9", "P19", "P20", "T32"),
        patient=_("This treatment is not given while breastfeeding."),
    ),
    Rule(
        "planning_pregnancy_dutasteride",
        "§6",
        _("Planning a pregnancy within 6 months of dutasteride"),
        ("planning_pregnancy",),
        ABSOLUTE,
        _(
            "Dutasteride is used and the patient plans a pregnancy: pregnancy must be avoided for "
            "6 "
            "months after dutasteride mesotherapy."
        ),
        ("P14",),
        patient=_("Do not become pregnant for 6 months after your last dutasteride session."),
        ingredient_classes=("antiandrogen",),
    ),
    Rule(
        "planning_pregnancy",
        "§6",
        _("Planning a pregnancy / no contraception"),
        ("planning_pregnancy",),
        CAUTION,
        _(
            "Planning a pregnancy (or no contraception): caution with body cocktails; discuss "
            "timing."
        ),
        ("P20",),
        patient=_("Tell us if you become pregnant or plan to during the course."),
        superseded_by="planning_pregnancy_dutasteride",
    ),
    Rule(
        "dutasteride_pregnancy_advice",
        "§6",
        _("Dutasteride: no pregnancy for 6 months after"),
        (CAN_BECOME_PREGNANT,),
        INFO,
        _(
            "Dutasteride is used: tell the patient to avoid becoming pregnant for 6 months after "
            "the "
            "last session."
        ),
        ("P14",),
        patient=_("Do not become pregnant for 6 months after your last dutasteride session."),
        ingredient_classes=("antiandrogen",),
    ),
    Rule(
        "active_skin_infection",
        "§6",
        _("Active infection or inflammation at the site"),
        ("active_skin_infection", "active_herpes", "broken_skin", "sunburn"),
        ABSOLUTE,
        _(
            "Infection, inflammation, active herpes, broken skin or sunburn at a treated area: "
            "defer "
            "until it has healed (it does not block other areas)."
        ),
        ("T32", "P7", "P9", "P11", "P14"),
        patient=_(
            "We will not treat an area with an infection, a cold sore, broken skin or "
            "sunburn; tell us before the day and we will move the appointment."
        ),
        site_aware=True,
    ),
    Rule(
        "allergy_component",
        "§6",
        _("Allergy to an ingredient of something used"),
        ("allergy_component",),
        ABSOLUTE,
        _(
            "The patient is allergic to an ingredient of a product the protocol uses (blend, "
            "anaesthetic, diluent or additive): do not use it."
        ),
        ("T32b", "P7", "P22", "P23"),
        patient=_("We will not use any product containing something you are allergic to."),
    ),
    Rule(
        "allergy_unresolved",
        "§6",
        _("Free-text allergy not yet resolved"),
        ("allergy_unresolved",),
        ABSOLUTE,
        _(
            "An allergy is recorded as free text: map it to catalogue ingredients or classes, or "
            "mark it reviewed with a reason, on the medical history page, before planning."
        ),
        ("T32b", "P7", "P22", "P23"),
    ),
    Rule(
        "anaphylaxis_history",
        "§6",
        _("History of anaphylaxis"),
        ("anaphylaxis_history",),
        ABSOLUTE,
        _("History of anaphylaxis: the reference's proposed rule is absolute."),
        ("T32b", "P7", "P22", "P23"),
    ),
    Rule(
        "bleeding_disorder",
        "§6",
        _("Bleeding or clotting disorder"),
        ("bleeding_disorder",),
        RELATIVE,
        _("Bleeding disorder: clinician review (defer, or liaise with the treating doctor)."),
        ("T32", "P7", "P19", "P23"),
    ),
    Rule(
        "autoimmune_disease",
        "§6",
        _("Autoimmune disease"),
        ("autoimmune_disease",),
        RELATIVE,
        _("Autoimmune disease: clinician review."),
        ("P7", "P22"),
    ),
    Rule(
        "diabetes_insulin_or_uncontrolled",
        "§6",
        _("Diabetes, insulin-dependent or uncontrolled"),
        ("diabetes_insulin_or_uncontrolled",),
        RELATIVE,
        _("Insulin-dependent or uncontrolled diabetes: clinician review."),
        ("P7", "P16", "P19"),
    ),
    Rule(
        "diabetes",
        "§6",
        _("Diabetes (not recorded as insulin-dependent or uncontrolled)"),
        ("diabetes",),
        INFO,
        _(
            "Diabetes: the reference's rule is for insulin-dependent or uncontrolled diabetes; "
            "check which applies and record it."
        ),
        ("P7", "P16", "P19"),
        superseded_by="diabetes_insulin_or_uncontrolled",
    ),
    Rule(
        "malignancy",
        "§6",
        _("Active or recent malignancy, chemotherapy or radiotherapy"),
        ("malignancy",),
        RELATIVE,
        _("Active or recent malignancy, chemotherapy or radiotherapy: usually defer."),
        ("P7", "P9", "P19", "P23"),
    ),
    Rule(
        "keloid_tendency",
        "§6",
        _("Keloid or hypertrophic scarring tendency"),
        ("keloid_tendency",),
        RELATIVE,
        _("Keloid or hypertrophic scarring tendency: clinician review."),
        ("T5", "P7", "P9", "P22"),
    ),
    Rule(
        "immunosuppression",
        "§6",
        _("Immunosuppression (transplant, chemotherapy)"),
        ("immunosuppression",),
        RELATIVE,
        _("Immunosuppressed: clinician review (infection risk)."),
        ("P22",),
    ),
    Rule(
        "recent_isotretinoin",
        "§6",
        _("Isotretinoin / systemic retinoid (current or in the last 6 months)"),
        ("recent_isotretinoin",),
        RELATIVE,
        _("Systemic retinoid taken now or stopped less than 6 months ago: defer."),
        ("T5", "P9"),
    ),
    Rule(
        "recent_retinoid",
        "§6",
        _("Topical retinoid in the last days"),
        ("recent_retinoid",),
        RELATIVE,
        _("Topical retinoid recently: no 1% Retin-A for 2 days before."),
        ("T5", "P9"),
        patient=_("Do not use retinoid creams (such as Retin-A) for 2 days before your session."),
    ),
    Rule(
        "recent_laser_or_peel",
        "§6",
        _("Laser or peel at the site in the previous 6 months"),
        ("recent_laser_or_peel",),
        RELATIVE,
        _("Laser, peel or microdermabrasion at a treated area within 6 months: clinician review."),
        ("T5", "P9", "P11"),
        site_aware=True,
    ),
    Rule(
        "cardiovascular_disease",
        "§6",
        _("Cardiac disease, arrhythmia, pacemaker, cardiac drugs"),
        ("cardiovascular_disease",),
        RELATIVE,
        _("Cardiac disease, arrhythmia, pacemaker or cardiac drugs: clinician review."),
        ("P7", "P19"),
    ),
    Rule(
        "thrombosis_or_stroke",
        "§6",
        _("History of thrombosis or stroke"),
        ("thrombosis_or_stroke",),
        RELATIVE,
        _(
            "History of thrombosis or stroke: clinician review; never advise stopping a prescribed "
            "antithrombotic."
        ),
        ("P7", "P19"),
    ),
    Rule(
        "liver_kidney_disease",
        "§6",
        _("Renal or hepatic disease"),
        ("liver_kidney_disease",),
        RELATIVE,
        _("Renal or hepatic disease: clinician review."),
        ("P7", "P23"),
    ),
    Rule(
        "epilepsy_on_medication",
        "§6",
        _("Epilepsy on medication"),
        ("epilepsy_on_medication",),
        RELATIVE,
        _("Epilepsy treated with medication: clinician review."),
        ("P7",),
    ),
    Rule(
        "dysphagia",
        "§6",
        _("Dysphagia (submental deoxycholic acid)"),
        ("dysphagia",),
        ABSOLUTE,
        _("Current or past difficulty swallowing: avoid submental deoxycholic acid."),
        ("T32",),
        areas=("submental",),
        ingredient_classes=("lipolytic",),
    ),
    Rule(
        "thyromegaly_lymphadenopathy",
        "§6",
        _("Thyromegaly / cervical lymphadenopathy (submental)"),
        ("thyromegaly", "cervical_lymphadenopathy"),
        RELATIVE,
        _(
            "Thyromegaly or cervical lymphadenopathy recorded: assess before any submental "
            "treatment."
        ),
        ("T32",),
        areas=("submental",),
    ),
    Rule(
        "submental_neck_screen",
        "§6",
        _("Submental: screen for thyromegaly and cervical lymphadenopathy"),
        (ALWAYS,),
        INFO,
        _(
            "Before treating the submental area, examine for thyromegaly and cervical "
            "lymphadenopathy and record what you find."
        ),
        ("T32",),
        areas=("submental",),
    ),
    Rule(
        "previous_treatment_at_site",
        "§6",
        _("Previous surgery or aesthetic treatment in the area"),
        ("recent_filler",),
        CAUTION,
        _(
            "Filler or other aesthetic treatment recorded at a treated area: be careful (label "
            "precaution)."
        ),
        ("T32",),
        site_aware=True,
    ),
    Rule(
        "neck_surgery_or_radiation",
        "§6",
        _("Previous surgery or radiation in the neck (submental)"),
        ("neck_surgery_or_radiation",),
        CAUTION,
        _(
            "Previous surgery or radiotherapy in the neck or submental area: be careful (label "
            "precaution)."
        ),
        ("T32",),
        areas=("submental", "neck"),
    ),
    Rule(
        "fitzpatrick_iv_vi",
        "§6",
        _("Fitzpatrick IV–VI"),
        ("fitzpatrick_iv_vi",),
        CAUTION,
        _("Fitzpatrick IV–VI: risk of post-inflammatory hyperpigmentation; tell the patient."),
        ("P20",),
        patient=_(
            "With your skin type, treated skin can darken for weeks or months afterwards "
            "(post-inflammatory hyperpigmentation). Protect it from the sun and tell us if dark "
            "patches appear."
        ),
    ),
    Rule(
        "under_18",
        "§6",
        _("Age under 18"),
        ("under_18",),
        CAUTION,
        _(
            "Under 18: outside the 18–75 range the sources describe (and outside the KYBELLA "
            "label, which is for adults): caution."
        ),
        ("P19", "P20", "T32"),
    ),
    Rule(
        "age_over_75",
        "§6",
        _("Age over 75"),
        ("age_over_75",),
        CAUTION,
        _("Over 75: outside the 18–75 range the sources describe: caution."),
        ("P19", "P20"),
    ),
    # --- §7 Bleeding / bruising risk -----------------------------------------------------
    Rule(
        "anticoagulant",
        "§7",
        _("Anticoagulant (warfarin, DOAC, heparin)"),
        ("anticoagulant",),
        RELATIVE,
        _(
            "Takes an anticoagulant: flag for review, defer or liaise with the prescriber. Never "
            "tell the patient to stop it."
        ),
        ("S4", "S5", "S6", "S7"),
        patient=_(
            "Keep taking your blood thinner unless the doctor who prescribed it tells you "
            "otherwise."
        ),
    ),
    Rule(
        "inr_above_3_5",
        "§7",
        _("Warfarin: recent INR above 3.5"),
        ("inr_above_3_5",),
        ABSOLUTE,
        _(
            "On warfarin with a recent INR above 3.5: no treatment that day (avoid surgery if "
            "INR > 3.5). Full severity for a session day (booking, check-in); a note on a plan."
        ),
        ("S4",),
    ),
    Rule(
        "inr_missing",
        "§7",
        _("Warfarin: no recent INR"),
        ("inr_missing",),
        RELATIVE,
        _(
            "On warfarin with no INR recorded in the 7 days before the session day: get one (the "
            "7-day window is a placeholder, not from the reference). A note on a plan."
        ),
        ("S4",),
    ),
    Rule(
        "antiplatelet",
        "§7",
        _("Antiplatelet"),
        ("antiplatelet",),
        RELATIVE,
        _(
            "Takes an antiplatelet drug: flag for review. Never tell the patient to stop a "
            "prescribed one."
        ),
        ("S6", "S3", "S8"),
    ),
    Rule(
        "nsaid",
        "§7",
        _("NSAID"),
        ("nsaid",),
        RELATIVE,
        _(
            "Takes an NSAID: a non-prescribed one is paused (catalogue window); a prescribed one "
            "is "
            "reviewed, never stopped by us."
        ),
        ("P7", "P9", "P11", "P12"),
    ),
    Rule(
        "ssri_snri",
        "§7",
        _("SSRI / SNRI"),
        ("ssri_snri",),
        RELATIVE,
        _("Takes an SSRI or SNRI: flag only (bleeding risk); do not advise stopping."),
        ("S9",),
    ),
    Rule(
        "bleeding_risk_supplement",
        "§7",
        _("Supplement that raises bleeding risk"),
        ("bleeding_risk_supplement",),
        CAUTION,
        _(
            "Takes a supplement listed for bleeding risk: pause it as the catalogue says unless a "
            "doctor prescribed it."
        ),
        ("S1", "S2", "S3", "P8", "P12", "S11"),
    ),
    Rule(
        "alcohol",
        "§7",
        _("Alcohol before and after"),
        (ALWAYS,),
        INFO,
        _("Advise: no alcohol for 24–48 h before and after."),
        ("S8", "P7", "P9", "P17"),
        patient=_("Avoid alcohol for 48 hours before and after your session."),
    ),
    Rule(
        "garlic_diet",
        "§7",
        _("Garlic-heavy meals"),
        (ALWAYS,),
        INFO,
        _("Advise: avoid garlic-heavy meals for a few days before."),
        ("S11",),
        patient=_("Avoid garlic-heavy meals for a few days before your session."),
    ),
    # --- §5a Label limits (deoxycholic acid, KYBELLA) ------------------------------------
    Rule(
        "off_label_area",
        "§5a",
        _("Area outside the product's label"),
        ("off_label_area",),
        RELATIVE,
        _(
            "The plan treats an area where the product is not on-label (KYBELLA: submental only; "
            "safety and efficacy elsewhere are not established and such use is not recommended). "
            "Going ahead needs an explicit off-label acknowledgement."
        ),
        ("T32",),
        patient=_(
            "Part of this treatment is off-label: the product is not licensed for this "
            "area, and its safety and effect there are not established."
        ),
    ),
)

BY_ID = {rule.id: rule for rule in RULES}

# Each table row of the reference (§6, §7, §5a; first cell) -> the rules that cover it. A row
# of §5a that is not a screening rule says where it is enforced instead ("not a rule: ...").
REFERENCE_ROWS: dict[str, dict[str, tuple[str, ...] | str]] = {
    "§6": {
        "Pregnancy": ("pregnancy",),
        "Breastfeeding": ("breastfeeding",),
        "Planning pregnancy / no contraception (dutasteride, body cocktails)": (
            "planning_pregnancy_dutasteride",
            "planning_pregnancy",
            "dutasteride_pregnancy_advice",
        ),
        "Active infection or inflammation at the site (including active herpes simplex, "
        "inflamed acne, broken skin, sunburn)": ("active_skin_infection",),
        "Known allergy or hypersensitivity to any component; history of anaphylaxis": (
            "allergy_component",
            "allergy_unresolved",
            "anaphylaxis_history",
        ),
        "Bleeding disorder; anticoagulant or antiplatelet therapy": (
            "bleeding_disorder",
            "anticoagulant",
            "antiplatelet",
        ),
        "Autoimmune disease": ("autoimmune_disease",),
        "Diabetes (insulin-dependent / uncontrolled)": (
            "diabetes_insulin_or_uncontrolled",
            "diabetes",
        ),
        "Active or recent malignancy, chemotherapy or radiotherapy": ("malignancy",),
        "Keloid or hypertrophic scarring tendency": ("keloid_tendency",),
        "Immunosuppression (transplant, chemotherapy)": ("immunosuppression",),
        "Isotretinoin / systemic retinoid use": ("recent_isotretinoin", "recent_retinoid"),
        "Laser treatment in the previous 6 months / recent peels": ("recent_laser_or_peel",),
        "Cardiac disease, arrhythmia, pacemaker, several cardiac drugs": (
            "cardiovascular_disease",
        ),
        "History of thrombosis or stroke": ("thrombosis_or_stroke",),
        "Renal or hepatic disease": ("liver_kidney_disease",),
        "Epilepsy on medication": ("epilepsy_on_medication",),
        "Dysphagia (submental deoxycholic acid)": ("dysphagia",),
        "Thyromegaly / cervical lymphadenopathy (submental)": (
            "thyromegaly_lymphadenopathy",
            "submental_neck_screen",
        ),
        "Fitzpatrick IV–VI": ("fitzpatrick_iv_vi",),
        "Age outside 18–75": ("under_18", "age_over_75"),
    },
    "§7": {
        "Vitamin K antagonist": ("anticoagulant", "inr_above_3_5", "inr_missing"),
        "Direct oral anticoagulants": ("anticoagulant",),
        "Parenteral anticoagulants": ("anticoagulant",),
        "Antiplatelets": ("antiplatelet",),
        "NSAIDs": ("nsaid",),
        "SSRIs (and SNRIs)": ("ssri_snri",),
        "Supplements with the strongest evidence": ("bleeding_risk_supplement",),
        "Supplements loosely associated": ("bleeding_risk_supplement",),
        "Supplements that matter with anticoagulants": ("bleeding_risk_supplement",),
        "Supplements with conflicting evidence": ("bleeding_risk_supplement",),
        "Supplements traditionally listed": ("bleeding_risk_supplement",),
        "Alcohol": ("alcohol",),
        "Diet": ("garlic_diet",),
    },
    "§5a": {
        "Indication / limits": ("off_label_area", "under_18"),
        "Concentration": "not a rule: the protocol version's blend (10 mg/mL, nothing added)",
        "Dose": "not a rule: the protocol version's volume per point and spacing",
        "Maximum per session": "not a rule: the protocol version's maximum total volume "
        "(10 mL), checked by the chart",
        "Course": "not a rule: the protocol version's sessions (6) and minimum interval (30 days)",
        "Needle / depth": "not a rule: the protocol version's needle and depth",
        "No-go zones": "not a rule: the protocol version's technique text and consent risks",
        "Contraindication": ("active_skin_infection", "allergy_component"),
        "Precautions": (
            "thyromegaly_lymphadenopathy",
            "submental_neck_screen",
            "previous_treatment_at_site",
            "neck_surgery_or_radiation",
            "dysphagia",
            "bleeding_disorder",
            "anticoagulant",
            "antiplatelet",
            "pregnancy",
            "breastfeeding",
        ),
        "Anaesthesia / comfort": ("allergy_component",),
        "Pre-procedure (clinic)": ("nsaid", "bleeding_risk_supplement", "anticoagulant"),
        "Side effects (pooled trials, n = 513 vs placebo 506)": "not a rule: the protocol "
        "version's side effects and consent risk text",
        "Serious adverse events": "not a rule: the protocol version's consent risk text",
        "Efficacy": "not a rule: the protocol version's evidence summary",
        "Follow-up / durability": "not a rule: the protocol version's review after 84 days",
        "Outcome measures": "not a rule: patients/outcome_scales_data.py",
    },
}


def rules_for_row(section: str, row: str) -> tuple[str, ...] | str | None:
    return REFERENCE_ROWS.get(section, {}).get(row)
