"""Fixed vocabularies of the protocol library, kept in code so they are versioned, translated
and shared by protocols, screening (patients/) and documents.

Contraindication tags are the bridge between a protocol and a patient: a protocol lists the
tags that block it (absolute) or need a reasoned override (relative); screening turns a
patient's history, allergies and medications into tags and intersects the two.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContraindicationTag(models.TextChoices):
    PREGNANCY = "pregnancy", _("Pregnancy")
    BREASTFEEDING = "breastfeeding", _("Breastfeeding")
    PLANNING_PREGNANCY = "planning_pregnancy", _("Planning a pregnancy")
    BLEEDING_DISORDER = "bleeding_disorder", _("Bleeding or clotting disorder")
    ANTICOAGULANT = "anticoagulant", _("Takes an anticoagulant")
    ANTIPLATELET = "antiplatelet", _("Takes an antiplatelet drug")
    NSAID = "nsaid", _("Takes an NSAID (aspirin, ibuprofen…)")
    SSRI_SNRI = "ssri_snri", _("Takes an SSRI or SNRI")
    BLEEDING_RISK_SUPPLEMENT = (
        "bleeding_risk_supplement",
        _("Takes a supplement that raises bleeding risk (fish oil, vitamin E, ginkgo, garlic…)"),
    )
    ACTIVE_SKIN_INFECTION = (
        "active_skin_infection",
        _("Active infection or inflammation at the site (herpes, inflamed acne, broken skin…)"),
    )
    KELOID_TENDENCY = "keloid_tendency", _("Keloid or hypertrophic scar tendency")
    AUTOIMMUNE_DISEASE = "autoimmune_disease", _("Autoimmune disease")
    DIABETES = "diabetes", _("Diabetes")
    MALIGNANCY = "malignancy", _("Active or recent malignancy")
    IMMUNOSUPPRESSION = "immunosuppression", _("Immunosuppression")
    CARDIOVASCULAR_DISEASE = "cardiovascular_disease", _("Cardiovascular disease or arrhythmia")
    LIVER_KIDNEY_DISEASE = "liver_kidney_disease", _("Liver or kidney disease")
    THYROID_DISEASE = "thyroid_disease", _("Thyroid disease")
    DYSPHAGIA = "dysphagia", _("Difficulty swallowing (dysphagia)")
    NECK_SURGERY_OR_RADIATION = (
        "neck_surgery_or_radiation",
        _("Previous surgery or radiation in the neck or submental area"),
    )
    UNDER_18 = "under_18", _("Under 18 years old")
    OBESITY_BMI_OVER_30 = "obesity_bmi_over_30", _("BMI over 30 (fat reduction is not weight loss)")
    RECENT_ISOTRETINOIN = "recent_isotretinoin", _("Isotretinoin in the last 6 months")
    RECENT_RETINOID = "recent_retinoid", _("Topical retinoid in the last days")
    RECENT_LASER_OR_PEEL = "recent_laser_or_peel", _("Laser, peel or microdermabrasion recently")
    SUNBURN = "sunburn", _("Sunburn or recent tanning at the site")
    ALLERGY_SOY = "allergy_soy", _("Allergy to soy")
    ALLERGY_EGG = "allergy_egg", _("Allergy to egg")
    ALLERGY_LIDOCAINE = "allergy_lidocaine", _("Allergy to lidocaine or local anaesthetics")
    ALLERGY_HYALURONIC_ACID = "allergy_hyaluronic_acid", _("Allergy to hyaluronic acid")
    ALLERGY_BLEND_COMPONENT = "allergy_blend_component", _("Allergy to a component of the blend")
    ALLERGY_CAFFEINE_XANTHINES = (
        "allergy_caffeine_xanthines",
        _("Intolerance of caffeine or theophylline/aminophylline"),
    )
    ALLERGY_DUTASTERIDE_5ARI = (
        "allergy_dutasteride_5ari",
        _("Allergy to dutasteride or other 5-alpha-reductase inhibitors"),
    )
    HAIR_LOSS_SCARRING = "hair_loss_scarring", _("Scarring or inflammatory alopecia (not pattern)")
    # Added with the rule table (patients/clinical_rules.py), reference §5a, §6 and §7.
    ACTIVE_HERPES = "active_herpes", _("Active herpes simplex (cold sore) at the site")
    BROKEN_SKIN = "broken_skin", _("Broken skin at the site")
    RECENT_FILLER = "recent_filler", _("Filler or other aesthetic treatment at the site")
    ANAPHYLAXIS_HISTORY = "anaphylaxis_history", _("History of anaphylaxis")
    ALLERGY_COMPONENT = "allergy_component", _("Allergy to an ingredient of something used")
    ALLERGY_UNRESOLVED = "allergy_unresolved", _("Free-text allergy not yet resolved")
    DIABETES_INSULIN_OR_UNCONTROLLED = (
        "diabetes_insulin_or_uncontrolled",
        _("Diabetes: insulin-dependent or uncontrolled"),
    )
    THROMBOSIS_OR_STROKE = "thrombosis_or_stroke", _("History of thrombosis or stroke")
    EPILEPSY_ON_MEDICATION = "epilepsy_on_medication", _("Epilepsy treated with medication")
    THYROMEGALY = "thyromegaly", _("Enlarged thyroid (thyromegaly)")
    CERVICAL_LYMPHADENOPATHY = (
        "cervical_lymphadenopathy",
        _("Enlarged lymph nodes in the neck (cervical lymphadenopathy)"),
    )
    FITZPATRICK_IV_VI = "fitzpatrick_iv_vi", _("Fitzpatrick skin type IV–VI")
    AGE_OVER_75 = "age_over_75", _("Over 75 years old")
    INR_ABOVE_3_5 = "inr_above_3_5", _("Recent INR above 3.5 on warfarin")
    INR_MISSING = "inr_missing", _("No recent INR on warfarin")
    OFF_LABEL_AREA = "off_label_area", _("Area outside the product's label")


class Allergy(models.TextChoices):
    """Structured allergies; each maps to the contraindication tag of the same meaning."""

    SOY = "allergy_soy", _("Soy")
    EGG = "allergy_egg", _("Egg")
    LIDOCAINE = "allergy_lidocaine", _("Lidocaine / local anaesthetics")
    HYALURONIC_ACID = "allergy_hyaluronic_acid", _("Hyaluronic acid")
    CAFFEINE_XANTHINES = "allergy_caffeine_xanthines", _("Caffeine, theophylline, aminophylline")
    DUTASTERIDE_5ARI = "allergy_dutasteride_5ari", _("Dutasteride / finasteride")


class IngredientClass(models.TextChoices):
    VITAMIN = "vitamin", _("Vitamin")
    MINERAL = "mineral", _("Mineral")
    AMINO_ACID = "amino_acid", _("Amino acid")
    HYALURONIC_ACID = "hyaluronic_acid", _("Hyaluronic acid")
    NUCLEOTIDE = "nucleotide", _("Nucleotide / nucleic acid")
    PEPTIDE = "peptide", _("Peptide")
    ANTIOXIDANT = "antioxidant", _("Antioxidant")
    LIPOLYTIC = "lipolytic", _("Lipolytic")
    VASOACTIVE = "vasoactive", _("Vasoactive")
    ANTIANDROGEN = "antiandrogen", _("5-alpha-reductase inhibitor")
    ANAESTHETIC = "anaesthetic", _("Anaesthetic")
    PLANT_EXTRACT = "plant_extract", _("Plant extract")
    COMPLEX = "complex", _("Multi-component complex")
    DILUENT = "diluent", _("Diluent")


class Technique(models.TextChoices):
    NAPPAGE = "nappage", _("Nappage")
    MICROPAPULES = "micropapules", _("Papules / micropapules")
    POINT_BY_POINT = "point_by_point", _("Point-by-point")
    LINEAR_RETROGRADE = "linear_retrograde", _("Linear retrograde")
    DEEP_SUBCUTANEOUS = "deep_subcutaneous", _("Deep subcutaneous (into fat)")


class EvidenceLevel(models.TextChoices):
    CONSENSUS = "consensus", _("Consensus")
    TRIAL = "trial", _("Trial")
    CLINIC_PRACTICE = "clinic_practice", _("Clinic practice")


class TreatmentArea(models.TextChoices):
    FACE = "face", _("Face")
    PERIORBITAL = "periorbital", _("Periorbital")
    NECK = "neck", _("Neck")
    DECOLLETAGE = "decolletage", _("Décolletage")
    HANDS = "hands", _("Back of hands")
    SCALP = "scalp", _("Scalp")
    SUBMENTAL = "submental", _("Submental (double chin)")
    ABDOMEN = "abdomen", _("Abdomen")
    FLANKS = "flanks", _("Flanks")
    THIGHS = "thighs", _("Thighs")
    BUTTOCKS = "buttocks", _("Buttocks")
    UPPER_ARMS = "upper_arms", _("Upper arms")
    KNEES = "knees", _("Knees")
    BACK = "back", _("Back / bra line")


class ConcentrationUnit(models.TextChoices):
    MG_PER_ML = "mg/mL", "mg/mL"
    MG_PER_G = "mg/g", "mg/g"
    PERCENT = "%", "% (w/v)"
    IU_PER_ML = "IU/mL", "IU/mL"
    MICROGRAM_PER_ML = "µg/mL", "µg/mL"
    READY_BLEND = "blend", _("ready-made blend")
