"""The patient's health questionnaire page (a link of purpose "questionnaire")."""

from django.utils import translation

from portal import questionnaire
from portal.access import LinkClosed, portal_render, portal_view
from portal.questionnaire import QuestionnaireForm


@portal_view("questionnaire")
def questionnaire_page(request):
    link = request.portal_link
    form = QuestionnaireForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire.questionnaire_send(
                link=link,
                answers=form.answers(),
                language=translation.get_language(),
                request=request,
            )
        except LinkClosed:
            return portal_render(request, "portal/closed.html", {"state": "done", "link": link})
        return portal_render(request, "portal/questionnaire_done.html", {"link": link})
    context = {
        "form": form,
        "link": link,
        "medicine_names": questionnaire.questionnaires.catalogue_names(),
    }
    return portal_render(request, "portal/questionnaire.html", context)
