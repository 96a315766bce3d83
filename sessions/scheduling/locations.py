"""Which site a user's calendar and front-desk dashboard open on: the one they last chose,
else where a practitioner works today (or on any day), else the first site."""

from django.utils import timezone

from sessions.models import Location, WorkingHours

REMEMBERED_KEY = "home_location"  # in the user's HTTP session: the site they last chose


def home_location(request, locations=None) -> Location | None:
    """The user's site. `locations`: the sites already read (saves a query), or None."""
    locations = list(Location.objects.all()) if locations is None else locations
    if not locations:
        return None
    by_pk = {place.pk: place for place in locations}
    remembered = request.session.get(REMEMBERED_KEY)
    if remembered in by_pk:
        return by_pk[remembered]
    weekday = timezone.localdate().weekday()
    worked = (
        WorkingHours.objects.filter(practitioner_id=request.user.pk)
        .order_by("weekday")
        .values_list("location_id", "weekday")
    )
    places = [pk for pk, day in worked if day == weekday] + [pk for pk, _ in worked]
    return next((by_pk[pk] for pk in places if pk in by_pk), locations[0])


def remember_location(request, location: Location) -> None:
    """Keep the site a user chose for their next visit (written only when it changes)."""
    if request.session.get(REMEMBERED_KEY) != location.pk:
        request.session[REMEMBERED_KEY] = location.pk
