"""Small helpers shared by the treatments views: private file responses (PDFs, photos, scans),
warnings about a booked session's day, and the safe `next` URL."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from sessions.scheduling import booking


def private_response(
    content, *, content_type: str, filename: str = "", attachment: bool = False
) -> HttpResponse:
    """Health data for one browser: typed by the app (never sniffed), never cached, shown
    inline (or, for an uploaded file, as an attachment). `content` is bytes or an open file
    (streamed)."""
    if hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)
    else:
        response = HttpResponse(content, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if filename:
        disposition = "attachment" if attachment else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def pdf_response(content, filename: str) -> HttpResponse:
    return private_response(content, content_type="application/pdf", filename=filename)


def warn_about_session_days(request, treatment_sessions) -> None:
    """After booking: what the patient's medicines mean for each session's day (a pause that
    can no longer be met, an INR above 3.5 or missing on warfarin), as warnings, once each."""
    shown = set()
    for treatment_session in treatment_sessions:
        blocks, warnings = booking.session_day_checks(treatment_session)
        for sentence in blocks:
            sentence = _("%(problem)s The patient cannot be checked in until this changes.") % {
                "problem": sentence
            }
            if sentence not in shown:
                messages.warning(request, sentence)
                shown.add(sentence)
        for sentence in warnings:
            if sentence not in shown:
                messages.warning(request, sentence)
                shown.add(sentence)


def safe_next_url(request, fallback: str) -> str:
    """The `next` the form or link carries, if it stays on this site; else the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else fallback
