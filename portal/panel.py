"""The staff side of patient links: the "Patient links" panel on the patient's page, and
sending a new link (which replaces the open one of the same purpose)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import senders
from portal.check import QUESTIONS
from portal.links import portal_link_issue, portal_link_revoke
from portal.models import PortalLink

Purpose = PortalLink.Purpose
Status = PortalLink.Status

# Purposes staff can send from the panel: purpose -> (patient) -> what the link is about
# (keywords of portal_link_issue); raises ValidationError when there is nothing to send yet.
# Each task module adds its purpose here (portal/tasks_*.py, the questionnaire and others).
SENDABLE: dict[str, Callable] = {}


def sendable_purposes() -> list[tuple[str, str]]:
    return [(value, label) for value, label in Purpose.choices if value in SENDABLE]


def _same_task(purpose: str, about: dict):
    return PortalLink.objects.filter(
        purpose=purpose,
        completed_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
        **{name: value for name, value in about.items() if value is not None},
    )


def portal_link_send_new(*, patient, purpose: str, by, request=None, **about) -> PortalLink:
    """Issue a link for this task and send it; an open link for the same task is revoked
    first (one live link per task). Raises ValidationError when it cannot be sent."""
    if purpose in SENDABLE and not about:
        about = SENDABLE[purpose](patient)
    if not senders.patient_takes(patient, "email") and not senders.patient_takes(patient, "sms"):
        raise ValidationError(
            _("The patient has not agreed to e-mail or SMS, or has no address or number.")
        )
    with transaction.atomic():
        for old in _same_task(purpose, about).filter(patient=patient).select_for_update():
            portal_link_revoke(link=old, by=by, reason="replaced by a new link", request=request)
        link, url = portal_link_issue(
            patient=patient, purpose=purpose, by=by, request=request, **about
        )
    try:
        senders.portal_link_send(link=link, url=url, by=by, request=request)
    except Exception as error:  # recorded on the link by the sender
        raise ValidationError(
            _("The link was made but could not be sent: %(error)s") % {"error": link.send_error}
        ) from error
    return link


def _answer_summary(link: PortalLink) -> dict | None:
    answer = getattr(link, "check_answer", None)
    if answer is None:
        return None
    signs = [_(QUESTIONS[key]) for key in answer.warning_signs]
    return {"signs": signs, "satisfaction": answer.satisfaction, "comment": answer.comment}


def panel_context(patient, user) -> dict:
    """What the panel shows: the patient's recent links with their state, and what the user
    may do (the front desk and practitioners send and revoke; admins read)."""
    if not user.has_perm("portal.view_portallink"):
        return {"portal_panel": None}
    now = timezone.now()
    # The check's answers are clinical: shown to those who read the record, never the desk.
    clinical = user.has_perm("patients.view_clinical_record")
    links = PortalLink.objects.filter(patient=patient).select_related("created_by")
    if clinical:
        links = links.select_related("check_answer")
    rows = []
    for link in links[:20]:
        status = link.status_at(now)
        rows.append(
            {
                "link": link,
                "status": status,
                "status_label": Status(status).label,
                "open": status in (Status.SENT, Status.NOT_SENT, Status.OPENED),
                "answer": _answer_summary(link) if clinical else None,
            }
        )
    return {
        "portal_panel": {
            "rows": rows,
            "purposes": sendable_purposes(),
            "may_send": user.has_perm("portal.add_portallink"),
            "may_revoke": user.has_perm("portal.change_portallink"),
            "reachable": senders.patient_takes(patient, "email")
            or senders.patient_takes(patient, "sms"),
        }
    }
