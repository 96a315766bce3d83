"""Small helpers shared by the treatments views: private file responses (PDFs, photos, scans)
and the safe `next` URL."""

from django.http import FileResponse, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme


def private_response(content, *, content_type: str, filename: str = "") -> HttpResponse:
    """Health data for one browser: typed by the app (never sniffed), never cached, shown
    inline. `content` is bytes or an open file (streamed)."""
    if hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)
    else:
        response = HttpResponse(content, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def pdf_response(content, filename: str) -> HttpResponse:
    return private_response(content, content_type="application/pdf", filename=filename)


def safe_next_url(request, fallback: str) -> str:
    """The `next` the form or link carries, if it stays on this site; else the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else fallback
