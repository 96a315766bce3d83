"""Create the demo users (and, as features arrive, demo data). Safe to run again: it creates
nothing twice. Refuses to run with DEBUG off, because demo logins have published passwords."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clinic import roles

DEMO_PASSWORD = "mesoplan-demo"
DEMO_USERS = [
    # username, first name, last name, role
    ("practitioner", "Camille", "Durand", roles.PRACTITIONER),
    ("frontdesk", "Sam", "Martin", roles.FRONT_DESK),
    ("admin", "Alex", "Moreau", roles.CLINIC_ADMIN),
]


class Command(BaseCommand):
    help = "Load demo users and data (idempotent). Only with DEBUG on, or with --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (never on a real clinic's database).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo logins have published passwords: refusing with DEBUG off. "
                "Use --force only on a database that holds no real patient data."
            )
        with transaction.atomic():
            roles.sync_roles()
            created = [self._ensure_user(*row) for row in DEMO_USERS]
        self.stdout.write(
            f"Demo users: {sum(created)} created, {len(created) - sum(created)} already there."
        )

    def _ensure_user(self, username, first_name, last_name, role) -> bool:
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": ""},
        )
        # The printed logins must work even if someone changed a demo password.
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role == roles.CLINIC_ADMIN  # the Django admin is the back office
        user.save()
        user.groups.set([Group.objects.get(name=roles.GROUP_NAMES[role])])
        return created
