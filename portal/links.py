"""Patient links: issue, revoke, find by secret, complete (services: atomic, audited).

Why hashed random tokens and not django-sesame or Django's signing: a patient is not an auth
user (sesame authenticates a User), and a signed token is stateless: it cannot be revoked one
by one, marked used after a submit, nor locked after wrong dates of birth without a row anyway.
A row per link keeps all of that, and storing only the secret's SHA-256 (as the calendar feed
does, sessions/scheduling/ical.py) means a copy of the database opens nothing. The lookup is
an indexed equality on the hash: its timing says nothing about the secret."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clinic import audit
from portal.models import PortalLink

Purpose = PortalLink.Purpose
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100  # longer is never one of ours: not worth hashing

# What a link may be about, per keyword of portal_link_issue.
ABOUT_FIELDS = ("treatment_session", "plan", "consent", "follow_up")


class LinkClosed(Exception):
    """The link can no longer be used: expired, revoked or already submitted."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_lifetime(purpose: str) -> timedelta:
    return timedelta(hours=settings.PORTAL_LINK_HOURS[purpose])


def link_path(token: str) -> str:
    return reverse("portal:open", kwargs={"token": token})


def link_url(token: str) -> str:
    """The address sent to the patient (an e-mail needs the clinic's full address)."""
    return settings.PORTAL_BASE_URL.rstrip("/") + link_path(token)


@transaction.atomic
def portal_link_issue(*, patient, purpose: str, by=None, request=None, **about):
    """Make a link for one patient and one purpose; returns (link, url). The secret is in the
    URL only: this is the one moment it exists. Everything the link is about must be the
    patient's own (a token for A never shows B)."""
    if purpose not in Purpose.values:
        raise ValueError(f"unknown purpose {purpose!r}")
    unknown = set(about) - set(ABOUT_FIELDS)
    if unknown:
        raise TypeError(f"a link cannot be about {sorted(unknown)}")
    for name, value in about.items():
        if value is not None and getattr(value, "patient_id", None) != patient.pk:
            raise ValueError(f"the {name} is not this patient's")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = PortalLink.objects.create(
        patient=patient,
        purpose=purpose,
        token_hash=token_hash(token),
        created_by=by if getattr(by, "is_authenticated", False) else None,
        expires_at=timezone.now() + link_lifetime(purpose),
        **about,
    )
    audit.record(
        actor=by,
        action="portal_link.issued",
        target=link,
        request=request,
        details={"purpose": purpose, "expires_at": link.expires_at.isoformat()},
    )
    return link, link_url(token)


@transaction.atomic
def portal_link_revoke(*, link: PortalLink, by=None, reason: str = "", request=None) -> bool:
    """End a link now (its page then says to ask the clinic for a new one). False when it was
    already closed (revoked or done): nothing changes."""
    locked = PortalLink.objects.select_for_update().get(pk=link.pk)
    if locked.revoked_at or locked.completed_at:
        return False
    locked.revoked_at = timezone.now()
    locked.revoked_by = by if getattr(by, "is_authenticated", False) else None
    locked.revoked_reason = reason[:200]
    locked.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    link.revoked_at, link.revoked_by_id = locked.revoked_at, locked.revoked_by_id
    audit.record(
        actor=by,
        action="portal_link.revoked",
        target=locked,
        request=request,
        details={"reason": reason[:200]} if reason else None,
    )
    return True


def portal_link_lookup(token: str) -> PortalLink | None:
    """The link this secret opens (whatever its state), or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return PortalLink.objects.select_related("patient").filter(token_hash=token_hash(token)).first()


def closed_status(link: PortalLink, now=None) -> str:
    """'' while the link can be used, else why not (done / revoked / expired). An archived
    patient's links are closed as revoked."""
    if link.patient.archived_at and not link.completed_at:
        return PortalLink.Status.REVOKED
    status = link.status_at(now or timezone.now())
    closed = (PortalLink.Status.DONE, PortalLink.Status.REVOKED, PortalLink.Status.EXPIRED)
    return status if status in closed else ""


def portal_link_complete(*, link: PortalLink, request=None, details=None) -> PortalLink:
    """Mark the link's task submitted, once: call it inside the submit's transaction, first
    (it locks the row, so two submits at once cannot both pass). Raises LinkClosed."""
    locked = PortalLink.objects.select_for_update().get(pk=link.pk)
    status = closed_status(locked)
    if status:
        raise LinkClosed(status)
    locked.completed_at = timezone.now()
    locked.save(update_fields=["completed_at"])
    link.completed_at = locked.completed_at
    audit.record(
        actor=None,
        action="portal.submitted",
        target=locked,
        request=request,
        details={"purpose": locked.purpose, **(details or {})},
    )
    return locked


def links_of(patient, *, limit: int = 20):
    return PortalLink.objects.filter(patient=patient).select_related("created_by", "revoked_by")[
        :limit
    ]
