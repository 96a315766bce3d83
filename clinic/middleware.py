"""Signed-in responses are never stored by a browser or a proxy: a shared workstation's back
button after logout shows nothing (Cache-Control: private, no-store)."""

from django.utils.cache import patch_cache_control


class NoStoreWhenSignedInMiddleware:
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
