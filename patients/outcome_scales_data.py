"""Seed content of the outcome scales a consultation or session can record (Measurement.scale).

Pure data, taken from the Mesoplan clinical reference
(/work/shared/domain/mesotherapy-reference.md, §9 outcome measures, plus the outcome rows of
§2–§5). `source` gives the reference keys of that file's reference list (§11). This is not
medical advice: a responsible clinician must review the content before it is used with
patients.

Keys of each scale:
- code: unique slug, stored in Measurement.scale (at most 40 characters).
- indications: indication codes (skin_rejuvenation, hair_restoration, cellulite, localized_fat).
- kind: "ordinal" (integer grades with labels) or "continuous" (a measured number).
- min, max: bounds of a valid value. max is None where a measured quantity has no upper
  bound that the reference gives (counts, lengths); the form then only checks min.
- unit, step: unit of a continuous value ("" for grades) and the recording resolution
  (Measurement.value keeps 2 decimals, so no step is finer than 0.01).
- labels: {grade: label} for every integer from min to max (ordinal); {} for continuous.
- better: the direction of improvement, "lower" or "higher".
- source: reference keys.
- note (optional): how to record it, and what the reference does not verify. Where a bound or
  label comes from the scale's publication rather than the reference, the note says
  "not verified in the reference".
"""

from django.utils.translation import gettext_lazy as _

ALL_INDICATIONS = ["skin_rejuvenation", "hair_restoration", "cellulite", "localized_fat"]

