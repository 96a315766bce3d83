"""The patient's link inside a follow-up e-mail: the aftercare sheet's evening e-mail and the
post-treatment check carry a link to the page where the patient reads and confirms, or
answers (registered in sessions.followups.delivery.EMAIL_CONTEXT_PROVIDERS by apps.py).

The link is made while the e-mail is built, just before the send, in its own transaction: a
retry after a failed attempt revokes the previous attempt's link and makes a new one, so the
patient never holds more than one live link for a follow-up (the sweep's at-most-once rule
covers the message that carries it)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from portal.links import portal_link_issue, portal_link_revoke
from portal.models import PortalLink
from sessions.models import FollowUp

# Follow-up kind -> the purpose of the link its e-mail carries.
PURPOSE_OF_KIND = {
    FollowUp.Kind.AFTERCARE: PortalLink.Purpose.AFTERCARE,
    FollowUp.Kind.POST_TREATMENT_CHECK: PortalLink.Purpose.CHECK,
}


def follow_up_link_context(follow_up: FollowUp) -> dict:
    purpose = PURPOSE_OF_KIND.get(follow_up.kind)
    if purpose is None or follow_up.treatment_session_id is None:
        return {}
    if follow_up.pk is None:  # an e-mail read back before it is due (a preview): no link
        return {}
    with transaction.atomic():
        earlier = PortalLink.objects.filter(
            follow_up=follow_up, revoked_at__isnull=True, completed_at__isnull=True
        ).select_for_update()
        for link in earlier:
            portal_link_revoke(link=link, reason="replaced: the e-mail is being sent again")
        link, url = portal_link_issue(
            patient=follow_up.patient,
            purpose=purpose,
            treatment_session=follow_up.treatment_session,
            follow_up=follow_up,
        )
        # Handed to the mail server with the follow-up's e-mail; the follow-up's own log says
        # whether that e-mail went (a failed attempt's link is replaced by the next one).
        link.sent_at, link.sent_via = timezone.now(), "email"
        link.save(update_fields=["sent_at", "sent_via"])
    return {"portal_url": url, "portal_expires_at": timezone.localtime(link.expires_at)}
