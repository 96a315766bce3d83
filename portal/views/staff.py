"""Staff pages for patient links: send a new link, revoke one (POST only, from the panel)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patients.models import Patient
from portal.links import portal_link_revoke
from portal.models import PortalLink
from portal.panel import portal_link_send_new, sendable_purposes


@require_POST
@permission_required("portal.add_portallink", raise_exception=True)
def link_send(request, pk):
    patient = get_object_or_404(Patient, pk=pk, archived_at__isnull=True)
    purpose = request.POST.get("purpose", "")
    if purpose not in dict(sendable_purposes()):
        messages.error(request, _("Choose what the link is for."))
        return redirect(patient)
    try:
        link = portal_link_send_new(
            patient=patient, purpose=purpose, by=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Link sent: %(purpose)s.") % {"purpose": link.get_purpose_display()},
        )
    return redirect(f"{patient.get_absolute_url()}#portal-h")


@require_POST
@permission_required("portal.change_portallink", raise_exception=True)
def link_revoke(request, pk):
    link = get_object_or_404(PortalLink.objects.select_related("patient"), pk=pk)
    if portal_link_revoke(link=link, by=request.user, request=request):
        messages.success(request, _("The link is revoked: it no longer opens."))
    else:
        messages.info(request, _("This link was already closed."))
    return redirect(f"{link.patient.get_absolute_url()}#portal-h")