SCALES = [
    # --- All indications ------------------------------------------------------------------
    {
        "code": "gais_practitioner",
        "name": _("GAIS (Global Aesthetic Improvement Scale), practitioner-rated, at follow-up"),
        "indications": ALL_INDICATIONS,
        "kind": "ordinal",
        "min": 1,
        "max": 5,
        "unit": "",
        "step": 1,
        "labels": {
            1: _("1 — Very much improved"),
            2: _("2 — Much improved"),
            3: _("3 — Improved"),
            4: _("4 — No change"),
            5: _("5 — Worse"),
        },
        "better": "lower",
        "source": "DocCheck [P31]; Savoia 2013 [T2]; Duteil 2023 [T6]",
        "note": (
            "Rates the change since before treatment (compare with the baseline photos), so it "
            "is recorded at follow-up sessions, never at baseline. Some GAIS versions number the "
            "grades differently: verify against the original paper before reporting (§10)."
        ),
    },
    {
        "code": "gais_patient",
        "name": _("GAIS (Global Aesthetic Improvement Scale), patient-rated, at follow-up"),
        "indications": ALL_INDICATIONS,
        "kind": "ordinal",
        "min": 1,
        "max": 5,
        "unit": "",
        "step": 1,
        "labels": {
            1: _("1 — Very much improved"),
            2: _("2 — Much improved"),
            3: _("3 — Improved"),
            4: _("4 — No change"),
            5: _("5 — Worse"),
        },
        "better": "lower",
        "source": "DocCheck [P31]; subject GAIS: Duteil 2023 [T6]",
        "note": (
            "The patient's own rating of the change since before treatment; recorded at "
            "follow-up sessions, never at baseline. GAIS numbering variants exist (§10)."
        ),
    },
    # --- Skin rejuvenation ----------------------------------------------------------------
    {
        "code": "glogau",
        "name": _("Glogau photoaging classification"),
        "indications": ["skin_rejuvenation"],
        "kind": "ordinal",
        "min": 1,
        "max": 4,
        "unit": "",
        "step": 1,
        "labels": {
            1: _("Type I — mild (about age 28–35): no wrinkles"),
            2: _("Type II — moderate (about age 35–50): wrinkles in motion"),
            3: _("Type III — advanced (about age 50–65): wrinkles at rest"),
            4: _("Type IV — severe (age 60+): only wrinkles"),
        },
        "better": "lower",
        "source": "[P32]; El-Domyati [T3][T4]",
        "note": "Mainly a baseline classification: the cited studies used it to select patients.",
    },
    {
        "code": "fitzpatrick_wrinkle",
        "name": _("Fitzpatrick wrinkle classification"),
        "indications": ["skin_rejuvenation"],
        "kind": "ordinal",
        "min": 1,
        "max": 3,
        "unit": "",
        "step": 1,
        "labels": {
            1: _("Class I — fine wrinkles"),
            2: _("Class II — fine to moderately deep wrinkles"),
            3: _("Class III — fine to deep wrinkles, numerous lines, possibly redundant folds"),
        },
        "better": "lower",
        "source": "[P33]",
        "note": (
            "Lines around the mouth and eyes. The 9-point score with elastosis grading (1–3 "
            "within each class) is not verified in the reference and is not offered here (§10)."
        ),
    },
    {
        "code": "wsrs",
        "name": _("WSRS (Wrinkle Severity Rating Scale), nasolabial fold"),
        "indications": ["skin_rejuvenation"],
        "kind": "ordinal",
        "min": 1,
        "max": 5,
        "unit": "",
        "step": 1,
        "labels": {
            1: _("1 — Absent"),
            2: _("2 — Mild"),
            3: _("3 — Moderate"),
            4: _("4 — Severe"),
            5: _("5 — Extreme"),
        },
        "better": "lower",
        "source": "Savoia 2013 [T2]; NCT03270293 [O9]",
        "note": (
            "Bounds and the labels of grades 1 and 5 are from the reference; the labels of "
            "grades 2–4 are the scale's usual wording, not verified in the reference."
        ),
    },
    {
        "code": "merz_facial",
        "name": _("Merz / Carruthers validated facial scale (one facial area)"),
        "indications": ["skin_rejuvenation"],
        "kind": "ordinal",
        "min": 0,
        "max": 4,
        "unit": "",
        "step": 1,
        "labels": {
            0: _("Grade 0 — none"),
            1: _("Grade 1 — mild"),
            2: _("Grade 2 — moderate"),
            3: _("Grade 3 — severe"),
            4: _("Grade 4 — very severe"),
        },
        "better": "lower",
        "source": "Carruthers 2010 [O3]; Rzany 2012 [O4]",
        "note": (
            "A set of 5-point photonumeric scales, one per facial area: record the area and rate "
            "against that area's photo guide. Bounds not verified: the reference says only "
            "'5-point'; 0–4 and the label wording are the published Merz convention, not "
            "verified in the reference. Some areas (e.g. brow position) use other wording."
        ),
    },
    {
        "code": "allergan_fine_lines",
        "name": _("Allergan Fine Lines Scale"),
        "indications": ["skin_rejuvenation"],
        "kind": "ordinal",
        "min": 0,
        "max": 4,
        "unit": "",
        "step": 1,
        "labels": {
            0: _("Grade 0 — least severe"),
            1: _("Grade 1"),
            2: _("Grade 2"),
            3: _("Grade 3"),
            4: _("Grade 4 — most severe"),
        },
        "better": "lower",
        "source": "[O6]",
        "note": (
            "5-point photonumeric scale for superficial fine lines; a change of 1 point or more "
            "is clinically significant. Bounds not verified: the reference says only "
            "'5-point', so 0–4 is assumed; rate against the scale's photo guide."
        ),
    },
    {
        "code": "lemperle_wrinkle",
        "name": _("Lemperle wrinkle assessment scale"),
        "indications": ["skin_rejuvenation"],
        "kind": "ordinal",
        "min": 0,
        "max": 5,
        "unit": "",
        "step": 1,
        "labels": {
            0: _("Grade 0 — least severe"),
            1: _("Grade 1"),
            2: _("Grade 2"),
            3: _("Grade 3"),
            4: _("Grade 4"),
            5: _("Grade 5 — most severe"),
        },
        "better": "lower",
        "source": "Lemperle 2001 [O5]",
        "note": (
            "Bounds 0–5 are from the reference; the grade descriptions are not, so rate each "
            "wrinkle against the scale's reference photographs."
        ),
    },
    {
        "code": "corneometry",
        "name": _("Corneometry (skin hydration)"),
        "indications": ["skin_rejuvenation"],
        "kind": "continuous",
        "min": 0,
        "max": None,
        "unit": "a.u.",
        "step": 0.1,
        "labels": {},
        "better": "higher",
        "source": "[P34]; hydration outcome: Duteil 2023 [T6]",
        "note": (
            "Corneometer CM 825 capacitance, arbitrary units. Upper bound not verified (the "
            "reference gives none). Measure the same site in the same conditions each time."
        ),
    },
    {
        "code": "cutometry_ur_ue",
        "name": _("Cutometry elasticity (Ur/Ue)"),
        "indications": ["skin_rejuvenation"],
        "kind": "continuous",
        "min": 0,
        "max": 1,
        "unit": "",
        "step": 0.01,
        "labels": {},
        "better": "higher",
        "source": "Baspeyras 2013 [T1]; [O8]",
        "note": (
            "Ratio of immediate retraction (Ur) to immediate extension (Ue) from the suction "
            "probe. Bounds not verified in the reference: 0–1 follows from Ur/Ue being a "
            "fraction of the extension. Stiffness parameters (E1/E2) are not offered here."
        ),
    },
    {
        "code": "dermal_thickness_us",
        "name": _("Dermal thickness (20 MHz ultrasound)"),
        "indications": ["skin_rejuvenation"],
        "kind": "continuous",
        "min": 0,
        "max": None,
        "unit": "mm",
        "step": 0.01,
        "labels": {},
        "better": "higher",
        "source": "Baspeyras 2013 [T1]",
        "note": (
            "Direction of improvement (thicker dermis) is inferred from its use as an efficacy "
            "outcome; the reference does not state it. Upper bound not verified."
        ),
    },
    {
        "code": "radiance_vas",
        "name": _("Skin radiance VAS (from standardised photographs)"),
        "indications": ["skin_rejuvenation"],
        "kind": "continuous",
        "min": 0,
        "max": 100,
        "unit": "mm",
        "step": 1,
        "labels": {},
        "better": "higher",
        "source": "Baspeyras 2013 [T1] (§2 outcome row)",
        "note": (
            "Visual analogue scale scored from standardised photographs. Bounds not verified: "
            "the reference does not give the line length; 0–100 mm is the usual VAS line."
        ),
    },
    # --- Hair restoration -----------------------------------------------------------------
    {
        "code": "hair_density",
        "name": _("Hair density / hair count (phototrichogram, TrichoScan)"),
        "indications": ["hair_restoration"],
        "kind": "continuous",
        "min": 0,
        "max": None,
        "unit": _("hairs/cm²"),
        "step": 0.1,
        "labels": {},
        "better": "higher",
        "source": "Hoffmann 2005 [O2]; Gajjar 2019 [T17]; hair count: [T11][T14]",
        "note": (
            "Count in the same marked target area each time and record it per cm². TrichoScan "
            "intra- and inter-operator ICC about 91% and 97% [O2]. Upper bound not verified."
        ),
    },
    {
        "code": "vellus_hair_pct",
        "name": _("Vellus hairs (% of hairs counted)"),
        "indications": ["hair_restoration"],
        "kind": "continuous",
        "min": 0,
        "max": 100,
        "unit": "%",
        "step": 0.1,
        "labels": {},
        "better": "lower",
        "source": "Hoffmann 2005 [O2]; trichogram vellus %: Azam 2010 [T16]",
        "note": (
            "The vellus/terminal measure, recorded as vellus % (terminal % is the rest). "
            "Vellus ≥ 10% or > 5% suggests androgenetic alopecia (sources differ) [O2]."
        ),
    },
    {
        "code": "anagen_pct",
        "name": _("Trichogram anagen hairs (%)"),
        "indications": ["hair_restoration"],
        "kind": "continuous",
        "min": 0,
        "max": 100,
        "unit": "%",
        "step": 0.1,
        "labels": {},
        "better": "higher",
        "source": "Azam 2010 [T16]",
        "note": (
            "Plucked-hair microscopy. Direction of improvement (more hairs in anagen) is not "
            "stated in the reference."
        ),
    },
    {
        "code": "telogen_pct",
        "name": _("Trichogram telogen hairs (%)"),
        "indications": ["hair_restoration"],
        "kind": "continuous",
        "min": 0,
        "max": 100,
        "unit": "%",
        "step": 0.1,
        "labels": {},
        "better": "lower",
        "source": "Azam 2010 [T16]",
        "note": (
            "Plucked-hair microscopy. Direction of improvement (fewer hairs in telogen) is not "
            "stated in the reference."
        ),
    },
    {
        "code": "hair_shaft_diameter",
        "name": _("Hair shaft diameter"),
        "indications": ["hair_restoration"],
        "kind": "continuous",
        "min": 0,
        "max": None,
        "unit": "µm",
        "step": 0.1,
        "labels": {},
        "better": "higher",
        "source": "Moftah 2013 [T12]; Gajjar 2019 [T17]",
        "note": (
            "Morphometric (dermoscopic) shaft diameter. The reference gives no unit; µm is "
            "assumed. Upper bound not verified."
        ),
    },
    {
        "code": "hair_pull_test",
        "name": _("Hair pull test (hairs removed)"),
        "indications": ["hair_restoration"],
        "kind": "continuous",
        "min": 0,
        "max": None,
        "unit": _("hairs"),
        "step": 1,
        "labels": {},
        "better": "lower",
        "source": "Moftah 2013 [T12]",
        "note": "Count of hairs removed by a standardised pull; use the same technique each time.",
    },
    {
        "code": "hair_shed_count",
        "name": _("Shed hair count (wash test, 60-second count or daily count)"),
        "indications": ["hair_restoration"],
        "kind": "continuous",
        "min": 0,
        "max": None,
        "unit": _("hairs"),
        "step": 1,
        "labels": {},
        "better": "lower",
        "source": "Dhurat & Saraogi 2009 [O1]",
        "note": (
            "Counts from different methods are not comparable: use the same method for a "
            "patient every time and say which in the notes."
        ),
    },
    {
        "code": "hair_global_photo_7pt",
        "name": _("Global photographic hair assessment, 7-point (vs baseline), at follow-up"),
        "indications": ["hair_restoration"],
        "kind": "ordinal",
        "min": -3,
        "max": 3,
        "unit": "",
        "step": 1,
        "labels": {
            -3: _("−3 — Greatly decreased"),
            -2: _("−2 — Moderately decreased"),
            -1: _("−1 — Slightly decreased"),
            0: _("0 — No change"),
            1: _("+1 — Slightly increased"),
            2: _("+2 — Moderately increased"),
            3: _("+3 — Greatly increased"),
        },
        "better": "higher",
        "source": "Abdallah 2009 [T11]; [T14]; Gajjar 2019 [T17]",
        "note": (
            "Standardised scalp photographs compared with baseline, by an independent observer "
            "where possible; recorded at follow-up, never at baseline. Bounds and labels not "
            "verified: the reference says only '7-point'; −3 to +3 is the usual convention."
        ),
    },
    # --- Cellulite ------------------------------------------------------------------------
    {
        "code": "nurnberger_muller",
        "name": _("Nürnberger–Müller cellulite stage"),
        "indications": ["cellulite"],
        "kind": "ordinal",
        "min": 0,
        "max": 3,
        "unit": "",
        "step": 1,
        "labels": {
            0: _("Stage 0 — none"),
            1: _("Stage 1 — visible only on pinching"),
            2: _("Stage 2 — visible standing, not lying"),
            3: _("Stage 3 — visible standing and lying"),
        },
        "better": "lower",
        "source": "Malinowska 2017 [T25]; [P35]",
    },
    {
        "code": "hexsel_css",
        "name": _("Cellulite Severity Scale (Hexsel CSS), total 0–15"),
        "indications": ["cellulite"],
        "kind": "ordinal",
        "min": 0,
        "max": 15,
        "unit": "",
        "step": 1,
        "labels": {
            0: _("0 — every item scored 0"),
            1: _("1 — mild"),
            2: _("2 — mild"),
            3: _("3 — mild"),
            4: _("4 — mild"),
            5: _("5 — mild"),
            6: _("6 — moderate"),
            7: _("7 — moderate"),
            8: _("8 — moderate"),
            9: _("9 — moderate"),
            10: _("10 — moderate"),
            11: _("11 — severe"),
            12: _("12 — severe"),
            13: _("13 — severe"),
            14: _("14 — severe"),
            15: _("15 — severe"),
        },
        "better": "lower",
        "source": "Hexsel 2009 [T30]",
        "note": (
            "Sum of 5 items each scored 0–3: number of depressions, depth of depressions, raised "
            "lesions, laxity/flaccidity, cellulite grade. The 0–15 total and the cut-offs "
            "1–5 mild / 6–10 moderate / 11–15 severe are not verified (§10). Rate each area "
            "separately."
        ),
    },
    {
        "code": "cr_pcss",
        "name": _("CR-PCSS (Clinician-Reported Photonumeric Cellulite Severity Scale)"),
        "indications": ["cellulite"],
        "kind": "ordinal",
        "min": 0,
        "max": 4,
        "unit": "",
        "step": 1,
        "labels": {
            0: _("0 — None"),
            1: _("1 — Almost none"),
            2: _("2 — Mild"),
            3: _("3 — Moderate"),
            4: _("4 — Severe"),
        },
        "better": "lower",
        "source": "ASDS 2018 via aestheticchannel [P36]",
        "note": (
            "5-point photonumeric scale, rated per buttock or posterolateral thigh (record the "
            "area). Bounds and labels not verified in the reference, which says only "
            "'5-point': 0 none to 4 severe is the published scale; labels 1–2 not verified."
        ),
    },
    {
        "code": "pr_pcss",
        "name": _("PR-PCSS (Patient-Reported Photonumeric Cellulite Severity Scale)"),
        "indications": ["cellulite"],
        "kind": "ordinal",
        "min": 0,
        "max": 4,
        "unit": "",
        "step": 1,
        "labels": {
            0: _("0 — None"),
            1: _("1 — Almost none"),
            2: _("2 — Mild"),
            3: _("3 — Moderate"),
            4: _("4 — Severe"),
        },
        "better": "lower",
        "source": "ASDS 2018 via aestheticchannel [P36]",
        "note": (
            "The patient's rating on the 5 photographs, per area (record the area). Bounds and "
            "labels not verified in the reference (see CR-PCSS)."
        ),
    },
    # --- Cellulite and localized fat ------------------------------------------------------
    {
        "code": "circumference",
        "name": _("Circumference (tape, fixed landmarks)"),
        "indications": ["cellulite", "localized_fat"],
        "kind": "continuous",
        "min": 0,
        "max": None,
        "unit": "cm",
        "step": 0.1,
        "labels": {},
        "better": "lower",
        "source": "Malinowska 2017 [T25]; Park 2008 [T26]; Salti 2008 [T37]",
        "note": (
            "Measure at the same fixed landmarks, in the same position, each time; record the "
            "area (e.g. right thigh)."
        ),
    },
    {
        "code": "fat_thickness_us",
        "name": _("Hypodermis / fat thickness (ultrasound)"),
        "indications": ["cellulite", "localized_fat"],
        "kind": "continuous",
        "min": 0,
        "max": None,
        "unit": "mm",
        "step": 0.1,
        "labels": {},
        "better": "lower",
        "source": "Malinowska 2017 [T25]; Salti 2008 [T37]",
        "note": "Conventional or high-frequency ultrasound; same probe site each time.",
    },
    {
        "code": "fat_volume_imaging",
        "name": _("Fat volume (MRI or CT report)"),
        "indications": ["localized_fat"],
        "kind": "continuous",
        "min": 0,
        "max": None,
        "unit": _("cm³"),
        "step": 0.1,
        "labels": {},
        "better": "lower",
        "source": "Park 2008 [T26]; Jones 2016 [T33]",
        "note": (
            "A value copied from an imaging report (e.g. MRI submental volume). Studies also "
            "report CT cross-sectional area (cm²); do not record areas here."
        ),
    },
    # --- Localized fat: submental (KYBELLA) -----------------------------------------------
    {
        "code": "cr_smfrs",
        "name": _("CR-SMFRS (Clinician-Reported Submental Fat Rating Scale)"),
        "indications": ["localized_fat"],
        "kind": "ordinal",
        "min": 0,
        "max": 4,
        "unit": "",
        "step": 1,
        "labels": {
            0: _("0 — Absent"),
            1: _("1 — Mild"),
            2: _("2 — Moderate"),
            3: _("3 — Severe"),
            4: _("4 — Extreme"),
        },
        "better": "lower",
        "source": "KYBELLA PI [T32]; Jones 2016 [T33]; Humphrey 2016 [T34]",
        "note": (
            "Submental fat (deoxycholic acid). Label population: grade 2–3 (moderate to severe) "
            "at baseline. Response = improvement of ≥ 1 or ≥ 2 grades on both CR-SMFRS and "
            "PR-SMFRS (composite). Wording of grades 0, 1 and 4 not verified in the reference."
        ),
    },
    {
        "code": "pr_smfrs",
        "name": _("PR-SMFRS (Patient-Reported Submental Fat Rating Scale)"),
        "indications": ["localized_fat"],
        "kind": "ordinal",
        "min": 0,
        "max": 4,
        "unit": "",
        "step": 1,
        "labels": {
            0: _("0 — No chin fat at all"),
            1: _("1 — A slight amount of chin fat"),
            2: _("2 — A moderate amount of chin fat"),
            3: _("3 — A large amount of chin fat"),
            4: _("4 — A very large amount of chin fat"),
        },
        "better": "lower",
        "source": "KYBELLA PI [T32]; Humphrey 2016 [T34]",
        "note": (
            "The patient's own rating of submental fat. Bounds 0–4 from the reference; label "
            "wording not verified in the reference."
        ),
    },
]
