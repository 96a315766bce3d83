"""A practitioner's sessions as an iCalendar feed (RFC 5545), and the secret feed addresses.

The feed is read by calendar apps that cannot log in, so a secret token in the address is the
only credential. Only its SHA-256 is stored (CalendarFeedToken): a copy of the database does
not open anybody's feed. Renewing revokes the previous address; revoking ends it.

What leaves the clinic: patient initials, the kind of session, times, room and location. Never
a full name, a phone number or anything clinical: a phone's calendar syncs to third parties.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from clinic import audit
from sessions.models import CalendarFeedToken, TreatmentSession

PRODID = "-//Mesoplan//Treatment sessions//EN"
LINE_LIMIT = 75  # octets, not characters (RFC 5545 §3.1)
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100  # longer is never one of ours: not worth hashing

# --- Feed addresses ---------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_token_create(*, user, request=None) -> str:
    """Give the user a new feed address and revoke the previous one. Returns the token: it is
    not stored, so this is the only moment it can be shown."""
    # Lock the user: two "renew" clicks at once must not leave two live addresses.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    now = timezone.now()
    revoked = CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = CalendarFeedToken.objects.create(user=user, token_hash=token_hash(token))
    audit.record(
        actor=user,
        action="calendar_feed.created",
        target=row,
        request=request,
        details={"revoked_previous": revoked} if revoked else None,
    )
    return token


@transaction.atomic
def feed_token_revoke(*, user, request=None) -> int:
    """End the user's feed address; calendar apps using it get 404 from now on."""
    now = timezone.now()
    rows = list(
        CalendarFeedToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    )
    for row in rows:
        row.revoked_at = now
        row.save(update_fields=["revoked_at"])
        audit.record(actor=user, action="calendar_feed.revoked", target=row, request=request)
    return len(rows)


def active_feed_token(user) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_owner(token: str):
    """The active user whose live feed address this is, or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = (
        CalendarFeedToken.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    return row.user


# --- iCalendar text ---------------------------------------------------------------------------


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str, limit: int = LINE_LIMIT) -> str:
    """Fold a content line at `limit` octets (§3.1): each continuation starts with one space,
    which counts towards its line; a UTF-8 character is never split."""
    pieces, current, size = [], [], 0
    budget = limit
    for char in line:
        width = len(char.encode())
        if size + width > budget:
            pieces.append("".join(current))
            current, size, budget = [], 0, limit - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def initials(first_name: str, last_name: str) -> str:
    """ "Hélène Dubois" → "H.D.": enough for the practitioner, not a name for a third party."""
    letters = [name.strip()[0].upper() for name in (first_name, last_name) if name.strip()]
    return "".join(f"{letter}." for letter in letters) or "?"


def event_summary(treatment_session: TreatmentSession) -> str:
    patient = treatment_session.patient
    summary = f"{initials(patient.first_name, patient.last_name)} — "
    summary += str(treatment_session.get_kind_display())
    if not treatment_session.is_active:
        summary += f" ({treatment_session.get_status_display()})"
    return summary


def event_lines(treatment_session: TreatmentSession, *, now: datetime, url: str = "") -> list[str]:
    room = treatment_session.room
    cancelled = treatment_session.status == TreatmentSession.Status.CANCELLED
    lines = [
        "BEGIN:VEVENT",
        f"UID:session-{treatment_session.pk}@mesoplan",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(treatment_session.starts_at)}",
        f"DTEND:{utc_stamp(treatment_session.ends_at)}",
        f"SUMMARY:{escape_text(event_summary(treatment_session))}",
        f"LOCATION:{escape_text(f'{room.name}, {room.location.name}')}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        # A cancelled slot does not make the practitioner look busy.
        f"TRANSP:{'TRANSPARENT' if cancelled else 'OPAQUE'}",
    ]
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar_feed(
    treatment_sessions: Iterable[TreatmentSession],
    *,
    now: datetime,
    name: str,
    url_for: Callable[[TreatmentSession], str] | None = None,
) -> str:
    """The whole VCALENDAR, CRLF line ends, every line folded. Times are UTC, so no VTIMEZONE
    is needed and the clocks changing moves nothing."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for treatment_session in treatment_sessions:
        url = url_for(treatment_session) if url_for else ""
        lines += event_lines(treatment_session, now=now, url=url)
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines)
