"""The patient's post-treatment check: the questions, then "call us now" or "thank you"."""

from portal import check
from portal.access import portal_render, portal_view


@portal_view("check")
def check_page(request):
    link = request.portal_link
    form = check.CheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        answer = check.check_submit(link=link, data=form.cleaned_data, request=request)
        return portal_render(request, "portal/check_done.html", {"answer": answer})
    return portal_render(request, "portal/check.html", {"link": link, "form": form})
