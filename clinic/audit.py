"""One way to write the audit trail: `audit.record(...)`, called by every service and view that
reads or changes clinical data."""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.db import models

from clinic.models import AuditEvent


def _trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, unless it is one of TRUSTED_PROXIES.

    X-Forwarded-For is client-controlled, so it is read only when the request comes from a
    configured proxy, and then from the right: the first hop that is not itself a trusted proxy
    is the address that proxy saw. A header sent from anywhere else is ignored (also by the
    login throttle, which counts failures per this address: see AXES_CLIENT_IP_CALLABLE).
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    networks = [ipaddress.ip_network(net, strict=False) for net in settings.TRUSTED_PROXIES]
    try:
        if remote is None or not _trusted(ipaddress.ip_address(remote), networks):
            return remote
    except ValueError:
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        try:
            address = ipaddress.ip_address(hop.strip())
        except ValueError:
            return remote  # a malformed chain: the proxy is all we know for sure
        if not _trusted(address, networks):
            return str(address)
    return remote


# Where a record's patient is found, tried in order (a Chart's is its session's patient).
_PATIENT_PATHS = (
    ("patient_id",),
    ("treatment_session", "patient_id"),
    ("chart", "treatment_session", "patient_id"),
    ("consent", "patient_id"),
)


def patient_of(target) -> int | None:
    """The id of the patient a record belongs to, or None (a lot, a protocol, a user)."""
    if target is None:
        return None
    if target._meta.label_lower == "patients.patient":
        return target.pk
    for path in _PATIENT_PATHS:
        value = target
        for name in path:
            value = getattr(value, name, None)
            if value is None:
                break
        if value is not None:
            return value
    return None


def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    request=None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `action` is "<noun>.<verb>", e.g. "patient.viewed"."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_username=actor.get_username() if is_user else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        ip_address=client_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
        details=details or {},
        patient_id=patient_of(target),
    )


def _logged_in(sender, request, user, **kwargs):
    record(actor=user, action="auth.logged_in", request=request)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action="auth.logged_out", request=request)


def _login_failed(sender, credentials, request=None, **kwargs):
    # Never store the attempted password; the username helps spot guessing.
    record(
        actor=None,
        action="auth.login_failed",
        request=request,
        details={"username": str(credentials.get("username", ""))[:150]},
    )


def _locked_out(sender, request, username, ip_address, **kwargs):
    record(
        actor=None,
        action="auth.locked_out",
        request=request,
        details={"username": str(username or "")[:150], "address": ip_address or ""},
    )


def connect_login_signals() -> None:
    user_locked_out.connect(_locked_out, dispatch_uid="clinic.audit.locked_out")
    user_logged_in.connect(_logged_in, dispatch_uid="clinic.audit.logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="clinic.audit.logged_out")
    user_login_failed.connect(_login_failed, dispatch_uid="clinic.audit.login_failed")
