"""A staff member's language: stored on their preferences, applied at sign-in and on every
request once signed in. Before sign-in (and for anyone who chose "the browser's language")
Django's LocaleMiddleware picks it from Accept-Language.

Adding a language is settings.LANGUAGES plus a catalogue under locale/ (docs/translating.md):
nothing here lists languages.
"""

from django.conf import settings
from django.utils import translation

from clinic.models import StaffPreferences


def available_languages() -> list[tuple[str, str]]:
    """(code, name in that language): a person finds their own language whatever the page's."""
    choices = []
    for code, name in settings.LANGUAGES:
        try:
            name = translation.get_language_info(code)["name_local"]
            name = name[:1].upper() + name[1:]  # "français" starts a menu line: "Français"
        except KeyError:  # a code Django does not know: the settings' name
            name = str(name)
        choices.append((code, name))
    return choices


def language_of(user) -> str:
    """The language code the user chose, or "" to follow the browser."""
    if not getattr(user, "is_authenticated", False):
        return ""
    # The backend's get_user joins the preferences: no query of its own on a page.
    try:
        chosen = user.staff_preferences.language
    except StaffPreferences.DoesNotExist:
        return ""
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else ""


def set_language(user, code: str) -> None:
    preferences, _created = StaffPreferences.objects.update_or_create(
        user=user, defaults={"language": code}
    )
    user.staff_preferences = preferences


def apply(request, code: str) -> None:
    """Make `code` the language of the rest of this request."""
    translation.activate(code)
    request.LANGUAGE_CODE = translation.get_language()


def apply_on_login(sender, request, user, **kwargs):
    """user_logged_in receiver: the page after sign-in is already in the user's language."""
    code = language_of(user)
    if code and request is not None:
        apply(request, code)


class StaffLanguageMiddleware:
    """After AuthenticationMiddleware: a signed-in user's own language wins over the browser's.

    It does not set the language cookie: on a shared workstation the next person's sign-in page
    follows their browser, not the last user's choice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = language_of(getattr(request, "user", None))
        if code:
            apply(request, code)
        return self.get_response(request)
