"""The seeded protocols' patient wording in English and French: the procedure and the benefits
in plain words (written here, for patients, apart from the practitioner's summary and evidence),
the rest taken from the seed's patient-worded fields (English) and their French
(seed_patient_texts_fr.py). English is the reviewed source; French starts "to be reviewed"."""

from protocols.patient_texts import DEFAULT_ALTERNATIVES, is_call_line
from protocols.seed_patient_texts_fr import FRENCH

SEED_NOTE = {
    "en": "Seeded from the Mesoplan clinical reference: the English patient wording.",
    "fr": "Seeded French translation of the English patient wording; a clinician must review it.",
}

ALTERNATIVES = {
    "en": DEFAULT_ALTERNATIVES,
    "fr": (
        "Vous n’êtes pas obligé(e) de faire ce soin. Les autres possibilités sont de ne rien "
        "faire, de prendre soin de votre peau ou de vos cheveux avec des produits adaptés et une "
        "protection solaire, ou d’autres traitements que votre praticien peut vous expliquer, "
        "chacun avec ses bénéfices et ses risques. Vous pouvez arrêter les séances à tout moment, "
        "et cela ne change rien aux soins que nous vous donnons."
    ),
}

# The treatment's name as a patient reads it (the library's names carry staff qualifiers);
# lower-case first: it is read inside sentences ("a course of 3 sessions of ...").
NAMES = {
    "ha-skin-booster-face": {
        "en": "hyaluronic acid skin booster for the face",
        "fr": "soin du visage à l’acide hyaluronique",
    },
    "ha-polyrevitalising-cocktail-face": {
        "en": "hyaluronic acid and vitamin mixture for the face",
        "fr": "soin du visage au mélange d’acide hyaluronique et de vitamines",
    },
    "dutasteride-scalp-0-01": {
        "en": "dutasteride injections for hair loss (off-label)",
        "fr": "soin des cheveux au dutastéride (hors autorisation)",
    },
    "minoxidil-scalp-2": {
        "en": "minoxidil injections for hair loss",
        "fr": "soin des cheveux au minoxidil",
    },
    "cellulite-intradermal-aminophylline": {
        "en": "aminophylline injections for cellulite",
        "fr": "soin de la cellulite à l’aminophylline",
    },
    "cellulite-deep-aminophylline": {
        "en": "deeper aminophylline injections for cellulite",
        "fr": "soin profond de la cellulite à l’aminophylline",
    },
    "deoxycholic-acid-submental-kybella": {
        "en": "KYBELLA injections for fat under the chin",
        "fr": "traitement de la graisse sous le menton par KYBELLA",
    },
    "pcdc-injection-lipolysis-body": {
        "en": "fat-dissolving injections for the body (off-label)",
        "fr": "soin lipolytique du corps (hors autorisation)",
    },
}

