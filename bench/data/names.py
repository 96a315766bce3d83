"""Fictitious names for bench patients: a clinic network's mix of languages, with the accents,
apostrophes and hyphens that name search has to handle."""

FIRST_NAMES = [
    "Camille", "Léa", "Chloé", "Manon", "Inès", "Zoë", "Hélène", "Sophie", "Julie", "Emma",
    "Louise", "Anaïs", "Élodie", "Céline", "Sarah", "Amélie", "Noémie", "Clara", "Lucie", "Marie",
    "Isabelle", "Nathalie", "Sandrine", "Aurélie", "Laura", "Charlotte", "Maëlle", "Jeanne",
    "Anna", "Olivia", "Grace", "Siobhán", "Aoife", "Maria", "Lucía", "Carmen", "Giulia",
    "Francesca", "Ingrid", "Katarzyna", "Yasmine", "Fatima", "Leïla", "Mei", "Hana", "Priya",
    "Thomas", "Nicolas", "Julien", "Mathieu", "Antoine", "François", "Marc", "Lucas", "Hugo",
    "Karim", "Mehdi", "David", "Daniel", "Sean", "Liam", "Jan", "Pedro", "Luca", "Björn",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martínez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
    "Müller", "Schmidt", "Rossi", "Russo", "Ferrari", "Fernández", "López", "González", "Silva",
    "Santos", "O'Brien", "O'Connor", "Murphy", "Kelly", "Smith", "Jones", "Nowak", "Kowalski",
    "Dupré", "Le Gall", "Saint-Clair", "Benali", "Haddad", "Nguyen", "Tran", "Chen", "Kim",
    "Van den Berg", "De Jong", "Jansen", "Lemaire", "Chevalier", "Marchand", "Perrin", "Clément",
    "Gauthier", "Masson", "Brun", "Meyer", "Roche", "Barbier", "Arnaud", "Gaillard", "Da Costa",
]  # fmt: skip
LANGUAGE_WEIGHTS = {"fr": 55, "en": 15, "es": 6, "it": 6, "de": 5, "pt": 4, "ar": 4, "nl": 2,
                    "ru": 2, "zh": 1}  # fmt: skip
