"""The follow-up rules: what each cause schedules, on which channel, for whom and when
(RULES, the one place to read and change them; delays are FOLLOW_UP_* settings)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from patients.models import Patient
from sessions.models import AdverseEvent, FollowUp, TreatmentPlan, TreatmentSession

Kind = FollowUp.Kind
Channel = FollowUp.Channel
FollowUpStatus = FollowUp.Status
SessionStatus = TreatmentSession.Status

OPEN_STATUSES = (FollowUpStatus.PENDING, FollowUpStatus.SENDING, FollowUpStatus.FAILED)
# What a person can still act on: a row being sent right now belongs to the sweep.
WORKABLE_STATUSES = (FollowUpStatus.PENDING, FollowUpStatus.FAILED)


PATIENT_CHOICE = "patient_choice"  # e-mail if the patient agreed to e-mail, else a phone call
FRONT_DESK = "front_desk"  # unassigned: the front desk's shared queue
PRACTITIONER = "practitioner"  # the practitioner of the session


def hours_setting(setting_name: str) -> timedelta:
    return timedelta(hours=getattr(settings, setting_name))


def days_setting(setting_name: str) -> timedelta:
    return timedelta(days=getattr(settings, setting_name))


def failed_open_for() -> timedelta:
    return days_setting("FOLLOW_UP_FAILED_OPEN_DAYS")


def still_open(now) -> Q:
    """What the queue's "open" view and the badge follow: every pending or sending row, and a
    failed delivery until FOLLOW_UP_FAILED_OPEN_DAYS after it was due. An older failure ages
    out of them (the moment to call has passed) but is never lost: the queue's status filter
    "Failed" or "All" and the patient's page still list it, and it can be rescheduled."""
    return Q(status__in=(FollowUpStatus.PENDING, FollowUpStatus.SENDING)) | failed_still_open(now)


def failed_still_open(now) -> Q:
    """A failed delivery a person should still see (see still_open)."""
    return Q(status=FollowUpStatus.FAILED, due_at__gte=now - failed_open_for())


def course_review_delay(plan: TreatmentPlan) -> timedelta:
    """The interval the protocol names, or the clinic's default when it names none."""
    named = plan.protocol_version.review_after_days
    return timedelta(days=named) if named else days_setting("FOLLOW_UP_COURSE_REVIEW_DEFAULT_DAYS")


def aftercare_due(treatment_session: TreatmentSession):
    """The evening of the session's day (FOLLOW_UP_AFTERCARE_TIME, clinic time), or now when
    the chart is signed later than that."""
    hour, minute = (int(part) for part in settings.FOLLOW_UP_AFTERCARE_TIME.split(":"))
    day = timezone.localdate(treatment_session.starts_at)
    evening = timezone.make_aware(datetime.combine(day, time(hour, minute)))
    return max(evening, timezone.now())


@dataclass(frozen=True)
class Rule:
    cause: str
    channel: str  # a FollowUp.Channel, or PATIENT_CHOICE
    assignee: str  # FRONT_DESK or PRACTITIONER
    due: Callable  # (the row the rule hangs on) -> when the follow-up is due


