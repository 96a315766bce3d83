"""The one authentication backend: django-axes' lockout check, then Django's password check.

One backend rather than axes' standalone one beside ModelBackend, because Django's
`User.objects.with_perm()` refuses to guess between several configured backends.
"""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend


class ThrottledModelBackend(AxesStandaloneBackend, ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        # Raises AxesBackendPermissionDenied while the user name or address is locked out.
        AxesStandaloneBackend.authenticate(self, request, username, password, **kwargs)
        return ModelBackend.authenticate(self, request, username, password, **kwargs)
