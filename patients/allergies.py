"""Allergies for screening and charting: the patient's allergy profile (structured allergies,
free text and its clinician resolution, anaphylaxis) and `allergy_conflicts`, the pure check of
ingredients (of a protocol's blend and ancillary products, or of a stocked product) against it."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from patients.models import AllergyResolution
from protocols.catalogues import Allergy, IngredientClass


@dataclass
class AllergyProfile:
    tags: set[str] = field(default_factory=set)  # structured allergies (Allergy codes)
    ingredient_ids: set[int] = field(default_factory=set)  # free text mapped to ingredients
    classes: set[str] = field(default_factory=set)  # free text mapped to ingredient classes
    free_text: str = ""
    resolution: AllergyResolution | None = None
    anaphylaxis: bool = False

    @property
    def unresolved(self) -> bool:
        return bool(self.free_text.strip()) and self.resolution is None

    def labels(self) -> list[str]:
        """Every recorded allergy, for the top of the consultation, plan and chart."""
        labels = [str(Allergy(code).label) for code in sorted(self.tags) if code in Allergy.values]
        if self.free_text.strip():
            labels.append(self.free_text.strip())
        return labels


@dataclass
class AllergyConflict:
    ingredient: str
    product: str  # what it is in: "the blend", or an ancillary product with its role
    allergy: str
    key: str

    def sentence(self) -> str:
        return _("%(product)s contains %(ingredient)s; allergy: %(allergy)s") % {
            "product": self.product,
            "ingredient": self.ingredient,
            "allergy": self.allergy,
        }


def current_resolution(patient, free_text: str) -> AllergyResolution | None:
    wanted = AllergyResolution.normalize(free_text)
    if not wanted:
        return None
    for resolution in patient.allergy_resolutions.select_related("resolved_by").prefetch_related(
        "ingredients"
    ):
        if AllergyResolution.normalize(resolution.text) == wanted:
            return resolution
    return None


def allergy_profile(*, patient, history) -> AllergyProfile:
    if history is None:
        return AllergyProfile()
    profile = AllergyProfile(
        tags=set(history.allergies),
        free_text=history.allergies_other or "",
        anaphylaxis=bool(history.anaphylaxis_history),
    )
    profile.resolution = current_resolution(patient, profile.free_text)
    if profile.resolution is not None:
        profile.ingredient_ids = {i.pk for i in profile.resolution.ingredients.all()}
        profile.classes = set(profile.resolution.ingredient_classes)
    return profile


def version_ingredients(version) -> list[tuple]:
    """(ingredient, what it is in) for everything a protocol version uses."""
    used = [(c.ingredient, _("The blend")) for c in version.blend.select_related("ingredient")]
    for row in version.ancillaries.select_related("ingredient"):
        used.append((row.ingredient, f"{row.name} ({row.get_role_display().lower()})"))
    return used


def allergy_conflicts(patient_or_facts, ingredients) -> list[AllergyConflict]:
    """Pure: which of `ingredients` the patient is allergic to. Items: an Ingredient, an
    (Ingredient, product name) pair, or a Product (its ingredient, named by the product; a
    ready-made blend without an ingredient cannot be screened here). `patient_or_facts` is an
    AllergyProfile or a Patient (then its current history is read). The chart calls this to
    refuse a product, naming both."""
    profile = patient_or_facts
    if not isinstance(profile, AllergyProfile):
        history = patient_or_facts.history_reviews.order_by("-reviewed_at", "-pk").first()
        profile = allergy_profile(patient=patient_or_facts, history=history)
    conflicts = []
    for item in ingredients:
        if isinstance(item, tuple):
            ingredient, product = item
        elif hasattr(item, "ingredient_class"):
            ingredient, product = item, item.name
        else:
            ingredient, product = item.ingredient, item.name
            if ingredient is None:
                continue
        for tag in ingredient.contraindication_tags or []:
            if tag in profile.tags:
                label = str(Allergy(tag).label) if tag in Allergy.values else tag
                conflicts.append(AllergyConflict(ingredient.name, product, label, tag))
        if ingredient.pk in profile.ingredient_ids:
            conflicts.append(
                AllergyConflict(
                    ingredient.name,
                    product,
                    _("%(name)s (from: “%(text)s”)")
                    % {"name": ingredient.name, "text": profile.free_text.strip()},
                    "allergy_component",
                )
            )
        elif ingredient.ingredient_class in profile.classes:
            conflicts.append(
                AllergyConflict(
                    ingredient.name,
                    product,
                    _("%(cls)s (from: “%(text)s”)")
                    % {
                        "cls": IngredientClass(ingredient.ingredient_class).label,
                        "text": profile.free_text.strip(),
                    },
                    "allergy_component",
                )
            )
    return conflicts
