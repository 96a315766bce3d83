"""The health questionnaire's questions in the patient's words: one per history condition
(patients.models.HISTORY_CONDITIONS), so every answer maps to a field of a history review."""

from django.utils.translation import gettext_lazy as _

from protocols.catalogues import ContraindicationTag as Tag

CONDITION_QUESTIONS = {
    Tag.PREGNANCY: _("Are you pregnant, or could you be?"),
    Tag.BREASTFEEDING: _("Are you breastfeeding?"),
    Tag.PLANNING_PREGNANCY: _("Are you planning a pregnancy in the coming months?"),
    Tag.BLEEDING_DISORDER: _("Do you have a bleeding or clotting problem?"),
    Tag.DIABETES: _("Do you have diabetes?"),
    Tag.DIABETES_INSULIN_OR_UNCONTROLLED: _(
        "If you have diabetes: do you take insulin, or is it hard to keep under control?"
    ),
    Tag.AUTOIMMUNE_DISEASE: _("Do you have an autoimmune disease (for example lupus)?"),
    Tag.KELOID_TENDENCY: _("Do your scars tend to grow thick or raised (keloids)?"),
    Tag.MALIGNANCY: _("Do you have cancer now, or have you been treated for it recently?"),
    Tag.IMMUNOSUPPRESSION: _("Do you take medicine that weakens your immune system?"),
    Tag.CARDIOVASCULAR_DISEASE: _("Do you have a heart condition or an irregular heartbeat?"),
    Tag.LIVER_KIDNEY_DISEASE: _("Do you have a liver or kidney disease?"),
    Tag.THYROID_DISEASE: _("Do you have a thyroid condition?"),
    Tag.DYSPHAGIA: _("Do you have difficulty swallowing?"),
    Tag.NECK_SURGERY_OR_RADIATION: _(
        "Have you had surgery or radiotherapy on your neck or under your chin?"
    ),
    Tag.RECENT_ISOTRETINOIN: _(
        "Have you taken isotretinoin (Roaccutane) tablets in the last 6 months?"
    ),
    Tag.RECENT_RETINOID: _("Have you used a retinoid cream (retinol, tretinoin) in the last week?"),
    Tag.THROMBOSIS_OR_STROKE: _("Have you had a blood clot (thrombosis) or a stroke?"),
    Tag.EPILEPSY_ON_MEDICATION: _("Do you take medicine for epilepsy?"),
    Tag.THYROMEGALY: _("Has a doctor told you your thyroid is enlarged (goitre)?"),
    Tag.CERVICAL_LYMPHADENOPATHY: _("Do you have swollen glands in your neck at the moment?"),
    Tag.ANAPHYLAXIS_HISTORY: _(
        "Have you ever had a severe allergic reaction (anaphylaxis) needing emergency care?"
    ),
}
