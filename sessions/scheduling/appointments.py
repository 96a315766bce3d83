"""A patient's appointments for their page: the next and the latest sessions, in one query."""

from django.db.models import Case, F, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from sessions.models import TreatmentSession

APPOINTMENTS_SHOWN = 20  # on the patient page; the timeline lists every session


def patient_sessions(patient) -> list:
    """Every session of the patient in time order, with practitioner and room: the patient
    page's timeline lists them all, and its appointments are taken from them."""
    return list(
        patient.treatment_sessions.select_related("practitioner", "room").order_by(
            "starts_at", "pk"
        )
    )


def patient_appointments(patient, sessions: list | None = None) -> dict:
    """The patient's next and latest sessions, nearest first, at most APPOINTMENTS_SHOWN of
    each, in one query (a window numbers each side); the timeline lists them all. Given
    `sessions` (all of them, from `patient_sessions`), no query: they are split here."""
    now = timezone.now()
    if sessions is not None:
        ordered = sorted(sessions, key=lambda row: (row.starts_at, row.pk))
        later = [row for row in ordered if row.starts_at >= now]
        earlier = [row for row in reversed(ordered) if row.starts_at < now]
        return _appointments({True: later, False: earlier})
    upcoming = Q(starts_at__gte=now)
    rows = list(
        TreatmentSession.objects.filter(patient=patient)
        .select_related("practitioner", "room")
        .annotate(
            upcoming=Case(When(upcoming, then=Value(True)), default=Value(False)),
            rank=Window(
                RowNumber(),
                partition_by=[F("upcoming")],
                order_by=[
                    Case(When(upcoming, then=F("starts_at"))).asc(nulls_last=True),
                    F("starts_at").desc(),
                ],
            ),
        )
        .filter(rank__lte=APPOINTMENTS_SHOWN + 1)
        .order_by("rank")
    )
    sides = {True: [], False: []}
    for row in rows:
        sides[row.upcoming].append(row)
    return _appointments(sides)


def _appointments(sides: dict[bool, list]) -> dict:
    return {
        "upcoming_sessions": sides[True][:APPOINTMENTS_SHOWN],
        "past_sessions": sides[False][:APPOINTMENTS_SHOWN],
        "appointments_shown": APPOINTMENTS_SHOWN,
        "more_sessions": any(len(side) > APPOINTMENTS_SHOWN for side in sides.values()),
    }


RECENTLY_SEEN = 10  # patients at the top of the Patients page


def recently_seen_patient_ids(limit: int = RECENTLY_SEEN) -> list[int]:
    """The patients of the latest sessions that took place (not cancelled, not a no-show),
    latest first: one query on the sessions' start index, bounded whatever the clinic's size
    (a few more rows than `limit`, since one patient may have several recent sessions)."""
    Status = TreatmentSession.Status
    patient_ids = (
        TreatmentSession.objects.filter(starts_at__lte=timezone.now())
        .exclude(status__in=[Status.CANCELLED, Status.NO_SHOW])
        .order_by("-starts_at")
        .values_list("patient_id", flat=True)[: limit * 5]
    )
    return list(dict.fromkeys(patient_ids))[:limit]
