"""Seed content of the medication catalogue: medicines and supplements with their risk class.

Pure data, taken from the Mesoplan clinical reference
(/work/shared/domain/mesotherapy-reference.md, §6 contraindications and §7 bleeding/bruising
screening lists). `source` gives the reference keys ([S6], [P17]...) of that file's reference
list (§11). Where the reference marks a drug "not verified", `source` says so. Brand names
and other names in `aliases` are search aids only; they are common knowledge, not taken from
the reference. This is not medical advice: a responsible clinician must review the content
before it is used with patients.

SAFETY RULE (§7): current reviews advise not stopping medically necessary anticoagulant or
antiplatelet therapy for dermatological procedures [S4][S5][S6][S7]. So for everything
prescribed (anticoagulants, prescribed antiplatelets, SSRIs/SNRIs, isotretinoin)
`stop_before_days` is None and `patient_instruction` never tells the patient to stop: the
software flags the drug for clinician review. Only non-prescribed NSAIDs and supplements get a
pause window, and their instruction tells the patient to keep taking anything a doctor
prescribed.

Pause windows chosen (the reference gives a range, not one number):
- NSAIDs, including aspirin taken as a painkiller: 7 days. Clinic windows run from 2 days [P9]
  and 3 days [P7] to 2 weeks [P12]. The hair pre-procedure row [P17] names aspirin/NSAIDs
  for 7–10 days. One catalogue value applies to every indication, so the lower end of [P17]
  is used.
- Vitamin E, omega-3 fish oil, ginkgo and garlic: 7 days, the lower end of [P17]'s 7–10 days.
- Niacin: 2 days, the upper end of the 24–48 h that [P8] gives for niacin.
- Every other supplement: 14 days. The 2022 review advises stopping non-essential supplements
  2 weeks before surgery [S2], and the reference gives no window for that supplement by name.
"""

RISK_CLASSES = {
    "anticoagulant": "Anticoagulant",
    "antiplatelet": "Antiplatelet",
    "nsaid": "NSAID",
    "ssri_snri": "SSRI / SNRI",
    "bleeding_risk_supplement": "Supplement that may raise bleeding risk",
    "systemic_retinoid": "Systemic retinoid (isotretinoin)",
    "none": "No known procedure risk",
}

KINDS = {
    "prescription": "Prescription medicine",
    "otc": "Over-the-counter medicine",
    "supplement": "Supplement / herbal",
}

# Patient instructions. Prescribed drugs: never an instruction to stop (§7 safety rule).
KEEP_TAKING_PRESCRIBED = (
    "Keep taking it unless the doctor who prescribed it tells you otherwise. We have noted it, "
    "and your practitioner will review it with you before your session."
)
KEEP_TAKING_ISOTRETINOIN = (
    "Keep taking it unless the doctor who prescribed it tells you otherwise. We have noted it; "
    "your practitioner will review it with you, and your session may need to wait until a "
    "later date."
)
PAUSE_NSAID_7_DAYS = (
    "Stop taking it 7 days before your session, if it was not prescribed to you; ask us what "
    "you can take for pain instead. If a doctor prescribed it, keep taking it and tell us."
)
PAUSE_SUPPLEMENT_7_DAYS = (
    "Stop taking it 7 days before your session, if it was not prescribed to you. If a doctor "
    "prescribed it, keep taking it and tell us."
)
PAUSE_GARLIC_7_DAYS = (
    "Stop taking garlic tablets or supplements 7 days before your session, if they were not "
    "prescribed to you, and avoid garlic-heavy meals for a few days before. If a doctor "
    "prescribed them, keep taking them and tell us."
)
PAUSE_NIACIN_2_DAYS = (
    "Stop taking it 2 days before your session, if it was not prescribed to you. If a doctor "
    "prescribed it, keep taking it and tell us."
)
PAUSE_SUPPLEMENT_14_DAYS = (
    "Stop taking it 14 days (2 weeks) before your session, if it was not prescribed to you. "
    "If a doctor prescribed it, keep taking it and tell us."
)

# Short source phrases for the pause windows.
_NSAID_WINDOW = "pause 7 d: aspirin/NSAIDs 7–10 d [P17]; clinic range 2 d [P9] to 2 wk [P12]"
_P17_WINDOW = "pause 7 d: 7–10 d [P17]"
_S2_WINDOW = "pause 14 d: [S2] advises stopping non-essential supplements 2 wk before surgery"
_NO_LISTING = "no bleeding-risk listing in the reference"


