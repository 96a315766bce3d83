"""Load the reference protocol library (protocols/seed_data.py). Idempotent, and never
overwrites what a clinic changed: an existing indication, ingredient or protocol is left as is
(a clinic revises protocols into new versions; the seed never does). The seeded version's
patient texts (English reviewed, French to be reviewed) are added where that version has none."""

from django.db import transaction

from protocols import patient_texts, seed_data, seed_patient_texts, services
from protocols.models import Indication, Ingredient, Protocol, ProtocolVersion


@transaction.atomic
def load_reference_library() -> dict[str, int]:
    created = {"indications": 0, "ingredients": 0, "protocols": 0, "patient_texts": 0}
    for row in seed_data.INDICATIONS:
        _, was_created = Indication.objects.get_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k != "code"}
        )
        created["indications"] += was_created
    ingredients = {}
    for row in seed_data.INGREDIENTS:
        ingredient, was_created = Ingredient.objects.get_or_create(
            name=row["name"], defaults={k: v for k, v in row.items() if k != "name"}
        )
        if was_created:
            ingredient.full_clean()
        ingredients[ingredient.name] = ingredient
        created["ingredients"] += was_created
    indications = {indication.code: indication for indication in Indication.objects.all()}
    existing = set(Protocol.objects.values_list("slug", flat=True))
    for row in seed_data.PROTOCOLS:
        if row["slug"] in existing:
            continue
        content = {
            key: value
            for key, value in row.items()
            if key not in ("slug", "name", "indication", "blend", "ancillaries")
        }
        blend = [
            {**component, "ingredient": ingredients[component["ingredient"]]}
            for component in row["blend"]
        ]
        ancillaries = [
            {**extra, "ingredient": ingredients[extra["ingredient"]]}
            for extra in row.get("ancillaries", [])
        ]
        services.protocol_create(
            slug=row["slug"],
            name=row["name"],
            indication=indications[row["indication"]],
            content=content,
            blend=blend,
            change_note=seed_data.SEED_VERSION_NOTE,
            by=None,
            ancillaries=ancillaries,
        )
        created["protocols"] += 1
    for row in seed_data.PROTOCOLS:
        created["patient_texts"] += _seed_patient_texts(row)
    return created


def _seed_patient_texts(row: dict) -> int:
    """Revision 1 of each language for the seeded version 1, unless it has patient texts."""
    version = (
        ProtocolVersion.objects.filter(protocol__slug=row["slug"], number=1)
        .exclude(patient_texts__isnull=False)
        .first()
    )
    if version is None:
        return 0
    for language, fields in seed_patient_texts.seed_texts(row).items():
        patient_texts.patient_text_add(
            version=version,
            language=language,
            fields=fields,
            note=seed_patient_texts.SEED_NOTE[language],
            by=None,
            reviewed=language == "en",
        )
    return 2
