"""Dates and times inside sentences a person reads (flash messages, form errors, warnings,
notes): the active language's formats, never ISO ("3 décembre 2026 à 09:14", "Dec. 3, 2026
at 09:14"). Data stays ISO: audit details, CSV exports, URLs, idempotency keys."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def day(value: datetime.date | datetime.datetime, *, weekday: bool = False) -> str:
    """A day: "3 décembre 2026" / "Dec. 3, 2026" (with "jeudi" / "Thursday" before it)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    text = date_format(value, "DATE_FORMAT")
    return f"{date_format(value, 'l')} {text}" if weekday else text


def moment(value: datetime.datetime, *, weekday: bool = False) -> str:
    """A day and a time in the clinic's zone: "3 décembre 2026 à 09:14"."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return _("%(day)s at %(time)s") % {
        "day": day(local.date(), weekday=weekday),
        "time": date_format(local, "H:i"),
    }
