"""Create the demo users and demo stock (more demo data as features arrive). Safe to run
again: it creates nothing twice. Refuses to run with DEBUG off, because demo logins have
published passwords."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from clinic import roles
from protocols.models import Ingredient, Lot, Product

DEMO_PASSWORD = "mesoplan-demo"
# Fictitious products and lot numbers (prefixed DEMO) for the stock pages.
DEMO_STOCK = [
    # name, maker, ingredient name prefix, concentration, volume (mL),
    # [(lot number, expires in days, units)]
    (
        "Demo HA 14 mg/g",
        "Demo Laboratories",
        "Non-cross-linked hyaluronic acid",
        "14 mg/g",
        "2",
        [("DEMO-HA-2401", 400, 20), ("DEMO-HA-2311", 20, 4)],
    ),
    (
        "Demo deoxycholic acid 10 mg/mL",
        "Demo Laboratories",
        "Deoxycholic acid",
        "10 mg/mL",
        "2",
        [("DEMO-DCA-2402", 300, 10), ("DEMO-DCA-2209", -15, 2)],
    ),
]
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
            lots = self._ensure_stock()
        self.stdout.write(
            f"Demo users: {sum(created)} created, {len(created) - sum(created)} already there. "
            f"Demo lots: {lots} created."
        )

    def _ensure_stock(self) -> int:
        """A few products and lots (one expiring soon, one expired) so stock pages have data."""
        today = timezone.localdate()
        created = 0
        for name, maker, ingredient_prefix, concentration, volume, lots in DEMO_STOCK:
            ingredient = Ingredient.objects.filter(name__startswith=ingredient_prefix).first()
            product, _ = Product.objects.get_or_create(
                name=name,
                maker=maker,
                defaults={
                    "ingredient": ingredient,
                    "concentration": concentration,
                    "volume_ml": Decimal(volume),
                },
            )
            for lot_number, expires_in_days, quantity in lots:
                _, was_created = Lot.objects.get_or_create(
                    product=product,
                    lot_number=lot_number,
                    defaults={
                        "expiry_date": today + timedelta(days=expires_in_days),
                        "quantity_received": quantity,
                        "quantity_remaining": quantity,
                    },
                )
                created += was_created
        return created

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
