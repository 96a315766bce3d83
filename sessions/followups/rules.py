"""The follow-up rules: what each cause schedules, on which channel, for whom and when
(RULES, the one place to read and change them; delays are FOLLOW_UP_* settings)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from patients.models import Patient
from sessions.models import (
    FollowUp,
    TreatmentPlan,
    TreatmentSession,
)

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


def course_review_delay(plan: TreatmentPlan) -> timedelta:
    """The interval the protocol names, or the clinic's default when it names none."""
    named = plan.protocol_version.review_after_days
    return timedelta(days=named) if named else days_setting("FOLLOW_UP_COURSE_REVIEW_DEFAULT_DAYS")


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
}


def patient_takes_email(patient: Patient) -> bool:
    return bool(patient.contact_by_email and patient.email and not patient.archived_at)


def channel_for(rule: Rule, patient: Patient) -> str:
    if rule.channel == PATIENT_CHOICE:
        return Channel.EMAIL if patient_takes_email(patient) else Channel.PHONE
    return rule.channel