# Per protocol: (procedure, benefits) in each language. No doses or needle sizes: those are
# the practitioner's; the patient reads what happens, what it may do and how sure we are.
PLAIN = {
    "ha-skin-booster-face": {
        "en": (
            "Your practitioner makes many very small, shallow injections of hyaluronic acid into "
            "the skin of your face, a few millimetres apart. Hyaluronic acid is a substance the "
            "skin makes itself; it holds water. A session takes about 30 minutes.",
            "The aim is skin that looks and feels more hydrated and supple. Controlled trials, "
            "where one cheek was treated and the other received salt water, found better "
            "hydration and firmness; they tested specific products, and no trial followed "
            "patients for longer than 36 weeks.",
        ),
        "fr": (
            "Votre praticien fait de nombreuses injections très petites et superficielles "
            "d’acide hyaluronique dans la peau du visage, à quelques millimètres les unes des "
            "autres. L’acide hyaluronique est une substance que la peau fabrique elle-même ; il "
            "retient l’eau. Une séance dure environ 30 minutes.",
            "Le but est une peau qui paraît et se sent plus hydratée et plus souple. Des essais "
            "contrôlés, où une joue était traitée et l’autre recevait de l’eau salée, ont montré "
            "une meilleure hydratation et une peau plus ferme ; ils portaient sur des produits "
            "précis, et aucun essai n’a suivi les patients plus de 36 semaines.",
        ),
    },
    "ha-polyrevitalising-cocktail-face": {
        "en": (
            "Your practitioner makes many very small, shallow injections into the skin of your "
            "face with a ready-made mixture of hyaluronic acid, vitamins, amino acids, minerals "
            "and antioxidants. A session takes about 30 minutes.",
            "The aim is skin that looks fresher and more hydrated. The evidence is weaker than "
            "for hyaluronic acid alone: the studies had no comparison group, a review found "
            "hyaluronic acid alone worked better than mixtures, and one study of a vitamin "
            "mixture around the eyes found no change.",
        ),
        "fr": (
            "Votre praticien fait de nombreuses injections très petites et superficielles dans "
            "la peau du visage avec un mélange tout prêt d’acide hyaluronique, de vitamines, "
            "d’acides aminés, de minéraux et d’antioxydants. Une séance dure environ 30 minutes.",
            "Le but est une peau qui paraît plus fraîche et plus hydratée. Les preuves sont plus "
            "faibles que pour l’acide hyaluronique seul : les études n’avaient pas de groupe de "
            "comparaison, une revue a trouvé l’acide hyaluronique seul plus efficace que les "
            "mélanges, et une étude d’un mélange de vitamines autour des yeux n’a montré aucun "
            "changement.",
        ),
    },
    "dutasteride-scalp-0-01": {
        "en": (
            "Your practitioner makes many small, shallow injections of a weak dutasteride "
            "solution into the skin of the thinning part of your scalp. Dutasteride is a "
            "medicine taken by mouth for hair loss; using it in injections is off-label, which "
            "means it is not licensed for this use.",
            "The aim is to slow hair loss and thicken thinning hair. Some small studies reported "
            "improvement, but they were few and of low quality, and there is no standard "
            "schedule.",
        ),
        "fr": (
            "Votre praticien fait de nombreuses petites injections superficielles d’une "
            "solution faible de dutastéride dans la peau de la zone clairsemée du cuir chevelu. "
            "Le dutastéride est un médicament pris par la bouche contre la chute des cheveux ; "
            "son emploi en injection est hors autorisation, c’est-à-dire qu’il n’est pas "
            "autorisé pour cet usage.",
            "Le but est de freiner la chute des cheveux et d’épaissir les cheveux clairsemés. "
            "Quelques petites études ont signalé une amélioration, mais elles sont peu "
            "nombreuses et de faible qualité, et il n’existe pas de rythme de séances reconnu.",
        ),
    },
    "minoxidil-scalp-2": {
        "en": (
            "Your practitioner makes small injections of minoxidil, one point at a time, into "
            "the skin of the thinning part of your scalp. Minoxidil is the medicine many people "
            "use as a lotion for hair loss. Sessions are weekly at first, then further apart.",
            "The aim is to slow hair loss and thicken thinning hair. The studies are small and "
            "of low quality, and injections have not clearly done better than minoxidil applied "
            "to the scalp.",
        ),
        "fr": (
            "Votre praticien fait de petites injections de minoxidil, point par point, dans la "
            "peau de la zone clairsemée du cuir chevelu. Le minoxidil est le médicament que "
            "beaucoup de personnes utilisent en lotion contre la chute des cheveux. Les séances "
            "sont d’abord hebdomadaires, puis plus espacées.",
            "Le but est de freiner la chute des cheveux et d’épaissir les cheveux clairsemés. "
            "Les études sont petites et de faible qualité, et les injections n’ont pas fait "
            "clairement mieux que le minoxidil appliqué sur le cuir chevelu.",
        ),
    },
    "cellulite-intradermal-aminophylline": {
        "en": (
            "Your practitioner makes small injections of aminophylline, one point at a time and "
            "a few centimetres apart, into the skin over the areas of cellulite. Sessions are "
            "weekly.",
            "The aim is smoother-looking skin over the cellulite. The results are uncertain: one "
            "study found an improvement, but a controlled study of a similar mixture found none, "
            "and even the best cellulite treatments give only a mild change that usually does "
            "not last.",
        ),
        "fr": (
            "Votre praticien fait de petites injections d’aminophylline, point par point et à "
            "quelques centimètres les unes des autres, dans la peau des zones de cellulite. Les "
            "séances sont hebdomadaires.",
            "Le but est une peau d’aspect plus lisse sur la cellulite. Les résultats sont "
            "incertains : une étude a trouvé une amélioration, mais une étude contrôlée d’un "
            "mélange proche n’en a trouvé aucune, et même les meilleurs traitements de la "
            "cellulite ne donnent qu’un changement léger qui en général ne dure pas.",
        ),
    },
    "cellulite-deep-aminophylline": {
        "en": (
            "Your practitioner makes injections of aminophylline a little deeper, into the fat "
            "under the areas of cellulite, a few centimetres apart. Sessions are weekly.",
            "The aim is smoother-looking skin where the fat under the cellulite is thick. This "
            "deeper method rests on clinic experience only: no controlled study supports it, a "
            "controlled study of a similar mixture found no benefit, and even the best cellulite "
            "treatments give only a mild change that usually does not last.",
        ),
        "fr": (
            "Votre praticien fait des injections d’aminophylline un peu plus profondes, dans la "
            "graisse sous les zones de cellulite, à quelques centimètres les unes des autres. "
            "Les séances sont hebdomadaires.",
            "Le but est une peau d’aspect plus lisse là où la graisse sous la cellulite est "
            "épaisse. Cette méthode plus profonde repose uniquement sur l’expérience des "
            "cabinets : aucune étude contrôlée ne la soutient, une étude contrôlée d’un mélange "
            "proche n’a trouvé aucun bénéfice, et même les meilleurs traitements de la "
            "cellulite ne donnent qu’un changement léger qui en général ne dure pas.",
        ),
    },
    "deoxycholic-acid-submental-kybella": {
        "en": (
            "Your practitioner marks a grid on the skin under your chin and makes small "
            "injections of KYBELLA (deoxycholic acid) into the fat there, one at each mark. "
            "KYBELLA is a licensed medicine for fat under the chin in adults.",
            "The aim is less fat under the chin. In the trials, most people saw some "
            "improvement, but only a minority reached a clear improvement on both the doctor's "
            "and their own rating. Up to 6 sessions may be needed.",
        ),
        "fr": (
            "Votre praticien trace une grille sur la peau sous le menton et fait de petites "
            "injections de KYBELLA (acide désoxycholique) dans la graisse à cet endroit, une à "
            "chaque repère. KYBELLA est un médicament autorisé pour la graisse sous le menton "
            "chez l’adulte.",
            "Le but est de réduire la graisse sous le menton. Dans les essais, la plupart des "
            "personnes ont vu une certaine amélioration, mais seule une minorité a atteint une "
            "nette amélioration à la fois selon le médecin et selon elles-mêmes. Jusqu’à 6 "
            "séances peuvent être nécessaires.",
        ),
    },
    "pcdc-injection-lipolysis-body": {
        "en": (
            "Your practitioner injects a compounded mixture of phosphatidylcholine and "
            "deoxycholate into small deposits of fat on the body, at many points. The product "
            "is not licensed for reducing fat: this is an off-label treatment.",
            "The aim is to reduce a small, stubborn fat deposit. The evidence is limited, "
            "professional societies and the US medicines regulator have warned about these "
            "injections, and a study found the mixture no better than deoxycholate alone.",
        ),
        "fr": (
            "Votre praticien injecte un mélange préparé sur mesure de phosphatidylcholine et de "
            "désoxycholate dans de petits amas de graisse du corps, en de nombreux points. Le "
            "produit n’est pas autorisé pour réduire la graisse : c’est un soin hors "
            "autorisation.",
            "Le but est de réduire un petit amas de graisse tenace. Les preuves sont limitées, "
            "des sociétés savantes et l’autorité américaine du médicament ont mis en garde "
            "contre ces injections, et une étude n’a trouvé le mélange pas plus efficace que le "
            "désoxycholate seul.",
        ),
    },
}


def seed_texts(row: dict) -> dict[str, dict]:
    """The patient texts of one seed protocol row, per language, as patient_text fields.
    A French line missing from the table raises KeyError: the seed never mixes languages."""
    texts = {}
    for language in ("en", "fr"):
        tr = (lambda s: s) if language == "en" else (lambda s: FRENCH[s])
        procedure, benefits = PLAIN[row["slug"]][language]
        texts[language] = {
            "name": NAMES[row["slug"]][language],
            "procedure": procedure,
            "benefits": benefits,
            "alternatives": ALTERNATIVES[language],
            "risks": tr(row["consent_risk_text"]),
            "side_effects": [
                {
                    "effect": tr(item["effect"]),
                    "usual_duration": tr(item["usual_duration"])
                    if item.get("usual_duration")
                    else "",
                }
                for item in row["side_effects"]
            ],
            "pre_care": [tr(line) for line in row["pre_care"]],
            "aftercare": [tr(line) for line in row["aftercare"] if not is_call_line(line)],
            "call_at_once": [tr(line) for line in row["aftercare"] if is_call_line(line)],
        }
    return texts
