"""What every page's navigation needs: the user's role, the menu items they may open and
the follow-up badge (one COUNT kept a few seconds, only when a page shows it)."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clinic import roles
from sessions.followups.queue import badge_count


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    any_of: tuple[str, ...] = ()  # shown if the user holds any of these; empty: every user

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def visible_to(self, user) -> bool:
        return not self.any_of or any(user.has_perm(perm) for perm in self.any_of)


# Features add their entries here; each is shown only to users holding its permission.
NAVIGATION = [
    NavItem(_("Dashboard"), "dashboard"),
    NavItem(_("Patients"), "patients:search", ("patients.view_patient",)),
    NavItem(_("Calendar"), "treatments:calendar", ("treatments.view_treatmentsession",)),
    NavItem(_("Follow-ups"), "treatments:follow_ups", ("treatments.view_treatmentsession",)),
    NavItem(_("Protocols"), "protocols:library", ("protocols.view_protocol",)),
    NavItem(_("Stock"), "protocols:lots", ("protocols.view_lot",)),
    NavItem(
        pgettext_lazy("navigation bar", "Audit log"),
        "audit_log",
        ("clinic.view_auditevent", "clinic.view_own_auditevent"),
    ),
]


def navigation(request):
    user = getattr(request, "user", None)
    context = {
        "clinic_name": settings.CLINIC_NAME,
        "session_idle_minutes": settings.SESSION_IDLE_MINUTES,
    }
    if user is None or not user.is_authenticated:
        return context
    role = roles.role_of(user)
    context.update(
        nav_items=[item for item in NAVIGATION if item.visible_to(user)],
        user_role=role,
        user_role_name=roles.ROLE_BADGES.get(role, _("No role")),
        show_admin_link=user.is_staff,
    )
    if user.has_perm("treatments.view_treatmentsession"):
        # The nav badge (one COUNT, kept a few seconds), read only if a template shows it.
        context["follow_ups_overdue"] = SimpleLazyObject(lambda: badge_count(user))
    return context
