"""The seeded ingredient and product names, marked for translation so patient documents can
show them in the patient's language (`gettext(name)`; a clinic's own names pass through)."""

from django.utils.translation import gettext_noop

SEEDED_NAMES = (
    gettext_noop("Non-cross-linked hyaluronic acid"),
    gettext_noop(
        "HA polyrevitalising complex (HA + vitamins, amino acids, minerals, antioxidants)"  # noqa: E501
    ),
    gettext_noop("Dutasteride"),
    gettext_noop("Minoxidil"),
    gettext_noop("Aminophylline"),
    gettext_noop("Deoxycholic acid"),
    gettext_noop("Phosphatidylcholine 5% + sodium deoxycholate 2.5% (compounded)"),
    gettext_noop("Lidocaine"),
    gettext_noop("Lidocaine, topical cream or local injection, only if agreed"),
    gettext_noop("Topical lidocaine cream (numbing cream), only if agreed"),
)
