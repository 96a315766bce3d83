"""Seed content of the protocol library: indications, ingredients and protocols.

Pure data, generated from the Mesoplan clinical reference
(docs: /work/shared/domain/mesotherapy-reference.md). Every value comes from that reference;
`value_sources` in each protocol says where (keys in [brackets] match the protocol's
`sources`). Where the reference gives no value, the chosen placeholder is said to be one.
This is not medical advice: a responsible clinician must review the content before it is
used with patients.

Codes (indications, techniques, evidence levels, areas, contraindication tags, ingredient
classes, concentration units) are those of protocols/catalogues.py. Decimals are strings.
"""

SEED_VERSION_NOTE = "Seeded from the Mesoplan clinical reference (docs), 2026-11."

INDICATIONS = [
    {
        "code": "skin_rejuvenation",
        "name": "Skin rejuvenation",
        "description": (
            "Intradermal micro-injections for skin ageing of the face, neck, décolletage and "
            "backs of the hands. The Italian Society of Mesotherapy consensus considers efficacy "
            "in facial skin ageing demonstrated; controlled evidence is strongest for "
            "non-cross-linked hyaluronic acid alone, and some vitamin-cocktail studies were "
            "negative."
        ),
        "position": 1,
    },
    {
        "code": "hair_restoration",
        "name": "Hair restoration",
        "description": (
            "Scalp mesotherapy for androgenetic alopecia, female pattern hair loss and thinning. "
            "Studies are small and of low quality, there is no standard regimen, and dutasteride "
            "injection is off-label. Scarring or inflammatory hair loss needs a diagnosis first."
        ),
        "position": 2,
    },
    {
        "code": "cellulite",
        "name": "Cellulite",
        "description": (
            "Oedematous fibrosclerotic panniculopathy (cellulite), mainly on the thighs and "
            "buttocks. Mixed evidence: the Italian Society of Mesotherapy consensus supports "
            "intradermal therapy and one ultrasound study was positive, while a controlled "
            "body-contouring study was negative and independent reviews call it unproven."
        ),
        "position": 3,
    },
    {
        "code": "localized_fat",
        "name": "Localized fat",
        "description": (
            "Small localized subcutaneous fat deposits. Only deoxycholic acid for submental fat "
            "(KYBELLA) has a regulatory label; phosphatidylcholine/deoxycholate and lipolytic "
            "cocktails are off-label, carry society warnings and need documented consent."
        ),
        "position": 4,
    },
]

INGREDIENTS = [
    {
        "name": "Non-cross-linked hyaluronic acid",
        "ingredient_class": "hyaluronic_acid",
        "contraindication_tags": ["allergy_hyaluronic_acid"],
        "max_amount_per_session": None,
        "amount_unit": "mg",
        "max_amount_source": "",
        "notes": (
            "Single-agent intradermal skin booster. Trial products: HA 14 mg/g with mannitol "
            "(Glytone 1, Baspeyras 2013), M-HA10 (Duteil 2023), CPM-HA20G (Belotero Revive, "
            "lidocaine-free; Hertz-Kleptow 2019). Use a licensed product at its labelled "
            "strength. The reference gives no maximum per session beyond about 2 mL per full face "
            "(Ogilvie 2020 consensus)."
        ),
    },
    {
        "name": "HA polyrevitalising complex (HA + vitamins, amino acids, minerals, antioxidants)",
        "ingredient_class": "complex",
        "contraindication_tags": ["allergy_hyaluronic_acid"],
        "max_amount_per_session": None,
        "amount_unit": "mg",
        "max_amount_source": "",
        "notes": (
            "Ready-made cocktail of non-cross-linked HA with vitamins, amino acids, minerals, "
            "coenzymes and antioxidants, as studied by Savoia 2013 (cocktail A), Sparavigna 2015 "
            "(HA 32 mg + vitamins, minerals, amino acids) and Grand-Vincent 2017 (NCTF 135HA). "
            "Composition varies by product: check every component against the patient's "
            "allergies. Lower evidence than HA alone (Ghatge 2023 review)."
        ),
    },
    {
        "name": "Dutasteride",
        "ingredient_class": "antiandrogen",
        "contraindication_tags": [
            "allergy_dutasteride_5ari",
            "pregnancy",
            "breastfeeding",
            "planning_pregnancy",
        ],
        "max_amount_per_session": None,
        "amount_unit": "mg",
        "max_amount_source": "",
        "notes": (
            "Off-label for scalp injection (EJD 2023 review; drtherianou clinic page). Strengths "
            "in studies: 0.005%, 0.01% and 0.05%, with conflicting reports for the same trials. "
            "Real-world dose about 1 mL of 0.01% per session (Saceda-Corralo 2022). Not in "
            "pregnancy or breastfeeding; avoid becoming pregnant for 6 months after a session "
            "(ferbosmedic clinic page). No maximum dose per session in the reference."
        ),
    },
    {
        "name": "Minoxidil",
        "ingredient_class": "vasoactive",
        "contraindication_tags": [],
        "max_amount_per_session": None,
        "amount_unit": "mg",
        "max_amount_source": "",
        "notes": (
            "Intradermal 2% in a randomised trial in women (Azam 2010); 0.5% compared with "
            "topical 5% (Rebellato 2025). The reference gives no maximum dose per session and no "
            "allergy rule; a known minoxidil allergy falls under 'allergy to a component of the "
            "blend'."
        ),
    },
    {
        "name": "Aminophylline",
        "ingredient_class": "lipolytic",
        "contraindication_tags": ["allergy_caffeine_xanthines"],
        "max_amount_per_session": None,
        "amount_unit": "mg",
        "max_amount_source": "",
        "notes": (
            "Xanthine named among cellulite mesotherapy actives (Mayo Clinic; "
            "cellulitetreatment.org). Aminophylline + buflomedil + lidocaine weekly for 12 weeks "
            "had no effect on girth or CT fat (Park 2008). Lipolytic, not ablative: fat cells "
            "survive, so treatment is repeated (Jayasinghe 2013). Do not mix with local "
            "anaesthetics, which inhibit lipolysis (Jayasinghe 2013). The reference gives no "
            "concentration or maximum dose."
        ),
    },
    {
        "name": "Deoxycholic acid",
        "ingredient_class": "lipolytic",
        "contraindication_tags": [],
        "max_amount_per_session": "10",
        "amount_unit": "mL",
        "max_amount_source": (
            "KYBELLA US prescribing information (reference key T32): at most 50 injections / 10 "
            "mL of the 10 mg/mL solution per treatment session, submental only."
        ),
        "notes": (
            "On-label only as KYBELLA 10 mg/mL for submental fat in adults; do not dilute or mix "
            "with other products. 10 mL of 10 mg/mL = 100 mg (computed). Detergent that lyses "
            "cells non-specifically (Rotunda 2004); injection-site ulceration, necrosis and "
            "alopecia are labelled risks."
        ),
    },
    {
        "name": "Phosphatidylcholine 5% + sodium deoxycholate 2.5% (compounded)",
        "ingredient_class": "lipolytic",
        # Not in the reference: injectable phosphatidylcholine is made from soy lecithin
        # (Lipostabil-type product information), and §6 makes an allergy to any component
        # an absolute contraindication. Flagged as not verified in the notes below.
        "contraindication_tags": ["allergy_soy"],
        "max_amount_per_session": None,
        "amount_unit": "mg",
        "max_amount_source": "",
        "notes": (
            "Compounded, off-label injection lipolysis ('lipodissolve'); Lipostabil-type "
            "formulation PC 5% + DC 2.5% (Wikipedia); PC 250 mg/mL in one UK series. Deoxycholate "
            "is the main lytic agent (Rotunda 2004). The only maximum found is '5 g in one "
            "sitting', without saying 5 g of what (Thomas 2016/2018), so no maximum is seeded "
            "here. Soy allergy: PC is derived from soy lecithin (product information; not verified "
            "in the reference); §6 makes allergy to any component absolute. Check the product's "
            "excipients (egg-derived PC exists)."
        ),
    },
    {
        "name": "Lidocaine",
        "ingredient_class": "anaesthetic",
        "contraindication_tags": ["allergy_lidocaine"],
        "max_amount_per_session": None,
        "amount_unit": "mg",
        "max_amount_source": "",
        "notes": (
            "Topical anaesthetic before facial work (LMX under occlusion for 1 h, Amin 2006; "
            "numbing cream for 30–60 min, clinic pages); clinic pages do not apply numbing cream "
            "to the scalp. Do not add to lipolytic solutions: local anaesthetics inhibit "
            "lipolysis (Jayasinghe 2013). Not part of any seeded blend."
        ),
    },
]