def _prescribed(name, aliases, risk_class, source):
    return {
        "name": name,
        "aliases": aliases,
        "risk_class": risk_class,
        "kind": "prescription",
        "stop_before_days": None,
        "patient_instruction": KEEP_TAKING_PRESCRIBED,
        "source": source,
    }


def _nsaid(name, aliases, source):
    return {
        "name": name,
        "aliases": aliases,
        "risk_class": "nsaid",
        "kind": "otc",
        "stop_before_days": 7,
        "patient_instruction": PAUSE_NSAID_7_DAYS,
        "source": source,
    }


def _supplement(name, aliases, source, days=14, instruction=PAUSE_SUPPLEMENT_14_DAYS):
    return {
        "name": name,
        "aliases": aliases,
        "risk_class": "bleeding_risk_supplement",
        "kind": "supplement",
        "stop_before_days": days,
        "patient_instruction": instruction,
        "source": source,
    }


def _no_risk(name, aliases, kind, source=_NO_LISTING):
    return {
        "name": name,
        "aliases": aliases,
        "risk_class": "none",
        "kind": kind,
        "stop_before_days": None,
        "patient_instruction": "",
        "source": source,
    }


MEDICATIONS = [
    # --- Anticoagulants (prescribed: flag for review, never stop) -----------------------------
    _prescribed(
        "Warfarin",
        ["Coumadin"],
        "anticoagulant",
        "Vitamin K antagonist: Trager 2025 [S6]; Palamaras 2015 [S4] (avoid surgery if INR > 3.5)",
    ),
    _prescribed(
        "Rivaroxaban", ["Xarelto"], "anticoagulant", "DOAC: Trager 2025 [S6]; Iyengar 2019 [S5]"
    ),
    _prescribed(
        "Apixaban", ["Eliquis"], "anticoagulant", "DOAC: Trager 2025 [S6]; Iyengar 2019 [S5]"
    ),
    _prescribed(
        "Edoxaban",
        ["Lixiana", "Savaysa"],
        "anticoagulant",
        "DOAC: Trager 2025 [S6]; Iyengar 2019 [S5]",
    ),
    _prescribed(
        "Dabigatran", ["Pradaxa"], "anticoagulant", "DOAC: Trager 2025 [S6]; Iyengar 2019 [S5]"
    ),
    _prescribed(
        "Heparin (unfractionated)",
        ["Unfractionated heparin", "UFH"],
        "anticoagulant",
        "Parenteral anticoagulant: Trager 2025 [S6]",
    ),
    _prescribed(
        "Enoxaparin",
        ["Clexane", "Lovenox"],
        "anticoagulant",
        "Low-molecular-weight heparin: Trager 2025 [S6]",
    ),
    _prescribed(
        "Dalteparin",
        ["Fragmin"],
        "anticoagulant",
        "Low-molecular-weight heparin: Trager 2025 [S6]",
    ),
    _prescribed(
        "Fondaparinux",
        ["Arixtra"],
        "anticoagulant",
        "Parenteral anticoagulant: Trager 2025 [S6]",
    ),
    # --- Antiplatelets (prescribed: flag for review, never stop) ------------------------------
    _prescribed(
        "Aspirin (low-dose, prescribed)",
        ["Low-dose aspirin", "Baby aspirin", "Acetylsalicylic acid (low-dose)"],
        "antiplatelet",
        "Antiplatelet: Trager 2025 [S6]; do not stop prescribed antithrombotics [S4][S5][S6]",
    ),
    _prescribed("Clopidogrel", ["Plavix"], "antiplatelet", "Antiplatelet: Trager 2025 [S6]"),
    _prescribed(
        "Prasugrel",
        ["Effient", "Efient"],
        "antiplatelet",
        "Antiplatelet: Trager 2025 [S6]; may carry more bleeding risk [S8]",
    ),
    _prescribed(
        "Ticagrelor",
        ["Brilinta", "Brilique"],
        "antiplatelet",
        "Antiplatelet: Trager 2025 [S6]; may carry more bleeding risk [S8]",
    ),
    _prescribed("Dipyridamole", ["Persantine"], "antiplatelet", "Antiplatelet: Trager 2025 [S6]"),
    _prescribed(
        "Cilostazol",
        ["Pletal"],
        "antiplatelet",
        "Antiplatelet row of §7; noted as interacting with ginkgo: Henley 2013 [S3]",
    ),
    # --- NSAIDs (non-prescribed: 7-day pause) ---------------------------------------------------
    _nsaid(
        "Aspirin (painkiller)",
        ["Acetylsalicylic acid", "ASA", "Disprin"],
        f"Aspirin as an NSAID: [P11]; {_NSAID_WINDOW}; [P25] says 10 d",
    ),
    _nsaid(
        "Ibuprofen",
        ["Advil", "Nurofen", "Motrin", "Brufen"],
        f"NSAID: [P11]; class [P12]; {_NSAID_WINDOW}",
    ),
    _nsaid(
        "Diclofenac",
        ["Voltaren", "Voltarol", "Cataflam"],
        f"NSAID: [P11]; class [P12]; {_NSAID_WINDOW}",
    ),
    _nsaid(
        "Naproxen",
        ["Aleve", "Naprosyn"],
        f"NSAID class member; not verified in the reference (class: [P12]); {_NSAID_WINDOW}",
    ),
    # --- SSRIs / SNRIs (prescribed: flag only, never stop) -------------------------------------
    _prescribed(
        "Fluoxetine",
        ["Prozac"],
        "ssri_snri",
        "SSRI: Mokhtarian 2024 [S9]; flag only, do not advise stopping",
    ),
    _prescribed(
        "Escitalopram",
        ["Lexapro", "Cipralex"],
        "ssri_snri",
        "SSRI: Mokhtarian 2024 [S9]; flag only, do not advise stopping",
    ),
    _prescribed(
        "Sertraline",
        ["Zoloft", "Lustral"],
        "ssri_snri",
        "SSRI class member; not verified in the reference (class: [S9])",
    ),
    _prescribed(
        "Paroxetine",
        ["Paxil", "Seroxat"],
        "ssri_snri",
        "SSRI class member; not verified in the reference (class: [S9])",
    ),
    _prescribed(
        "Citalopram",
        ["Celexa", "Cipramil"],
        "ssri_snri",
        "SSRI class member; not verified in the reference (class: [S9])",
    ),
    _prescribed(
        "Fluvoxamine",
        ["Luvox", "Faverin"],
        "ssri_snri",
        "SSRI class member; not verified in the reference (class: [S9])",
    ),
    _prescribed(
        "Venlafaxine",
        ["Effexor"],
        "ssri_snri",
        "SNRI; not verified in the reference (SSRI/SNRI row: [S9])",
    ),
    _prescribed(
        "Duloxetine",
        ["Cymbalta"],
        "ssri_snri",
        "SNRI; not verified in the reference (SSRI/SNRI row: [S9])",
    ),
    # --- Systemic retinoid (prescribed: relative contraindication, defer; never stop) ---------
    {
        "name": "Isotretinoin",
        "aliases": ["Roaccutane", "Accutane", "Absorica"],
        "risk_class": "systemic_retinoid",
        "kind": "prescription",
        "stop_before_days": None,
        "patient_instruction": KEEP_TAKING_ISOTRETINOIN,
        "source": "§6 relative (defer): Amin 2006 exclusion [T5]; [P9]",
    },
    # --- Supplements, strongest evidence [S2] ---------------------------------------------------
    _supplement(
        "Garlic",
        ["Garlic tablets", "Garlic extract"],
        f"Strongest evidence [S2]; Chang 2001 [S1]; {_P17_WINDOW}; garlic-heavy meals [S11]",
        days=7,
        instruction=PAUSE_GARLIC_7_DAYS,
    ),
    _supplement("Hawthorn", ["Crataegus"], f"Strongest evidence [S2]; {_S2_WINDOW}"),
    # --- Supplements loosely associated [S2] ----------------------------------------------------
    _supplement("Cordyceps", [], f"Loosely associated [S2]; {_S2_WINDOW}"),
    _supplement("Echinacea", [], f"Loosely associated [S2]; {_S2_WINDOW}"),
    _supplement("Aloe vera (oral)", ["Aloe vera"], f"Loosely associated [S2]; {_S2_WINDOW}"),
    # --- Supplements that matter with anticoagulants [S2] --------------------------------------
    _supplement(
        "Ginkgo biloba",
        ["Ginkgo"],
        f"Matters with anticoagulants, conflicting evidence [S2]; Chang 2001 [S1]; "
        f"{_P17_WINDOW}; [P25] says 10 d",
        days=7,
        instruction=PAUSE_SUPPLEMENT_7_DAYS,
    ),
    _supplement(
        "Chondroitin-glucosamine",
        ["Glucosamine and chondroitin", "Glucosamine-chondroitin"],
        f"Matters with anticoagulants [S2]; {_S2_WINDOW}",
    ),
    _supplement("Melatonin", [], f"Matters with anticoagulants [S2]; {_S2_WINDOW}"),
    _supplement("Turmeric", ["Curcumin"], f"Matters with anticoagulants [S2]; {_S2_WINDOW}"),
    _supplement("Bilberry", [], f"Matters with anticoagulants [S2]; {_S2_WINDOW}"),
    _supplement("Chamomile", [], f"Matters with anticoagulants [S2]; {_S2_WINDOW}"),
    _supplement("Fenugreek", [], f"Matters with anticoagulants [S2]; {_S2_WINDOW}"),
    _supplement("Milk thistle", ["Silymarin"], f"Matters with anticoagulants [S2]; {_S2_WINDOW}"),
    _supplement(
        "Peppermint (supplement)",
        ["Peppermint oil", "Peppermint"],
        f"Matters with anticoagulants [S2]; {_S2_WINDOW}",
    ),
    # --- Supplements with conflicting evidence [S2] --------------------------------------------
    _supplement(
        "St John's wort",
        ["Hypericum", "St. John's wort", "Saint John's wort"],
        f"Conflicting evidence [S2]; [P12]; {_S2_WINDOW}",
    ),
    _supplement(
        "Ginger (supplement)",
        ["Ginger"],
        f"Conflicting evidence [S2]; Chang 2001 [S1]; {_S2_WINDOW}",
    ),
    _supplement(
        "Cranberry (supplement)",
        ["Cranberry", "Cranberry extract"],
        f"Conflicting evidence [S2]; {_S2_WINDOW}",
    ),
    # --- Supplements traditionally listed -------------------------------------------------------
    _supplement(
        "Ginseng",
        [],
        f"Chang 2001 [S1]; [S2] found NO association with bleeding; {_S2_WINDOW}",
    ),
    _supplement("Feverfew", [], f"Chang 2001 [S1]; {_S2_WINDOW}"),
    _supplement(
        "Vitamin E",
        ["Tocopherol"],
        f"Chang 2001 [S1]; {_P17_WINDOW}; [P25] says 10 d",
        days=7,
        instruction=PAUSE_SUPPLEMENT_7_DAYS,
    ),
    _supplement(
        "Omega-3 fish oil",
        ["Fish oil", "Omega-3", "Omega-3 fatty acids"],
        f"Henley 2013 [S3]; [P24]; [S2] found NO association with bleeding; {_P17_WINDOW}",
        days=7,
        instruction=PAUSE_SUPPLEMENT_7_DAYS,
    ),
    _supplement(
        "Green tea extract",
        ["Green tea"],
        f"Green tea [P12]; {_S2_WINDOW}",
    ),
    _supplement(
        "Coenzyme Q10",
        ["CoQ10", "Ubiquinone"],
        f"Simply-aesthetics [P8]; {_S2_WINDOW}",
    ),
    _supplement(
        "Flax-seed oil",
        ["Flaxseed oil", "Linseed oil"],
        f"Simply-aesthetics [P8]; {_S2_WINDOW}",
    ),
    _supplement("Cod-liver oil", ["Cod liver oil"], f"Simply-aesthetics [P8]; {_S2_WINDOW}"),
    _supplement(
        "Niacin",
        ["Nicotinic acid", "Vitamin B3"],
        "Simply-aesthetics [P8]: avoid 24–48 h before, so pause 2 d (not the 2-wk [S2] advice)",
        days=2,
        instruction=PAUSE_NIACIN_2_DAYS,
    ),
    _supplement("Chinese peony", ["Peony root"], f"[P-blog]; {_S2_WINDOW}"),
    _supplement(
        "Oil of wintergreen",
        ["Wintergreen oil", "Methyl salicylate"],
        f"[P-blog]; {_S2_WINDOW}",
    ),
    _supplement(
        "Saw palmetto",
        [],
        f"[P-blog]; [S2] found NO association with bleeding; {_S2_WINDOW}",
    ),
    # --- Common medicines with no procedure-risk listing ----------------------------------------
    _no_risk("Paracetamol", ["Acetaminophen", "Tylenol", "Panadol"], "otc"),
    _no_risk(
        "Levothyroxine",
        ["Thyroxine", "Synthroid", "Eltroxin", "Euthyrox"],
        "prescription",
        f"{_NO_LISTING} (thyroid disease is screened as a condition)",
    ),
    _no_risk(
        "Oral contraceptive pill",
        ["The pill", "Combined pill", "Progestogen-only pill"],
        "prescription",
    ),
    _no_risk(
        "Metformin",
        ["Glucophage"],
        "prescription",
        f"{_NO_LISTING} (diabetes is screened as a condition, §6)",
    ),
    _no_risk("Cetirizine", ["Zyrtec"], "otc"),
    _no_risk("Loratadine", ["Claritin", "Clarityn"], "otc"),
]
