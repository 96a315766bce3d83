"""Every audit action the code records has a readable, translatable label."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from clinic.audit_labels import ACTION_LABELS
from clinic.models import AuditEvent
from sessions.models import TreatmentSession

APPS = ["clinic", "patients", "protocols", "sessions", "interop"]
# audit.record(action="noun.verb"), document_printed(action=...), and the lot status table.
LITERAL = re.compile(r"""["']([a-z_]+\.[a-z_]+)["']""")
CALL = re.compile(r"audit\.record\(|document_printed\(|\baction=|_LOT_STATES|STATUS_ACTIONS")


def recorded_actions() -> set[str]:
    found = set()
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for match in CALL.finditer(text):
                window = text[match.start() : match.start() + 400]
                found.update(LITERAL.findall(window.split(")", 1)[0] + ")"))
    # booking.py records session.<status> for every status change.
    found.update(f"session.{status}" for status in TreatmentSession.Status.values)
    return {code for code in found if not code.endswith((".html", ".txt", ".py"))}


def test_every_recorded_action_has_a_label():
    actions = recorded_actions()
    assert len(actions) > 80  # the scan finds the code's audit calls (85 in December 2026)
    missing = sorted(code for code in actions if code not in ACTION_LABELS)
    assert missing == [], f"add these to clinic/audit_labels.py: {missing}"


def test_labels_are_translatable_and_translated():
    assert all(isinstance(label, Promise) for label in ACTION_LABELS.values())
    event = AuditEvent(action="chart.signed")
    with translation.override("fr"):
        assert event.action_label == "Fiche de séance signée"
    with translation.override("en"):
        assert event.action_label == "Chart signed"
    assert AuditEvent(action="something.new").action_label == "Something new"
