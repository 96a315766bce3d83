"""Recompute every patient's search key with the punctuation-insensitive rule
(patients.search.search_key): "obrien" finds O'Brien (issue 12)."""

from django.db import migrations

BATCH = 2000


def recompute_search_keys(apps, schema_editor):
    from patients.search import search_key

    Patient = apps.get_model("patients", "Patient")
    changed = []
    rows = Patient.objects.only("pk", "first_name", "last_name", "search_name").order_by("pk")
    for patient in rows.iterator(chunk_size=BATCH):
        key = search_key(f"{patient.first_name} {patient.last_name}")
        if key != patient.search_name:
            patient.search_name = key
            changed.append(patient)
        if len(changed) >= BATCH:
            Patient.objects.bulk_update(changed, ["search_name"])
            changed = []
    Patient.objects.bulk_update(changed, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [("patients", "0005_chart_number_upper_index")]

    operations = [migrations.RunPython(recompute_search_keys, migrations.RunPython.noop)]
