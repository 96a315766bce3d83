"""The demo clinic's people and places: two more practitioners beside the demo login, a second
site with its own rooms, everyone's weekly hours, and stock for the demo courses."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from clinic import roles
from protocols.models import Ingredient, Lot, Product
from sessions.models import Location, Room, WorkingHours

CENTRE = "Demo clinic — Centre"
RIVE_GAUCHE = "Demo clinic — Rive Gauche"
SITES = [
    # name, phone, rooms
    (CENTRE, "+33 1 23 45 67 89", ["Room 1", "Room 2"]),
    (RIVE_GAUCHE, "+33 1 98 76 54 32", ["Room A", "Room B"]),
]
# Colleagues of the demo practitioner (fictitious), signed in with the demo password too.
COLLEAGUES = [
    ("ines.garnier", "Inès", "Garnier"),
    ("hugo.lambert", "Hugo", "Lambert"),
]
MON, TUE, WED, THU, FRI, SAT = range(6)
HOURS = [
    # username, site, weekdays, from, to
    ("practitioner", CENTRE, [MON, TUE, WED, THU, FRI, SAT], time(9), time(18)),
    ("ines.garnier", RIVE_GAUCHE, [MON, TUE, WED, THU, FRI], time(9), time(17)),
    ("hugo.lambert", RIVE_GAUCHE, [TUE, THU, SAT], time(10), time(19)),
    ("hugo.lambert", CENTRE, [MON, WED, FRI], time(10), time(19)),
]
# Fictitious products (maker "Demo Laboratories", lots prefixed DEMO) for the demo courses.
# Strengths are the protocol library's (reference §2: HA 14 mg/g [T1]; §3: minoxidil 2% [T16]);
# the reference names no aminophylline strength (§4), so the demo label's is used.
COURSE_STOCK = [
    # name, maker, ingredient name prefix, concentration, vial mL, amount per mL,
    # [(lot, expires in days, units)] — the shape stock_ensure takes
    (
        "Demo revitalising complex",
        "Demo Laboratories",
        "HA polyrevitalising complex",
        "HA + vitamins, amino acids, minerals",
        "3",
        None,
        [("DEMO-RC-2405", 500, 30)],
    ),
    (
        "Demo minoxidil 2% intradermal",
        "Demo Laboratories",
        "Minoxidil",
        "2%",
        "2",
        "20",
        [("DEMO-MX-2403", 450, 30)],
    ),
    (
        "Demo aminophylline 25 mg/mL",
        "Demo Laboratories",
        "Aminophylline",
        "25 mg/mL",
        "10",
        "25",
        [("DEMO-AM-2404", 420, 40)],
    ),
]


def staff_ensure(password: str) -> None:
    """The two colleagues, practitioners, with the demo password when created (idempotent;
    hashing a password costs a quarter of a second, and these logins are not printed)."""
    group = Group.objects.get(name=roles.GROUP_NAMES[roles.PRACTITIONER])
    for username, first_name, last_name in COLLEAGUES:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.set([group])


def sites_ensure() -> dict[str, Location]:
    """Both sites, two rooms each, and the weekly hours of the three practitioners."""
    sites = {}
    for name, phone, rooms in SITES:
        location, _created = Location.objects.get_or_create(name=name, defaults={"phone": phone})
        for room in rooms:
            Room.objects.get_or_create(location=location, name=room)
        sites[name] = location
    users = {u.username: u for u in get_user_model().objects.filter(username__in=_usernames())}
    for username, site, weekdays, starts, ends in HOURS:
        for weekday in weekdays:
            WorkingHours.objects.get_or_create(
                practitioner=users[username],
                location=sites[site],
                weekday=weekday,
                defaults={"starts": starts, "ends": ends},
            )
    return sites


def _usernames() -> set[str]:
    return {row[0] for row in HOURS}


def course_stock_ensure() -> int:
    return stock_ensure(COURSE_STOCK)


def stock_ensure(stock) -> int:
    """Products and lots from (name, maker, ingredient prefix, concentration, vial mL, amount per
    mL, [(lot, expires in days, units)]) rows; returns the number of lots created."""
    today = timezone.localdate()
    created = 0
    for name, maker, ingredient_prefix, concentration, vial_ml, per_ml, lots in stock:
        product, _ = Product.objects.get_or_create(
            name=name,
            maker=maker,
            defaults={
                "ingredient": Ingredient.objects.filter(name__startswith=ingredient_prefix).first(),
                "concentration": concentration,
                "volume_ml": Decimal(vial_ml),
                "amount_per_ml": Decimal(per_ml) if per_ml else None,
            },
        )
        for lot_number, expires_in_days, units in lots:
            _lot, was_created = Lot.objects.get_or_create(
                product=product,
                lot_number=lot_number,
                defaults={
                    "expiry_date": today + timedelta(days=expires_in_days),
                    "quantity_received": units,
                    "quantity_remaining": units,
                },
            )
            created += was_created
    return created
