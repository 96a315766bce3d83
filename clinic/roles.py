"""The three roles of a clinic as Django groups, and the permissions each one holds.

This table is the single place where access is granted (docs/roles.md has the human version).
Views check permissions, never group names; groups are synced after every `migrate`, so a
permission added here reaches existing installations on their next deploy.
"""

from django.apps import apps as global_apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PRACTITIONER = "practitioner"
FRONT_DESK = "front_desk"
CLINIC_ADMIN = "clinic_admin"

# Group names are what admins see in the Django admin; keys above are what code uses.
ROLE_NAMES = {
    PRACTITIONER: _("Practitioner"),
    FRONT_DESK: _("Front desk"),
    CLINIC_ADMIN: _("Clinic admin"),
}
# The same roles in the navigation bar, where room is short (French "Administrateur de la
# clinique" alone pushed the bar past 1440 px).
ROLE_BADGES = {
    PRACTITIONER: pgettext_lazy("navigation bar", "Practitioner"),
    FRONT_DESK: pgettext_lazy("navigation bar", "Front desk"),
    CLINIC_ADMIN: pgettext_lazy("navigation bar", "Clinic admin"),
}
GROUP_NAMES = {
    PRACTITIONER: "Practitioner",
    FRONT_DESK: "Front desk",
    CLINIC_ADMIN: "Clinic admin",
}

PATIENT_DEMOGRAPHICS = [
    "patients.view_patient",
    "patients.add_patient",
    "patients.change_patient",
]

SCHEDULING = [
    "treatments.view_treatmentsession",
    "treatments.add_treatmentsession",
    "treatments.change_treatmentsession",
    "treatments.view_location",
    "treatments.view_room",
]

PROTOCOL_READ = [
    "protocols.view_indication",
    "protocols.view_ingredient",
    "protocols.view_protocol",
    "protocols.view_protocol_card",
    "protocols.view_protocolversion",
    "protocols.view_blendcomponent",
    "protocols.view_product",
    "protocols.view_lot",
]

# Patient links (issue 17): send a link to a patient, see them, revoke one (change).
PATIENT_LINKS = [
    "portal.view_portallink",
    "portal.add_portallink",
    "portal.change_portallink",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    PRACTITIONER: [
        "clinic.view_own_auditevent",
        *PATIENT_DEMOGRAPHICS,
        "patients.archive_patient",
        "patients.view_clinical_record",
        "patients.change_clinical_record",
        "treatments.view_treatmentplan",
        "treatments.add_treatmentplan",
        *SCHEDULING,
        "treatments.chart_treatmentsession",
        "treatments.sign_chart",
        "treatments.view_chart",
        "treatments.view_photo",
        "treatments.add_photo",
        # Releases a patient's document (consent, pre-care, aftercare) for the front desk.
        "treatments.add_documentrelease",
        "treatments.add_consentrecord",
        "treatments.view_consentrecord",
        *PROTOCOL_READ,
        # Writes and reviews the patient wording of a protocol version (issue 15): the
        # review is a clinician's, so only this role marks a text reviewed.
        "protocols.add_protocolpatienttext",
        "protocols.review_protocolpatienttext",
        *PATIENT_LINKS,
    ],
    FRONT_DESK: [
        # Demographics and contact details only: no history, medications or consultations.
        *PATIENT_DEMOGRAPHICS,
        "treatments.view_treatmentplan",
        # Books, reschedules, checks in, marks no-show and cancels; never charts.
        *SCHEDULING,
        # Prints a patient's consent form or sheet once a practitioner has released it (issue
        # 13): the clinical pages behind them stay closed (no view_clinical_record).
        "treatments.add_consentrecord",
        "treatments.view_consentrecord",
        # Names, course lengths and intervals only, for scheduling: no protocol card.
        "protocols.view_protocol",
        "protocols.view_indication",
        *PATIENT_LINKS,
    ],
    CLINIC_ADMIN: [
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        # Sign-in lockouts (/accounts/lockouts/): read and unlock.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "clinic.view_auditevent",
        "portal.view_portallink",  # sees the links, sends none
        *PATIENT_DEMOGRAPHICS,
        "patients.archive_patient",
        "patients.view_clinical_record",  # read, never write: no change_clinical_record
        "treatments.view_treatmentplan",
        *SCHEDULING,
        "treatments.view_chart",
        "treatments.view_photo",
        "treatments.view_consentrecord",
        # Sites, rooms, working hours and closures, in the back office.
        "treatments.add_location",
        "treatments.change_location",
        "treatments.add_room",
        "treatments.change_room",
        "treatments.view_workinghours",
        "treatments.add_workinghours",
        "treatments.change_workinghours",
        "treatments.delete_workinghours",
        "treatments.view_closure",
        "treatments.add_closure",
        "treatments.change_closure",
        "treatments.delete_closure",
        *PROTOCOL_READ,
        "protocols.add_protocol",
        "protocols.change_protocol",
        "protocols.add_protocolversion",
        # Adds a translation or a correction of the patient wording; a practitioner reviews it.
        "protocols.add_protocolpatienttext",
        "protocols.add_ingredient",
        "protocols.change_ingredient",
        "protocols.add_product",
        "protocols.change_product",
        "protocols.add_lot",
        "protocols.change_lot",
        "protocols.recall_lot",
    ],
}


_GROUPS_ATTR = "_mesoplan_group_names"


def remember_groups(user, names: set[str]) -> None:
    """The user's group names, read by the authentication backend with the permissions."""
    setattr(user, _GROUPS_ATTR, set(names))


def role_of(user) -> str | None:
    """The user's role key, or None for a user in no role (superusers count as clinic admin)."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return CLINIC_ADMIN
    cached = getattr(user, "_mesoplan_role", "unset")
    if cached != "unset":
        return cached
    names = getattr(user, _GROUPS_ATTR, None)
    if names is None:
        # The backend reads the group names with the permissions (clinic/backends.py).
        user.get_all_permissions()
        names = getattr(user, _GROUPS_ATTR, None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
    by_group = {name: key for key, name in GROUP_NAMES.items()}
    role = next((by_group[name] for name in by_group if name in names), None)
    user._mesoplan_role = role
    return role


def sync_roles(apps=global_apps) -> None:
    """Create the groups and set their permissions exactly as ROLE_PERMISSIONS says."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=GROUP_NAMES[role])
        wanted = []
        for name in perm_names:
            app_label, codename = name.split(".")
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def sync_roles_after_migrate(sender, **kwargs):
    # post_migrate fires once per app with a models module; permissions of every app exist
    # only after the last of those (an app without models, like interop, gets no signal).
    with_models = [config for config in global_apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    sync_roles()
