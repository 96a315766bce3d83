"""The second factor before any health data: the patient's date of birth, throttled.

PORTAL_GATE_FAILURES wrong dates lock the link for PORTAL_GATE_LOCK_MINUTES; the same number
of wrong dates from one client address (across links, counted in the cache) locks that
address for as long. A wrong date gets the same answer whatever it was: nothing says how close
it came. Success is remembered in the HTTP session for this link only, for
PORTAL_VERIFIED_MINUTES."""

from __future__ import annotations

import datetime
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic import audit
from portal.models import PortalLink

SESSION_KEY = "portal_verified"


class DateOfBirthForm(forms.Form):
    """Day, month and year as three boxes (easier on a phone than a date picker, and read
    out clearly by screen readers)."""

    day = forms.IntegerField(label=_("Day"), min_value=1, max_value=31)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, width in (("day", 2), ("month", 2), ("year", 4)):
            self.fields[name].widget.attrs.update(
                {"inputmode": "numeric", "autocomplete": f"bday-{name}", "class": "form-control"}
            )
            self.fields[name].widget.attrs["data-width"] = width

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["date_of_birth"] = datetime.date(data["year"], data["month"], data["day"])
        except ValueError:
            raise forms.ValidationError(_("Enter a real date, for example 14 3 1985.")) from None
        return data


def _address_key(request) -> str:
    return f"portal:gate-failures:{audit.client_address(request) or 'unknown'}"


def address_locked(request) -> bool:
    return cache.get(_address_key(request), 0) >= settings.PORTAL_GATE_FAILURES


def link_locked(link: PortalLink, now=None) -> bool:
    return bool(link.locked_until and link.locked_until > (now or timezone.now()))


def is_verified(request, link: PortalLink) -> bool:
    until = request.session.get(SESSION_KEY, {}).get(str(link.pk))
    return bool(until) and until > timezone.now().timestamp()


def _remember(request, link: PortalLink) -> None:
    # A new session key on success: a session planted before the check gains nothing.
    request.session.cycle_key()
    until = timezone.now() + timedelta(minutes=settings.PORTAL_VERIFIED_MINUTES)
    verified = {
        pk: when
        for pk, when in request.session.get(SESSION_KEY, {}).items()
        if when > timezone.now().timestamp()
    }
    verified[str(link.pk)] = until.timestamp()
    request.session[SESSION_KEY] = verified


def gate_check(*, link: PortalLink, date_of_birth: datetime.date, request) -> bool:
    """Compare the answer with the patient's date of birth; count, lock and audit. Call only
    when neither the link nor the address is locked."""
    now = timezone.now()
    with transaction.atomic():
        locked = PortalLink.objects.select_for_update().select_related("patient").get(pk=link.pk)
        if date_of_birth == locked.patient.date_of_birth:
            locked.failed_attempts, locked.locked_until = 0, None
            locked.verified_at = now
            locked.save(update_fields=["failed_attempts", "locked_until", "verified_at"])
            audit.record(actor=None, action="portal.verified", target=locked, request=request)
            success = True
        else:
            locked.failed_attempts += 1
            lock = locked.failed_attempts >= settings.PORTAL_GATE_FAILURES
            if lock:
                locked.locked_until = now + timedelta(minutes=settings.PORTAL_GATE_LOCK_MINUTES)
                locked.failed_attempts = 0
            locked.save(update_fields=["failed_attempts", "locked_until"])
            # Never the date typed: it is the patient's (or a guesser's) personal data.
            audit.record(actor=None, action="portal.gate_failed", target=locked, request=request)
            if lock:
                audit.record(
                    actor=None,
                    action="portal.locked",
                    target=locked,
                    request=request,
                    details={"scope": "link", "until": locked.locked_until.isoformat()},
                )
            success = False
        link.failed_attempts, link.locked_until = locked.failed_attempts, locked.locked_until
    if success:
        _remember(request, link)
    else:
        _count_address_failure(request, link)
    return success


def _count_address_failure(request, link: PortalLink) -> None:
    key, window = _address_key(request), settings.PORTAL_GATE_LOCK_MINUTES * 60
    cache.add(key, 0, window)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        failures = 1
    if failures == settings.PORTAL_GATE_FAILURES:
        audit.record(
            actor=None,
            action="portal.locked",
            target=link,
            request=request,
            details={"scope": "address"},
        )