# Read top to bottom: what each cause schedules, how, for whom and when. Settings are read at
# call time, so an override (or an environment change and restart) takes effect at once.
RULES: dict[str, Rule] = {
    Kind.POST_TREATMENT_CHECK: Rule(
        cause="a treatment or maintenance session is completed",
        channel=PATIENT_CHOICE,
        assignee=FRONT_DESK,
        due=lambda s: s.completed_at + hours_setting("FOLLOW_UP_POST_TREATMENT_CHECK_HOURS"),
    ),
    Kind.NEXT_SESSION_REMINDER: Rule(
        cause="a course session is completed and the next one is booked",
        channel=PATIENT_CHOICE,
        assignee=FRONT_DESK,
        # The next session's own start: moving that session moves its reminder.
        due=lambda next_session: (
            next_session.starts_at - days_setting("FOLLOW_UP_REMINDER_DAYS_BEFORE")
        ),
    ),
    Kind.COURSE_REVIEW: Rule(
        cause="the last session of a course is completed",
        channel=Channel.PHONE,
        assignee=FRONT_DESK,
        due=lambda s: s.completed_at + course_review_delay(s.plan),
    ),
    Kind.ADVERSE_EVENT_CHECK: Rule(
        cause="an adverse event is charted",
        channel=Channel.TASK,
        assignee=PRACTITIONER,
        due=lambda event: event.recorded_at + hours_setting("FOLLOW_UP_ADVERSE_EVENT_CHECK_HOURS"),
    ),
    Kind.REBOOK: Rule(
        cause="a session is cancelled or the patient did not come",
        channel=Channel.PHONE,
        assignee=FRONT_DESK,
        due=lambda s: timezone.now(),
    ),
    Kind.LOT_RECALL: Rule(
        cause="a lot is recalled from the protocol library",
        channel=Channel.PHONE,
        assignee=FRONT_DESK,
        due=lambda lot: timezone.now(),
    ),
    Kind.AFTERCARE: Rule(
        cause="a chart is signed: the aftercare sheet goes by e-mail that evening",
        channel=Channel.EMAIL,  # only to a patient who agreed to e-mail: no row otherwise
        assignee=FRONT_DESK,
        due=aftercare_due,
    ),
}


def patient_takes_email(patient: Patient) -> bool:
    return bool(patient.contact_by_email and patient.email and not patient.archived_at)


def channel_for(rule: Rule, patient: Patient) -> str:
    if rule.channel == PATIENT_CHOICE:
        return Channel.EMAIL if patient_takes_email(patient) else Channel.PHONE
    return rule.channel


# --- Adverse events (reference §8) -------------------------------------------------------------
# §8's suggested software trigger: "prompt an urgent review for a new painful nodule, discharge
# or abscess, fever, spreading redness, skin colour change or blanching (necrosis), hair loss at
# injection sites, facial asymmetry, or difficulty swallowing" (derived there from [C5], [T45],
# [C8], [T43], [T44], [T47], [T22], [T23], [T32]). An event of these types, or any severe event,
# gets a check today, assigned to the practitioner and listed first; the others the next day.
# Stored in English on the follow-up; the pages translate them (`{% translate %}` of the value).
URGENT_ADVERSE_EVENTS = {
    AdverseEvent.Type.INFECTION: gettext_noop(
        "Possible infection (discharge, abscess, fever, spreading redness): review today [T45][C8]"
    ),
    AdverseEvent.Type.NODULE: gettext_noop(
        "A new painful nodule (panniculitis or infection): review today [T43][T44][T45]"
    ),
    AdverseEvent.Type.NECROSIS: gettext_noop(
        "Skin colour change or blanching (vascular compromise, necrosis): review today [C8]"
    ),
    AdverseEvent.Type.NERVE: gettext_noop("Facial asymmetry (nerve injury): review today [T32]"),
    AdverseEvent.Type.DYSPHAGIA: gettext_noop("Difficulty swallowing: review today [T32]"),
    AdverseEvent.Type.HAIR_LOSS: gettext_noop(
        "Hair loss at injection sites: review today [T22][T23][T32]"
    ),
}
# The same list in the patient's words: the aftercare sheet's "call us at once" box.
CALL_AT_ONCE_SIGNS = [
    gettext_noop("A new painful lump (nodule) at a treated spot"),
    gettext_noop("Pus, discharge or an abscess"),
    gettext_noop("Fever, or feeling hot and shivery"),
    gettext_noop("Redness that spreads or keeps getting worse"),
    gettext_noop("Skin that turns pale, white, grey, blue or dark (blanching or a colour change)"),
    gettext_noop("Hair loss at the injection sites"),
    gettext_noop("A face that looks uneven (facial asymmetry) or a drooping eyelid or mouth"),
    gettext_noop("Difficulty swallowing"),
]


def adverse_event_urgency(event: AdverseEvent) -> str:
    """Why this adverse event needs a review today ("" when the next day will do)."""
    if event.type in URGENT_ADVERSE_EVENTS:
        return URGENT_ADVERSE_EVENTS[event.type]
    if event.severity == AdverseEvent.Severity.SEVERE:
        return f"Severe {event.get_type_display().lower()}: review today"
    return ""
