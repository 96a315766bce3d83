"""What a patient is told about each risky medicine before a session, and when: pause windows
come from the medication catalogue only (one source per substance). A prescribed anticoagulant,
antiplatelet or SSRI/SNRI (and isotretinoin) is never turned into "stop taking it" (reference §7).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# Never told to stop, whatever the catalogue says about how they are usually obtained.
NEVER_STOP_CLASSES = {"anticoagulant", "antiplatelet", "ssri_snri", "systemic_retinoid"}


@dataclass
class PreCareInstruction:
    medication: str
    text: str
    stop_before_days: int | None


@dataclass
class PauseInstruction:
    """One medicine's pause before a session day: when it starts and whether it can be met."""

    medication: str
    text: str
    stop_before_days: int | None  # None: keep taking it (never stopped by us)
    start_on: datetime.date | None
    can_be_met: bool


def _keeps_taking(medication) -> bool:
    entry = medication.catalogue_entry
    return medication.is_prescribed or entry.risk_class in NEVER_STOP_CLASSES


def pre_care_instructions(medications) -> list[PreCareInstruction]:
    """What the patient is told about each risky medicine before a session (no dates)."""
    instructions = []
    for medication in medications:
        entry = medication.catalogue_entry
        if entry is None or entry.risk_class == "none":
            continue
        if _keeps_taking(medication):
            text = _(
                "Keep taking %(name)s unless the doctor who prescribed it tells you otherwise; "
                "we have noted it and your practitioner will review it with you."
            ) % {"name": medication.name}
            days = None
        elif entry.stop_before_days:
            days = entry.stop_before_days
            text = _(
                "Stop taking %(name)s %(days)s days before your session, unless a doctor "
                "prescribed it to you."
            ) % {"name": medication.name, "days": days}
        else:
            continue
        instructions.append(PreCareInstruction(medication.name, text, days))
    return instructions


def pause_schedule(*, medications, session_day, today=None) -> list[PauseInstruction]:
    """Pure: for a session day, each medicine's instruction with the day its pause starts
    (windows from the medication catalogue only) and whether the window can still be met. A
    start date in the past is never given as an instruction: the text says the window has
    already started and what to do."""
    today = today or timezone.localdate()
    schedule = []
    for item, medication in zip(
        pre_care_instructions(medications),
        [
            m
            for m in medications
            if m.catalogue_entry is not None
            and m.catalogue_entry.risk_class != "none"
            and (_keeps_taking(m) or m.catalogue_entry.stop_before_days)
        ],
        strict=True,
    ):
        if item.stop_before_days is None:
            schedule.append(PauseInstruction(item.medication, item.text, None, None, True))
            continue
        start = session_day - datetime.timedelta(days=item.stop_before_days)
        values = {
            "name": medication.name,
            "days": item.stop_before_days,
            "start": date_format(start, "l j F"),
            "session": date_format(session_day, "l j F"),
        }
        if start > today:
            text = (
                _(
                    "Stop taking %(name)s from %(start)s (%(days)s days before your session on "
                    "%(session)s), unless a doctor prescribed it to you."
                )
                % values
            )
        elif start == today:
            text = (
                _(
                    "Stop taking %(name)s from today (%(days)s days before your session on "
                    "%(session)s), unless a doctor prescribed it to you."
                )
                % values
            )
        else:
            text = (
                _(
                    "The %(days)s-day pause of %(name)s before your session on %(session)s has "
                    "already started. Unless a doctor prescribed it to you, stop taking it now and "
                    "tell us: your practitioner will decide whether to keep or move the date."
                )
                % values
            )
        schedule.append(
            PauseInstruction(
                medication.name, text, item.stop_before_days, start, can_be_met=start >= today
            )
        )
    return schedule
