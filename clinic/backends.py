"""The one authentication backend: django-axes' lockout check, then Django's password check.

One backend rather than axes' standalone one beside ModelBackend, because Django's
`User.objects.with_perm()` refuses to guess between several configured backends.
"""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ThrottledModelBackend(AxesStandaloneBackend, ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        # Raises AxesBackendPermissionDenied while the user name or address is locked out.
        AxesStandaloneBackend.authenticate(self, request, username, password, **kwargs)
        return ModelBackend.authenticate(self, request, username, password, **kwargs)

    def get_user(self, user_id):
        # The signed-in user of every request, with their preferences in the same query: the
        # language middleware reads them on every page (clinic/language.py).
        model = get_user_model()
        try:
            user = model._default_manager.select_related("staff_preferences").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
