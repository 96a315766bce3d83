"""Response-side rules for every page: signed-in responses are never stored by a browser or a
proxy (Cache-Control: private, no-store), and a refused page is one log line, not a traceback."""

from django.core.exceptions import PermissionDenied
from django.utils.cache import patch_cache_control
from django.views.defaults import permission_denied


class NoStoreWhenSignedInMiddleware:
    """A shared workstation's back button after logout shows nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if response.has_header("Cache-Control"):
                # Keep what a view said (e.g. never_cache) and make sure of both directives.
                patch_cache_control(response, private=True, no_store=True)
            else:
                response["Cache-Control"] = "private, no-store"
        return response


class QuietPermissionDeniedMiddleware:
    """A view refusing a role is an expected path: answer the polite 403 page here, so the log
    keeps Django's one "Forbidden: <path>" line for the response (every 4xx gets one) instead of
    that line plus a record carrying the exception's traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PermissionDenied):
            return None
        return permission_denied(request, exception)