PROTOCOLS = [
    {
        "slug": "ha-skin-booster-face",
        "name": "Hyaluronic acid skin booster (face)",
        "indication": "skin_rejuvenation",
        "summary": (
            "Non-cross-linked hyaluronic acid (HA) alone, placed as intradermal micropapules over "
            "the face: 0.01–0.05 mL per point, 5–10 mm apart, about 2 mL per full face, 3 "
            "sessions 2–4 weeks apart, first review about 1 month after the last session. This is "
            "the best-supported skin protocol in the library (placebo-controlled split-face "
            "trials), but the trials used specific products: use a licensed non-cross-linked HA "
            "at its labelled strength. No maintenance interval has been established."
        ),
        "evidence_level": "trial",
        "evidence_summary": (
            "Randomised split-face trial: HA 14 mg/g with mannitol (Glytone 1) against saline on "
            "the other cheek, 50 points of 0.02 mL per cheek, 3 monthly sessions; effects "
            "measured by cutometry, 20 MHz ultrasound and a radiance VAS 1 and 3 months after the "
            "last injection [T1]. Randomised double-blind split-face trial of M-HA10 against "
            "saline, 3 sessions: hydration +35%, firmness +27%, 82% improved on investigator and "
            "subject GAIS [T6]. Open-label study of CPM-HA20G (Belotero Revive), 20 points of "
            "0.05 mL in the lower cheek, 3 sessions 4 weeks apart, followed to 36 weeks [T7]. A "
            "2023 systematic review found skin-quality benefit from injectable HA, with more "
            "effect from HA alone than from cocktails [T10]. The Italian Society of Mesotherapy "
            "consensus considers efficacy in facial skin ageing demonstrated [C1]."
        ),
        "evidence_caveats": (
            "The evidence is product-specific (Glytone 1 [T1], M-HA10 [T6], CPM-HA20G [T7]) and "
            "may not transfer to other HA products. [T7] was open-label without a control arm. "
            "The needle, angle and per-point volume come from an expert consensus on a different "
            "product, the VYC-12L filler [C7]. No source in the reference followed patients "
            "beyond 36 weeks [T7] or established a maintenance interval."
        ),
        "technique": "micropapules",
        "needle_gauge": 32,
        "needle_length_mm": "12.7",
        "depth_min_mm": "1.5",
        "depth_max_mm": "2",
        "spacing_min_mm": "5",
        "spacing_max_mm": "10",
        "volume_per_point_min_ml": "0.01",
        "volume_per_point_max_ml": "0.05",
        "max_total_volume_ml": "2",
        "sessions_count": 3,
        "interval_min_days": 14,
        "interval_max_days": 28,
        "maintenance_interval_days": None,
        "review_after_days": 30,
        "treatment_areas": ["face"],
        "ancillaries": [
            {
                "role": "anaesthetic",
                "name": "Topical lidocaine cream (numbing cream), only if agreed",
                "ingredient": "Lidocaine",
                "use": "On the skin 30–60 minutes before; LMX under occlusion for 1 h in [T5]",
                "optional": True,
                "source": "[T5][P18][P13]",
            }
        ],
        "pre_care": [
            (
                "Tell us about every medicine and supplement you take. If one that was not "
                "prescribed for you needs a pause before treatment (such as aspirin, ibuprofen, "
                "fish oil, vitamin E, ginkgo or garlic), your personal list gives the day to "
                "start it."
            ),
            (
                "Tell us about any prescribed blood thinner, anti-platelet medicine or "
                "antidepressant; do not stop it unless your doctor tells you to."
            ),
            (
                "Do not use retinoid creams (such as Retin-A) for 2 days before, and do not use "
                "AHA (fruit-acid) products on the area for 4 weeks before."
            ),
            "Do not have a peel, laser or microdermabrasion in the 5 days before.",
            (
                "Avoid alcohol for 48 hours before, and avoid smoking and a lot of coffee for 24 "
                "hours before."
            ),
            "Drink 1 to 1.5 litres of water on the day of treatment.",
            (
                "Come without make-up; if we agreed on numbing cream, it goes on 30 to 60 minutes "
                "before the injections."
            ),
            (
                "Tell us before the day if you have a cold sore, inflamed spots, a rash, broken "
                "skin or sunburn on the area to be treated; we will move the appointment."
            ),
            (
                "Tell us if you are pregnant, breastfeeding or trying for a baby; this treatment "
                "is not given in pregnancy or while breastfeeding."
            ),
        ],
        "aftercare": [
            "Do not wash the treated skin or shower for 8 hours.",
            "Do not wear make-up for 24 hours.",
            "You can go back to your usual gentle skin care after 12 hours.",
            "For 48 hours, avoid exercise, hot baths, sauna, jacuzzi and massage of the face.",
            "No sun exposure for 48 hours; use SPF 25 or more until any bruises fade.",
            "No peels, laser or other beauty treatments on the area for 14 days.",
            (
                "If the skin is sore or swollen, hold an ice pack wrapped in a cloth on it for a "
                "few minutes at a time."
            ),
            (
                "Contact us straight away if you notice a new painful lump, pus or discharge, "
                "fever, spreading redness, or skin that turns pale, grey or dark at a treated "
                "spot."
            ),
        ],
        "absolute_contraindications": [
            "pregnancy",
            "breastfeeding",
            "active_skin_infection",
            "sunburn",
            "allergy_hyaluronic_acid",
            "allergy_blend_component",
        ],
        "relative_contraindications": [
            "bleeding_disorder",
            "anticoagulant",
            "antiplatelet",
            "nsaid",
            "ssri_snri",
            "bleeding_risk_supplement",
            "autoimmune_disease",
            "diabetes",
            "malignancy",
            "immunosuppression",
            "keloid_tendency",
            "cardiovascular_disease",
            "liver_kidney_disease",
            "recent_isotretinoin",
            "recent_retinoid",
            "recent_laser_or_peel",
            "under_18",
        ],
        "side_effects": [
            {
                "effect": (
                    "Pain, redness, swelling, tenderness and itching at the injection points"
                ),
                "usual_duration": "minutes to hours; rarely a few days",
            },
            {
                "effect": "Small bruises and bleeding points",
                "usual_duration": (
                    "minutes to hours; rarely a few days (bruises can take longer to fade)"
                ),
            },
            {"effect": "Stinging or burning of the treated skin", "usual_duration": "2–3 hours"},
        ],
        "consent_risk_text": (
            "This treatment places many tiny injections of hyaluronic acid into the skin of the "
            "face. Common: pain during the injections, redness, swelling, tenderness, itching, "
            "small bruises and bleeding points, which usually settle within minutes to hours and "
            "rarely last a few days, and stinging or burning for 2 to 3 hours. Uncommon or rare: "
            "infection at the injection points, including infection with atypical "
            "(non-tuberculous) mycobacteria, which can cause several lumps, often needs several "
            "courses of antibiotics over weeks and can leave scars; lumps of inflammation "
            "(granulomas); inflammation of the fat under the skin (panniculitis); and small areas "
            "of skin damage (necrosis). The sources we use give no exact rates for these rarer "
            "events. Results vary and are not guaranteed; studies followed patients for up to 36 "
            "weeks, and no top-up schedule has been established."
        ),
        "blend": [
            {
                "ingredient": "Non-cross-linked hyaluronic acid",
                "concentration": "14",
                "concentration_unit": "mg/g",
                "volume_ml": "2",
            },
        ],
        "sources": [
            {
                "key": "C1",
                "citation": (
                    "Mammucari M, Gatti A, Maggiori S, Bartoletti CA, Sabato AF. 2011. "
                    "Mesotherapy, definition, rationale and clinical role: a consensus report "
                    "from the Italian Society of Mesotherapy. Eur Rev Med Pharmacol Sci "
                    "15:682–694. (abstract via studyres.com / vdocuments.us copies)"
                ),
            },
            {
                "key": "C5",
                "citation": (
                    "2025. International Consensus Guidelines on the Safe and Evidence-Based "
                    "Practice of Mesotherapy: A Multidisciplinary Statement. J Clin Med "
                    "14(13):4689 (mdpi.com). Outline only."
                ),
            },
            {
                "key": "C7",
                "citation": (
                    "Ogilvie P, Thulesen J, Leys C, et al. 2020. Expert consensus on injection "
                    "technique and area-specific recommendations for the hyaluronic acid dermal "
                    "filler VYC-12L to treat fine cutaneous lines. Clin Cosmet Investig Dermatol "
                    "13:267–274."
                ),
            },
            {
                "key": "C8",
                "citation": (
                    "American Society for Aesthetic Plastic Surgery. 2007 (May 14). Patient "
                    "safety warning to steer clear of injection fat loss treatments "
                    "(surgery.org); see also the ASAPS 2006 release Lipodissolve treatments need "
                    "regulation, more study."
                ),
            },
            {
                "key": "T1",
                "citation": (
                    "Baspeyras M, Rouvrais C, Liégard L, et al. 2013. Clinical and "
                    "biometrological efficacy of a hyaluronic acid-based mesotherapy product: a "
                    "randomised controlled study."
                ),
            },
            {
                "key": "T5",
                "citation": (
                    "Amin SP, Phelps RG, Goldberg DJ. 2006. Mesotherapy for facial skin "
                    "rejuvenation: a clinical, histologic, and electron microscopic evaluation. "
                    "Dermatol Surg 32:1467–1472 (via slide summary, slideum.com)."
                ),
            },
            {
                "key": "T6",
                "citation": (
                    "Duteil L, Queille-Roussel C, Issa H, Sukmansaya N, Murray J, Fanian F. 2023. "
                    "The effects of a non-cross-linked hyaluronic acid gel on the aging signs of "
                    "the face versus normal saline: a randomized, double-blind, "
                    "placebo-controlled, split-faced study. J Clin Aesthet Dermatol 16(2):29–36."
                ),
            },
            {
                "key": "T7",
                "citation": (
                    "Hertz-Kleptow D, Hanschmann A, Hofmann M, Reuther T, Kerscher M. 2019. "
                    "Facial skin revitalization with CPM-HA20G: an effective and safe early "
                    "intervention treatment. Clin Cosmet Investig Dermatol 12:563–572."
                ),
            },
            {
                "key": "T10",
                "citation": (
                    "Ghatge AS, Ghatge SB. 2023. The effectiveness of injectable hyaluronic acid "
                    "in the improvement of the facial skin quality: a systematic review. Clin "
                    "Cosmet Investig Dermatol 16:891–899."
                ),
            },
            {
                "key": "T32",
                "citation": (
                    "KYBELLA (deoxycholic acid) injection, US prescribing information (DailyMed "
                    "via fda.report; drugs.com dosage page; adverse-reaction table via "
                    "mdtodate.com; safety summaries on clinic pages)."
                ),
            },
            {
                "key": "T32b",
                "citation": "Canadian labelling contraindication as summarised on medicine.com.",
            },
            {
                "key": "T43",
                "citation": (
                    "Campos LM, Miot LDB, Marques MEA, Miot HA. 2019. Noninfectious suppurative "
                    "panniculitis induced by mesotherapy with deoxycholate. An Bras Dermatol "
                    "94:754–756."
                ),
            },
            {
                "key": "T44",
                "citation": (
                    "Tan J, Rao B. (year not shown). Mesotherapy-induced panniculitis treated "
                    "with dapsone: case report and review of reported adverse effects of "
                    "mesotherapy."
                ),
            },
            {
                "key": "T45",
                "citation": (
                    "Singsing ME, Duncan SG, Vachon MJ, Goff HW. 2022. Clinical features of "
                    "mesotherapy-associated non-tuberculous mycobacterial infections: a "
                    "systematic review. Int J Womens Dermatol 8(4):e059."
                ),
            },
            {
                "key": "T46",
                "citation": (
                    "Plachouri KM, Georgiou S. 2019. Mesotherapy: safety profile and management "
                    "of complications. J Cosmet Dermatol (doi 10.1111/jocd.13115)."
                ),
            },
            {
                "key": "S2",
                "citation": (
                    "2022 CME review of bleeding risks of popular herbal and dietary supplements "
                    "(PMC9586694; authors not shown in excerpt)."
                ),
            },
            {
                "key": "S4",
                "citation": (
                    "Palamaras I, Semkova K. 2015. Perioperative management of and "
                    "recommendations for antithrombotic medications in dermatological surgery. Br "
                    "J Dermatol (doi 10.1111/bjd.13362)."
                ),
            },
            {
                "key": "S5",
                "citation": (
                    "Iyengar S, Yeager DG, Cohen JL, Ozog DM. 2019/2020. Update and review of "
                    "bleeding considerations in dermatologic surgery: anticoagulants and "
                    "antiplatelets. Dermatol Surg 46(2):192–201."
                ),
            },
            {
                "key": "S6",
                "citation": (
                    "Trager MH, et al. 2025. Part 1: Management of antithrombotic medications in "
                    "dermatologic surgery. J Am Acad Dermatol 92(3):389–404."
                ),
            },
            {
                "key": "S9",
                "citation": (
                    "Mokhtarian A, Siguret V, Jourdi G. 2024. Effects of selective serotonin "
                    "reuptake inhibitors on platelet functions: a literature review. Curr Opin "
                    "Hematol 31(1):22–33."
                ),
            },
            {"key": "P1", "citation": "Mesoderm (mesoderm.es), Mesotherapy – manual techniques."},
            {
                "key": "P7",
                "citation": (
                    "azpmu.org, Mesotherapy pre and post care information for aestheticians."
                ),
            },
            {
                "key": "P8",
                "citation": "simply-aesthetics.com, Post-treatment instructions – Mesotherapy.",
            },
            {
                "key": "P9",
                "citation": (
                    "borcianilondon.com, Mesotherapy aftercare – pre & post care instructions."
                ),
            },
            {"key": "P10", "citation": "javafloaesthetics.com, Mesotherapy after care."},
            {
                "key": "P11",
                "citation": "invitro.md, Injectable collagen-stimulation therapy – preparation.",
            },
            {"key": "P18", "citation": "aparanthospital.com, Mesotherapy for hair loss."},
            {"key": "P19", "citation": "delightmedical.com, Mesotherapy safety."},
            {
                "key": "P20",
                "citation": "doctormedica.co blog, Mesotherapy for cellulite treatment (vendor).",
            },
            {"key": "P22", "citation": "bellareynaspa.com, Must know (pre/post mesotherapy)."},
            {
                "key": "P23",
                "citation": "healthfan.biz, Mesotherapy – contraindications (low-quality source).",
            },
            {
                "key": "P29",
                "citation": "turkishhealthexperts.com, What to watch for after hair mesotherapy.",
            },
        ],
        "value_sources": {
            "blend": (
                "Non-cross-linked HA 14 mg/g with mannitol (Glytone 1) from the split-face RCT "
                "[T1]; other trials used M-HA10 [T6] and CPM-HA20G [T7]. 2 mL = the consensus "
                "full-face total [C7]."
            ),
            "technique": (
                "Multiple intradermal micro-injections (micropapules) [T1][P1]. Needle 32G ½-inch "
                "(12.7 mm), angle under 45°, deep dermis [C7] (expert panel on one product, "
                "VYC-12L)."
            ),
            "depth": "Micropapules at 1.5–2 mm [P1]; deep dermis for skin boosters [C7].",
            "spacing": "0.5–1.0 cm [C7]; about 10 mm for micropapules [P1].",
            "volume": (
                "0.01–0.05 mL per point [C7]; 0.02 mL in [T1], 0.05 mL in [T7]. About 2 mL per "
                "full face [C7]; 1.0 mL per cheek in [T1] (computed: 50 × 0.02 mL)."
            ),
            "course": (
                "3 sessions: monthly [T1], 4 weeks apart [T7], 3 sessions [T6]. The 14–28-day "
                "interval and the review about 1 month after the last session are the reference's "
                "seeding notes for this template (§2), derived from these trials. No maintenance "
                "interval was found [T1][T7]."
            ),
            "pre_care": (
                "Non-prescribed aspirin/NSAIDs 2–3 days [P9][P7] (3 days used); alcohol kept to a "
                "minimum 24–48 h [P7][P9] (48 h used); no smoking, alcohol or excess coffee 24 h, "
                "1–1.5 L water, no make-up, no peel/laser/microdermabrasion 3–5 days before (5 "
                "days used) [P11]; no 1% Retin-A 2 days and no AHA 4 weeks [P9]; numbing cream "
                "30–60 min [P18]. Supplements: the reference gives no skin-specific window, so "
                "the review advice of 2 weeks for non-essential supplements is used [S2]. "
                "Prescribed anticoagulants, antiplatelets and SSRIs/SNRIs are flagged for "
                "clinician review and never stopped by the patient (§7) [S4][S5][S6][S9]; "
                "non-prescribed NSAIDs and bleeding-risk supplements are flagged and paused "
                "before treatment [S2]."
            ),
            "aftercare": (
                "No washing or shower 8 h; no hot baths, sauna, jacuzzi, massage or exercise 48 "
                "h; no sun 48 h and SPF 25 or more until bruises fade [P10][P7]. No peels, laser "
                "or beauty treatments 14 days [P8]. No make-up 6–24 h [P23][P18] (24 h used). "
                "Normal skin care after 12 h [P22]. Ice packs as needed [P18]. Warning signs: the "
                "reference's suggested urgent-review trigger (§8) and [P29]."
            ),
            "contraindications": (
                "Absolute/relative split is the reference's proposal for software rules (§6), "
                "assembled from trial exclusions [T5], the KYBELLA label [T32][T32b] and clinic "
                "pages [P7][P9][P19][P22][P23]. Sunburn belongs to the 'active infection or "
                "inflammation' row (defer) [P7][P9][P11]. Pregnancy, retinoid use, laser in the "
                "previous 6 months and keloid tendency were trial exclusions [T5]; isotretinoin "
                "and recent laser/peels are relative [T5][P9][P11]. Age outside 18–75 is a "
                "caution [P19][P20]. Prescribed anticoagulants, antiplatelets and SSRIs/SNRIs are "
                "flagged for clinician review and never stopped by the patient (§7) "
                "[S4][S5][S6][S9]; non-prescribed NSAIDs and bleeding-risk supplements are "
                "flagged and paused before treatment [S2]."
            ),
            "side_effects": (
                "Redness, swelling, pain, tenderness, itching, bruising and bleeding points, "
                "usually gone within minutes to hours and rarely lasting days [P9]; stinging or "
                "burning 2–3 h [P10]. Consent risks: needle microtrauma [C5]; non-tuberculous "
                "mycobacterial infection [T45]; granulomas and necrosis [C8][T46]; panniculitis "
                "[T43][T44]."
            ),
            "treatment_areas": (
                "Face: the cited trials treated the face and cheeks [T1][T6][T7]. Neck, "
                "décolletage and hands belong to the indication (§2), but no study in the "
                "reference covered them."
            ),
        },
    },
    {
        "slug": "ha-polyrevitalising-cocktail-face",
        "name": "HA polyrevitalising cocktail (face) – lower evidence",
        "indication": "skin_rejuvenation",
        "summary": (
            "Lower-evidence protocol. A ready-made 'polyrevitalising' solution of "
            "non-cross-linked HA with vitamins, amino acids, minerals and antioxidants, placed as "
            "intradermal micropapules over the face: 4 sessions every 2–3 weeks. Only "
            "uncontrolled studies support it, a systematic review found HA alone worked better "
            "than cocktails, and a periorbital multivitamin study was negative: prefer the HA "
            "skin booster where it suits, and do not use this protocol around the eyes."
        ),
        "evidence_level": "trial",
        "evidence_summary": (
            "Lower-evidence (uncontrolled studies only). Two HA cocktails, (A) HA + vitamins, "
            "amino acids, minerals, coenzymes and antioxidants for ages 50–65 and (B) HA + "
            "idebenone for ages 35–50, 4 sessions at 15-day intervals, assessed with GAIS and "
            "WSRS at 0, 1 and 2 months [T2]. HA 32 mg with vitamins, minerals and amino acids, 4 "
            "sessions 3 weeks apart, assessed at 6, 9 and 12 weeks [T8]. NCTF 135HA (HA + "
            "vitamins, antioxidants, mineral salts, enzymes), 5 sessions [T9]. The Italian "
            "Society of Mesotherapy consensus considers intradermal therapy effective in facial "
            "skin ageing in general [C1]."
        ),
        "evidence_caveats": (
            "Negative: periorbital mesotherapy with a multivitamin/plant-extract solution (6 "
            "sessions 2 weeks apart, n = 6) produced no significant clinical or histological "
            "change [T3]. Amin 2006 (multivitamin mixture and HA mixed 9:1, n = 10) is widely "
            "cited as negative, but the reference could not confirm its result or schedule [T5]. "
            "The 2023 systematic review found more effect from HA alone than from cocktails "
            "[T10]. None of the cocktail studies had a control arm."
        ),
        "technique": "micropapules",
        "needle_gauge": 32,
        "needle_length_mm": "13",
        "depth_min_mm": "1.5",
        "depth_max_mm": "2",
        "spacing_min_mm": "10",
        "spacing_max_mm": "10",
        "volume_per_point_min_ml": "0.01",
        "volume_per_point_max_ml": "0.05",
        "max_total_volume_ml": "2.5",
        "sessions_count": 4,
        "interval_min_days": 14,
        "interval_max_days": 21,
        "maintenance_interval_days": None,
        "review_after_days": 30,
        "treatment_areas": ["face"],
        "ancillaries": [
            {
                "role": "anaesthetic",
                "name": "Topical lidocaine cream (numbing cream), only if agreed",
                "ingredient": "Lidocaine",
                "use": "On the skin 30–60 minutes before; LMX under occlusion for 1 h in [T5]",
                "optional": True,
                "source": "[T5][P18][P13]",
            }
        ],
        "pre_care": [
            (
                "Tell us about every medicine and supplement you take. If one that was not "
                "prescribed for you needs a pause before treatment (such as aspirin, ibuprofen, "
                "fish oil, vitamin E, ginkgo or garlic), your personal list gives the day to "
                "start it."
            ),
            (
                "Tell us about any prescribed blood thinner, anti-platelet medicine or "
                "antidepressant; do not stop it unless your doctor tells you to."
            ),
            (
                "Do not use retinoid creams (such as Retin-A) for 2 days before, and do not use "
                "AHA (fruit-acid) products on the area for 4 weeks before."
            ),
            "Do not have a peel, laser or microdermabrasion in the 5 days before.",
            (
                "Avoid alcohol for 48 hours before, and avoid smoking and a lot of coffee for 24 "
                "hours before."
            ),
            "Drink 1 to 1.5 litres of water on the day of treatment.",
            (
                "Come without make-up; if we agreed on numbing cream, it goes on 30 to 60 minutes "
                "before the injections."
            ),
            (
                "Tell us before the day if you have a cold sore, inflamed spots, a rash, broken "
                "skin or sunburn on the area to be treated; we will move the appointment."
            ),
            (
                "Tell us if you are pregnant, breastfeeding or trying for a baby; this treatment "
                "is not given in pregnancy or while breastfeeding."
            ),
        ],
        "aftercare": [
            "Do not wash the treated skin or shower for 8 hours.",
            "Do not wear make-up for 24 hours.",
            "You can go back to your usual gentle skin care after 12 hours.",
            "For 48 hours, avoid exercise, hot baths, sauna, jacuzzi and massage of the face.",
            "No sun exposure for 48 hours; use SPF 25 or more until any bruises fade.",
            "No peels, laser or other beauty treatments on the area for 14 days.",
            (
                "If the skin is sore or swollen, hold an ice pack wrapped in a cloth on it for a "
                "few minutes at a time."
            ),
            (
                "Contact us straight away if you notice a new painful lump, pus or discharge, "
                "fever, spreading redness, or skin that turns pale, grey or dark at a treated "
                "spot."
            ),
        ],
        "absolute_contraindications": [
            "pregnancy",
            "breastfeeding",
            "active_skin_infection",
            "sunburn",
            "allergy_hyaluronic_acid",
            "allergy_blend_component",
        ],
        "relative_contraindications": [
            "bleeding_disorder",
            "anticoagulant",
            "antiplatelet",
            "nsaid",
            "ssri_snri",
            "bleeding_risk_supplement",
            "autoimmune_disease",
            "diabetes",
            "malignancy",
            "immunosuppression",
            "keloid_tendency",
            "cardiovascular_disease",
            "liver_kidney_disease",
            "recent_isotretinoin",
            "recent_retinoid",
            "recent_laser_or_peel",
            "under_18",
        ],
        "side_effects": [
            {
                "effect": (
                    "Pain, redness, swelling, tenderness and itching at the injection points"
                ),
                "usual_duration": "minutes to hours; rarely a few days",
            },
            {
                "effect": "Small bruises and bleeding points",
                "usual_duration": (
                    "minutes to hours; rarely a few days (bruises can take longer to fade)"
                ),
            },
            {"effect": "Stinging or burning of the treated skin", "usual_duration": "2–3 hours"},
        ],
        "consent_risk_text": (
            "This treatment places many tiny injections of a mixture of hyaluronic acid, "
            "vitamins, amino acids, minerals and antioxidants into the skin of the face. The "
            "evidence that it works is weaker than for hyaluronic acid alone, and one study of a "
            "vitamin mixture around the eyes found no benefit. Common: pain during the "
            "injections, redness, swelling, tenderness, itching, small bruises and bleeding "
            "points, which usually settle within minutes to hours and rarely last a few days, and "
            "stinging or burning for 2 to 3 hours. An allergy to any ingredient of the mixture is "
            "possible. Uncommon or rare: infection at the injection points, including infection "
            "with atypical (non-tuberculous) mycobacteria, which can cause several lumps, often "
            "needs several courses of antibiotics over weeks and can leave scars; lumps of "
            "inflammation (granulomas); inflammation of the fat under the skin (panniculitis); "
            "and small areas of skin damage (necrosis). The sources we use give no exact rates "
            "for these rarer events."
        ),
        "blend": [
            {
                "ingredient": (
                    "HA polyrevitalising complex (HA + vitamins, amino acids, minerals, "
                    "antioxidants)"
                ),
                "concentration": None,
                "concentration_unit": "blend",
                "volume_ml": "2.5",
            },
        ],
        "sources": [
            {
                "key": "C1",
                "citation": (
                    "Mammucari M, Gatti A, Maggiori S, Bartoletti CA, Sabato AF. 2011. "
                    "Mesotherapy, definition, rationale and clinical role: a consensus report "
                    "from the Italian Society of Mesotherapy. Eur Rev Med Pharmacol Sci "
                    "15:682–694. (abstract via studyres.com / vdocuments.us copies)"
                ),
            },
            {
                "key": "C3",
                "citation": (
                    "Mammucari M, Maggiori E, Russo D, et al. 2020. Mesotherapy: from historical "
                    "notes to scientific evidence and future prospects. Sci World J 2020:3542848 "
                    "(hindawi.com; PMC7305548). Technique paragraph as reproduced on "
                    'phptrainingacademy.com "pain-management".'
                ),
            },
            {
                "key": "C5",
                "citation": (
                    "2025. International Consensus Guidelines on the Safe and Evidence-Based "
                    "Practice of Mesotherapy: A Multidisciplinary Statement. J Clin Med "
                    "14(13):4689 (mdpi.com). Outline only."
                ),
            },
            {
                "key": "C7",
                "citation": (
                    "Ogilvie P, Thulesen J, Leys C, et al. 2020. Expert consensus on injection "
                    "technique and area-specific recommendations for the hyaluronic acid dermal "
                    "filler VYC-12L to treat fine cutaneous lines. Clin Cosmet Investig Dermatol "
                    "13:267–274."
                ),
            },
            {
                "key": "C8",
                "citation": (
                    "American Society for Aesthetic Plastic Surgery. 2007 (May 14). Patient "
                    "safety warning to steer clear of injection fat loss treatments "
                    "(surgery.org); see also the ASAPS 2006 release Lipodissolve treatments need "
                    "regulation, more study."
                ),
            },
            {
                "key": "T2",
                "citation": (
                    "Savoia A, Landi S, Baldi A. 2013. A new minimally invasive mesotherapy "
                    "technique for facial rejuvenation. Dermatol Ther (Heidelb) 3(1):83–93."
                ),
            },
            {
                "key": "T3",
                "citation": (
                    "El-Domyati M, El-Ammawi TS, Moawad O, et al. 2012. Efficacy of mesotherapy "
                    "in facial rejuvenation: a histological and immunohistochemical evaluation. "
                    "Int J Dermatol."
                ),
            },
            {
                "key": "T5",
                "citation": (
                    "Amin SP, Phelps RG, Goldberg DJ. 2006. Mesotherapy for facial skin "
                    "rejuvenation: a clinical, histologic, and electron microscopic evaluation. "
                    "Dermatol Surg 32:1467–1472 (via slide summary, slideum.com)."
                ),
            },
            {
                "key": "T8",
                "citation": (
                    "Sparavigna A, Tenconi B, De Ponti I. 2015. Antiaging, photoprotective, and "
                    "brightening activity in biorevitalization: a new solution for aging skin. "
                    "Clin Cosmet Investig Dermatol 8:57–65."
                ),
            },
            {
                "key": "T9",
                "citation": (
                    "Grand-Vincent A, Boisnic S, Salomon C, Prinderre P, Piccerelle P. 2017. "
                    "Clinical assessment of a mesotherapy formulation for skin rejuvenation in "
                    "healthy volunteers. J Cosmet Dermatol Sci Appl 7:291–305."
                ),
            },
            {
                "key": "T10",
                "citation": (
                    "Ghatge AS, Ghatge SB. 2023. The effectiveness of injectable hyaluronic acid "
                    "in the improvement of the facial skin quality: a systematic review. Clin "
                    "Cosmet Investig Dermatol 16:891–899."
                ),
            },
            {
                "key": "T32",
                "citation": (
                    "KYBELLA (deoxycholic acid) injection, US prescribing information (DailyMed "
                    "via fda.report; drugs.com dosage page; adverse-reaction table via "
                    "mdtodate.com; safety summaries on clinic pages)."
                ),
            },
            {
                "key": "T32b",
                "citation": "Canadian labelling contraindication as summarised on medicine.com.",
            },
            {
                "key": "T43",
                "citation": (
                    "Campos LM, Miot LDB, Marques MEA, Miot HA. 2019. Noninfectious suppurative "
                    "panniculitis induced by mesotherapy with deoxycholate. An Bras Dermatol "
                    "94:754–756."
                ),
            },
            {
                "key": "T44",
                "citation": (
                    "Tan J, Rao B. (year not shown). Mesotherapy-induced panniculitis treated "
                    "with dapsone: case report and review of reported adverse effects of "
                    "mesotherapy."
                ),
            },
            {
                "key": "T45",
                "citation": (
                    "Singsing ME, Duncan SG, Vachon MJ, Goff HW. 2022. Clinical features of "
                    "mesotherapy-associated non-tuberculous mycobacterial infections: a "
                    "systematic review. Int J Womens Dermatol 8(4):e059."
                ),
            },
            {
                "key": "T46",
                "citation": (
                    "Plachouri KM, Georgiou S. 2019. Mesotherapy: safety profile and management "
                    "of complications. J Cosmet Dermatol (doi 10.1111/jocd.13115)."
                ),
            },
            {
                "key": "S2",
                "citation": (
                    "2022 CME review of bleeding risks of popular herbal and dietary supplements "
                    "(PMC9586694; authors not shown in excerpt)."
                ),
            },
            {
                "key": "S4",
                "citation": (
                    "Palamaras I, Semkova K. 2015. Perioperative management of and "
                    "recommendations for antithrombotic medications in dermatological surgery. Br "
                    "J Dermatol (doi 10.1111/bjd.13362)."
                ),
            },
            {
                "key": "S5",
                "citation": (
                    "Iyengar S, Yeager DG, Cohen JL, Ozog DM. 2019/2020. Update and review of "
                    "bleeding considerations in dermatologic surgery: anticoagulants and "
                    "antiplatelets. Dermatol Surg 46(2):192–201."
                ),
            },
            {
                "key": "S6",
                "citation": (
                    "Trager MH, et al. 2025. Part 1: Management of antithrombotic medications in "
                    "dermatologic surgery. J Am Acad Dermatol 92(3):389–404."
                ),
            },
            {
                "key": "S9",
                "citation": (
                    "Mokhtarian A, Siguret V, Jourdi G. 2024. Effects of selective serotonin "
                    "reuptake inhibitors on platelet functions: a literature review. Curr Opin "
                    "Hematol 31(1):22–33."
                ),
            },
            {"key": "P1", "citation": "Mesoderm (mesoderm.es), Mesotherapy – manual techniques."},
            {
                "key": "P7",
                "citation": (
                    "azpmu.org, Mesotherapy pre and post care information for aestheticians."
                ),
            },
            {
                "key": "P8",
                "citation": "simply-aesthetics.com, Post-treatment instructions – Mesotherapy.",
            },
            {
                "key": "P9",
                "citation": (
                    "borcianilondon.com, Mesotherapy aftercare – pre & post care instructions."
                ),
            },
            {"key": "P10", "citation": "javafloaesthetics.com, Mesotherapy after care."},
            {
                "key": "P11",
                "citation": "invitro.md, Injectable collagen-stimulation therapy – preparation.",
            },
            {"key": "P18", "citation": "aparanthospital.com, Mesotherapy for hair loss."},
            {"key": "P19", "citation": "delightmedical.com, Mesotherapy safety."},
            {
                "key": "P20",
                "citation": "doctormedica.co blog, Mesotherapy for cellulite treatment (vendor).",
            },
            {"key": "P22", "citation": "bellareynaspa.com, Must know (pre/post mesotherapy)."},
            {
                "key": "P23",
                "citation": "healthfan.biz, Mesotherapy – contraindications (low-quality source).",
            },
            {
                "key": "P29",
                "citation": "turkishhealthexperts.com, What to watch for after hair mesotherapy.",
            },
        ],
        "value_sources": {
            "blend": (
                "Ready-made HA cocktail as in [T2] (cocktail A), [T8] and [T9] (NCTF 135HA); "
                "composition and strengths are the product's own. Volume = the session maximum "
                "below."
            ),
            "technique": (
                "Micropapules [P1]; multiple intradermal micro-injections [T2]. Needle 13 mm 32G "
                "from the general SIM guidance (4 mm 27G or 13 mm 30/32G, held at 30–45°) [C3]; "
                "the cocktail studies in the reference give no needle except a 1.5 mm hub needle "
                "in [T5]."
            ),
            "depth": "Micropapules at 1.5–2 mm [P1].",
            "spacing": "1 cm [T5]; about 10 mm for micropapules [P1].",
            "volume": (
                "0.01 mL per point [T5] up to 0.05 mL [C7]. Session maximum 2.5 mL: 2.0–2.5 mL "
                "for the face (computed: 200–250 points × 0.01 mL) [T5]."
            ),
            "course": (
                "4 sessions at 15-day intervals [T2]; 4 sessions at 3-week intervals [T8]; the "
                "reference's seeding note gives 4–6 sessions every 2–3 weeks for cocktails (§2). "
                "4 sessions every 14–21 days used. No maintenance interval found. No post-course "
                "review interval in the sources; 30 days chosen, matching the 1-month assessment "
                "in [T2] and the HA skin-booster template."
            ),
            "pre_care": (
                "Non-prescribed aspirin/NSAIDs 2–3 days [P9][P7] (3 days used); alcohol kept to a "
                "minimum 24–48 h [P7][P9] (48 h used); no smoking, alcohol or excess coffee 24 h, "
                "1–1.5 L water, no make-up, no peel/laser/microdermabrasion 3–5 days before (5 "
                "days used) [P11]; no 1% Retin-A 2 days and no AHA 4 weeks [P9]; numbing cream "
                "30–60 min [P18]. Supplements: the reference gives no skin-specific window, so "
                "the review advice of 2 weeks for non-essential supplements is used [S2]. "
                "Prescribed anticoagulants, antiplatelets and SSRIs/SNRIs are flagged for "
                "clinician review and never stopped by the patient (§7) [S4][S5][S6][S9]; "
                "non-prescribed NSAIDs and bleeding-risk supplements are flagged and paused "
                "before treatment [S2]."
            ),
            "aftercare": (
                "No washing or shower 8 h; no hot baths, sauna, jacuzzi, massage or exercise 48 "
                "h; no sun 48 h and SPF 25 or more until bruises fade [P10][P7]. No peels, laser "
                "or beauty treatments 14 days [P8]. No make-up 6–24 h [P23][P18] (24 h used). "
                "Normal skin care after 12 h [P22]. Ice packs as needed [P18]. Warning signs: the "
                "reference's suggested urgent-review trigger (§8) and [P29]."
            ),
            "contraindications": (
                "Absolute/relative split is the reference's proposal for software rules (§6), "
                "assembled from trial exclusions [T5], the KYBELLA label [T32][T32b] and clinic "
                "pages [P7][P9][P19][P22][P23]. Sunburn belongs to the 'active infection or "
                "inflammation' row (defer) [P7][P9][P11]. Pregnancy, retinoid use, laser in the "
                "previous 6 months and keloid tendency were trial exclusions [T5]; isotretinoin "
                "and recent laser/peels are relative [T5][P9][P11]. Age outside 18–75 is a "
                "caution [P19][P20]. Prescribed anticoagulants, antiplatelets and SSRIs/SNRIs are "
                "flagged for clinician review and never stopped by the patient (§7) "
                "[S4][S5][S6][S9]; non-prescribed NSAIDs and bleeding-risk supplements are "
                "flagged and paused before treatment [S2]."
            ),
            "side_effects": (
                "Redness, swelling, pain, tenderness, itching, bruising and bleeding points, "
                "usually gone within minutes to hours and rarely lasting days [P9]; stinging or "
                "burning 2–3 h [P10]. Consent risks: needle microtrauma [C5]; non-tuberculous "
                "mycobacterial infection [T45]; granulomas and necrosis [C8][T46]; panniculitis "
                "[T43][T44]."
            ),
            "treatment_areas": (
                "Face [T2][T8][T9]. The periorbital area is deliberately not included because the "
                "periorbital study was negative [T3]."
            ),
        },
    },
    {
        "slug": "dutasteride-scalp-0-01",
        "name": "Dutasteride 0.01% scalp mesotherapy (off-label)",
        "indication": "hair_restoration",
        "summary": (
            "Off-label: dutasteride is not licensed for injection into the scalp [T14][P37]; "
            "record off-label consent. Dutasteride 0.01%, about 1 mL per session, as superficial "
            "intradermal micro-injections over the thinning area every 3 months, the commonest "
            "schedule in a real-world series of 541 patients [T13]. Never during pregnancy or "
            "breastfeeding, and anyone who could become pregnant must avoid pregnancy for 6 "
            "months after each session [P14]."
        ),
        "evidence_level": "trial",
        "evidence_summary": (
            "Off-label use [T14][P37]. A 2023 concise review lists placebo-controlled studies of "
            "dutasteride 0.005% in men with androgenetic alopecia (Abdallah; Sobhy), a 2017 pilot "
            "of 0.01%, and combinations: 0.01% plus oral minoxidil was better than oral minoxidil "
            "alone at the vertex, and 0.05% was combined with minoxidil 2% [T14]. Retrospective "
            "real-world series (n = 541): every 3 months was the commonest year-1 schedule, pain "
            "was the commonest adverse event (45.5%), and there were no serious or sexual adverse "
            "events [T13]. Controlled studies in men (pilot) [T11] and in women with female "
            "pattern hair loss (saline arm) [T12] used weekly-then-tapering induction courses."
        ),
        "evidence_caveats": (
            "Evidence is small and of low quality overall: five hair-mesotherapy studies (344 "
            "patients) were of poor quality [T18], and there is no standard regimen [T19]. "
            "Concentrations conflict between sources: 0.05% in Abdallah's abstract [T11] versus "
            "0.005% in the review [T14]; Moftah's preparation is '0.5 mg' in a news summary "
            "[T12s] and 0.05% in the review [T14]. The 0.01% strength and the 1 mL dose rest on a "
            "pilot study [T14] and a secondary summary of [T13]. Patchy and late-onset scarring "
            "hair loss at injection sites has been reported after scalp mesotherapy "
            "[T22][T23][T24]."
        ),
        "technique": "micropapules",
        "needle_gauge": 27,
        "needle_length_mm": "4",
        "depth_min_mm": "1",
        "depth_max_mm": "2",
        "spacing_min_mm": "10",
        "spacing_max_mm": "10",
        "volume_per_point_min_ml": "0.01",
        "volume_per_point_max_ml": "0.05",
        "max_total_volume_ml": "1",
        "sessions_count": 4,
        "interval_min_days": 90,
        "interval_max_days": 90,
        "maintenance_interval_days": 90,
        "review_after_days": 90,
        "treatment_areas": ["scalp"],
        "pre_care": [
            (
                "Tell us about every medicine and supplement you take. If one that was not "
                "prescribed for you needs a pause before treatment (such as aspirin, ibuprofen, "
                "fish oil, vitamin E, ginkgo or garlic), your personal list gives the day to "
                "start it."
            ),
            (
                "Tell us about any prescribed blood thinner, anti-platelet medicine or "
                "antidepressant; do not stop it unless your doctor tells you to."
            ),
            "Do not drink alcohol for 24 hours before.",
            "Try not to smoke for 2 days before.",
            "Wash your scalp and hair before you come.",
            (
                "Tell us before the day if you have a cold sore, inflamed spots, a rash, broken "
                "skin or sunburn on the area to be treated; we will move the appointment."
            ),
            (
                "If you could become pregnant: you must not be pregnant or breastfeeding, and you "
                "must avoid becoming pregnant for 6 months after each session, so plan reliable "
                "contraception with us before the first session."
            ),
        ],
        "aftercare": [
            "Do not shower, and avoid sweating, for 8 hours.",
            "Do not wash your hair or use any hair products for 12 hours.",
            "No intense sport for 24 hours.",
            (
                "For 2 days, keep your scalp out of the sun and away from heat: no sauna, hot "
                "showers, hair dryers or straighteners."
            ),
            (
                "Do not have any other hair treatment, such as colouring, perming or "
                "straightening, for 1 week."
            ),
            "Tiny marks on the scalp are normal and fade within a day to a week.",
            (
                "Contact us straight away if you notice a new painful lump, pus or discharge, "
                "fever, spreading redness, or skin that turns pale, grey or dark at a treated "
                "spot."
            ),
            (
                "Tell us if you notice a new patch of hair loss where you were injected, even "
                "months later."
            ),
            (
                "If you could become pregnant, avoid becoming pregnant for 6 months after this "
                "session."
            ),
        ],
        "absolute_contraindications": [
            "pregnancy",
            "breastfeeding",
            "planning_pregnancy",
            "allergy_dutasteride_5ari",
            "allergy_blend_component",
            "active_skin_infection",
            "sunburn",
        ],
        "relative_contraindications": [
            "hair_loss_scarring",
            "bleeding_disorder",
            "anticoagulant",
            "antiplatelet",
            "nsaid",
            "ssri_snri",
            "bleeding_risk_supplement",
            "autoimmune_disease",
            "diabetes",
            "malignancy",
            "immunosuppression",
            "keloid_tendency",
            "cardiovascular_disease",
            "liver_kidney_disease",
            "recent_isotretinoin",
            "under_18",
        ],
        "side_effects": [
            {
                "effect": (
                    "Pain at the injections (the commonest effect: 45.5% in a real-world series)"
                ),
                "usual_duration": "not stated in the sources",
            },
            {"effect": "Mild headache", "usual_duration": "not stated in the sources"},
            {
                "effect": "Tiny marks on the scalp at the injection points",
                "usual_duration": "24 hours to 1 week",
            },
            {
                "effect": "Tenderness, swelling, redness, itching or tingling of the scalp",
                "usual_duration": "hours to a day",
            },
        ],
        "consent_risk_text": (
            "This is an off-label use: dutasteride is not licensed for injection into the scalp. "
            "Common: pain at the injections (about 1 in 2 patients in the largest series), "
            "tenderness, swelling, redness, itching or tingling for hours to a day, and tiny "
            "scalp marks for 1 day to 1 week; mild headache has been reported. In a series of 541 "
            "patients there were no serious side effects and no sexual side effects. Rare: "
            "infection at the injection points, including atypical (non-tuberculous) "
            "mycobacterial infection, which can need weeks of antibiotics and leave scars; "
            "inflammation around the hair follicles (perifolliculitis); and patchy hair loss at "
            "the injection sites, which has been reported up to a year later and can be scarring "
            "(permanent). You must not have this treatment while pregnant or breastfeeding, and "
            "you must avoid becoming pregnant for 6 months after each session. Results vary, and "
            "the studies are small and of low quality."
        ),
        "blend": [
            {
                "ingredient": "Dutasteride",
                "concentration": "0.01",
                "concentration_unit": "%",
                "volume_ml": "1",
            },
        ],
        "sources": [
            {
                "key": "C3",
                "citation": (
                    "Mammucari M, Maggiori E, Russo D, et al. 2020. Mesotherapy: from historical "
                    "notes to scientific evidence and future prospects. Sci World J 2020:3542848 "
                    "(hindawi.com; PMC7305548). Technique paragraph as reproduced on "
                    'phptrainingacademy.com "pain-management".'
                ),
            },
            {
                "key": "C7",
                "citation": (
                    "Ogilvie P, Thulesen J, Leys C, et al. 2020. Expert consensus on injection "
                    "technique and area-specific recommendations for the hyaluronic acid dermal "
                    "filler VYC-12L to treat fine cutaneous lines. Clin Cosmet Investig Dermatol "
                    "13:267–274."
                ),
            },
            {
                "key": "T1",
                "citation": (
                    "Baspeyras M, Rouvrais C, Liégard L, et al. 2013. Clinical and "
                    "biometrological efficacy of a hyaluronic acid-based mesotherapy product: a "
                    "randomised controlled study."
                ),
            },
            {
                "key": "T5",
                "citation": (
                    "Amin SP, Phelps RG, Goldberg DJ. 2006. Mesotherapy for facial skin "
                    "rejuvenation: a clinical, histologic, and electron microscopic evaluation. "
                    "Dermatol Surg 32:1467–1472 (via slide summary, slideum.com)."
                ),
            },
            {
                "key": "T11",
                "citation": (
                    "Abdallah M, El-Zawahry K, Besar H. 2009. Mesotherapy using "
                    "dutasteride-containing solution in male pattern hair loss: a controlled "
                    "pilot study (congress abstract P843; J Pan-Arab League Dermatol 20:137–145)."
                ),
            },
            {
                "key": "T12",
                "citation": (
                    "Moftah N, Abd-Elaziz G, Ahmed N, Hamed Y, Ghannam B, Ibrahim M. 2013. "
                    "Mesotherapy using dutasteride-containing preparation in treatment of female "
                    "pattern hair loss: photographic, morphometric and ultrustructural "
                    "evaluation. J Eur Acad Dermatol Venereol 27(6):686–693."
                ),
            },
            {
                "key": "T12s",
                "citation": (
                    'News summary, Contemporary OB/GYN, "BPH drug shows efficacy treating female '
                    'hair loss" (summary of Moftah 2013, T12).'
                ),
            },
            {
                "key": "T13",
                "citation": (
                    "Saceda-Corralo D, Moustafa F, Moreno-Arrones ÓM, Jaén-Olasolo P, Vañó-Galván "
                    "S, Camacho FM. 2022. Mesotherapy with dutasteride for androgenetic alopecia: "
                    "a retrospective study in real clinical practice. J Drugs Dermatol "
                    '21(7):742–747. (Protocol detail "1 mL of 0.01%" from the hairgenetix.com '
                    "summary.)"
                ),
            },
            {
                "key": "T14",
                "citation": (
                    "(authors not shown) 2023. Mesotherapy with dutasteride for androgenetic "
                    "alopecia: a concise review of the literature. Eur J Dermatol."
                ),
            },
            {
                "key": "T18",
                "citation": (
                    "Marzban S, Amani B, Asgharzadeh A. 2017. Safety and efficacy of mesotherapy "
                    "in the treatment of androgenetic alopecia: a systematic review. Health "
                    "Technol Assess Action 1(2):e14078."
                ),
            },
            {
                "key": "T19",
                "citation": (
                    "(authors not shown) 2023. Systematic review of mesotherapy: a novel avenue "
                    "for the treatment of hair loss. J Dermatolog Treat 34(1):2245084."
                ),
            },
            {
                "key": "T22",
                "citation": (
                    "Duque-Estrada B, Vincenzi C, Misciali C, Tosti A. 2009. Alopecia secondary "
                    "to mesotherapy. J Am Acad Dermatol 61(4):707–709."
                ),
            },
            {
                "key": "T23",
                "citation": (
                    "(authors not shown) ~2017. Hair loss at injection sites of mesotherapy for "
                    "alopecia. J Cosmet Dermatol (doi 10.1111/jocd.12320)."
                ),
            },
            {
                "key": "T24",
                "citation": (
                    "Issa NT, Kaiser M, Martinez-Velasco A, Tosti A. 2022. Alopecia after "
                    "cosmetic injection procedures: a review. Dermatol Surg 48(8):855–861."
                ),
            },
            {
                "key": "T32",
                "citation": (
                    "KYBELLA (deoxycholic acid) injection, US prescribing information (DailyMed "
                    "via fda.report; drugs.com dosage page; adverse-reaction table via "
                    "mdtodate.com; safety summaries on clinic pages)."
                ),
            },
            {
                "key": "T32b",
                "citation": "Canadian labelling contraindication as summarised on medicine.com.",
            },
            {
                "key": "T45",
                "citation": (
                    "Singsing ME, Duncan SG, Vachon MJ, Goff HW. 2022. Clinical features of "
                    "mesotherapy-associated non-tuberculous mycobacterial infections: a "
                    "systematic review. Int J Womens Dermatol 8(4):e059."
                ),
            },
            {
                "key": "T47",
                "citation": (
                    "Ning WV, Bashey S, Kim GH. (year not shown). Rapid development of "
                    "perifolliculitis following mesotherapy. Cutis."
                ),
            },
            {
                "key": "S2",
                "citation": (
                    "2022 CME review of bleeding risks of popular herbal and dietary supplements "
                    "(PMC9586694; authors not shown in excerpt)."
                ),
            },
            {
                "key": "S4",
                "citation": (
                    "Palamaras I, Semkova K. 2015. Perioperative management of and "
                    "recommendations for antithrombotic medications in dermatological surgery. Br "
                    "J Dermatol (doi 10.1111/bjd.13362)."
                ),
            },
            {
                "key": "S5",
                "citation": (
                    "Iyengar S, Yeager DG, Cohen JL, Ozog DM. 2019/2020. Update and review of "
                    "bleeding considerations in dermatologic surgery: anticoagulants and "
                    "antiplatelets. Dermatol Surg 46(2):192–201."
                ),
            },
            {
                "key": "S6",
                "citation": (
                    "Trager MH, et al. 2025. Part 1: Management of antithrombotic medications in "
                    "dermatologic surgery. J Am Acad Dermatol 92(3):389–404."
                ),
            },
            {
                "key": "S9",
                "citation": (
                    "Mokhtarian A, Siguret V, Jourdi G. 2024. Effects of selective serotonin "
                    "reuptake inhibitors on platelet functions: a literature review. Curr Opin "
                    "Hematol 31(1):22–33."
                ),
            },
            {"key": "P1", "citation": "Mesoderm (mesoderm.es), Mesotherapy – manual techniques."},
            {
                "key": "P2",
                "citation": (
                    "Beauty Training Portal, Mesotherapy (FCCD) lesson – papule, nappage, "
                    "point-by-point."
                ),
            },
            {
                "key": "P3",
                "citation": (
                    "aesmed.co.kr, Mesotherapy for Alopecia – depth classes, PPP parameters."
                ),
            },
            {
                "key": "P7",
                "citation": (
                    "azpmu.org, Mesotherapy pre and post care information for aestheticians."
                ),
            },
            {
                "key": "P8",
                "citation": "simply-aesthetics.com, Post-treatment instructions – Mesotherapy.",
            },
            {
                "key": "P9",
                "citation": (
                    "borcianilondon.com, Mesotherapy aftercare – pre & post care instructions."
                ),
            },
            {"key": "P13", "citation": "dermatouchindia.com, Mesotherapy – post-treatment care."},
            {
                "key": "P14",
                "citation": (
                    "ferbosmedic.com, hair mesotherapy (Spanish) – aftercare; dutasteride and "
                    "pregnancy."
                ),
            },
            {"key": "P15", "citation": "nadiamedicalcentre.ae, Mesotherapy (hair)."},
            {
                "key": "P17",
                "citation": "opalradiant.com, Mesotherapy hair treatment – pre & post care guide.",
            },
            {"key": "P19", "citation": "delightmedical.com, Mesotherapy safety."},
            {
                "key": "P20",
                "citation": "doctormedica.co blog, Mesotherapy for cellulite treatment (vendor).",
            },
            {"key": "P22", "citation": "bellareynaspa.com, Must know (pre/post mesotherapy)."},
            {
                "key": "P23",
                "citation": "healthfan.biz, Mesotherapy – contraindications (low-quality source).",
            },
            {
                "key": "P29",
                "citation": "turkishhealthexperts.com, What to watch for after hair mesotherapy.",
            },
            {
                "key": "P37",
                "citation": (
                    "drtherianou.com, Mesotherapy with Dutasteride (clinic page: topical/local "
                    "anaesthesia, off-label status)."
                ),
            },
            {"key": "P-sakhiya", "citation": "sakhiyaskinclinic.com."},
        ],
        "value_sources": {
            "blend": (
                "Dutasteride 0.01%, 1 mL per session: real-world practice [T13] (dose detail via "
                "a secondary summary) and the 2017 pilot of 0.01% [T14]; the reference's seeding "
                "note for this template (§3). Other strengths studied: 0.005% [T14] and 0.05% "
                "[T11] (conflict, §10 item 2)."
            ),
            "technique": (
                "Superficial intradermal (papillary dermis) is the main alopecia target [P3], "
                "given as micro-injections (micropapules) [P1]; the dutasteride pilot used "
                "nappage [T11] and [T13] does not state a technique. Needle: general SIM "
                "guidance, 4 mm 27G [C3]; no scalp-specific needle was found. The short needle "
                "limits depth."
            ),
            "depth": (
                "No scalp depth in millimetres in the reference. Papule depth 1–2 mm [P2], aimed "
                "at the superficial dermis [P3]."
            ),
            "spacing": (
                "No scalp spacing in the reference. About 10 mm as for micropapules [P1]; the "
                "general SIM spacing of 2–3 cm [C3] would leave most of the area untreated with a "
                "1 mL dose."
            ),
            "volume": (
                "No scalp per-point volume in the reference. The intradermal micro-injection "
                "range 0.01–0.05 mL from skin work [C7][T1][T5] is used as the conservative "
                "choice, below the general SIM 0.10–0.20 mL [C3]. Session total 1 mL [T13]."
            ),
            "course": (
                "Every 3 months was the commonest year-1 schedule (n = 541) [T13], taken as 90 "
                "days; 4 sessions = one year (computed). Maintenance every 3 months continues "
                "that schedule [T13][P15]. Review 90 days after the 4th session, about 1 year "
                "from the start, the follow-up point of [T13] (computed). The trials' "
                "weekly-then-tapering induction courses (7 injections over 11 weeks [T11]; 12 "
                "sessions assessed at week 18 [T12][T12s]) are not seeded because their "
                "concentrations conflict (§10 item 2)."
            ),
            "pre_care": (
                "Avoid non-prescribed aspirin/NSAIDs, vitamin E, omega-3 fish oil, ginkgo and "
                "garlic tablets for 7–10 days (10 used); no alcohol 24 h; stop smoking 1–2 days "
                "(2 used); tell the clinic about prescription blood thinners [P17]. Wash scalp "
                "and hair before the session [P22]. Prescribed anticoagulants, antiplatelets and "
                "SSRIs/SNRIs are flagged for clinician review and never stopped by the patient "
                "(§7) [S4][S5][S6][S9]; non-prescribed NSAIDs and bleeding-risk supplements are "
                "flagged and paused before treatment [S2]. Pregnancy rule for dutasteride [P14]."
            ),
            "aftercare": (
                "No shower or sweating 8 h; no hair wash or hair products 12 h; no other hair "
                "treatment 1 week; scalp marks 24 h to 1 week [P13]. No intense sport 24 h; no "
                "sun or heat (sauna, hot showers, hair dryers, straighteners) 2 days [P14]. "
                "Sources disagree on hair washing (next morning [P8] versus 3–4 days [P-sakhiya], "
                "§10 item 4); 12 h [P13] used pending clinical sign-off. Warning signs: fever, "
                "pus or spreading redness [P29] and the §8 trigger; hair loss at injection sites "
                "[T22][T23]. Pregnancy rule for dutasteride [P14]."
            ),
            "contraindications": (
                "Pregnancy, breastfeeding and planning a pregnancy within 6 months after a "
                "session are absolute for dutasteride [P14] (§6 and the §3 seeding note). "
                "Absolute/relative split is the reference's proposal for software rules (§6), "
                "assembled from trial exclusions [T5], the KYBELLA label [T32][T32b] and clinic "
                "pages [P7][P9][P19][P22][P23]. Scarring or inflammatory alopecia lies outside "
                "this indication (pattern hair loss, §3), and scarring hair loss has followed "
                "scalp mesotherapy [T22][T23]: relative, so the diagnosis is confirmed before "
                "treating. Isotretinoin is a relative §6 row [T5][P9]; age outside 18–75 is a "
                "caution [P19][P20]. Prescribed anticoagulants, antiplatelets and SSRIs/SNRIs are "
                "flagged for clinician review and never stopped by the patient (§7) "
                "[S4][S5][S6][S9]; non-prescribed NSAIDs and bleeding-risk supplements are "
                "flagged and paused before treatment [S2]."
            ),
            "side_effects": (
                "Pain the commonest adverse event (45.5%); no serious or sexual adverse events (n "
                "= 541) [T13]. Mild pain and headache [T11][T12]. Scalp marks 24 h to 1 week "
                "[P13]. Tenderness, swelling, redness, itching and tingling for hours to a day "
                "[P29]. Consent risks: alopecia at injection sites [T22][T23][T24]; "
                "non-tuberculous mycobacteria [T45]; perifolliculitis [T47]."
            ),
            "treatment_areas": "Scalp (§3).",
        },
    },
    {
        "slug": "minoxidil-scalp-2",
        "name": "Minoxidil 2% intradermal scalp mesotherapy",
        "indication": "hair_restoration",
        "summary": (
            "Minoxidil 2% injected point-by-point into the deep dermis of the thinning scalp, "
            "tapering from weekly (month 1) to every 2 weeks (month 2) to monthly, 10 sessions in "
            "all, then every 3 months. One 4-month randomised trial in 60 women compared it with "
            "topical 2% minoxidil [T16], but the reference does not report its result and "
            "hair-mesotherapy evidence overall is of poor quality [T18]. Needle, depth, spacing "
            "and volume are not stated in the trials: the values here are conservative general "
            "ones, with a 1 mL cap per session."
        ),
        "evidence_level": "trial",
        "evidence_summary": (
            "Randomised trial in 60 women with androgenetic alopecia: minoxidil 2% given "
            "point-by-point into the deep dermis by mesogun against topical 2% spray over 4 "
            "months, assessed by trichogram (anagen/telogen/vellus %) [T16]. Intradermal 0.5% "
            "minoxidil has been compared with topical 5% (title only retrieved) [T20]. The taper "
            "comes from a trial of mesotherapy (solution not stated) against topical 2% minoxidil "
            "in women, assessed at the 4th session and at 6 months [T21], and matches the "
            "reference's seeding note of 8–10 sessions with a weekly, 2-weekly, then monthly "
            "taper."
        ),
        "evidence_caveats": (
            "The reference does not report the results of [T16], [T20] or [T21]. A systematic "
            "review found five hair-mesotherapy studies (344 patients) of poor quality, with no "
            "significant adverse effects [T18]; another found no standard regimen [T19]. A "
            "multi-component meso-solution given with microneedling showed no clear advantage "
            "over topical 5% minoxidil except hair-shaft diameter [T17]. Patchy and late-onset "
            "scarring hair loss at injection sites has been reported after scalp mesotherapy "
            "[T22][T23][T24]."
        ),
        "technique": "point_by_point",
        "needle_gauge": 27,
        "needle_length_mm": "4",
        "depth_min_mm": "1.5",
        "depth_max_mm": "2",
        "spacing_min_mm": "10",
        "spacing_max_mm": "10",
        "volume_per_point_min_ml": "0.01",
        "volume_per_point_max_ml": "0.05",
        "max_total_volume_ml": "1",
        "sessions_count": 10,
        "interval_min_days": 7,
        "interval_max_days": 30,
        "maintenance_interval_days": 90,
        "review_after_days": 30,
        "treatment_areas": ["scalp"],
        "pre_care": [
            (
                "Tell us about every medicine and supplement you take. If one that was not "
                "prescribed for you needs a pause before treatment (such as aspirin, ibuprofen, "
                "fish oil, vitamin E, ginkgo or garlic), your personal list gives the day to "
                "start it."
            ),
            (
                "Tell us about any prescribed blood thinner, anti-platelet medicine or "
                "antidepressant; do not stop it unless your doctor tells you to."
            ),
            "Do not drink alcohol for 24 hours before.",
            "Try not to smoke for 2 days before.",
            "Wash your scalp and hair before you come.",
            (
                "Tell us before the day if you have a cold sore, inflamed spots, a rash, broken "
                "skin or sunburn on the area to be treated; we will move the appointment."
            ),
            "Tell us if you are pregnant or breastfeeding; this treatment is not given then.",
        ],
        "aftercare": [
            "Do not shower, and avoid sweating, for 8 hours.",
            "Do not wash your hair or use any hair products for 12 hours.",
            "No intense sport for 24 hours.",
            (
                "For 2 days, keep your scalp out of the sun and away from heat: no sauna, hot "
                "showers, hair dryers or straighteners."
            ),
            (
                "Do not have any other hair treatment, such as colouring, perming or "
                "straightening, for 1 week."
            ),
            "Tiny marks on the scalp are normal and fade within a day to a week.",
            (
                "Contact us straight away if you notice a new painful lump, pus or discharge, "
                "fever, spreading redness, or skin that turns pale, grey or dark at a treated "
                "spot."
            ),
            (
                "Tell us if you notice a new patch of hair loss where you were injected, even "
                "months later."
            ),
        ],
        "absolute_contraindications": [
            "pregnancy",
            "breastfeeding",
            "allergy_blend_component",
            "active_skin_infection",
            "sunburn",
        ],
        "relative_contraindications": [
            "hair_loss_scarring",
            "bleeding_disorder",
            "anticoagulant",
            "antiplatelet",
            "nsaid",
            "ssri_snri",
            "bleeding_risk_supplement",
            "autoimmune_disease",
            "diabetes",
            "malignancy",
            "immunosuppression",
            "keloid_tendency",
            "cardiovascular_disease",
            "liver_kidney_disease",
            "recent_isotretinoin",
            "under_18",
        ],
        "side_effects": [
            {
                "effect": "Pain and small bruises at the injection points",
                "usual_duration": "not stated in the sources",
            },
            {
                "effect": "Tiny marks on the scalp at the injection points",
                "usual_duration": "24 hours to 1 week",
            },
            {
                "effect": "Tenderness, swelling, redness, itching or tingling of the scalp",
                "usual_duration": "hours to a day",
            },
        ],
        "consent_risk_text": (
            "This treatment places small amounts of minoxidil into the skin of the scalp with "
            "many tiny injections. Common: mild pain and small bruises at the injection points, "
            "tenderness, swelling, redness, itching or tingling for hours to a day, and tiny "
            "scalp marks for 1 day to 1 week. Rare: infection at the injection points, including "
            "atypical (non-tuberculous) mycobacterial infection, which can need weeks of "
            "antibiotics and leave scars; inflammation around the hair follicles "
            "(perifolliculitis); and patchy hair loss at the injection sites, which has been "
            "reported up to a year later and can be scarring (permanent). The sources we use give "
            "no exact rates for these events. Results vary; the studies are small and of low "
            "quality, and injections have not clearly beaten minoxidil applied to the scalp."
        ),
        "blend": [
            {
                "ingredient": "Minoxidil",
                "concentration": "2",
                "concentration_unit": "%",
                "volume_ml": "1",
            },
        ],
        "sources": [
            {
                "key": "C3",
                "citation": (
                    "Mammucari M, Maggiori E, Russo D, et al. 2020. Mesotherapy: from historical "
                    "notes to scientific evidence and future prospects. Sci World J 2020:3542848 "
                    "(hindawi.com; PMC7305548). Technique paragraph as reproduced on "
                    'phptrainingacademy.com "pain-management".'
                ),
            },
            {
                "key": "C5",
                "citation": (
                    "2025. International Consensus Guidelines on the Safe and Evidence-Based "
                    "Practice of Mesotherapy: A Multidisciplinary Statement. J Clin Med "
                    "14(13):4689 (mdpi.com). Outline only."
                ),
            },
            {
                "key": "C7",
                "citation": (
                    "Ogilvie P, Thulesen J, Leys C, et al. 2020. Expert consensus on injection "
                    "technique and area-specific recommendations for the hyaluronic acid dermal "
                    "filler VYC-12L to treat fine cutaneous lines. Clin Cosmet Investig Dermatol "
                    "13:267–274."
                ),
            },
            {
                "key": "T1",
                "citation": (
                    "Baspeyras M, Rouvrais C, Liégard L, et al. 2013. Clinical and "
                    "biometrological efficacy of a hyaluronic acid-based mesotherapy product: a "
                    "randomised controlled study."
                ),
            },
            {
                "key": "T5",
                "citation": (
                    "Amin SP, Phelps RG, Goldberg DJ. 2006. Mesotherapy for facial skin "
                    "rejuvenation: a clinical, histologic, and electron microscopic evaluation. "
                    "Dermatol Surg 32:1467–1472 (via slide summary, slideum.com)."
                ),
            },
            {
                "key": "T12",
                "citation": (
                    "Moftah N, Abd-Elaziz G, Ahmed N, Hamed Y, Ghannam B, Ibrahim M. 2013. "
                    "Mesotherapy using dutasteride-containing preparation in treatment of female "
                    "pattern hair loss: photographic, morphometric and ultrustructural "
                    "evaluation. J Eur Acad Dermatol Venereol 27(6):686–693."
                ),
            },
            {
                "key": "T12s",
                "citation": (
                    'News summary, Contemporary OB/GYN, "BPH drug shows efficacy treating female '
                    'hair loss" (summary of Moftah 2013, T12).'
                ),
            },
            {
                "key": "T13",
                "citation": (
                    "Saceda-Corralo D, Moustafa F, Moreno-Arrones ÓM, Jaén-Olasolo P, Vañó-Galván "
                    "S, Camacho FM. 2022. Mesotherapy with dutasteride for androgenetic alopecia: "
                    "a retrospective study in real clinical practice. J Drugs Dermatol "
                    '21(7):742–747. (Protocol detail "1 mL of 0.01%" from the hairgenetix.com '
                    "summary.)"
                ),
            },
            {
                "key": "T16",
                "citation": (
                    "Azam MH, Morsi HM. 2010. Comparative study between 2% minoxidil topical "
                    "spray vs. intradermal injection (mesotherapy) for treatment of androgenetic "
                    "alopecia in female patients: a controlled, 4-month randomized trial. Egypt "
                    "Dermatol Online J 6(2):5."
                ),
            },
            {
                "key": "T17",
                "citation": (
                    "Gajjar PC, Mehta HH, Barvaliya M, Sonagra B. 2019. Comparative study between "
                    "mesotherapy and topical 5% minoxidil by dermoscopic evaluation for "
                    "androgenic alopecia in male: a randomized controlled trial. Int J Trichology "
                    "11:58–67."
                ),
            },
            {
                "key": "T18",
                "citation": (
                    "Marzban S, Amani B, Asgharzadeh A. 2017. Safety and efficacy of mesotherapy "
                    "in the treatment of androgenetic alopecia: a systematic review. Health "
                    "Technol Assess Action 1(2):e14078."
                ),
            },
            {
                "key": "T19",
                "citation": (
                    "(authors not shown) 2023. Systematic review of mesotherapy: a novel avenue "
                    "for the treatment of hair loss. J Dermatolog Treat 34(1):2245084."
                ),
            },
            {
                "key": "T20",
                "citation": (
                    "Rebellato PRO, et al. 2025. Comparative study that evaluates the "
                    "effectiveness of intradermotherapy with 0.5% minoxidil versus topical "
                    "application of 5% minoxidil solution in the treatment of androgenetic "
                    "alopecia. J Dermatol Res 6(1):1–9."
                ),
            },
            {
                "key": "T21",
                "citation": (
                    "Delrobai Ghoochan Atigh H. (year not shown). Evaluating the effectiveness of "
                    "mesotherapy and topical 2% minoxidil for androgenic alopecia in females "
                    "(WASET conference abstract)."
                ),
            },
            {
                "key": "T22",
                "citation": (
                    "Duque-Estrada B, Vincenzi C, Misciali C, Tosti A. 2009. Alopecia secondary "
                    "to mesotherapy. J Am Acad Dermatol 61(4):707–709."
                ),
            },
            {
                "key": "T23",
                "citation": (
                    "(authors not shown) ~2017. Hair loss at injection sites of mesotherapy for "
                    "alopecia. J Cosmet Dermatol (doi 10.1111/jocd.12320)."
                ),
            },
            {
                "key": "T24",
                "citation": (
                    "Issa NT, Kaiser M, Martinez-Velasco A, Tosti A. 2022. Alopecia after "
                    "cosmetic injection procedures: a review. Dermatol Surg 48(8):855–861."
                ),
            },
            {
                "key": "T32",
                "citation": (
                    "KYBELLA (deoxycholic acid) injection, US prescribing information (DailyMed "
                    "via fda.report; drugs.com dosage page; adverse-reaction table via "
                    "mdtodate.com; safety summaries on clinic pages)."
                ),
            },
            {
                "key": "T32b",
                "citation": "Canadian labelling contraindication as summarised on medicine.com.",
            },
            {
                "key": "T45",
                "citation": (
                    "Singsing ME, Duncan SG, Vachon MJ, Goff HW. 2022. Clinical features of "
                    "mesotherapy-associated non-tuberculous mycobacterial infections: a "
                    "systematic review. Int J Womens Dermatol 8(4):e059."
                ),
            },
            {
                "key": "T47",
                "citation": (
                    "Ning WV, Bashey S, Kim GH. (year not shown). Rapid development of "
                    "perifolliculitis following mesotherapy. Cutis."
                ),
            },
            {
                "key": "S2",
                "citation": (
                    "2022 CME review of bleeding risks of popular herbal and dietary supplements "
                    "(PMC9586694; authors not shown in excerpt)."
                ),
            },
            {
                "key": "S4",
                "citation": (
                    "Palamaras I, Semkova K. 2015. Perioperative management of and "
                    "recommendations for antithrombotic medications in dermatological surgery. Br "
                    "J Dermatol (doi 10.1111/bjd.13362)."
                ),
            },
            {
                "key": "S5",
                "citation": (
                    "Iyengar S, Yeager DG, Cohen JL, Ozog DM. 2019/2020. Update and review of "
                    "bleeding considerations in dermatologic surgery: anticoagulants and "
                    "antiplatelets. Dermatol Surg 46(2):192–201."
                ),
            },
            {
                "key": "S6",
                "citation": (
                    "Trager MH, et al. 2025. Part 1: Management of antithrombotic medications in "
                    "dermatologic surgery. J Am Acad Dermatol 92(3):389–404."
                ),
            },
            {
                "key": "S9",
                "citation": (
                    "Mokhtarian A, Siguret V, Jourdi G. 2024. Effects of selective serotonin "
                    "reuptake inhibitors on platelet functions: a literature review. Curr Opin "
                    "Hematol 31(1):22–33."
                ),
            },
            {"key": "P1", "citation": "Mesoderm (mesoderm.es), Mesotherapy – manual techniques."},
            {
                "key": "P3",
                "citation": (
                    "aesmed.co.kr, Mesotherapy for Alopecia – depth classes, PPP parameters."
                ),
            },
            {
                "key": "P7",
                "citation": (
                    "azpmu.org, Mesotherapy pre and post care information for aestheticians."
                ),
            },
            {
                "key": "P8",
                "citation": "simply-aesthetics.com, Post-treatment instructions – Mesotherapy.",
            },
            {
                "key": "P9",
                "citation": (
                    "borcianilondon.com, Mesotherapy aftercare – pre & post care instructions."
                ),
            },
            {"key": "P13", "citation": "dermatouchindia.com, Mesotherapy – post-treatment care."},
            {
                "key": "P14",
                "citation": (
                    "ferbosmedic.com, hair mesotherapy (Spanish) – aftercare; dutasteride and "
                    "pregnancy."
                ),
            },
            {"key": "P15", "citation": "nadiamedicalcentre.ae, Mesotherapy (hair)."},
            {
                "key": "P17",
                "citation": "opalradiant.com, Mesotherapy hair treatment – pre & post care guide.",
            },
            {"key": "P19", "citation": "delightmedical.com, Mesotherapy safety."},
            {
                "key": "P20",
                "citation": "doctormedica.co blog, Mesotherapy for cellulite treatment (vendor).",
            },
            {"key": "P22", "citation": "bellareynaspa.com, Must know (pre/post mesotherapy)."},
            {
                "key": "P23",
                "citation": "healthfan.biz, Mesotherapy – contraindications (low-quality source).",
            },
            {
                "key": "P29",
                "citation": "turkishhealthexperts.com, What to watch for after hair mesotherapy.",
            },
            {"key": "P-sakhiya", "citation": "sakhiyaskinclinic.com."},
        ],
        "value_sources": {
            "blend": (
                "Minoxidil 2% intradermal [T16]. No session volume is given for minoxidil; 1 mL "
                "is the smaller of the hair-mesotherapy session volumes in the reference (1 mL "
                "[T13]; 2 mL [T12][T12s]), chosen as the conservative cap."
            ),
            "technique": (
                "Point-by-point, deep intradermal, by mesogun [T16]; deep intradermal = reticular "
                "dermis [P3]. Needle: general SIM guidance, 4 mm 27G [C3]; no scalp-specific "
                "needle was found."
            ),
            "depth": (
                "No millimetres for deep intradermal scalp work in the reference; 1.5–2 mm, the "
                "micropapule depth [P1], used as the deeper intradermal value."
            ),
            "spacing": (
                "No scalp spacing in the reference. About 10 mm as for micropapules [P1]; the "
                "general SIM spacing of 2–3 cm [C3] would leave most of the area untreated."
            ),
            "volume": (
                "No scalp per-point volume in the reference. The intradermal micro-injection "
                "range 0.01–0.05 mL from skin work [C7][T1][T5] is used as the conservative "
                "choice, below the general SIM 0.10–0.20 mL [C3]. Session cap 1 mL (see blend)."
            ),
            "course": (
                "10 sessions: weekly in month 1, every 2 weeks in month 2, then monthly for 4 "
                "months [T21]; 4-month course in [T16]; the reference's seeding note gives 8–10 "
                "sessions with this taper (§3). The 7–30-day interval expresses the taper. "
                "Maintenance every 3 months [P15]. No post-course review interval in the sources; "
                "30 days chosen, matching the monthly assessments in [T17]."
            ),
            "pre_care": (
                "Avoid non-prescribed aspirin/NSAIDs, vitamin E, omega-3 fish oil, ginkgo and "
                "garlic tablets for 7–10 days (10 used); no alcohol 24 h; stop smoking 1–2 days "
                "(2 used); tell the clinic about prescription blood thinners [P17]. Wash scalp "
                "and hair before the session [P22]. Prescribed anticoagulants, antiplatelets and "
                "SSRIs/SNRIs are flagged for clinician review and never stopped by the patient "
                "(§7) [S4][S5][S6][S9]; non-prescribed NSAIDs and bleeding-risk supplements are "
                "flagged and paused before treatment [S2]."
            ),
            "aftercare": (
                "No shower or sweating 8 h; no hair wash or hair products 12 h; no other hair "
                "treatment 1 week; scalp marks 24 h to 1 week [P13]. No intense sport 24 h; no "
                "sun or heat (sauna, hot showers, hair dryers, straighteners) 2 days [P14]. "
                "Sources disagree on hair washing (next morning [P8] versus 3–4 days [P-sakhiya], "
                "§10 item 4); 12 h [P13] used pending clinical sign-off. Warning signs: fever, "
                "pus or spreading redness [P29] and the §8 trigger; hair loss at injection sites "
                "[T22][T23]."
            ),
            "contraindications": (
                "Absolute/relative split is the reference's proposal for software rules (§6), "
                "assembled from trial exclusions [T5], the KYBELLA label [T32][T32b] and clinic "
                "pages [P7][P9][P19][P22][P23]. Scarring or inflammatory alopecia lies outside "
                "this indication (pattern hair loss, §3), and scarring hair loss has followed "
                "scalp mesotherapy [T22][T23]: relative, so the diagnosis is confirmed before "
                "treating. Isotretinoin is a relative §6 row [T5][P9]; age outside 18–75 is a "
                "caution [P19][P20]. Prescribed anticoagulants, antiplatelets and SSRIs/SNRIs are "
                "flagged for clinician review and never stopped by the patient (§7) "
                "[S4][S5][S6][S9]; non-prescribed NSAIDs and bleeding-risk supplements are "
                "flagged and paused before treatment [S2]."
            ),
            "side_effects": (
                "Needle microtrauma: mild pain and bruising [C5]. Scalp marks 24 h to 1 week "
                "[P13]. Tenderness, swelling, redness, itching and tingling for hours to a day "
                "[P29]. Consent risks: alopecia at injection sites [T22][T23][T24]; "
                "non-tuberculous mycobacteria [T45]; perifolliculitis [T47]."
            ),
            "treatment_areas": "Scalp (§3).",
        },
    },
    {
        "slug": "cellulite-intradermal-aminophylline",
        "name": "Intradermal cellulite mesotherapy (aminophylline) – mixed evidence",
        "indication": "cellulite",
        "summary": (
            "Mixed evidence. Intradermal point-by-point injections, about 0.1 mL per point, "
            "1.5–2.5 cm apart with a 4 mm needle, over cellulite on the thighs and buttocks, "
            "weekly for 8 sessions, then monthly maintenance. The Italian Society of Mesotherapy "
            "consensus supports intradermal therapy for cellulite and one ultrasound study was "
            "positive, but a controlled aminophylline-based study was negative and Mayo Clinic "
            "calls the treatment unproven. The reference gives no aminophylline strength: use the "
            "product's labelled concentration, and do not add lidocaine."
        ),
        "evidence_level": "trial",
        "evidence_summary": (
            "Mixed evidence. The Italian Society of Mesotherapy consensus considers efficacy of "
            "intradermal therapy in oedematous fibrosclerotic panniculopathy (cellulite) "
            "demonstrated [C1]. Intradermal mesotherapy reduced cellulite severity and hypodermis "
            "thickness on high-frequency ultrasound with no change in BMI; the injected product "
            "and the number of sessions are not stated in the reference [T25]. Aminophylline is "
            "among the actives named for cellulite mesotherapy [P21][P-cellulite]."
        ),
        "evidence_caveats": (
            "Negative: aminophylline + buflomedil + lidocaine injected into the superficial "
            "dermis weekly for 12 weeks gave no difference in thigh girth or CT fat against the "
            "untreated thigh, and patient satisfaction was poor [T26]. Mayo Clinic: mesotherapy "
            "for cellulite is not proven and can cause infection, rashes and bumpy contours "
            "[P21]. A JAAD review: the best cellulite treatments give at most mild improvement "
            "that is usually not maintained [T29]. Local anaesthetics mixed into lipolytic "
            "solutions inhibit lipolysis [T27]."
        ),
        "technique": "point_by_point",
        "needle_gauge": 27,
        "needle_length_mm": "4",
        "depth_min_mm": "1",
        "depth_max_mm": "2",
        "spacing_min_mm": "15",
        "spacing_max_mm": "25",
        "volume_per_point_min_ml": "0.1",
        "volume_per_point_max_ml": "0.1",
        "max_total_volume_ml": "10",
        "sessions_count": 8,
        "interval_min_days": 7,
        "interval_max_days": 7,
        "maintenance_interval_days": 30,
        "review_after_days": 30,
        "treatment_areas": ["thighs", "buttocks"],
        "pre_care": [
            (
                "Tell us about every medicine and supplement you take. If one that was not "
                "prescribed for you needs a pause before treatment (such as aspirin, ibuprofen, "
                "fish oil, vitamin E, ginkgo or garlic), your personal list gives the day to "
                "start it."
            ),
            (
                "Tell us about any prescribed blood thinner, anti-platelet medicine or "
                "antidepressant; do not stop it unless your doctor tells you to."
            ),
            ("For 48 hours before, avoid alcohol, cigarettes, caffeine, and salty or sugary food."),
            "On the day, eat a meal that contains protein and drink plenty of water.",
            (
                "Tell us before the day if you have a cold sore, inflamed spots, a rash, broken "
                "skin or sunburn on the area to be treated; we will move the appointment."
            ),
            (
                "Tell us if you are pregnant, breastfeeding or trying for a baby; this treatment "
                "is not given in pregnancy or while breastfeeding."
            ),
        ],
        "aftercare": [
            "Wear loose, comfortable clothing over the treated areas.",
            "No exercise for 48 hours.",
            "No sauna, steam room or jacuzzi for 72 hours.",
            "Keep the treated areas out of the sun for at least 10 days.",
            "No peels or laser treatment on the treated areas for 14 days.",
            (
                "Contact us straight away if you notice a new painful lump, pus or discharge, "
                "fever, spreading redness, or skin that turns pale, grey or dark at a treated "
                "spot."
            ),
        ],
        "absolute_contraindications": [
            "pregnancy",
            "breastfeeding",
            "active_skin_infection",
            "sunburn",
            "allergy_blend_component",
            "allergy_caffeine_xanthines",
        ],
        "relative_contraindications": [
            "planning_pregnancy",
            "bleeding_disorder",
            "anticoagulant",
            "antiplatelet",
            "nsaid",
            "ssri_snri",
            "bleeding_risk_supplement",
            "autoimmune_disease",
            "diabetes",
            "malignancy",
            "immunosuppression",
            "keloid_tendency",
            "cardiovascular_disease",
            "liver_kidney_disease",
            "under_18",
        ],
        "side_effects": [
            {
                "effect": "Slight bruising",
                "usual_duration": "about 1 week (7–10 days in some reports)",
            },
            {"effect": "Mild swelling", "usual_duration": "1–2 days"},
            {"effect": "Itching", "usual_duration": "2–3 hours"},
            {
                "effect": "Small painless lumps at the injection points",
                "usual_duration": "settle on their own (time not stated in the sources)",
            },
        ],
        "consent_risk_text": (
            "This treatment places small amounts of aminophylline into the skin over areas of "
            "cellulite with many small injections. Common: slight bruising that fades within "
            "about a week (sometimes 7 to 10 days), mild swelling for 1 to 2 days, itching for 2 "
            "to 3 hours, and small painless lumps that settle. Uncommon or rare: infection, "
            "including atypical (non-tuberculous) mycobacterial infection; most reported cases "
            "were on the abdomen, buttocks and thighs, with several lumps that often needed "
            "several antibiotic courses over weeks and left scars. Also rashes, a bumpy skin "
            "surface, inflammation of the fat (panniculitis), lumps of inflammation (granulomas) "
            "and areas of skin damage (necrosis). Darker skin types may develop dark marks after "
            "the inflammation settles. The sources we use give no exact rates for these events. "
            "Results are uncertain: one controlled study of a similar aminophylline mixture found "
            "no measurable benefit, and the best cellulite treatments give at most mild "
            "improvement that usually does not last."
        ),
        "blend": [
            {
                "ingredient": "Aminophylline",
                "concentration": None,
                "concentration_unit": "",
                "volume_ml": "10",
            },
        ],
        "sources": [
            {
                "key": "C1",
                "citation": (
                    "Mammucari M, Gatti A, Maggiori S, Bartoletti CA, Sabato AF. 2011. "
                    "Mesotherapy, definition, rationale and clinical role: a consensus report "
                    "from the Italian Society of Mesotherapy. Eur Rev Med Pharmacol Sci "
                    "15:682–694. (abstract via studyres.com / vdocuments.us copies)"
                ),
            },
            {
                "key": "C3",
                "citation": (
                    "Mammucari M, Maggiori E, Russo D, et al. 2020. Mesotherapy: from historical "
                    "notes to scientific evidence and future prospects. Sci World J 2020:3542848 "
                    "(hindawi.com; PMC7305548). Technique paragraph as reproduced on "
                    'phptrainingacademy.com "pain-management".'
                ),
            },
            {
                "key": "C8",
                "citation": (
                    "American Society for Aesthetic Plastic Surgery. 2007 (May 14). Patient "
                    "safety warning to steer clear of injection fat loss treatments "
                    "(surgery.org); see also the ASAPS 2006 release Lipodissolve treatments need "
                    "regulation, more study."
                ),
            },
            {
                "key": "T5",
                "citation": (
                    "Amin SP, Phelps RG, Goldberg DJ. 2006. Mesotherapy for facial skin "
                    "rejuvenation: a clinical, histologic, and electron microscopic evaluation. "
                    "Dermatol Surg 32:1467–1472 (via slide summary, slideum.com)."
                ),
            },
            {
                "key": "T25",
                "citation": (
                    "Malinowska S, Mlosek RK. 2017. Efficacy of intradermal mesotherapy in "
                    "cellulite reduction – conventional and high-frequency ultrasound monitoring "
                    "results. J Cosmet Laser Ther."
                ),
            },
            {
                "key": "T26",
                "citation": (
                    "Park SH, Kim DW, Lee MA, et al. 2008. Effectiveness of mesotherapy on body "
                    "contouring. Plast Reconstr Surg 121:179e."
                ),
            },
            {
                "key": "T27",
                "citation": (
                    "Jayasinghe S, Guillot T, Bissoon L, Greenway F. 2013. Mesotherapy for local "
                    "fat reduction. Obes Rev."
                ),
            },
            {
                "key": "T29",
                "citation": (
                    "Khan MH, Victor F, Rao B, Sadick NS. 2010. Treatment of cellulite. Part II. "
                    "Advances and controversies. J Am Acad Dermatol 62:373–384."
                ),
            },
            {
                "key": "T31",
                "citation": (
                    "Hexsel D, Fabi SG, Sattler G, et al. 2019. Validated assessment scales for "
                    "cellulite dimples on the buttocks and thighs in female patients. Dermatol "
                    "Surg 45 Suppl 1:S2–S11."
                ),
            },
            {
                "key": "T32",
                "citation": (
                    "KYBELLA (deoxycholic acid) injection, US prescribing information (DailyMed "
                    "via fda.report; drugs.com dosage page; adverse-reaction table via "
                    "mdtodate.com; safety summaries on clinic pages)."
                ),
            },
            {
                "key": "T32b",
                "citation": "Canadian labelling contraindication as summarised on medicine.com.",
            },
            {
                "key": "T43",
                "citation": (
                    "Campos LM, Miot LDB, Marques MEA, Miot HA. 2019. Noninfectious suppurative "
                    "panniculitis induced by mesotherapy with deoxycholate. An Bras Dermatol "
                    "94:754–756."
                ),
            },
            {
                "key": "T44",
                "citation": (
                    "Tan J, Rao B. (year not shown). Mesotherapy-induced panniculitis treated "
                    "with dapsone: case report and review of reported adverse effects of "
                    "mesotherapy."
                ),
            },
            {
                "key": "T45",
                "citation": (
                    "Singsing ME, Duncan SG, Vachon MJ, Goff HW. 2022. Clinical features of "
                    "mesotherapy-associated non-tuberculous mycobacterial infections: a "
                    "systematic review. Int J Womens Dermatol 8(4):e059."
                ),
            },
            {
                "key": "T46",
                "citation": (
                    "Plachouri KM, Georgiou S. 2019. Mesotherapy: safety profile and management "
                    "of complications. J Cosmet Dermatol (doi 10.1111/jocd.13115)."
                ),
            },
            {
                "key": "S2",
                "citation": (
                    "2022 CME review of bleeding risks of popular herbal and dietary supplements "
                    "(PMC9586694; authors not shown in excerpt)."
                ),
            },
            {
                "key": "S4",
                "citation": (
                    "Palamaras I, Semkova K. 2015. Perioperative management of and "
                    "recommendations for antithrombotic medications in dermatological surgery. Br "
                    "J Dermatol (doi 10.1111/bjd.13362)."
                ),
            },
            {
                "key": "S5",
                "citation": (
                    "Iyengar S, Yeager DG, Cohen JL, Ozog DM. 2019/2020. Update and review of "
                    "bleeding considerations in dermatologic surgery: anticoagulants and "
                    "antiplatelets. Dermatol Surg 46(2):192–201."
                ),
            },
            {
                "key": "S6",
                "citation": (
                    "Trager MH, et al. 2025. Part 1: Management of antithrombotic medications in "
                    "dermatologic surgery. J Am Acad Dermatol 92(3):389–404."
                ),
            },
            {
                "key": "S9",
                "citation": (
                    "Mokhtarian A, Siguret V, Jourdi G. 2024. Effects of selective serotonin "
                    "reuptake inhibitors on platelet functions: a literature review. Curr Opin "
                    "Hematol 31(1):22–33."
                ),
            },
            {
                "key": "P2",
                "citation": (
                    "Beauty Training Portal, Mesotherapy (FCCD) lesson – papule, nappage, "
                    "point-by-point."
                ),
            },
            {
                "key": "P4",
                "citation": (
                    "Textbook chapter 52, Mesotherapy for body contouring and cellulite "
                    "(reproduced on clinicalgate.com and plasticsurgerykey.com)."
                ),
            },
            {"key": "P5", "citation": "brunomandalari.it, Mesoterapia (cellulite)."},
            {"key": "P6", "citation": "vivibeneclub.it, Mesoterapia Milano."},
            {
                "key": "P7",
                "citation": (
                    "azpmu.org, Mesotherapy pre and post care information for aestheticians."
                ),
            },
            {
                "key": "P8",
                "citation": "simply-aesthetics.com, Post-treatment instructions – Mesotherapy.",
            },
            {
                "key": "P9",
                "citation": (
                    "borcianilondon.com, Mesotherapy aftercare – pre & post care instructions."
                ),
            },
            {
                "key": "P12",
                "citation": (
                    "higherselfskin.com.au, Dermal filler – blood-thinning medicines and "
                    "supplements."
                ),
            },
            {"key": "P19", "citation": "delightmedical.com, Mesotherapy safety."},
            {
                "key": "P20",
                "citation": "doctormedica.co blog, Mesotherapy for cellulite treatment (vendor).",
            },
            {"key": "P21", "citation": "Mayo Clinic, Cellulite – alternative medicine."},
            {"key": "P22", "citation": "bellareynaspa.com, Must know (pre/post mesotherapy)."},
            {
                "key": "P23",
                "citation": "healthfan.biz, Mesotherapy – contraindications (low-quality source).",
            },
            {
                "key": "P30",
                "citation": (
                    "sophisticatededge.com, What is mesotherapy cellulite reduction? (low quality)."
                ),
            },
            {"key": "P-cellulite", "citation": "cellulitetreatment.org."},
        ],
        "value_sources": {
            "blend": (
                "Aminophylline is named among cellulite actives [P21][P-cellulite] and was used "
                "in [T26]. The reference gives no concentration: concentration left empty, use "
                "the product's labelled strength. No lidocaine, because local anaesthetics "
                "inhibit lipolysis [T27] (the reference's seeding note, §4). Volume = the session "
                "cap below."
            ),
            "technique": (
                "Nappage or point-by-point [P4]; mechanical gun in [T26]. Needle 4 mm (needles of "
                "4–6 mm [P5]; 0.4–0.6 cm [P4]); gauge 27G from the general SIM guidance (4 mm "
                "27G) [C3], as no cellulite-specific gauge was found."
            ),
            "depth": (
                "Intradermal [T25]; superficial dermis [T26]. No millimetres for cellulite in the "
                "reference; papule depth 1–2 mm [P2] used."
            ),
            "spacing": "About 1.5–2.5 cm [P4].",
            "volume": (
                "About 0.1 mL per point, forming a wheal that fades within hours [P5]. No total "
                "per session is given for cellulite: 10 mL (about 100 points of 0.1 mL, computed) "
                "is a conservative placeholder pending clinical sign-off."
            ),
            "course": (
                "8–15 weekly sessions, then monthly maintenance [P5]; weekly for 12 weeks in "
                "[T26]; 10–15 sessions in [P6]; the reference's seeding note: weekly for 8–15 "
                "sessions, then monthly maintenance (§4). 8 weekly sessions (the lower bound) "
                "then review; maintenance every 30 days. No post-course review interval in the "
                "sources; 30 days chosen as an early check before adding sessions."
            ),
            "pre_care": (
                "Body list [P8]: avoid aspirin, ginkgo, garlic, CoQ10, flax-seed oil, cod-liver "
                "oil, vitamins A and E and essential fatty acids; for 24–48 h avoid niacin, salty "
                "or sugary food, caffeine, alcohol and cigarettes (48 h used); protein meal and "
                "water on the day. [P8] gives no window for the drugs and supplements: 2 weeks "
                "used, the longest clinic NSAID window [P12] and the review advice for "
                "non-essential supplements [S2]. Prescribed anticoagulants, antiplatelets and "
                "SSRIs/SNRIs are flagged for clinician review and never stopped by the patient "
                "(§7) [S4][S5][S6][S9]; non-prescribed NSAIDs and bleeding-risk supplements are "
                "flagged and paused before treatment [S2]."
            ),
            "aftercare": (
                "No exercise 48 h; no sauna or jacuzzi 72 h; no sun on body-treated areas for at "
                "least 10 days; no peels or laser on the area 14 days [P8]. Loose clothing [P19] "
                "([P19] allows vigorous exercise after 1 day; the longer 48 h of [P8] used). "
                "Warning signs: the reference's suggested urgent-review trigger (§8)."
            ),
            "contraindications": (
                "Absolute/relative split is the reference's proposal for software rules (§6), "
                "assembled from trial exclusions [T5], the KYBELLA label [T32][T32b] and clinic "
                "pages [P7][P9][P19][P22][P23]. Body cellulite patients: not in pregnancy, "
                "breastfeeding, or childbearing potential without contraception (caution); "
                "ideally normal blood count, lipids, renal and liver function; age 18–75 "
                "[P20][P19]. Prescribed anticoagulants, antiplatelets and SSRIs/SNRIs are flagged "
                "for clinician review and never stopped by the patient (§7) [S4][S5][S6][S9]; "
                "non-prescribed NSAIDs and bleeding-risk supplements are flagged and paused "
                "before treatment [S2]. Intolerance of xanthines rules out aminophylline "
                "(ingredient rule, §6 'allergy to any component')."
            ),
            "side_effects": (
                "Slight bruising resolving within about 1 week, mild swelling 1–2 days, itch 2–3 "
                "h, small painless lumps that settle [P19]; bruising 7–10 days [P30]. Consent "
                "risks: non-tuberculous mycobacteria, mostly on the abdomen, buttocks and thighs "
                "[T45]; panniculitis [T43][T44]; granulomas and necrosis [C8][T46]; infection, "
                "rashes and bumpy contours [P21]; post-inflammatory hyperpigmentation in "
                "Fitzpatrick IV–VI [P20]."
            ),
            "treatment_areas": (
                "Thighs [T25][T26] and buttocks, the sites of the validated cellulite scales [T31]."
            ),
        },
    },
    {
        "slug": "cellulite-deep-aminophylline",
        "name": (
            "Deep cellulite mesotherapy for thick subcutaneous fat (aminophylline) – clinic "
            "practice"
        ),
        "indication": "cellulite",
        "summary": (
            "Clinic-practice variant for cellulite where the subcutaneous fat is thick: a 13 mm "
            "needle inserted fully at 45° into the fat, 0.1–0.2 mL per point, 1.5–2.5 cm apart, "
            "weekly for 10 sessions, then every 4 weeks. No controlled study supports it, and a "
            "controlled study of aminophylline-based body injections was negative. Aminophylline "
            "strength is not given in the reference: use the product's labelled concentration, "
            "and do not add lidocaine."
        ),
        "evidence_level": "clinic_practice",
        "evidence_summary": (
            "Clinic and textbook practice only: a 13 mm needle inserted fully at 45° where "
            "subcutaneous fat is thick [P1]; needles up to 13 mm occasionally used for deeper fat "
            "[P4]; 10–15 sessions once or twice a week with maintenance every 3–4 weeks [P6]. "
            "Aminophylline acts as a lipolytic (not ablative) agent: fat cells survive, so "
            "treatment must be repeated [T27]. The Italian Society of Mesotherapy consensus "
            "support for cellulite concerns intradermal therapy [C1], not deep injection."
        ),
        "evidence_caveats": (
            "Negative: aminophylline + buflomedil + lidocaine given weekly for 12 weeks gave no "
            "difference in thigh girth or CT fat against the untreated thigh, and patient "
            "satisfaction was poor [T26]. Mayo Clinic: not proven, and can cause infection, "
            "rashes and bumpy contours [P21]. A JAAD review: at most mild improvement that is "
            "usually not maintained [T29]. Mesotherapy-associated mycobacterial infections were "
            "mostly on the abdomen, buttocks and thighs [T45]."
        ),
        "technique": "deep_subcutaneous",
        "needle_gauge": 30,
        "needle_length_mm": "13",
        "depth_min_mm": "4",
        "depth_max_mm": "9",
        "spacing_min_mm": "15",
        "spacing_max_mm": "25",
        "volume_per_point_min_ml": "0.1",
        "volume_per_point_max_ml": "0.2",
        "max_total_volume_ml": "10",
        "sessions_count": 10,
        "interval_min_days": 7,
        "interval_max_days": 7,
        "maintenance_interval_days": 28,
        "review_after_days": 30,
        "treatment_areas": ["thighs", "buttocks"],
        "pre_care": [
            (
                "Tell us about every medicine and supplement you take. If one that was not "
                "prescribed for you needs a pause before treatment (such as aspirin, ibuprofen, "
                "fish oil, vitamin E, ginkgo or garlic), your personal list gives the day to "
                "start it."
            ),
            (
                "Tell us about any prescribed blood thinner, anti-platelet medicine or "
                "antidepressant; do not stop it unless your doctor tells you to."
            ),
            ("For 48 hours before, avoid alcohol, cigarettes, caffeine, and salty or sugary food."),
            "On the day, eat a meal that contains protein and drink plenty of water.",
            (
                "Tell us before the day if you have a cold sore, inflamed spots, a rash, broken "
                "skin or sunburn on the area to be treated; we will move the appointment."
            ),
            (
                "Tell us if you are pregnant, breastfeeding or trying for a baby; this treatment "
                "is not given in pregnancy or while breastfeeding."
            ),
        ],
        "aftercare": [
            "Wear loose, comfortable clothing over the treated areas.",
            "No exercise for 48 hours.",
            "No sauna, steam room or jacuzzi for 72 hours.",
            "Keep the treated areas out of the sun for at least 10 days.",
            "No peels or laser treatment on the treated areas for 14 days.",
            (
                "Contact us straight away if you notice a new painful lump, pus or discharge, "
                "fever, spreading redness, or skin that turns pale, grey or dark at a treated "
                "spot."
            ),
        ],
        "absolute_contraindications": [
            "pregnancy",
            "breastfeeding",
            "active_skin_infection",
            "sunburn",
            "allergy_blend_component",
            "allergy_caffeine_xanthines",
        ],
        "relative_contraindications": [
            "planning_pregnancy",
            "bleeding_disorder",
            "anticoagulant",
            "antiplatelet",
            "nsaid",
            "ssri_snri",
            "bleeding_risk_supplement",
            "autoimmune_disease",
            "diabetes",
            "malignancy",
            "immunosuppression",
            "keloid_tendency",
            "cardiovascular_disease",
            "liver_kidney_disease",
            "under_18",
        ],
        "side_effects": [
            {
                "effect": "Slight bruising",
                "usual_duration": "about 1 week (7–10 days in some reports)",
            },
            {"effect": "Mild swelling", "usual_duration": "1–2 days"},
            {"effect": "Itching", "usual_duration": "2–3 hours"},
            {
                "effect": "Small painless lumps at the injection points",
                "usual_duration": "settle on their own (time not stated in the sources)",
            },
        ],
        "consent_risk_text": (
            "This treatment places small amounts of aminophylline into the fat under areas of "
            "cellulite with a series of deeper injections. Common: slight bruising that fades "
            "within about a week (sometimes 7 to 10 days), mild swelling for 1 to 2 days, itching "
            "for 2 to 3 hours, and small painless lumps that settle. Uncommon or rare: infection, "
            "including atypical (non-tuberculous) mycobacterial infection; most reported cases "
            "were on the abdomen, buttocks and thighs, with several lumps that often needed "
            "several antibiotic courses over weeks and left scars. Also rashes, a bumpy skin "
            "surface, inflammation of the fat (panniculitis), lumps of inflammation (granulomas) "
            "and areas of skin damage (necrosis). Darker skin types may develop dark marks after "
            "the inflammation settles. The sources we use give no exact rates for these events. "
            "Results are uncertain: this deeper method rests on clinic experience only, one "
            "controlled study of a similar aminophylline mixture found no measurable benefit, and "
            "the best cellulite treatments give at most mild improvement that usually does not "
            "last."
        ),
        "blend": [
            {
                "ingredient": "Aminophylline",
                "concentration": None,
                "concentration_unit": "",
                "volume_ml": "10",
            },
        ],
        "sources": [
            {
                "key": "C1",
                "citation": (
                    "Mammucari M, Gatti A, Maggiori S, Bartoletti CA, Sabato AF. 2011. "
                    "Mesotherapy, definition, rationale and clinical role: a consensus report "
                    "from the Italian Society of Mesotherapy. Eur Rev Med Pharmacol Sci "
                    "15:682–694. (abstract via studyres.com / vdocuments.us copies)"
                ),
            },
            {
                "key": "C3",
                "citation": (
                    "Mammucari M, Maggiori E, Russo D, et al. 2020. Mesotherapy: from historical "
                    "notes to scientific evidence and future prospects. Sci World J 2020:3542848 "
                    "(hindawi.com; PMC7305548). Technique paragraph as reproduced on "
                    'phptrainingacademy.com "pain-management".'
                ),
            },
            {
                "key": "C8",
                "citation": (
                    "American Society for Aesthetic Plastic Surgery. 2007 (May 14). Patient "
                    "safety warning to steer clear of injection fat loss treatments "
                    "(surgery.org); see also the ASAPS 2006 release Lipodissolve treatments need "
                    "regulation, more study."
                ),
            },
            {
                "key": "T5",
                "citation": (
                    "Amin SP, Phelps RG, Goldberg DJ. 2006. Mesotherapy for facial skin "
                    "rejuvenation: a clinical, histologic, and electron microscopic evaluation. "
                    "Dermatol Surg 32:1467–1472 (via slide summary, slideum.com)."
                ),
            },
            {
                "key": "T26",
                "citation": (
                    "Park SH, Kim DW, Lee MA, et al. 2008. Effectiveness of mesotherapy on body "
                    "contouring. Plast Reconstr Surg 121:179e."
                ),
            },
            {
                "key": "T27",
                "citation": (
                    "Jayasinghe S, Guillot T, Bissoon L, Greenway F. 2013. Mesotherapy for local "
                    "fat reduction. Obes Rev."
                ),
            },
            {
                "key": "T29",
                "citation": (
                    "Khan MH, Victor F, Rao B, Sadick NS. 2010. Treatment of cellulite. Part II. "
                    "Advances and controversies. J Am Acad Dermatol 62:373–384."
                ),
            },
            {
                "key": "T31",
                "citation": (
                    "Hexsel D, Fabi SG, Sattler G, et al. 2019. Validated assessment scales for "
                    "cellulite dimples on the buttocks and thighs in female patients. Dermatol "
                    "Surg 45 Suppl 1:S2–S11."
                ),
            },
            {
                "key": "T32",
                "citation": (
                    "KYBELLA (deoxycholic acid) injection, US prescribing information (DailyMed "
                    "via fda.report; drugs.com dosage page; adverse-reaction table via "
                    "mdtodate.com; safety summaries on clinic pages)."
                ),
            },
            {
                "key": "T32b",
                "citation": "Canadian labelling contraindication as summarised on medicine.com.",
            },
            {
                "key": "T43",
                "citation": (
                    "Campos LM, Miot LDB, Marques MEA, Miot HA. 2019. Noninfectious suppurative "
                    "panniculitis induced by mesotherapy with deoxycholate. An Bras Dermatol "
                    "94:754–756."
                ),
            },
            {
                "key": "T44",
                "citation": (
                    "Tan J, Rao B. (year not shown). Mesotherapy-induced panniculitis treated "
                    "with dapsone: case report and review of reported adverse effects of "
                    "mesotherapy."
                ),
            },
            {
                "key": "T45",
                "citation": (
                    "Singsing ME, Duncan SG, Vachon MJ, Goff HW. 2022. Clinical features of "
                    "mesotherapy-associated non-tuberculous mycobacterial infections: a "
                    "systematic review. Int J Womens Dermatol 8(4):e059."
                ),
            },
            {
                "key": "T46",
                "citation": (
                    "Plachouri KM, Georgiou S. 2019. Mesotherapy: safety profile and management "
                    "of complications. J Cosmet Dermatol (doi 10.1111/jocd.13115)."
                ),
            },
            {
                "key": "S2",
                "citation": (
                    "2022 CME review of bleeding risks of popular herbal and dietary supplements "
                    "(PMC9586694; authors not shown in excerpt)."
                ),
            },
            {
                "key": "S4",
                "citation": (
                    "Palamaras I, Semkova K. 2015. Perioperative management of and "
                    "recommendations for antithrombotic medications in dermatological surgery. Br "
                    "J Dermatol (doi 10.1111/bjd.13362)."
                ),
            },
            {
                "key": "S5",
                "citation": (
                    "Iyengar S, Yeager DG, Cohen JL, Ozog DM. 2019/2020. Update and review of "
                    "bleeding considerations in dermatologic surgery: anticoagulants and "
                    "antiplatelets. Dermatol Surg 46(2):192–201."
                ),
            },
            {
                "key": "S6",
                "citation": (
                    "Trager MH, et al. 2025. Part 1: Management of antithrombotic medications in "
                    "dermatologic surgery. J Am Acad Dermatol 92(3):389–404."
                ),
            },
            {
                "key": "S9",
                "citation": (
                    "Mokhtarian A, Siguret V, Jourdi G. 2024. Effects of selective serotonin "
                    "reuptake inhibitors on platelet functions: a literature review. Curr Opin "
                    "Hematol 31(1):22–33."
                ),
            },
            {"key": "P1", "citation": "Mesoderm (mesoderm.es), Mesotherapy – manual techniques."},
            {
                "key": "P2",
                "citation": (
                    "Beauty Training Portal, Mesotherapy (FCCD) lesson – papule, nappage, "
                    "point-by-point."
                ),
            },
            {
                "key": "P3",
                "citation": (
                    "aesmed.co.kr, Mesotherapy for Alopecia – depth classes, PPP parameters."
                ),
            },
            {
                "key": "P4",
                "citation": (
                    "Textbook chapter 52, Mesotherapy for body contouring and cellulite "
                    "(reproduced on clinicalgate.com and plasticsurgerykey.com)."
                ),
            },
            {"key": "P6", "citation": "vivibeneclub.it, Mesoterapia Milano."},
            {
                "key": "P7",
                "citation": (
                    "azpmu.org, Mesotherapy pre and post care information for aestheticians."
                ),
            },
            {
                "key": "P8",
                "citation": "simply-aesthetics.com, Post-treatment instructions – Mesotherapy.",
            },
            {
                "key": "P9",
                "citation": (
                    "borcianilondon.com, Mesotherapy aftercare – pre & post care instructions."
                ),
            },
            {
                "key": "P12",
                "citation": (
                    "higherselfskin.com.au, Dermal filler – blood-thinning medicines and "
                    "supplements."
                ),
            },
            {"key": "P19", "citation": "delightmedical.com, Mesotherapy safety."},
            {
                "key": "P20",
                "citation": "doctormedica.co blog, Mesotherapy for cellulite treatment (vendor).",
            },
            {"key": "P21", "citation": "Mayo Clinic, Cellulite – alternative medicine."},
            {"key": "P22", "citation": "bellareynaspa.com, Must know (pre/post mesotherapy)."},
            {
                "key": "P23",
                "citation": "healthfan.biz, Mesotherapy – contraindications (low-quality source).",
            },
            {
                "key": "P30",
                "citation": (
                    "sophisticatededge.com, What is mesotherapy cellulite reduction? (low quality)."
                ),
            },
            {"key": "P-cellulite", "citation": "cellulitetreatment.org."},
        ],
        "value_sources": {
            "blend": (
                "Aminophylline [P21][P-cellulite], as in [T26]; no concentration in the "
                "reference, so concentration left empty (use the product's labelled strength). No "
                "lidocaine [T27]. Volume = the session cap below."
            ),
            "technique": (
                "Deep variant where subcutaneous fat is thick: 13 mm needle inserted fully at 45° "
                "[P1]; needles up to 13 mm for deeper fat [P4]. Gauge 30G from the general SIM "
                "guidance (13 mm 30/32G) [C3]."
            ),
            "depth": (
                "13 mm at 45° reaches about 9 mm (computed: 13 × sin 45° ≈ 9.2 mm) [P1]; lower "
                "bound 4 mm from deep point-by-point guidance (4–10 mm) [P3][P2]."
            ),
            "spacing": "Body points about 1.5–2.5 cm apart [P4].",
            "volume": (
                "No deep cellulite per-point volume in the reference; general SIM 0.10–0.20 mL "
                "[C3] used, below the 0.3–0.4 mL of deep point-by-point work [P3]. No total per "
                "session for cellulite: 10 mL is a conservative placeholder pending clinical "
                "sign-off."
            ),
            "course": (
                "10–15 sessions once or twice a week, maintenance every 3–4 weeks [P6]: 10 weekly "
                "sessions (lower bound, once a week) and maintenance every 28 days used. No "
                "post-course review interval in the sources; 30 days chosen."
            ),
            "pre_care": (
                "Body list [P8]: avoid aspirin, ginkgo, garlic, CoQ10, flax-seed oil, cod-liver "
                "oil, vitamins A and E and essential fatty acids; for 24–48 h avoid niacin, salty "
                "or sugary food, caffeine, alcohol and cigarettes (48 h used); protein meal and "
                "water on the day. [P8] gives no window for the drugs and supplements: 2 weeks "
                "used, the longest clinic NSAID window [P12] and the review advice for "
                "non-essential supplements [S2]. Prescribed anticoagulants, antiplatelets and "
                "SSRIs/SNRIs are flagged for clinician review and never stopped by the patient "
                "(§7) [S4][S5][S6][S9]; non-prescribed NSAIDs and bleeding-risk supplements are "
                "flagged and paused before treatment [S2]."
            ),
            "aftercare": (
                "No exercise 48 h; no sauna or jacuzzi 72 h; no sun on body-treated areas for at "
                "least 10 days; no peels or laser on the area 14 days [P8]. Loose clothing [P19] "
                "([P19] allows vigorous exercise after 1 day; the longer 48 h of [P8] used). "
                "Warning signs: the reference's suggested urgent-review trigger (§8)."
            ),
            "contraindications": (
                "Absolute/relative split is the reference's proposal for software rules (§6), "
                "assembled from trial exclusions [T5], the KYBELLA label [T32][T32b] and clinic "
                "pages [P7][P9][P19][P22][P23]. Body cellulite patients: not in pregnancy, "
                "breastfeeding, or childbearing potential without contraception (caution); "
                "ideally normal blood count, lipids, renal and liver function; age 18–75 "
                "[P20][P19]. Prescribed anticoagulants, antiplatelets and SSRIs/SNRIs are flagged "
                "for clinician review and never stopped by the patient (§7) [S4][S5][S6][S9]; "
                "non-prescribed NSAIDs and bleeding-risk supplements are flagged and paused "
                "before treatment [S2]. Intolerance of xanthines rules out aminophylline "
                "(ingredient rule, §6 'allergy to any component')."
            ),
            "side_effects": (
                "Slight bruising resolving within about 1 week, mild swelling 1–2 days, itch 2–3 "
                "h, small painless lumps that settle [P19]; bruising 7–10 days [P30]. Consent "
                "risks: non-tuberculous mycobacteria, mostly on the abdomen, buttocks and thighs "
                "[T45]; panniculitis [T43][T44]; granulomas and necrosis [C8][T46]; infection, "
                "rashes and bumpy contours [P21]; post-inflammatory hyperpigmentation in "
                "Fitzpatrick IV–VI [P20]."
            ),
            "treatment_areas": (
                "Thighs and buttocks, the cellulite sites of the validated scales [T31] and of "
                "[T26] (thighs)."
            ),
        },
    },
    {
        "slug": "deoxycholic-acid-submental-kybella",
        "name": "Deoxycholic acid 10 mg/mL, submental fat (KYBELLA, on-label)",
        "indication": "localized_fat",
        "summary": (
            "On-label: KYBELLA (deoxycholic acid 10 mg/mL) for moderate to severe submental fat "
            "in adults, the only injectable fat-reduction protocol with a regulatory label. 0.2 "
            "mL per injection on a marked 1 cm grid, into the mid-depth of the pre-platysmal fat; "
            "at most 50 injections / 10 mL per session, up to 6 sessions at least 1 month apart. "
            "Do not dilute or mix; inject nothing above the lower border of the jaw or within "
            "1–1.5 cm below it, and stay 1–1.5 cm from salivary glands, lymph nodes and muscles. "
            "Not for sites outside the submental area."
        ),
        "evidence_level": "trial",
        "evidence_summary": (
            "On-label (US prescribing information) for moderate to severe submental convexity in "
            "adults [T32]. Phase 3 RCTs: REFINE-1 composite response of 1 grade or more in 70.0% "
            "vs 18.6% on placebo and of 2 grades or more in 13.4% vs 0%, MRI responders 46.3% vs "
            "5.3% [T33]; REFINE-2 66.5% vs 22.2% and 18.6% vs 3.0% [T34]. Response maintained at "
            "3 years in 82.4% vs 65.0% [T35]. 59% of trial patients received all 6 sessions "
            "[T32][P26]."
        ),
        "evidence_caveats": (
            "Safety and efficacy outside the submental region are not established and such use is "
            "not recommended [T32]. Safety in pregnancy and nursing is not established [T32]. "
            "Only a minority reached a 2-grade composite response (13.4% [T33]; 18.6% [T34]). The "
            "needle and depth details come from a low-quality secondary summary of the label "
            "[P27]; check them against the label."
        ),
        "technique": "deep_subcutaneous",
        "needle_gauge": 30,
        "needle_length_mm": "12.7",
        "depth_min_mm": "4",
        "depth_max_mm": "10",
        "spacing_min_mm": "10",
        "spacing_max_mm": "10",
        "volume_per_point_min_ml": "0.2",
        "volume_per_point_max_ml": "0.2",
        "max_total_volume_ml": "10",
        "sessions_count": 6,
        "interval_min_days": 30,
        "interval_max_days": 90,
        "maintenance_interval_days": None,
        "review_after_days": 84,
        "treatment_areas": ["submental"],
        "on_label_areas": ["submental"],
        "ancillaries": [
            {
                "role": "anaesthetic",
                "name": "Lidocaine, topical cream or local injection, only if agreed",
                "ingredient": "Lidocaine",
                "use": "Topical or injected local anaesthetic for comfort (label, via [P27])",
                "optional": True,
                "source": "[P27][P26]",
            }
        ],
        "pre_care": [
            (
                "Tell us about every medicine and supplement you take. If one that was not "
                "prescribed for you needs a pause before treatment (such as aspirin, ibuprofen, "
                "fish oil, vitamin E, ginkgo or garlic), your personal list gives the day to "
                "start it."
            ),
            (
                "Tell us about any prescribed blood thinner, anti-platelet medicine or "
                "antidepressant; do not stop it unless your doctor tells you to."
            ),
            (
                "Tell us if you have ever had difficulty swallowing, any surgery, radiotherapy or "
                "cosmetic treatment on your neck or under your chin, or a thyroid problem."
            ),
            (
                "Tell us if you have an infection, spots or broken skin under your chin; we will "
                "move the appointment."
            ),
            "Tell us if you are pregnant or breastfeeding; this treatment is not given then.",
            (
                "We can use ice, numbing cream or a numbing injection to make the treatment more "
                "comfortable."
            ),
        ],
        "aftercare": [
            (
                "Swelling, bruising, soreness, numbness and firmness under the chin are very "
                "common; hold a cold pack wrapped in a cloth on the area for 10 to 15 minutes at "
                "a time as needed."
            ),
            (
                "For 10 days after, keep avoiding aspirin, ibuprofen and other anti-inflammatory "
                "painkillers, vitamin E, ginkgo and fish oil that were not prescribed for you."
            ),
            "For 48 hours, avoid hot baths, sauna and hard exercise.",
            (
                "Contact us straight away if you have difficulty swallowing, an uneven smile or "
                "weakness of the lower lip, an open sore, or skin under the chin that turns dark, "
                "grey or pale."
            ),
            "Tell us if you notice hair loss in the treated area.",
        ],
        "absolute_contraindications": [
            "active_skin_infection",
            "allergy_blend_component",
            "dysphagia",
            "pregnancy",
            "breastfeeding",
            "under_18",
        ],
        "relative_contraindications": [
            "thyroid_disease",
            "neck_surgery_or_radiation",
            "bleeding_disorder",
            "anticoagulant",
            "antiplatelet",
            "nsaid",
            "ssri_snri",
            "bleeding_risk_supplement",
            "autoimmune_disease",
            "diabetes",
            "malignancy",
            "immunosuppression",
            "keloid_tendency",
            "cardiovascular_disease",
            "liver_kidney_disease",
        ],
        "side_effects": [
            {
                "effect": "Swelling (87% of patients in trials)",
                "usual_duration": "not stated in the reference",
            },
            {"effect": "Bruising (72%)", "usual_duration": "not stated in the reference"},
            {"effect": "Pain (70%)", "usual_duration": "not stated in the reference"},
            {"effect": "Numbness (66%)", "usual_duration": "not stated in the reference"},
            {"effect": "Redness (27%)", "usual_duration": "not stated in the reference"},
            {
                "effect": "Hardness of the treated area (induration, 23%)",
                "usual_duration": "not stated in the reference",
            },
            {
                "effect": "Tingling (paraesthesia, 14%)",
                "usual_duration": "not stated in the reference",
            },
            {"effect": "Lumps (nodules, 13%)", "usual_duration": "not stated in the reference"},
            {"effect": "Itching (12%)", "usual_duration": "not stated in the reference"},
            {"effect": "Headache (8%)", "usual_duration": "not stated in the reference"},
            {
                "effect": "Skin tightness (5%) and warmth (4%)",
                "usual_duration": "not stated in the reference",
            },
            {"effect": "Nausea (2%)", "usual_duration": "not stated in the reference"},
            {
                "effect": (
                    "Marginal mandibular nerve injury: uneven smile or lower-lip weakness (4%)"
                ),
                "usual_duration": "all resolved; median 44 days (range 1–298)",
            },
            {
                "effect": "Difficulty swallowing (dysphagia, 2%)",
                "usual_duration": "all resolved; median 3 days (range 1–81)",
            },
        ],
        "consent_risk_text": (
            "KYBELLA is licensed for fat under the chin in adults; it destroys fat cells where it "
            "is injected. In the trials, out of every 100 people treated: swelling 87, bruising "
            "72, pain 70, numbness 66, redness 27, hardness of the area 23, tingling 14, lumps "
            "13, itching 12, headache 8, skin tightness 5, warmth 4 and nausea 2. Serious but "
            "reversible: injury to the nerve that moves the lower lip, giving an uneven smile or "
            "weakness, in about 4 in 100; all recovered, half of them within about 6 weeks and "
            "the slowest after about 10 months. Difficulty swallowing in about 2 in 100; all "
            "recovered, half within 3 days and the slowest after about 12 weeks. Also reported: "
            "hair loss, open sores (ulcers) and skin damage (necrosis) at the injection sites, "
            "and infection. Up to 6 sessions may be needed, and results vary."
        ),
        "blend": [
            {
                "ingredient": "Deoxycholic acid",
                "concentration": "10",
                "concentration_unit": "mg/mL",
                "volume_ml": "10",
            },
        ],
        "sources": [
            {
                "key": "T5",
                "citation": (
                    "Amin SP, Phelps RG, Goldberg DJ. 2006. Mesotherapy for facial skin "
                    "rejuvenation: a clinical, histologic, and electron microscopic evaluation. "
                    "Dermatol Surg 32:1467–1472 (via slide summary, slideum.com)."
                ),
            },
            {
                "key": "T32",
                "citation": (
                    "KYBELLA (deoxycholic acid) injection, US prescribing information (DailyMed "
                    "via fda.report; drugs.com dosage page; adverse-reaction table via "
                    "mdtodate.com; safety summaries on clinic pages)."
                ),
            },
            {
                "key": "T32b",
                "citation": "Canadian labelling contraindication as summarised on medicine.com.",
            },
            {
                "key": "T33",
                "citation": (
                    "Jones DH, Carruthers J, Joseph JH, et al. 2016. REFINE-1, a multicenter, "
                    "randomized, double-blind, placebo-controlled, phase 3 trial with ATX-101, an "
                    "injectable drug for submental fat reduction. Dermatol Surg 42(1)."
                ),
            },
            {
                "key": "T34",
                "citation": (
                    "Humphrey S, Sykes J, Kantor J, et al. 2016. ATX-101 for reduction of "
                    "submental fat: a phase III randomized controlled trial. J Am Acad Dermatol "
                    "75:788–797."
                ),
            },
            {
                "key": "T35",
                "citation": (
                    "Humphrey S, Cohen JL, Bhatia AC, Green LJ, Green JB, Bowen B. 2021. "
                    "Improvements in submental contour up to 3 years after ATX-101: efficacy and "
                    "safety follow-up of the phase 3 REFINE trials. Aesthet Surg J "
                    "41(11):NP1532–NP1539."
                ),
            },
            {
                "key": "S2",
                "citation": (
                    "2022 CME review of bleeding risks of popular herbal and dietary supplements "
                    "(PMC9586694; authors not shown in excerpt)."
                ),
            },
            {
                "key": "S4",
                "citation": (
                    "Palamaras I, Semkova K. 2015. Perioperative management of and "
                    "recommendations for antithrombotic medications in dermatological surgery. Br "
                    "J Dermatol (doi 10.1111/bjd.13362)."
                ),
            },
            {
                "key": "S5",
                "citation": (
                    "Iyengar S, Yeager DG, Cohen JL, Ozog DM. 2019/2020. Update and review of "
                    "bleeding considerations in dermatologic surgery: anticoagulants and "
                    "antiplatelets. Dermatol Surg 46(2):192–201."
                ),
            },
            {
                "key": "S6",
                "citation": (
                    "Trager MH, et al. 2025. Part 1: Management of antithrombotic medications in "
                    "dermatologic surgery. J Am Acad Dermatol 92(3):389–404."
                ),
            },
            {
                "key": "S9",
                "citation": (
                    "Mokhtarian A, Siguret V, Jourdi G. 2024. Effects of selective serotonin "
                    "reuptake inhibitors on platelet functions: a literature review. Curr Opin "
                    "Hematol 31(1):22–33."
                ),
            },
            {
                "key": "P3",
                "citation": (
                    "aesmed.co.kr, Mesotherapy for Alopecia – depth classes, PPP parameters."
                ),
            },
            {
                "key": "P7",
                "citation": (
                    "azpmu.org, Mesotherapy pre and post care information for aestheticians."
                ),
            },
            {
                "key": "P9",
                "citation": (
                    "borcianilondon.com, Mesotherapy aftercare – pre & post care instructions."
                ),
            },
            {"key": "P10", "citation": "javafloaesthetics.com, Mesotherapy after care."},
            {"key": "P19", "citation": "delightmedical.com, Mesotherapy safety."},
            {"key": "P22", "citation": "bellareynaspa.com, Must know (pre/post mesotherapy)."},
            {
                "key": "P23",
                "citation": "healthfan.biz, Mesotherapy – contraindications (low-quality source).",
            },
            {"key": "P24", "citation": "lasersurgeryusa.com, Kybella."},
            {"key": "P25", "citation": "Kybella informed-consent form (jotform.com)."},
            {"key": "P26", "citation": "experiencesenara.com, Kybella FAQs."},
            {
                "key": "P27",
                "citation": (
                    "droracle.ai, Kybella injection technique (AI-generated summary of the label; "
                    "low quality, cross-check with the label)."
                ),
            },
        ],
        "value_sources": {
            "blend": (
                "Deoxycholic acid 10 mg/mL, not diluted or mixed with other products [T32]. 10 mL "
                "= the label maximum per session [T32]."
            ),
            "technique": (
                "Injection into the subcutaneous pre-platysmal fat [T32]; 30G (or finer) 0.5-inch "
                "(12.7 mm) needle, perpendicular [P27] (low-quality secondary summary of the "
                "label; check with the label). No-go zones [T32][P27]."
            ),
            "depth": (
                "About mid-depth of the pre-platysmal subcutaneous fat [P27]; the reference gives "
                "no millimetres. 4–10 mm, the general deep point-by-point range [P3], is used "
                "only as outer bounds: the patient's fat thickness governs."
            ),
            "spacing": "Marked 1 cm grid [T32].",
            "volume": "0.2 mL per injection; at most 50 injections / 10 mL per session [T32].",
            "course": (
                "Up to 6 sessions at least 1 month apart [T32] (30 days used as the minimum); 59% "
                "of trial patients received all 6 [T32][P26]. The label gives no maximum "
                "interval: 90 days is a scheduling placeholder. Review 12 weeks (84 days) after "
                "the last treatment, the primary endpoint of the trials [T33][T34]; durability to "
                "3 years [T35]. No maintenance interval."
            ),
            "pre_care": (
                "Avoid aspirin, NSAIDs, platelet inhibitors, vitamin E and ginkgo for 10 days "
                "before and after [P25], applied here to non-prescribed products only; avoid fish "
                "oil and aspirin where possible [P24]. Screening questions from the label "
                "precautions and contraindication [T32]. Comfort: ice, topical or injected local "
                "anaesthetic [P27][P26]. Prescribed anticoagulants, antiplatelets and SSRIs/SNRIs "
                "are flagged for clinician review and never stopped by the patient (§7) "
                "[S4][S5][S6][S9]; non-prescribed NSAIDs and bleeding-risk supplements are "
                "flagged and paused before treatment [S2]."
            ),
            "aftercare": (
                "Ice or cold packs for 10–15 min afterwards as needed [P26]; the 10-day avoidance "
                "after treatment [P25]. No KYBELLA-specific heat or exercise rule in the "
                "reference: 48 h from the general mesotherapy aftercare [P10][P7]. Warning signs "
                "from the label's serious adverse events (nerve injury, dysphagia, alopecia, "
                "ulceration, necrosis) [T32] and the §8 trigger."
            ),
            "contraindications": (
                "Label contraindication: infection at the injection sites [T32]; hypersensitivity "
                "to any component (Canada) [T32b]. Avoid in current or past dysphagia [T32]. "
                "Adults only [T32]. Pregnancy and nursing not established [T32]; absolute per the "
                "§6 proposal. Label precautions, set relative: thyromegaly and cervical "
                "lymphadenopathy (nearest tag: thyroid disease), previous surgery or aesthetic "
                "treatment in the area, bleeding abnormalities, antiplatelet or anticoagulant "
                "drugs [T32]. Absolute/relative split is the reference's proposal for software "
                "rules (§6), assembled from trial exclusions [T5], the KYBELLA label [T32][T32b] "
                "and clinic pages [P7][P9][P19][P22][P23]. Prescribed anticoagulants, "
                "antiplatelets and SSRIs/SNRIs are flagged for clinician review and never stopped "
                "by the patient (§7) [S4][S5][S6][S9]; non-prescribed NSAIDs and bleeding-risk "
                "supplements are flagged and paused before treatment [S2]."
            ),
            "side_effects": (
                "Pooled trial rates, n = 513 vs placebo 506 [T32]; nerve injury and dysphagia "
                "with their durations [T32]. The label summary in the reference gives no "
                "durations for the common effects."
            ),
            "treatment_areas": (
                "Submental only: safety and efficacy outside it are not established [T32]; the "
                "reference's seeding note blocks body sites for this product (§5)."
            ),
        },
    },
    {
        "slug": "pcdc-injection-lipolysis-body",
        "name": "Phosphatidylcholine/deoxycholate injection lipolysis, body (off-label)",
        "indication": "localized_fat",
        "summary": (
            "Off-label, compounded: phosphatidylcholine 5% + deoxycholate 2.5% injected into "
            "subcutaneous fat of small body fat deposits, no more than 0.3 mL per point, 4 "
            "sessions 4–8 weeks apart. Society and regulator warnings apply (ASAPS 2007; FDA "
            "warning letters 2010), and a documented off-label consent is required. Inject only "
            "into fat: injection outside the fat may cause necrosis; the session cap is "
            "provisional (5 mL)."
        ),
        "evidence_level": "trial",
        "evidence_summary": (
            "Off-label/compounded. Double-blind randomised split-body study of PC/DC against DC "
            "alone, 4 sessions every 8 weeks: fat reduced in 91.9%, circumference about -6.5% and "
            "ultrasound thickness about -37% on both sides, with no difference between sides "
            "[T37]. Deoxycholate is the main lytic agent; the effect is non-specific detergent "
            "lysis [T36]. Observational series: 1269 patients over 14 years, on average 4 "
            "sessions every 4 weeks, maximum visible effect by day 10 in 80% with action "
            "continuing for 6–8 weeks [T39]; a UK series with a mean 22.8% reduction in "
            "skin(fold) thickness after 1–3 sessions [T38b]; a multicentre UK safety series [T38]."
        ),
        "evidence_caveats": (
            "Regulatory and society warnings: ASAPS warned patients in 2007 to avoid injection "
            "fat loss treatments, citing infection, granulomas and necrosis [C8]; the FDA sent "
            "warning letters in 2010 over 'lipodissolve' claims [P-wiki]. PC/DC was no better "
            "than DC alone [T37]. Dose-dependent fibrosis, fat necrosis and vessel-wall necrosis "
            "were seen in tissue studies [T42]. Sterile suppurative panniculitis has followed "
            "deoxycholate cocktails [T43][T44]."
        ),
        "technique": "deep_subcutaneous",
        "needle_gauge": 30,
        "needle_length_mm": "13",
        "depth_min_mm": "4",
        "depth_max_mm": "10",
        "spacing_min_mm": "15",
        "spacing_max_mm": "25",
        "volume_per_point_min_ml": "0.1",
        "volume_per_point_max_ml": "0.3",
        "max_total_volume_ml": "5",
        "sessions_count": 4,
        "interval_min_days": 28,
        "interval_max_days": 56,
        "maintenance_interval_days": None,
        "review_after_days": 56,
        "treatment_areas": ["abdomen", "flanks", "thighs"],
        "pre_care": [
            (
                "Tell us about every medicine and supplement you take. If one that was not "
                "prescribed for you needs a pause before treatment (such as aspirin, ibuprofen, "
                "fish oil, vitamin E, ginkgo or garlic), your personal list gives the day to "
                "start it."
            ),
            (
                "Tell us about any prescribed blood thinner, anti-platelet medicine or "
                "antidepressant; do not stop it unless your doctor tells you to."
            ),
            ("For 48 hours before, avoid alcohol, cigarettes, caffeine, and salty or sugary food."),
            "On the day, eat a meal that contains protein and drink plenty of water.",
            (
                "Tell us before the day if you have a cold sore, inflamed spots, a rash, broken "
                "skin or sunburn on the area to be treated; we will move the appointment."
            ),
            (
                "Tell us if you are pregnant, breastfeeding or trying for a baby; this treatment "
                "is not given in pregnancy or while breastfeeding."
            ),
        ],
        "aftercare": [
            (
                "Swelling, redness, burning, tenderness and bruising of the treated area are "
                "common and mostly mild."
            ),
            "Wear loose, comfortable clothing over the treated areas.",
            "No exercise for 48 hours.",
            "No sauna, steam room or jacuzzi for 72 hours.",
            "Keep the treated areas out of the sun for at least 10 days.",
            "No peels or laser treatment on the treated areas for 14 days.",
            (
                "Contact us straight away if you notice a new painful lump, pus or discharge, "
                "fever, spreading redness, or skin that turns pale, grey or dark at a treated "
                "spot."
            ),
            (
                "Tell us if you have diarrhoea, nausea, dizziness or bleeding between periods "
                "after the treatment."
            ),
        ],
        "absolute_contraindications": [
            "pregnancy",
            "breastfeeding",
            "active_skin_infection",
            "sunburn",
            "allergy_blend_component",
        ],
        "relative_contraindications": [
            "planning_pregnancy",
            "bleeding_disorder",
            "anticoagulant",
            "antiplatelet",
            "nsaid",
            "ssri_snri",
            "bleeding_risk_supplement",
            "autoimmune_disease",
            "diabetes",
            "malignancy",
            "immunosuppression",
            "keloid_tendency",
            "cardiovascular_disease",
            "liver_kidney_disease",
            "under_18",
        ],
        "side_effects": [
            {
                "effect": (
                    "Swelling, redness, burning or stinging, pain, tenderness and bruising "
                    "(mostly very mild or mild)"
                ),
                "usual_duration": "self-limiting (time not stated in the sources)",
            },
            {
                "effect": "Diarrhoea, nausea, dizziness or bleeding between periods (3%)",
                "usual_duration": "not stated in the reference",
            },
            {
                "effect": "Tender nodules, skin colour change, light-headedness",
                "usual_duration": "not stated in the reference",
            },
            {
                "effect": "Unexpected or prolonged reactions (0.14%)",
                "usual_duration": "all self-limiting",
            },
        ],
        "consent_risk_text": (
            "This is an off-label treatment with a compounded product that is not licensed for "
            "fat reduction. The American Society for Aesthetic Plastic Surgery has warned "
            "patients against injection fat-loss treatments, and the US FDA has sent warning "
            "letters about claims made for them. Common: swelling, redness, burning or stinging, "
            "pain, tenderness and bruising, mostly mild. About 3 in 100 people have effects "
            "elsewhere in the body: diarrhoea, nausea, dizziness or bleeding between periods. "
            "Tender lumps, skin colour change and light-headedness have been reported. Unexpected "
            "or long-lasting reactions happened in about 1 in 700 people, all settling on their "
            "own. Rare: open sores (ulcers); scarring (fibrosis) and death of fat or skin "
            "(necrosis), especially if the product reaches tissue outside the fat; inflammation "
            "of the fat (panniculitis); lumps of inflammation (granulomas); and infection, "
            "including atypical (non-tuberculous) mycobacterial infection that can need weeks of "
            "antibiotics and leave scars. Results vary."
        ),
        "blend": [
            {
                "ingredient": "Phosphatidylcholine 5% + sodium deoxycholate 2.5% (compounded)",
                "concentration": None,
                "concentration_unit": "blend",
                "volume_ml": "5",
            },
        ],
        "sources": [
            {
                "key": "C3",
                "citation": (
                    "Mammucari M, Maggiori E, Russo D, et al. 2020. Mesotherapy: from historical "
                    "notes to scientific evidence and future prospects. Sci World J 2020:3542848 "
                    "(hindawi.com; PMC7305548). Technique paragraph as reproduced on "
                    'phptrainingacademy.com "pain-management".'
                ),
            },
            {
                "key": "C8",
                "citation": (
                    "American Society for Aesthetic Plastic Surgery. 2007 (May 14). Patient "
                    "safety warning to steer clear of injection fat loss treatments "
                    "(surgery.org); see also the ASAPS 2006 release Lipodissolve treatments need "
                    "regulation, more study."
                ),
            },
            {
                "key": "T5",
                "citation": (
                    "Amin SP, Phelps RG, Goldberg DJ. 2006. Mesotherapy for facial skin "
                    "rejuvenation: a clinical, histologic, and electron microscopic evaluation. "
                    "Dermatol Surg 32:1467–1472 (via slide summary, slideum.com)."
                ),
            },
            {
                "key": "T32",
                "citation": (
                    "KYBELLA (deoxycholic acid) injection, US prescribing information (DailyMed "
                    "via fda.report; drugs.com dosage page; adverse-reaction table via "
                    "mdtodate.com; safety summaries on clinic pages)."
                ),
            },
            {
                "key": "T32b",
                "citation": "Canadian labelling contraindication as summarised on medicine.com.",
            },
            {
                "key": "T36",
                "citation": (
                    "Rotunda AM, Suzuki H, Moy RL, Kolodney MS. 2004. Detergent effects of sodium "
                    "deoxycholate are a major feature of an injectable phosphatidylcholine "
                    "formulation used for localized fat dissolution. Dermatol Surg "
                    "30(7):1001–1008. (co-authors not verified)"
                ),
            },
            {
                "key": "T37",
                "citation": (
                    "Salti G, Ghersetich I, Tantussi F, et al. 2008. Phosphatidylcholine and "
                    "sodium deoxycholate in the treatment of localized fat: a double-blind, "
                    "randomized study. Dermatol Surg 34(1):60–66. (co-authors not verified)"
                ),
            },
            {
                "key": "T38",
                "citation": (
                    "Palmer M, Curran J, Bowler P. 2006. Clinical experience and safety using "
                    "phosphatidylcholine injections for the localized reduction of subcutaneous "
                    "fat: a multicentre, retrospective UK study. J Cosmet Dermatol 5:218–226."
                ),
            },
            {
                "key": "T38b",
                "citation": (
                    "The cosmetic use of phosphatidylcholine in the treatment of localized fat "
                    "deposits (100-patient UK series, MDedge/Cosmetic Dermatology; author not "
                    "shown)."
                ),
            },
            {
                "key": "T39",
                "citation": (
                    "Thomas MK, D'Silva JA, Borole AJ. 2018. Injection lipolysis: a systematic "
                    "review of literature and our experience with a combination of "
                    "phosphatidylcholine and deoxycholate over a period of 14 years in 1269 "
                    "patients of Indian and South East Asian origin. J Cutan Aesthet Surg "
                    "11(4):222–228; and Thomas M, et al. 2016, Injection lipolysis with a "
                    "cocktail of phosphatidylcholine and deoxycholate: an Indian experience, "
                    "Plast Reconstr Surg Glob Open 4(9):e861."
                ),
            },
            {
                "key": "T40",
                "citation": (
                    "Mahmud K, Crutchfield CE III. 2012. Lipodissolve for body sculpting: safety, "
                    "effectiveness, and patient satisfaction. J Clin Aesthet Dermatol 5(10):16–19."
                ),
            },
            {
                "key": "T42",
                "citation": (
                    "(authors not shown) Study of subcutaneous tissue effects of PC/DC in rats "
                    "and a human volunteer (abstract excerpt)."
                ),
            },
            {
                "key": "T43",
                "citation": (
                    "Campos LM, Miot LDB, Marques MEA, Miot HA. 2019. Noninfectious suppurative "
                    "panniculitis induced by mesotherapy with deoxycholate. An Bras Dermatol "
                    "94:754–756."
                ),
            },
            {
                "key": "T44",
                "citation": (
                    "Tan J, Rao B. (year not shown). Mesotherapy-induced panniculitis treated "
                    "with dapsone: case report and review of reported adverse effects of "
                    "mesotherapy."
                ),
            },
            {
                "key": "T45",
                "citation": (
                    "Singsing ME, Duncan SG, Vachon MJ, Goff HW. 2022. Clinical features of "
                    "mesotherapy-associated non-tuberculous mycobacterial infections: a "
                    "systematic review. Int J Womens Dermatol 8(4):e059."
                ),
            },
            {
                "key": "S2",
                "citation": (
                    "2022 CME review of bleeding risks of popular herbal and dietary supplements "
                    "(PMC9586694; authors not shown in excerpt)."
                ),
            },
            {
                "key": "S4",
                "citation": (
                    "Palamaras I, Semkova K. 2015. Perioperative management of and "
                    "recommendations for antithrombotic medications in dermatological surgery. Br "
                    "J Dermatol (doi 10.1111/bjd.13362)."
                ),
            },
            {
                "key": "S5",
                "citation": (
                    "Iyengar S, Yeager DG, Cohen JL, Ozog DM. 2019/2020. Update and review of "
                    "bleeding considerations in dermatologic surgery: anticoagulants and "
                    "antiplatelets. Dermatol Surg 46(2):192–201."
                ),
            },
            {
                "key": "S6",
                "citation": (
                    "Trager MH, et al. 2025. Part 1: Management of antithrombotic medications in "
                    "dermatologic surgery. J Am Acad Dermatol 92(3):389–404."
                ),
            },
            {
                "key": "S9",
                "citation": (
                    "Mokhtarian A, Siguret V, Jourdi G. 2024. Effects of selective serotonin "
                    "reuptake inhibitors on platelet functions: a literature review. Curr Opin "
                    "Hematol 31(1):22–33."
                ),
            },
            {"key": "P1", "citation": "Mesoderm (mesoderm.es), Mesotherapy – manual techniques."},
            {
                "key": "P3",
                "citation": (
                    "aesmed.co.kr, Mesotherapy for Alopecia – depth classes, PPP parameters."
                ),
            },
            {
                "key": "P4",
                "citation": (
                    "Textbook chapter 52, Mesotherapy for body contouring and cellulite "
                    "(reproduced on clinicalgate.com and plasticsurgerykey.com)."
                ),
            },
            {
                "key": "P7",
                "citation": (
                    "azpmu.org, Mesotherapy pre and post care information for aestheticians."
                ),
            },
            {
                "key": "P8",
                "citation": "simply-aesthetics.com, Post-treatment instructions – Mesotherapy.",
            },
            {
                "key": "P9",
                "citation": (
                    "borcianilondon.com, Mesotherapy aftercare – pre & post care instructions."
                ),
            },
            {
                "key": "P12",
                "citation": (
                    "higherselfskin.com.au, Dermal filler – blood-thinning medicines and "
                    "supplements."
                ),
            },
            {"key": "P19", "citation": "delightmedical.com, Mesotherapy safety."},
            {
                "key": "P20",
                "citation": "doctormedica.co blog, Mesotherapy for cellulite treatment (vendor).",
            },
            {"key": "P22", "citation": "bellareynaspa.com, Must know (pre/post mesotherapy)."},
            {
                "key": "P23",
                "citation": "healthfan.biz, Mesotherapy – contraindications (low-quality source).",
            },
            {"key": "P28", "citation": "advancedbeauty.co.uk, Aqualyx fat reduction."},
            {
                "key": "P-kamshoushy",
                "citation": (
                    "El Kamshoushy A, et al., Evaluation of the efficacy of injection lipolysis "
                    "using phosphatidylcholine/deoxycholate versus deoxycholate alone (abstract "
                    "page)."
                ),
            },
            {"key": "P-wiki", "citation": "Wikipedia, Injection lipolysis."},
        ],
        "value_sources": {
            "blend": (
                "Lipostabil-type formulation PC 5% + DC 2.5% [P-wiki]; PC 250 mg/mL in one UK "
                "series [T38b]. DC is the main lytic agent [T36]. Volume = the session cap below."
            ),
            "technique": (
                "Multiple micro-injections into subcutaneous fat [P-wiki][T39]. No needle given "
                "for PC/DC: 13 mm for deeper fat [P4][P1]; 30G from the general SIM 13 mm 30/32G "
                "[C3]."
            ),
            "depth": (
                "Into subcutaneous fat [T39]; 4–10 mm from deep point-by-point guidance [P3]. "
                "Injection outside the fat may cause necrosis [P-kamshoushy]."
            ),
            "spacing": (
                "Not stated for PC/DC; body mesotherapy points about 1.5–2.5 cm apart [P4]."
            ),
            "volume": (
                "No more than 0.3 mL per point [T39] (about 50% less per site on the face; face "
                "not seeded); lower bound 0.1 mL from the general 0.10–0.20 mL [C3]. Session cap: "
                "[T39] gives '5 g in one sitting' without saying of what; read conservatively as "
                "about 5 mL of solution, pending clinical sign-off."
            ),
            "course": (
                "4 sessions: every 8 weeks in the RCT [T37]; on average every 4 weeks with a "
                "4-week minimum [T39]; 1–3 sessions in a UK series [T38b]. Interval 28–56 days. "
                "Review 8 weeks after the last session [T39]. No maintenance interval found; the "
                "deoxycholate product Aqualyx uses 2–4 sessions 8 weeks apart [P28]."
            ),
            "pre_care": (
                "Body list [P8]: avoid aspirin, ginkgo, garlic, CoQ10, flax-seed oil, cod-liver "
                "oil, vitamins A and E and essential fatty acids; for 24–48 h avoid niacin, salty "
                "or sugary food, caffeine, alcohol and cigarettes (48 h used); protein meal and "
                "water on the day. [P8] gives no window for the drugs and supplements: 2 weeks "
                "used, the longest clinic NSAID window [P12] and the review advice for "
                "non-essential supplements [S2]. Prescribed anticoagulants, antiplatelets and "
                "SSRIs/SNRIs are flagged for clinician review and never stopped by the patient "
                "(§7) [S4][S5][S6][S9]; non-prescribed NSAIDs and bleeding-risk supplements are "
                "flagged and paused before treatment [S2]."
            ),
            "aftercare": (
                "No exercise 48 h; no sauna or jacuzzi 72 h; no sun on body-treated areas for at "
                "least 10 days; no peels or laser on the area 14 days [P8]. Loose clothing [P19] "
                "([P19] allows vigorous exercise after 1 day; the longer 48 h of [P8] used). "
                "Warning signs: the reference's suggested urgent-review trigger (§8). Expected "
                "local and systemic effects to report [T38]."
            ),
            "contraindications": (
                "Absolute/relative split is the reference's proposal for software rules (§6), "
                "assembled from trial exclusions [T5], the KYBELLA label [T32][T32b] and clinic "
                "pages [P7][P9][P19][P22][P23]. Body cellulite patients: not in pregnancy, "
                "breastfeeding, or childbearing potential without contraception (caution); "
                "ideally normal blood count, lipids, renal and liver function; age 18–75 "
                "[P20][P19]. Prescribed anticoagulants, antiplatelets and SSRIs/SNRIs are flagged "
                "for clinician review and never stopped by the patient (§7) [S4][S5][S6][S9]; "
                "non-prescribed NSAIDs and bleeding-risk supplements are flagged and paused "
                "before treatment [S2]. The reference gives no soy or egg allergy rule for "
                "phosphatidylcholine, so none is seeded; a known allergy to the product falls "
                "under 'allergy to a component of the blend'."
            ),
            "side_effects": (
                "Local effects mostly very mild or mild; systemic effects in 3%; unexpected or "
                "prolonged reactions in 0.14%, all self-limiting [T38]. Tender nodules, "
                "pigmentation, light-headedness, rare ulceration [T40]. Tissue toxicity [T42]; "
                "panniculitis [T43][T44]; non-tuberculous mycobacteria [T45]; granulomas and "
                "necrosis [C8]."
            ),
            "treatment_areas": (
                "The reference names no treatment sites for PC/DC. Abdomen, flanks and thighs are "
                "seeded as common localized-fat sites, pending clinical sign-off; mesotherapy "
                "mycobacterial infections were mostly on the abdomen, buttocks and thighs [T45]. "
                "Submental fat is left to the licensed deoxycholic acid protocol [T32]."
            ),
        },
    },
]

# One source per substance (issue 11): pause windows for medicines and supplements live only in
# the medication catalogue (patients/medication_catalogue_data.py); the pre-care lines above no
# longer restate them. The sources of the windows once written here stay in value_sources.
PRE_CARE_WINDOWS_NOTE = (
    " Pause windows for medicines and supplements are not restated in these lines: each "
    "patient's pre-care list takes them from the medication catalogue, one source per substance."
)
for _protocol in PROTOCOLS:
    _protocol["value_sources"]["pre_care"] += PRE_CARE_WINDOWS_NOTE
