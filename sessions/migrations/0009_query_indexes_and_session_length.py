"""Indexes that keep the busy pages flat with years of history, and a bound on a session's
length that lets every "sessions overlapping this span" query use an index range scan.

- chart_unsigned_idx: the practitioner dashboard's "charts to sign" reads the few unsigned
  charts instead of walking every session from the oldest.
- follow_up_open_due_idx: the queue, the badge and the sweep read open rows only.
- session_length_bounded (PostgreSQL): no session lasts longer than MAX_SESSION_LENGTH
  (sessions/models/plans.py, 12 hours); `overlapping()` relies on it for its lower bound on
  starts_at. SQLite has no interval arithmetic in a CHECK without Django's own functions, so
  there the booking rules (Availability.check) keep it, as they keep the overlap rule.
"""

from django.db import migrations, models

ADD = (
    "ALTER TABLE treatments_treatmentsession ADD CONSTRAINT session_length_bounded "
    "CHECK (ends_at - starts_at <= interval '12 hours')"
)
DROP = "ALTER TABLE treatments_treatmentsession DROP CONSTRAINT IF EXISTS session_length_bounded"


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("treatments", "0008_document_releases")]

    operations = [
        migrations.AddIndex(
            model_name="chart",
            index=models.Index(
                condition=models.Q(("signed_at__isnull", True)),
                fields=["treatment_session"],
                name="chart_unsigned_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                condition=models.Q(("status__in", ["pending", "sending", "failed"])),
                fields=["status", "due_at"],
                name="follow_up_open_due_idx",
            ),
        ),
        migrations.RunPython(_run(ADD), _run(DROP)),
    ]
