"""No practitioner and no room is ever booked twice at the same time, enforced by PostgreSQL
itself, so two front-desk users pressing "book" at the same moment cannot both win.

A practitioner's deliberate overlap (with a recorded reason) is left out of the practitioner
rule; a room has no such exception. SQLite, which has no exclusion constraints, relies on
the booking service's check inside an IMMEDIATE transaction (settings: transaction_mode).
"""

from django.db import migrations

ACTIVE = "status NOT IN ('cancelled', 'no_show')"
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE treatments_treatmentsession ADD CONSTRAINT session_no_practitioner_overlap "
    "EXCLUDE USING gist (practitioner_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
    f"WHERE ({ACTIVE} AND overlap_reason = '')",
    "ALTER TABLE treatments_treatmentsession ADD CONSTRAINT session_no_room_overlap "
    "EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
    f"WHERE ({ACTIVE})",
]
DROP = [
    "ALTER TABLE treatments_treatmentsession DROP CONSTRAINT IF EXISTS session_no_room_overlap",
    "ALTER TABLE treatments_treatmentsession "
    "DROP CONSTRAINT IF EXISTS session_no_practitioner_overlap",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("treatments", "0002_scheduling_and_charting")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
