"""Trigram indexes so the one-box patient search (`LIKE '%…%'` on the accent-free name and on
the phone's digits) stays fast at 100,000 patients. PostgreSQL only; SQLite scans."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS patients_patient_search_name_trgm "
    "ON patients_patient USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS patients_patient_phone_digits_trgm "
    "ON patients_patient USING gin (phone_digits gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS patients_patient_search_name_trgm",
    "DROP INDEX IF EXISTS patients_patient_phone_digits_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("patients", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
