"""Two-factor sign-in policy: who must pass a TOTP or recovery-code check (REQUIRE_2FA_FOR, or
anyone who enrolled), and the middleware that sends them to enrol or verify first — the back
office (/admin/) included."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django_otp import user_has_device

from clinic import roles

RECOVERY_CODE_COUNT = 10
# Pages an unverified user may still open: signing in and out, and the two-factor pages.
OPEN_BEFORE_VERIFICATION = {"login", "logout", "two_factor_setup", "two_factor_verify"}


# Set at sign-in and at enrolment, so pages do not look devices up on every request.
ENROLLED_SESSION_KEY = "two_factor_enrolled"


def two_factor_required(request) -> bool:
    """True for a signed-in user of a role in REQUIRE_2FA_FOR, or one who enrolled anyway."""
    user = request.user
    if not user.is_authenticated:
        return False
    if request.session.get(ENROLLED_SESSION_KEY):
        return True
    return bool(settings.REQUIRE_2FA_FOR) and roles.role_of(user) in settings.REQUIRE_2FA_FOR


def remember_enrolment(sender, request, user, **kwargs):
    """user_logged_in receiver: note in the session whether this user has an authenticator."""
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED_SESSION_KEY] = user_has_device(user)


def qr_code_svg(data: str):
    """An inline SVG QR code (no script, no style attribute: strict CSP allows it)."""
    svg = segno.make(data, error="m").svg_inline(scale=4, svgclass="qr-code", border=4)
    # segno's own markup of the QR modules: no user text reaches it as markup.
    return mark_safe(svg)  # nosec B308, B703


class TwoFactorRequiredMiddleware:
    """After OTPMiddleware: an unverified user who needs two factors sees only the enrolment
    or verification page (with ?next= back to where they were going)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not getattr(view_func, "login_required", True):
            return None  # public or token-authenticated (health check, calendar feed)
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_VERIFICATION:
            return None
        if not two_factor_required(request):
            return None
        target = "two_factor_verify" if user_has_device(user) else "two_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
