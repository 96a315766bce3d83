"""French for the seeded protocols' patient wording, keyed by the English seed line
(protocols/seed_data.py). Seeded as revision 1, "to be reviewed" by a clinician."""

FRENCH = {
    (
        "Tell us about every medicine and supplement you take. If one that was not "
        "prescribed for you needs a pause before treatment (such as aspirin, "
        "ibuprofen, fish oil, vitamin E, ginkgo or garlic), your personal list gives "
        "the day to start it."
    ): (
        "Dites-nous tous les médicaments et compléments que vous prenez. Si l’un "
        "d’eux n’a pas été prescrit pour vous et doit être interrompu avant le soin "
        "(par exemple l’aspirine, l’ibuprofène, l’huile de poisson, la vitamine E, le"
        " ginkgo ou l’ail), votre liste personnelle indique le jour où commencer la "
        "pause."
    ),
    (
        "Tell us about any prescribed blood thinner, anti-platelet medicine or "
        "antidepressant; do not stop it unless your doctor tells you to."
    ): (
        "Parlez-nous de tout anticoagulant, antiagrégant plaquettaire ou "
        "antidépresseur qui vous a été prescrit ; ne l’arrêtez pas, sauf si votre "
        "médecin vous le demande."
    ),
    (
        "Do not use retinoid creams (such as Retin-A) for 2 days before, and do not "
        "use AHA (fruit-acid) products on the area for 4 weeks before."
    ): (
        "N’utilisez pas de crème aux rétinoïdes (comme le Retin-A) pendant les 2 "
        "jours qui précèdent, ni de produits aux AHA (acides de fruits) sur la zone "
        "pendant les 4 semaines qui précèdent."
    ),
    "Do not have a peel, laser or microdermabrasion in the 5 days before.": (
        "Pas de peeling, de laser ni de microdermabrasion dans les 5 jours qui précèdent."
    ),
    (
        "Avoid alcohol for 48 hours before, and avoid smoking and a lot of coffee for"
        " 24 hours before."
    ): (
        "Évitez l’alcool pendant les 48 heures qui précèdent, et évitez le tabac et "
        "le café en quantité pendant les 24 heures qui précèdent."
    ),
    "Drink 1 to 1.5 litres of water on the day of treatment.": (
        "Buvez 1 à 1,5 litre d’eau le jour du soin."
    ),
    (
        "Come without make-up; if we agreed on numbing cream, it goes on 30 to 60 "
        "minutes before the injections."
    ): (
        "Venez sans maquillage ; si nous avons convenu d’une crème anesthésiante, "
        "elle se pose 30 à 60 minutes avant les injections."
    ),
    (
        "Tell us before the day if you have a cold sore, inflamed spots, a rash, "
        "broken skin or sunburn on the area to be treated; we will move the "
        "appointment."
    ): (
        "Prévenez-nous avant le jour du soin si vous avez un bouton de fièvre, des "
        "boutons enflammés, une éruption, une plaie ou un coup de soleil sur la zone "
        "à traiter ; nous déplacerons le rendez-vous."
    ),
    (
        "Tell us if you are pregnant, breastfeeding or trying for a baby; this "
        "treatment is not given in pregnancy or while breastfeeding."
    ): (
        "Dites-nous si vous êtes enceinte, si vous allaitez ou si vous essayez "
        "d’avoir un enfant ; ce soin n’est pas fait pendant la grossesse ni pendant "
        "l’allaitement."
    ),
    "Do not wash the treated skin or shower for 8 hours.": (
        "Ne lavez pas la peau traitée et ne prenez pas de douche pendant 8 heures."
    ),
    "Do not wear make-up for 24 hours.": ("Ne vous maquillez pas pendant 24 heures."),
    "You can go back to your usual gentle skin care after 12 hours.": (
        "Vous pouvez reprendre vos soins de peau doux habituels après 12 heures."
    ),
    "For 48 hours, avoid exercise, hot baths, sauna, jacuzzi and massage of the face.": (
        "Pendant 48 heures, évitez le sport, les bains chauds, le sauna, le jacuzzi "
        "et les massages du visage."
    ),
    "No sun exposure for 48 hours; use SPF 25 or more until any bruises fade.": (
        "Pas d’exposition au soleil pendant 48 heures ; utilisez un SPF 25 ou plus "
        "jusqu’à ce que les bleus aient disparu."
    ),
    "No peels, laser or other beauty treatments on the area for 14 days.": (
        "Pas de peeling, de laser ni d’autre soin esthétique sur la zone pendant 14 jours."
    ),
    (
        "If the skin is sore or swollen, hold an ice pack wrapped in a cloth on it "
        "for a few minutes at a time."
    ): (
        "Si la peau est douloureuse ou gonflée, posez-y quelques minutes à la fois "
        "une poche de glace enveloppée dans un linge."
    ),
    (
        "Contact us straight away if you notice a new painful lump, pus or discharge,"
        " fever, spreading redness, or skin that turns pale, grey or dark at a "
        "treated spot."
    ): (
        "Contactez-nous tout de suite si vous remarquez une nouvelle boule "
        "douloureuse, du pus ou un écoulement, de la fièvre, une rougeur qui s’étend,"
        " ou une peau qui devient pâle, grise ou foncée à un point d’injection."
    ),
    (
        "This treatment places many tiny injections of hyaluronic acid into the skin "
        "of the face. Common: pain during the injections, redness, swelling, "
        "tenderness, itching, small bruises and bleeding points, which usually settle"
        " within minutes to hours and rarely last a few days, and stinging or burning"
        " for 2 to 3 hours. Uncommon or rare: infection at the injection points, "
        "including infection with atypical (non-tuberculous) mycobacteria, which can "
        "cause several lumps, often needs several courses of antibiotics over weeks "
        "and can leave scars; lumps of inflammation (granulomas); inflammation of the"
        " fat under the skin (panniculitis); and small areas of skin damage "
        "(necrosis). The sources we use give no exact rates for these rarer events. "
        "Results vary and are not guaranteed; studies followed patients for up to 36 "
        "weeks, and no top-up schedule has been established."
    ): (
        "Ce soin consiste en de nombreuses toutes petites injections d’acide "
        "hyaluronique dans la peau du visage. Fréquent : douleur pendant les "
        "injections, rougeur, gonflement, sensibilité, démangeaisons, petits bleus et"
        " points de saignement, qui passent en général en quelques minutes à quelques"
        " heures et durent rarement quelques jours, et picotements ou brûlure pendant"
        " 2 à 3 heures. Peu fréquent ou rare : infection aux points d’injection, y "
        "compris une infection par des mycobactéries atypiques (non tuberculeuses), "
        "qui peut donner plusieurs boules, demande souvent plusieurs traitements "
        "antibiotiques pendant des semaines et peut laisser des cicatrices ; boules "
        "d’inflammation (granulomes) ; inflammation de la graisse sous la peau "
        "(panniculite) ; et petites zones de peau abîmée (nécrose). Nos sources ne "
        "donnent pas de chiffres précis pour ces événements plus rares. Les résultats"
        " varient et ne sont pas garantis ; les études ont suivi les patients jusqu’à"
        " 36 semaines, et aucun rythme d’entretien n’a été établi."
    ),
    "Pain, redness, swelling, tenderness and itching at the injection points": (
        "Douleur, rougeur, gonflement, sensibilité et démangeaisons aux points d’injection"
    ),
    "Small bruises and bleeding points": ("Petits bleus et points de saignement"),
    "Stinging or burning of the treated skin": ("Picotements ou brûlure de la peau traitée"),
    "minutes to hours; rarely a few days": (
        "de quelques minutes à quelques heures ; rarement quelques jours"
    ),
    "minutes to hours; rarely a few days (bruises can take longer to fade)": (
        "de quelques minutes à quelques heures ; rarement quelques jours (les bleus "
        "peuvent mettre plus longtemps à disparaître)"
    ),
    "2–3 hours": ("2 à 3 heures"),
    (
        "This treatment places many tiny injections of a mixture of hyaluronic acid, "
        "vitamins, amino acids, minerals and antioxidants into the skin of the face. "
        "The evidence that it works is weaker than for hyaluronic acid alone, and one"
        " study of a vitamin mixture around the eyes found no benefit. Common: pain "
        "during the injections, redness, swelling, tenderness, itching, small bruises"
        " and bleeding points, which usually settle within minutes to hours and "
        "rarely last a few days, and stinging or burning for 2 to 3 hours. An allergy"
        " to any ingredient of the mixture is possible. Uncommon or rare: infection "
        "at the injection points, including infection with atypical (non-tuberculous)"
        " mycobacteria, which can cause several lumps, often needs several courses of"
        " antibiotics over weeks and can leave scars; lumps of inflammation "
        "(granulomas); inflammation of the fat under the skin (panniculitis); and "
        "small areas of skin damage (necrosis). The sources we use give no exact "
        "rates for these rarer events."
    ): (
        "Ce soin consiste en de nombreuses toutes petites injections d’un mélange "
        "d’acide hyaluronique, de vitamines, d’acides aminés, de minéraux et "
        "d’antioxydants dans la peau du visage. Les preuves de son efficacité sont "
        "plus faibles que pour l’acide hyaluronique seul, et une étude d’un mélange "
        "de vitamines autour des yeux n’a trouvé aucun bénéfice. Fréquent : douleur "
        "pendant les injections, rougeur, gonflement, sensibilité, démangeaisons, "
        "petits bleus et points de saignement, qui passent en général en quelques "
        "minutes à quelques heures et durent rarement quelques jours, et picotements "
        "ou brûlure pendant 2 à 3 heures. Une allergie à l’un des composants du "
        "mélange est possible. Peu fréquent ou rare : infection aux points "
        "d’injection, y compris une infection par des mycobactéries atypiques (non "
        "tuberculeuses), qui peut donner plusieurs boules, demande souvent plusieurs "
        "traitements antibiotiques pendant des semaines et peut laisser des "
        "cicatrices ; boules d’inflammation (granulomes) ; inflammation de la graisse"
        " sous la peau (panniculite) ; et petites zones de peau abîmée (nécrose). Nos"
        " sources ne donnent pas de chiffres précis pour ces événements plus rares."
    ),
    "Do not drink alcohol for 24 hours before.": (
        "Ne buvez pas d’alcool pendant les 24 heures qui précèdent."
    ),
    "Try not to smoke for 2 days before.": (
        "Essayez de ne pas fumer pendant les 2 jours qui précèdent."
    ),
    "Wash your scalp and hair before you come.": (
        "Lavez votre cuir chevelu et vos cheveux avant de venir."
    ),
    (
        "If you could become pregnant: you must not be pregnant or breastfeeding, and"
        " you must avoid becoming pregnant for 6 months after each session, so plan "
        "reliable contraception with us before the first session."
    ): (
        "Si vous pouvez être enceinte : vous ne devez être ni enceinte ni en train "
        "d’allaiter, et vous devez éviter une grossesse pendant 6 mois après chaque "
        "séance ; prévoyez avec nous une contraception fiable avant la première "
        "séance."
    ),
    "Do not shower, and avoid sweating, for 8 hours.": (
        "Pas de douche, et évitez de transpirer, pendant 8 heures."
    ),
    "Do not wash your hair or use any hair products for 12 hours.": (
        "Ne lavez pas vos cheveux et n’utilisez aucun produit capillaire pendant 12 heures."
    ),
    "No intense sport for 24 hours.": ("Pas de sport intense pendant 24 heures."),
    (
        "For 2 days, keep your scalp out of the sun and away from heat: no sauna, hot"
        " showers, hair dryers or straighteners."
    ): (
        "Pendant 2 jours, protégez votre cuir chevelu du soleil et de la chaleur : "
        "pas de sauna, de douche chaude, de sèche-cheveux ni de lisseur."
    ),
    (
        "Do not have any other hair treatment, such as colouring, perming or "
        "straightening, for 1 week."
    ): (
        "Pas d’autre soin capillaire, comme une coloration, une permanente ou un "
        "lissage, pendant 1 semaine."
    ),
    "Tiny marks on the scalp are normal and fade within a day to a week.": (
        "De toutes petites marques sur le cuir chevelu sont normales et disparaissent"
        " en un jour à une semaine."
    ),
    (
        "Tell us if you notice a new patch of hair loss where you were injected, even months later."
    ): (
        "Dites-nous si vous remarquez une nouvelle plaque sans cheveux à un endroit "
        "injecté, même des mois plus tard."
    ),
    ("If you could become pregnant, avoid becoming pregnant for 6 months after this session."): (
        "Si vous pouvez être enceinte, évitez une grossesse pendant 6 mois après cette séance."
    ),
    (
        "This is an off-label use: dutasteride is not licensed for injection into the"
        " scalp. Common: pain at the injections (about 1 in 2 patients in the largest"
        " series), tenderness, swelling, redness, itching or tingling for hours to a "
        "day, and tiny scalp marks for 1 day to 1 week; mild headache has been "
        "reported. In a series of 541 patients there were no serious side effects and"
        " no sexual side effects. Rare: infection at the injection points, including "
        "atypical (non-tuberculous) mycobacterial infection, which can need weeks of "
        "antibiotics and leave scars; inflammation around the hair follicles "
        "(perifolliculitis); and patchy hair loss at the injection sites, which has "
        "been reported up to a year later and can be scarring (permanent). You must "
        "not have this treatment while pregnant or breastfeeding, and you must avoid "
        "becoming pregnant for 6 months after each session. Results vary, and the "
        "studies are small and of low quality."
    ): (
        "Il s’agit d’un usage hors autorisation : le dutastéride n’est pas autorisé "
        "en injection dans le cuir chevelu. Fréquent : douleur aux injections "
        "(environ 1 patient sur 2 dans la plus grande série), sensibilité, "
        "gonflement, rougeur, démangeaisons ou picotements pendant quelques heures à "
        "un jour, et toutes petites marques sur le cuir chevelu pendant 1 jour à 1 "
        "semaine ; des maux de tête légers ont été signalés. Dans une série de 541 "
        "patients, il n’y a eu aucun effet indésirable grave ni aucun effet sur la "
        "sexualité. Rare : infection aux points d’injection, y compris une infection "
        "par des mycobactéries atypiques (non tuberculeuses), qui peut demander des "
        "semaines d’antibiotiques et laisser des cicatrices ; inflammation autour des"
        " racines des cheveux (périfolliculite) ; et perte de cheveux par plaques aux"
        " points d’injection, signalée jusqu’à un an plus tard et qui peut être "
        "cicatricielle (définitive). Vous ne devez pas recevoir ce soin pendant la "
        "grossesse ou l’allaitement, et vous devez éviter une grossesse pendant 6 "
        "mois après chaque séance. Les résultats varient, et les études sont petites "
        "et de faible qualité."
    ),
    "Pain at the injections (the commonest effect: 45.5% in a real-world series)": (
        "Douleur aux injections (l’effet le plus fréquent : 45,5 % dans une série de "
        "patients suivis en pratique courante)"
    ),
    "Mild headache": ("Maux de tête légers"),
    "Tiny marks on the scalp at the injection points": (
        "Toutes petites marques sur le cuir chevelu aux points d’injection"
    ),
    "Tenderness, swelling, redness, itching or tingling of the scalp": (
        "Sensibilité, gonflement, rougeur, démangeaisons ou picotements du cuir chevelu"
    ),
    "not stated in the sources": ("non précisé dans les sources"),
    "24 hours to 1 week": ("de 24 heures à 1 semaine"),
    "hours to a day": ("de quelques heures à un jour"),
    "Tell us if you are pregnant or breastfeeding; this treatment is not given then.": (
        "Dites-nous si vous êtes enceinte ou si vous allaitez ; ce soin n’est pas "
        "fait dans ces cas."
    ),
    (
        "This treatment places small amounts of minoxidil into the skin of the scalp "
        "with many tiny injections. Common: mild pain and small bruises at the "
        "injection points, tenderness, swelling, redness, itching or tingling for "
        "hours to a day, and tiny scalp marks for 1 day to 1 week. Rare: infection at"
        " the injection points, including atypical (non-tuberculous) mycobacterial "
        "infection, which can need weeks of antibiotics and leave scars; inflammation"
        " around the hair follicles (perifolliculitis); and patchy hair loss at the "
        "injection sites, which has been reported up to a year later and can be "
        "scarring (permanent). The sources we use give no exact rates for these "
        "events. Results vary; the studies are small and of low quality, and "
        "injections have not clearly beaten minoxidil applied to the scalp."
    ): (
        "Ce soin dépose de petites quantités de minoxidil dans la peau du cuir "
        "chevelu par de nombreuses toutes petites injections. Fréquent : douleur "
        "légère et petits bleus aux points d’injection, sensibilité, gonflement, "
        "rougeur, démangeaisons ou picotements pendant quelques heures à un jour, et "
        "toutes petites marques sur le cuir chevelu pendant 1 jour à 1 semaine. Rare "
        ": infection aux points d’injection, y compris une infection par des "
        "mycobactéries atypiques (non tuberculeuses), qui peut demander des semaines "
        "d’antibiotiques et laisser des cicatrices ; inflammation autour des racines "
        "des cheveux (périfolliculite) ; et perte de cheveux par plaques aux points "
        "d’injection, signalée jusqu’à un an plus tard et qui peut être cicatricielle"
        " (définitive). Nos sources ne donnent pas de chiffres précis pour ces "
        "événements. Les résultats varient ; les études sont petites et de faible "
        "qualité, et les injections n’ont pas fait clairement mieux que le minoxidil "
        "appliqué sur le cuir chevelu."
    ),
    "Pain and small bruises at the injection points": (
        "Douleur et petits bleus aux points d’injection"
    ),
    "For 48 hours before, avoid alcohol, cigarettes, caffeine, and salty or sugary food.": (
        "Pendant les 48 heures qui précèdent, évitez l’alcool, la cigarette, la "
        "caféine et les aliments salés ou sucrés."
    ),
    "On the day, eat a meal that contains protein and drink plenty of water.": (
        "Le jour du soin, prenez un repas qui contient des protéines et buvez beaucoup d’eau."
    ),
    "Wear loose, comfortable clothing over the treated areas.": (
        "Portez des vêtements amples et confortables sur les zones traitées."
    ),
    "No exercise for 48 hours.": ("Pas de sport pendant 48 heures."),
    "No sauna, steam room or jacuzzi for 72 hours.": (
        "Pas de sauna, de hammam ni de jacuzzi pendant 72 heures."
    ),
    "Keep the treated areas out of the sun for at least 10 days.": (
        "Protégez les zones traitées du soleil pendant au moins 10 jours."
    ),
    "No peels or laser treatment on the treated areas for 14 days.": (
        "Pas de peeling ni de laser sur les zones traitées pendant 14 jours."
    ),
    (
        "This treatment places small amounts of aminophylline into the skin over "
        "areas of cellulite with many small injections. Common: slight bruising that "
        "fades within about a week (sometimes 7 to 10 days), mild swelling for 1 to 2"
        " days, itching for 2 to 3 hours, and small painless lumps that settle. "
        "Uncommon or rare: infection, including atypical (non-tuberculous) "
        "mycobacterial infection; most reported cases were on the abdomen, buttocks "
        "and thighs, with several lumps that often needed several antibiotic courses "
        "over weeks and left scars. Also rashes, a bumpy skin surface, inflammation "
        "of the fat (panniculitis), lumps of inflammation (granulomas) and areas of "
        "skin damage (necrosis). Darker skin types may develop dark marks after the "
        "inflammation settles. The sources we use give no exact rates for these "
        "events. Results are uncertain: one controlled study of a similar "
        "aminophylline mixture found no measurable benefit, and the best cellulite "
        "treatments give at most mild improvement that usually does not last."
    ): (
        "Ce soin dépose de petites quantités d’aminophylline dans la peau des zones "
        "de cellulite par de nombreuses petites injections. Fréquent : léger bleu qui"
        " disparaît en une semaine environ (parfois 7 à 10 jours), léger gonflement "
        "pendant 1 à 2 jours, démangeaisons pendant 2 à 3 heures, et petites boules "
        "indolores qui disparaissent. Peu fréquent ou rare : infection, y compris une"
        " infection par des mycobactéries atypiques (non tuberculeuses) ; la plupart "
        "des cas signalés concernaient le ventre, les fesses et les cuisses, avec "
        "plusieurs boules qui ont souvent demandé plusieurs traitements antibiotiques"
        " pendant des semaines et ont laissé des cicatrices. Aussi : éruptions, "
        "surface de la peau bosselée, inflammation de la graisse (panniculite), "
        "boules d’inflammation (granulomes) et zones de peau abîmée (nécrose). Sur "
        "les peaux foncées, des taches sombres peuvent apparaître une fois "
        "l’inflammation passée. Nos sources ne donnent pas de chiffres précis pour "
        "ces événements. Les résultats sont incertains : une étude contrôlée d’un "
        "mélange proche à base d’aminophylline n’a trouvé aucun bénéfice mesurable, "
        "et les meilleurs traitements de la cellulite donnent au plus une "
        "amélioration légère qui en général ne dure pas."
    ),
    "Slight bruising": ("Léger bleu"),
    "Mild swelling": ("Léger gonflement"),
    "Itching": ("Démangeaisons"),
    "Small painless lumps at the injection points": (
        "Petites boules indolores aux points d’injection"
    ),
    "about 1 week (7–10 days in some reports)": (
        "environ 1 semaine (7 à 10 jours selon certains rapports)"
    ),
    "1–2 days": ("1 à 2 jours"),
    "settle on their own (time not stated in the sources)": (
        "disparaissent d’elles-mêmes (durée non précisée dans les sources)"
    ),
    (
        "This treatment places small amounts of aminophylline into the fat under "
        "areas of cellulite with a series of deeper injections. Common: slight "
        "bruising that fades within about a week (sometimes 7 to 10 days), mild "
        "swelling for 1 to 2 days, itching for 2 to 3 hours, and small painless lumps"
        " that settle. Uncommon or rare: infection, including atypical "
        "(non-tuberculous) mycobacterial infection; most reported cases were on the "
        "abdomen, buttocks and thighs, with several lumps that often needed several "
        "antibiotic courses over weeks and left scars. Also rashes, a bumpy skin "
        "surface, inflammation of the fat (panniculitis), lumps of inflammation "
        "(granulomas) and areas of skin damage (necrosis). Darker skin types may "
        "develop dark marks after the inflammation settles. The sources we use give "
        "no exact rates for these events. Results are uncertain: this deeper method "
        "rests on clinic experience only, one controlled study of a similar "
        "aminophylline mixture found no measurable benefit, and the best cellulite "
        "treatments give at most mild improvement that usually does not last."
    ): (
        "Ce soin dépose de petites quantités d’aminophylline dans la graisse sous les"
        " zones de cellulite par une série d’injections plus profondes. Fréquent : "
        "léger bleu qui disparaît en une semaine environ (parfois 7 à 10 jours), "
        "léger gonflement pendant 1 à 2 jours, démangeaisons pendant 2 à 3 heures, et"
        " petites boules indolores qui disparaissent. Peu fréquent ou rare : "
        "infection, y compris une infection par des mycobactéries atypiques (non "
        "tuberculeuses) ; la plupart des cas signalés concernaient le ventre, les "
        "fesses et les cuisses, avec plusieurs boules qui ont souvent demandé "
        "plusieurs traitements antibiotiques pendant des semaines et ont laissé des "
        "cicatrices. Aussi : éruptions, surface de la peau bosselée, inflammation de "
        "la graisse (panniculite), boules d’inflammation (granulomes) et zones de "
        "peau abîmée (nécrose). Sur les peaux foncées, des taches sombres peuvent "
        "apparaître une fois l’inflammation passée. Nos sources ne donnent pas de "
        "chiffres précis pour ces événements. Les résultats sont incertains : cette "
        "méthode plus profonde repose uniquement sur l’expérience des cabinets, une "
        "étude contrôlée d’un mélange proche à base d’aminophylline n’a trouvé aucun "
        "bénéfice mesurable, et les meilleurs traitements de la cellulite donnent au "
        "plus une amélioration légère qui en général ne dure pas."
    ),
    (
        "Tell us if you have ever had difficulty swallowing, any surgery, "
        "radiotherapy or cosmetic treatment on your neck or under your chin, or a "
        "thyroid problem."
    ): (
        "Dites-nous si vous avez déjà eu du mal à avaler, ou si vous avez eu une "
        "chirurgie, une radiothérapie ou un soin esthétique sur le cou ou sous le "
        "menton, ou un problème de thyroïde."
    ),
    (
        "Tell us if you have an infection, spots or broken skin under your chin; we "
        "will move the appointment."
    ): (
        "Dites-nous si vous avez une infection, des boutons ou une plaie sous le "
        "menton ; nous déplacerons le rendez-vous."
    ),
    (
        "We can use ice, numbing cream or a numbing injection to make the treatment "
        "more comfortable."
    ): (
        "Nous pouvons utiliser de la glace, une crème anesthésiante ou une injection "
        "anesthésiante pour rendre le soin plus confortable."
    ),
    (
        "Swelling, bruising, soreness, numbness and firmness under the chin are very "
        "common; hold a cold pack wrapped in a cloth on the area for 10 to 15 minutes"
        " at a time as needed."
    ): (
        "Gonflement, bleus, douleur, engourdissement et raideur sous le menton sont "
        "très fréquents ; posez sur la zone une poche de froid enveloppée dans un "
        "linge, 10 à 15 minutes à la fois, selon le besoin."
    ),
    (
        "For 10 days after, keep avoiding aspirin, ibuprofen and other "
        "anti-inflammatory painkillers, vitamin E, ginkgo and fish oil that were not "
        "prescribed for you."
    ): (
        "Pendant les 10 jours qui suivent, continuez d’éviter l’aspirine, "
        "l’ibuprofène et les autres anti-inflammatoires, la vitamine E, le ginkgo et "
        "l’huile de poisson qui ne vous ont pas été prescrits."
    ),
    "For 48 hours, avoid hot baths, sauna and hard exercise.": (
        "Pendant 48 heures, évitez les bains chauds, le sauna et les efforts physiques intenses."
    ),
    (
        "Contact us straight away if you have difficulty swallowing, an uneven smile "
        "or weakness of the lower lip, an open sore, or skin under the chin that "
        "turns dark, grey or pale."
    ): (
        "Contactez-nous tout de suite si vous avez du mal à avaler, un sourire "
        "asymétrique ou une faiblesse de la lèvre inférieure, une plaie ouverte, ou "
        "une peau sous le menton qui devient foncée, grise ou pâle."
    ),
    "Tell us if you notice hair loss in the treated area.": (
        "Dites-nous si vous remarquez une perte de poils ou de cheveux dans la zone traitée."
    ),
    (
        "KYBELLA is licensed for fat under the chin in adults; it destroys fat cells "
        "where it is injected. In the trials, out of every 100 people treated: "
        "swelling 87, bruising 72, pain 70, numbness 66, redness 27, hardness of the "
        "area 23, tingling 14, lumps 13, itching 12, headache 8, skin tightness 5, "
        "warmth 4 and nausea 2. Serious but reversible: injury to the nerve that "
        "moves the lower lip, giving an uneven smile or weakness, in about 4 in 100; "
        "all recovered, half of them within about 6 weeks and the slowest after about"
        " 10 months. Difficulty swallowing in about 2 in 100; all recovered, half "
        "within 3 days and the slowest after about 12 weeks. Also reported: hair "
        "loss, open sores (ulcers) and skin damage (necrosis) at the injection sites,"
        " and infection. Up to 6 sessions may be needed, and results vary."
    ): (
        "KYBELLA est autorisé pour la graisse sous le menton chez l’adulte ; il "
        "détruit les cellules graisseuses là où il est injecté. Dans les essais, sur "
        "100 personnes traitées : gonflement 87, bleus 72, douleur 70, "
        "engourdissement 66, rougeur 27, durcissement de la zone 23, picotements 14, "
        "boules 13, démangeaisons 12, maux de tête 8, peau qui tire 5, chaleur 4 et "
        "nausées 2. Grave mais réversible : atteinte du nerf qui fait bouger la lèvre"
        " inférieure, avec un sourire asymétrique ou une faiblesse, chez environ 4 "
        "personnes sur 100 ; toutes ont récupéré, la moitié en 6 semaines environ et "
        "la plus lente après environ 10 mois. Difficulté à avaler chez environ 2 "
        "personnes sur 100 ; toutes ont récupéré, la moitié en 3 jours et la plus "
        "lente après environ 12 semaines. Également signalés : perte de poils ou de "
        "cheveux, plaies ouvertes (ulcères) et peau abîmée (nécrose) aux points "
        "d’injection, et infection. Jusqu’à 6 séances peuvent être nécessaires, et "
        "les résultats varient."
    ),
    "Swelling (87% of patients in trials)": ("Gonflement (87 % des patients dans les essais)"),
    "Bruising (72%)": ("Bleus (72 %)"),
    "Pain (70%)": ("Douleur (70 %)"),
    "Numbness (66%)": ("Engourdissement (66 %)"),
    "Redness (27%)": ("Rougeur (27 %)"),
    "Hardness of the treated area (induration, 23%)": (
        "Durcissement de la zone traitée (induration, 23 %)"
    ),
    "Tingling (paraesthesia, 14%)": ("Picotements (paresthésies, 14 %)"),
    "Lumps (nodules, 13%)": ("Boules (nodules, 13 %)"),
    "Itching (12%)": ("Démangeaisons (12 %)"),
    "Headache (8%)": ("Maux de tête (8 %)"),
    "Skin tightness (5%) and warmth (4%)": ("Peau qui tire (5 %) et chaleur (4 %)"),
    "Nausea (2%)": ("Nausées (2 %)"),
    "Marginal mandibular nerve injury: uneven smile or lower-lip weakness (4%)": (
        "Atteinte du nerf de la lèvre inférieure : sourire asymétrique ou faiblesse "
        "de la lèvre inférieure (4 %)"
    ),
    "Difficulty swallowing (dysphagia, 2%)": ("Difficulté à avaler (dysphagie, 2 %)"),
    "not stated in the reference": ("non précisé dans la référence"),
    "all resolved; median 44 days (range 1–298)": (
        "tous guéris ; en moyenne 44 jours (de 1 à 298)"
    ),
    "all resolved; median 3 days (range 1–81)": ("tous guéris ; en moyenne 3 jours (de 1 à 81)"),
    (
        "Swelling, redness, burning, tenderness and bruising of the treated area are "
        "common and mostly mild."
    ): (
        "Gonflement, rougeur, brûlure, sensibilité et bleus de la zone traitée sont "
        "fréquents et le plus souvent légers."
    ),
    (
        "Tell us if you have diarrhoea, nausea, dizziness or bleeding between periods"
        " after the treatment."
    ): (
        "Dites-nous si vous avez de la diarrhée, des nausées, des vertiges ou des "
        "saignements entre les règles après le soin."
    ),
    (
        "This is an off-label treatment with a compounded product that is not "
        "licensed for fat reduction. The American Society for Aesthetic Plastic "
        "Surgery has warned patients against injection fat-loss treatments, and the "
        "US FDA has sent warning letters about claims made for them. Common: "
        "swelling, redness, burning or stinging, pain, tenderness and bruising, "
        "mostly mild. About 3 in 100 people have effects elsewhere in the body: "
        "diarrhoea, nausea, dizziness or bleeding between periods. Tender lumps, skin"
        " colour change and light-headedness have been reported. Unexpected or "
        "long-lasting reactions happened in about 1 in 700 people, all settling on "
        "their own. Rare: open sores (ulcers); scarring (fibrosis) and death of fat "
        "or skin (necrosis), especially if the product reaches tissue outside the "
        "fat; inflammation of the fat (panniculitis); lumps of inflammation "
        "(granulomas); and infection, including atypical (non-tuberculous) "
        "mycobacterial infection that can need weeks of antibiotics and leave scars. "
        "Results vary."
    ): (
        "Il s’agit d’un soin hors autorisation avec un produit préparé sur mesure qui"
        " n’est pas autorisé pour réduire la graisse. La Société américaine de "
        "chirurgie plastique esthétique a mis en garde les patients contre les "
        "injections pour perdre de la graisse, et l’agence américaine du médicament "
        "(FDA) a envoyé des lettres d’avertissement sur les promesses faites à leur "
        "sujet. Fréquent : gonflement, rougeur, brûlure ou picotements, douleur, "
        "sensibilité et bleus, le plus souvent légers. Environ 3 personnes sur 100 "
        "ont des effets ailleurs dans le corps : diarrhée, nausées, vertiges ou "
        "saignements entre les règles. Des boules sensibles, un changement de couleur"
        " de la peau et des étourdissements ont été signalés. Des réactions "
        "inattendues ou prolongées sont survenues chez environ 1 personne sur 700, et"
        " toutes ont disparu d’elles-mêmes. Rare : plaies ouvertes (ulcères) ; "
        "cicatrices (fibrose) et mort de la graisse ou de la peau (nécrose), surtout "
        "si le produit atteint des tissus en dehors de la graisse ; inflammation de "
        "la graisse (panniculite) ; boules d’inflammation (granulomes) ; et "
        "infection, y compris une infection par des mycobactéries atypiques (non "
        "tuberculeuses) qui peut demander des semaines d’antibiotiques et laisser des"
        " cicatrices. Les résultats varient."
    ),
    (
        "Swelling, redness, burning or stinging, pain, tenderness and bruising "
        "(mostly very mild or mild)"
    ): (
        "Gonflement, rougeur, brûlure ou picotements, douleur, sensibilité et bleus "
        "(le plus souvent très légers ou légers)"
    ),
    "Diarrhoea, nausea, dizziness or bleeding between periods (3%)": (
        "Diarrhée, nausées, vertiges ou saignements entre les règles (3 %)"
    ),
    "Tender nodules, skin colour change, light-headedness": (
        "Boules sensibles, changement de couleur de la peau, étourdissements"
    ),
    "Unexpected or prolonged reactions (0.14%)": ("Réactions inattendues ou prolongées (0,14 %)"),
    "self-limiting (time not stated in the sources)": (
        "disparaissent d’elles-mêmes (durée non précisée dans les sources)"
    ),
    "all self-limiting": ("tous disparus d’eux-mêmes"),
}
