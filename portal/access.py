"""How a patient page is reached: `portal_view(purpose)` wraps every page under /p/<token>/.

The decorator finds the link by its secret, answers a friendly page for an unknown, expired,
revoked or used link, asks for the date of birth (gate.py) before anything else, then calls
the view with `request.portal_link` and `request.portal_patient` set, in the patient's
language. Every response is private: no-store, no referrer to other sites, not indexed.

The services (issue, revoke, lookup, complete) live in links.py and are importable from here
too, so pages and other apps need one import: `from portal.access import ...`."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from clinic import audit
from portal import gate
from portal.links import (  # noqa: F401 - the interface other modules import from here
    LinkClosed,
    closed_status,
    link_url,
    portal_link_complete,
    portal_link_issue,
    portal_link_lookup,
    portal_link_revoke,
)
from portal.models import PortalLink

GATE_FIELD = "portal_gate"


def clinic_context() -> dict:
    return {
        "clinic_name": settings.CLINIC_NAME,
        # Non-breaking spaces: a phone number never splits across two lines of a button.
        "clinic_phone": settings.CLINIC_PHONE.replace(" ", "\u00a0"),
        "clinic_phone_dial": "".join(settings.CLINIC_PHONE.split()),
        "clinic_email": settings.CLINIC_EMAIL,
        "emergency_number": settings.CLINIC_EMERGENCY_NUMBER,
    }


def protect(response):
    """Headers every patient page carries, whatever its state."""
    response["Cache-Control"] = "private, no-store"
    # The secret is in the address: no other site may see it in a Referer header. Not
    # "no-referrer": Chromium then sends "Origin: null" with the page's own forms, which
    # Django's CSRF check rightly refuses (found by the phone browser test).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def portal_render(request, template: str, context: dict | None = None, status: int = 200):
    """Render now (not lazily) so the patient's language is the one in force."""
    return render(request, template, {**clinic_context(), **(context or {})}, status=status)


def _closed_page(request, link: PortalLink | None, state: str):
    status = {"unknown": 404, "expired": 410, "revoked": 410, "locked": 429}.get(state, 200)
    context = {"state": state, "link": link, "lock_minutes": settings.PORTAL_GATE_LOCK_MINUTES}
    return portal_render(request, "portal/closed.html", context, status)


def _language(link: PortalLink | None) -> str:
    """The patient's language; for an unknown link, the browser's (LocaleMiddleware)."""
    if link is None:
        return translation.get_language() or settings.LANGUAGE_CODE
    codes = {code for code, _name in settings.LANGUAGES}
    wanted = link.patient.preferred_language
    return wanted if wanted in codes else settings.LANGUAGE_CODE


def _audit_open(request, link: PortalLink, state: str) -> None:
    if request.method != "GET":
        return
    audit.record(
        actor=None,
        action="portal.opened",
        target=link,
        request=request,
        details={"purpose": link.purpose, "state": state},
    )


def _gate(request, link: PortalLink):
    """The date-of-birth page, or None once this browser has passed it for this link."""
    if gate.is_verified(request, link):
        return None
    if gate.link_locked(link) or gate.address_locked(request):
        _audit_open(request, link, "locked")
        return _closed_page(request, link, "locked")
    form = gate.DateOfBirthForm(request.POST if GATE_FIELD in request.POST else None)
    if form.is_bound and form.is_valid():
        if gate.gate_check(
            link=link, date_of_birth=form.cleaned_data["date_of_birth"], request=request
        ):
            return redirect(request.get_full_path())  # see the page with a GET
        if gate.link_locked(link) or gate.address_locked(request):
            return _closed_page(request, link, "locked")
        form = gate.DateOfBirthForm()
        form.mismatch = True
    _audit_open(request, link, "gate")
    return portal_render(
        request, "portal/gate.html", {"form": form, "link": link, "gate_field": GATE_FIELD}
    )


def _first_open(link: PortalLink) -> None:
    if link.opened_at is None:
        link.opened_at = timezone.now()
        PortalLink.objects.filter(pk=link.pk, opened_at__isnull=True).update(
            opened_at=link.opened_at
        )


def portal_view(purpose: str, *, readable_when_done: bool = False):
    """Wrap a patient page for links of this purpose. The view gets (request, *args) with
    request.portal_link and request.portal_patient set; it renders with portal_render.
    readable_when_done: a used link still opens this page (behind the gate, until it
    expires), e.g. to read the aftercare sheet again; a submit then raises LinkClosed."""

    def decorator(view):
        @login_not_required  # the secret in the address and the date of birth are the keys
        @wraps(view)
        def wrapped(request, token, *args, **kwargs):
            link = portal_link_lookup(token)
            if link is not None and link.purpose != purpose:
                link = None  # a link opens its own page only
            with translation.override(_language(link)):
                request.LANGUAGE_CODE = translation.get_language()
                response = _answer(request, link, view, args, kwargs, readable_when_done)
                response["Content-Language"] = request.LANGUAGE_CODE
            return protect(response)

        wrapped.portal_purpose = purpose
        return wrapped

    return decorator


def _answer(request, link, view, args, kwargs, readable_when_done):
    if link is None:
        audit.record(actor=None, action="portal.unknown_link", request=request)
        return _closed_page(request, None, "unknown")
    state = closed_status(link)
    if state == PortalLink.Status.DONE and readable_when_done:
        state = ""
    if state:
        _audit_open(request, link, state)
        return _closed_page(request, link, state)
    refused = _gate(request, link)
    if refused is not None:
        return refused
    _first_open(link)
    _audit_open(request, link, "page")
    request.portal_link, request.portal_patient = link, link.patient
    try:
        return view(request, *args, **kwargs)
    except LinkClosed as closed:  # submitted twice (two taps, two tabs): say it is done
        return _closed_page(request, link, closed.status)


@login_not_required
def portal_open(request, token: str):
    """The address sent to the patient: on to its purpose's page (no data shown here)."""
    link = portal_link_lookup(token)
    try:
        target = reverse(f"portal:{link.purpose}", kwargs={"token": token}) if link else ""
    except NoReverseMatch:  # a purpose whose pages are not installed
        target = ""
    if not target:
        audit.record(actor=None, action="portal.unknown_link", request=request)
        return protect(_closed_page(request, None, "unknown"))
    return protect(redirect(target))
