"""A patient's story in date order, for the patient page."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from clinic.people import display_name


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    text: str
    url: str = ""


def patient_timeline(
    patient,
    *,
    clinical: bool,
    plans,
    medications=(),
    consultations=(),
    treatment_sessions=None,
    history_reviews=None,
) -> list[TimelineEntry]:
    """Registration, plans and sessions for everyone; history, medications and consultations
    only for users who may read the clinical record. The page passes the plans, medications,
    consultations, sessions and history reviews it already holds, so they are read once."""
    entries = [TimelineEntry(patient.created_at, "registered", _("Registered"))]
    for plan in plans:
        entries.append(
            TimelineEntry(
                plan.created_at,
                "plan",
                _("Plan proposed: %(protocol)s, %(count)s sessions (%(status)s)")
                % {
                    "protocol": plan.protocol_version,
                    "count": plan.sessions_count,
                    "status": plan.get_status_display(),
                },
                plan.get_absolute_url(),
            )
        )
    if treatment_sessions is None:
        treatment_sessions = patient.treatment_sessions.select_related("practitioner")
    for session in treatment_sessions:
        entries.append(
            TimelineEntry(
                session.starts_at,
                "session",
                _("%(kind)s with %(who)s (%(status)s)")
                % {
                    "kind": session.get_kind_display(),
                    "who": display_name(session.practitioner),
                    "status": session.get_status_display().lower(),
                },
                session.get_absolute_url(),
            )
        )
    if clinical:
        if history_reviews is None:
            history_reviews = patient.history_reviews.select_related("reviewed_by")
        for review in history_reviews:
            entries.append(
                TimelineEntry(
                    review.reviewed_at,
                    "history",
                    _("Medical history reviewed by %(who)s")
                    % {"who": display_name(review.reviewed_by)},
                )
            )
        for medication in medications:
            entries.append(
                TimelineEntry(
                    medication.added_at,
                    "medication",
                    _("Medication recorded: %(name)s") % {"name": medication.name},
                )
            )
        for consultation in consultations:
            entries.append(
                TimelineEntry(
                    consultation.consulted_at,
                    "consultation",
                    _("Consultation (%(decision)s)")
                    % {"decision": consultation.get_decision_display()},
                    consultation.get_absolute_url(),
                )
            )
    if patient.archived_at:
        entries.append(
            TimelineEntry(
                patient.archived_at,
                "archived",
                _("Archived: %(reason)s") % {"reason": patient.archive_reason},
            )
        )
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
