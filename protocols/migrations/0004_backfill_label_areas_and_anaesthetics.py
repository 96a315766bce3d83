"""Backfill for libraries seeded before issue 11: the KYBELLA protocol's on-label area, and the
topical lidocaine anaesthetic of every version whose own pre-care offers numbing cream, so that
screening checks it against the patient's allergies. Versions stay otherwise unchanged."""

from django.db import migrations

KYBELLA_SLUG = "deoxycholic-acid-submental-kybella"


def backfill(apps, schema_editor):
    ProtocolVersion = apps.get_model("protocols", "ProtocolVersion")
    AncillaryProduct = apps.get_model("protocols", "AncillaryProduct")
    Ingredient = apps.get_model("protocols", "Ingredient")
    ProtocolVersion.objects.filter(protocol__slug=KYBELLA_SLUG, on_label_areas=[]).update(
        on_label_areas=["submental"]
    )
    lidocaine = Ingredient.objects.filter(name="Lidocaine").first()
    if lidocaine is None:
        return
    for version in ProtocolVersion.objects.all():
        mentions = any("numbing" in str(line).lower() for line in version.pre_care or [])
        if not mentions or AncillaryProduct.objects.filter(version=version).exists():
            continue
        AncillaryProduct.objects.create(
            version=version,
            role="anaesthetic",
            name="Lidocaine (numbing cream or local injection), only if agreed",
            ingredient=lidocaine,
            use="As the version's pre-care says",
            optional=True,
            source="this version's pre-care line; [T5][P18][P27]",
        )


class Migration(migrations.Migration):
    dependencies = [("protocols", "0003_lot_status_label_areas_ancillaries")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
