"""The patient's aftercare page: the sheet, its PDF, and "I have read it"."""

from django.http import HttpResponse
from django.shortcuts import redirect

from portal import aftercare
from portal.access import portal_render, portal_view
from sessions.documents.handout_pdfs import SheetUnavailable


@portal_view("aftercare", readable_when_done=True)
def aftercare_page(request):
    link = request.portal_link
    if request.method == "POST":
        aftercare.aftercare_acknowledge(link=link, request=request)
        return redirect(request.path)
    return portal_render(
        request, "portal/aftercare.html", {"link": link, **aftercare.aftercare_page_context(link)}
    )


@portal_view("aftercare", readable_when_done=True)
def aftercare_pdf(request):
    """The stored sheet, as handed out (the same bytes the clinic would reprint)."""
    try:
        pdf = aftercare.aftercare_pdf(request.portal_link)
    except SheetUnavailable:
        return portal_render(request, "portal/sheet_unavailable.html", status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = 'attachment; filename="aftercare.pdf"'
    return response
