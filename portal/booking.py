"""Booking the next session through a link: which course the link is about, the page's
choices (the free slots grouped by day) and the patient's actions, all through
sessions/scheduling/self_booking.py (the front desk's rules)."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from protocols import patient_texts
from sessions.models import Room
from sessions.scheduling import self_booking


def about_bookable_plan(patient) -> dict:
    plan = self_booking.bookable_plan(patient)
    if plan is None:
        raise ValidationError(_("The patient has no course with a next session to book."))
    return {"plan": plan}


def slot_value(start: datetime, room) -> str:
    return f"{start.isoformat()}|{room.pk}"


def parse_slot(value: str):
    """(start, room) from a slot's value, or ValidationError: never a 500 for bad input."""
    try:
        text, room_id = (value or "").split("|", 1)
        start = datetime.fromisoformat(text)
        room = Room.objects.select_related("location").get(pk=int(room_id), active=True)
    except (ValueError, Room.DoesNotExist) as error:
        raise ValidationError(_("Choose one of the times offered.")) from error
    if start.tzinfo is None:
        raise ValidationError(_("Choose one of the times offered."))
    return start, room


def treatment_name(plan) -> str:
    """The treatment as the patient's documents name it (their language's patient text)."""
    version = plan.protocol_version
    chosen = patient_texts.patient_text_for(version, translation.get_language())
    return chosen.text.name if chosen.text else version.protocol.name


def booking_context(plan, *, now=None) -> dict:
    now = now or timezone.now()
    nxt = self_booking.next_session(plan, now=now)
    if nxt is None:
        return {"next": None}
    days = OrderedDict()
    for start, room in self_booking.offered_slots(nxt, now=now, limit=400):
        local = timezone.localtime(start)
        days.setdefault(local.date(), []).append(
            {"value": slot_value(start, room), "time": local, "room": room}
        )
    late = nxt.booked is not None and nxt.booked.starts_at - now < self_booking.notice()
    return {
        "next": nxt,
        "treatment": treatment_name(plan),
        "booked": nxt.booked,
        "days": list(days.items()),
        "too_late": late,
        "notice_hours": int(self_booking.notice().total_seconds() // 3600),
    }
