"""One way to write the audit trail: `audit.record(...)`, called by every service and view that
reads or changes clinical data."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.db import models

from clinic.models import AuditEvent


def client_address(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled. Behind a reverse proxy, run
    # gunicorn with the PROXY protocol so REMOTE_ADDR is the client's (docs/deploy.md).
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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


def connect_login_signals() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="clinic.audit.logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="clinic.audit.logged_out")
    user_login_failed.connect(_login_failed, dispatch_uid="clinic.audit.login_failed")
