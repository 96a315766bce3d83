"""The clinic network the data set runs in, made with the ORM (a few hundred rows): sites and
rooms, staff with their roles and working hours, the reference library, and stock (a product per
blend ingredient, a new lot every quarter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from clinic import roles
from patients.models import MedicationCatalogueEntry
from patients.seed import load_medication_catalogue
from protocols.models import Lot, Product, Protocol, ProtocolVersion
from protocols.seed import load_reference_library
from sessions.models import Location, Room, WorkingHours

OPENS = time(8)
CLOSES = time(20)
WORKING_WEEKDAYS = range(6)  # Monday to Saturday
LOT_EVERY_DAYS = 91
LOT_SHELF_LIFE_DAYS = 540
LOT_UNITS = 1_000_000  # lowered to what the charts used once they are written


@dataclass
class Stock:
    product_id: int
    volume_ml: Decimal
    lots: list[int]  # lot ids, one per quarter from the network's first day


@dataclass
class Network:
    first_day: date
    last_day: date
    practitioners: list[int]  # user ids
    desk: list[int]
    admin: int
    usernames: dict[int, str]
    # (practitioner index, weekday) -> (location id, room id)
    rota: dict[tuple[int, int], tuple[int, int]]
    versions: list[ProtocolVersion]
    indication_codes: dict[int, str]  # indication id -> code
    stock: dict[int, list[Stock]] = field(default_factory=dict)  # version id -> blend stock
    medications: list[int] = field(default_factory=list)  # catalogue entry ids
    locations: list[int] = field(default_factory=list)

    def lot_for(self, stock: Stock, day_index: int) -> int:
        return stock.lots[min(day_index // LOT_EVERY_DAYS, len(stock.lots) - 1)]


def _run_tag(label_prefix: str) -> int:
    """1 on an empty database; a later run (--force) gets fresh sites, rooms and staff, so its
    calendar never meets an earlier one's."""
    return Location.objects.filter(name__startswith=label_prefix).count() + 1


def network_create(
    *, first_day: date, last_day: date, locations: int, practitioners: int
) -> Network:
    load_reference_library()
    load_medication_catalogue()
    roles.sync_roles()
    tag = _run_tag("Bench clinic ")
    sites = [
        Location.objects.create(
            name=f"Bench clinic {tag + index}",
            address=f"{10 + index} Rue du Banc, Lyon",
            phone=f"+33 4 00 00 0{index % 10} 00",
        )
        for index in range(locations)
    ]
    staff = _staff(tag, practitioners)
    rota = _rota(sites, staff["practitioner"])
    versions = list(
        ProtocolVersion.objects.filter(pk__in=Protocol.objects.active().values("current_version"))
        .select_related("protocol__indication")
        .prefetch_related("blend__ingredient")
        .order_by("pk")
    )
    network = Network(
        first_day=first_day,
        last_day=last_day,
        practitioners=[user.pk for user in staff["practitioner"]],
        desk=[user.pk for user in staff["front_desk"]],
        admin=staff["clinic_admin"][0].pk,
        usernames={user.pk: user.username for users in staff.values() for user in users},
        rota=rota,
        versions=versions,
        indication_codes={v.protocol.indication_id: v.protocol.indication.code for v in versions},
        medications=list(
            MedicationCatalogueEntry.objects.order_by("pk").values_list("pk", flat=True)
        ),
        locations=[site.pk for site in sites],
    )
    network.stock = _stock(versions, first_day, last_day)
    return network


def _staff(tag: int, practitioners: int) -> dict[str, list]:
    User = get_user_model()
    wanted = {
        roles.PRACTITIONER: [
            f"bench{tag}-practitioner-{i:02d}" for i in range(1, practitioners + 1)
        ],
        roles.FRONT_DESK: [f"bench{tag}-desk-{i}" for i in range(1, 4)],
        roles.CLINIC_ADMIN: [f"bench{tag}-admin"],
    }
    staff = {}
    for role, usernames in wanted.items():
        group = Group.objects.get(name=roles.GROUP_NAMES[role])
        users = []
        for index, username in enumerate(usernames, start=1):
            user = User(username=username, first_name="Bench", last_name=f"{role} {index}")
            user.set_unusable_password()  # benchmarks set their own logins
            user.save()
            user.groups.add(group)
            users.append(user)
        staff[role] = users
    return staff


def _rota(sites: list, practitioners: list) -> dict[tuple[int, int], tuple[int, int]]:
    """Each practitioner works Monday to Saturday, at a site that changes with the weekday, in a
    room of their own that day: rooms are never shared at the same time, by construction."""
    rota = {}
    rooms: dict[tuple[int, int], Room] = {}
    hours = []
    for weekday in WORKING_WEEKDAYS:
        taken = {site.pk: 0 for site in sites}
        for index, user in enumerate(practitioners):
            site = sites[(index + weekday) % len(sites)]
            number = taken[site.pk]
            taken[site.pk] += 1
            if (site.pk, number) not in rooms:
                rooms[site.pk, number] = Room.objects.create(
                    location=site, name=f"Treatment room {number + 1}"
                )
            rota[index, weekday] = (site.pk, rooms[site.pk, number].pk)
            hours.append(
                WorkingHours(
                    practitioner=user, location=site, weekday=weekday, starts=OPENS, ends=CLOSES
                )
            )
    WorkingHours.objects.bulk_create(hours)
    return rota


def _stock(versions, first_day: date, last_day: date) -> dict[int, list[Stock]]:
    """A bench product per blend ingredient, with a lot received every quarter."""
    products: dict[int, Product] = {}
    for version in versions:
        for component in version.blend.all():
            ingredient = component.ingredient
            if ingredient.pk not in products:
                products[ingredient.pk], _ = Product.objects.get_or_create(
                    name=f"Bench {ingredient.name}"[:150],
                    maker="Bench Laboratories",
                    defaults={"ingredient": ingredient, "volume_ml": Decimal("5")},
                )
    quarters = (last_day - first_day).days // LOT_EVERY_DAYS + 1
    lots = {}
    for product in products.values():
        existing = Lot.objects.filter(product=product).count()
        created = Lot.objects.bulk_create(
            Lot(
                product=product,
                lot_number=f"BENCH-{product.pk}-{existing + quarter:03d}",
                received_on=first_day + timedelta(days=quarter * LOT_EVERY_DAYS - 14),
                expiry_date=first_day
                + timedelta(days=quarter * LOT_EVERY_DAYS + LOT_SHELF_LIFE_DAYS),
                quantity_received=LOT_UNITS,
                quantity_remaining=LOT_UNITS,
            )
            for quarter in range(quarters)
        )
        lots[product.pk] = [lot.pk for lot in created]
    return {
        version.pk: [
            Stock(
                product_id=products[c.ingredient_id].pk,
                volume_ml=c.volume_ml,
                lots=lots[products[c.ingredient_id].pk],
            )
            for c in version.blend.all()
        ]
        for version in versions
    }
