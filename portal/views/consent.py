"""The patient's consent page: read the text in their language, ask questions, sign."""

from django.core.exceptions import ValidationError

from portal.access import LinkClosed, portal_render, portal_view
from portal.consent import RemoteConsentForm, consent_sign_through_link
from sessions.documents.consent_text import consent_blocks


@portal_view("consent")
def consent_page(request):
    link = request.portal_link
    record = link.consent
    if record is None or record.is_signed:
        return portal_render(request, "portal/closed.html", {"state": "done", "link": link})
    form = RemoteConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_sign_through_link(
                link=link,
                signature=form.cleaned_data["signature"],
                questions=form.cleaned_data["questions"],
                request=request,
            )
        except LinkClosed:
            return portal_render(request, "portal/closed.html", {"state": "done", "link": link})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            context = {"link": link, "questions": form.cleaned_data["questions"]}
            return portal_render(request, "portal/consent_done.html", context)
    context = {
        "form": form,
        "link": link,
        "record": record,
        "blocks": consent_blocks(record.text),
        "signed": False,
    }
    return portal_render(request, "portal/consent.html", context)
