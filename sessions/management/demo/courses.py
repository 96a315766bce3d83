"""The demo's patients on a course: each one consulted, planned, consented on paper and booked
about four weeks ago, the sessions since then charted and signed at their own time, the
follow-ups a clinic would have closed since then closed, today's and the coming ones booked.
Days come from the scheduling rules (hours, closures, public holidays) via course_proposal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from patients import services as patient_services
from patients.models import Patient
from patients.search import normalize_name
from protocols.models import Protocol
from sessions.documents import consents as consent_services
from sessions.followups import queue
from sessions.management.demo import charts
from sessions.management.demo.clock import as_of
from sessions.management.demo.staff_and_sites import CENTRE, RIVE_GAUCHE
from sessions.models import FollowUp, Location
from sessions.scheduling import courses
from sessions.scheduling import plans as plan_services

# A course starts this many days ago at the earliest (the first day with a free slot on
# which the whole course fits the scheduling rules is taken).
FIRST_SESSION_DAYS_AGO = range(28, 36)
# Follow-ups due before this many days ago were dealt with by the clinic; newer ones stay open,
# so the queues show work overdue and due today.
KEEP_OPEN_DAYS = 3


@dataclass(frozen=True)
class DemoCourse:
    first_name: str
    last_name: str
    born: date
    sex: str
    phone: str
    email_reminders: bool  # without: the front desk phones (calls in its queue)
    protocol: str
    areas: tuple[str, ...]
    practitioner: str
    site: str
    minutes: int
    chart: Callable
    # Chart an adverse event at the last session before today.
    adverse_event: bool = False
    first_days_ago: range = FIRST_SESSION_DAYS_AGO


COURSES = [
    DemoCourse(
        "Nadia",
        "Benali (demo)",
        date(1984, 3, 9),
        "female",
        "+33 6 12 34 56 78",
        True,
        "ha-skin-booster-face",
        ("face",),
        "ines.garnier",
        RIVE_GAUCHE,
        45,
        charts.chart_skin_booster,
    ),
    DemoCourse(
        "Thomas",
        "Keller (demo)",
        date(1979, 8, 23),
        "male",
        "+33 6 55 44 33 22",
        False,
        "minoxidil-scalp-2",
        ("scalp",),
        "practitioner",
        CENTRE,
        30,
        charts.chart_minoxidil,
        adverse_event=True,  # on the demo login's own list: a check to do
    ),
    DemoCourse(
        "Léa",
        "Fontaine (demo)",
        date(1990, 11, 30),
        "female",
        "+33 7 81 92 03 14",
        False,
        "cellulite-intradermal-aminophylline",
        ("thighs",),
        "hugo.lambert",
        RIVE_GAUCHE,
        45,
        charts.chart_cellulite,
    ),
    DemoCourse(
        "Sofia",
        "Marchetti (demo)",
        date(1969, 6, 14),
        "female",
        "+39 333 123 4567",
        False,
        "ha-polyrevitalising-cocktail-face",
        ("face",),
        "hugo.lambert",
        RIVE_GAUCHE,
        45,
        charts.chart_revitalising,
        first_days_ago=range(16, 24),
    ),
    DemoCourse(
        "Claire",
        "Rousseau (demo)",
        date(1987, 2, 11),
        "female",
        "+33 6 21 43 65 87",
        True,
        "minoxidil-scalp-2",
        ("scalp",),
        "ines.garnier",
        RIVE_GAUCHE,
        30,
        charts.chart_minoxidil,
        first_days_ago=range(29, 36),
    ),
    DemoCourse(
        "Emma",
        "Girard (demo)",
        date(1995, 9, 4),
        "female",
        "+33 7 12 21 34 43",
        True,
        "cellulite-intradermal-aminophylline",
        ("thighs",),
        "practitioner",
        CENTRE,
        45,
        charts.chart_cellulite,
        first_days_ago=range(30, 37),
    ),
    DemoCourse(
        "Amélie",
        "Roux (demo)",
        date(1972, 4, 27),
        "female",
        "+33 6 98 76 12 34",
        True,
        "ha-polyrevitalising-cocktail-face",
        ("face",),
        "ines.garnier",
        RIVE_GAUCHE,
        45,
        charts.chart_revitalising,
        first_days_ago=range(19, 26),
    ),
    DemoCourse(
        "Paul",
        "Mercier (demo)",
        date(1983, 12, 19),
        "male",
        "+33 6 45 67 89 01",
        False,
        "minoxidil-scalp-2",
        ("scalp",),
        "hugo.lambert",
        CENTRE,
        30,
        charts.chart_minoxidil,
        first_days_ago=range(26, 33),
    ),
]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def courses_ensure() -> int:
    """Every demo course not loaded yet; returns the number of patients created."""
    created = 0
    for course in COURSES:
        if Patient.objects.filter(
            first_name=course.first_name, last_name=course.last_name
        ).exists():
            continue
        if not Protocol.objects.filter(slug=course.protocol).exists():
            continue  # the protocol library is not loaded (load_reference_data)
        course_load(course)
        created += 1
    return created


def course_load(course: DemoCourse) -> None:
    practitioner = get_user_model().objects.get(username=course.practitioner)
    location = Location.objects.get(name=course.site)
    today = timezone.localdate()
    consulted = at(today - timedelta(days=max(course.first_days_ago) + 7), 17)
    with as_of(consulted):
        plan = _consulted_and_planned(course, practitioner)
    slots = _course_slots(course, plan, practitioner, location)
    if slots is None:
        return  # no room for the whole course in the rules: the patient keeps a proposed plan
    with as_of(consulted + timedelta(minutes=30)):
        record = consent_services.consent_prepare(
            patient=plan.patient, plan_or_version=plan, by=practitioner
        )
        consent_services.consent_mark_signed_on_paper(record=record, by=practitioner)
        booked = courses.course_book(
            plan=plan, practitioner=practitioner, by=practitioner, slots=slots
        )
    past = [s for s in booked if timezone.localdate(s.starts_at) < today]
    for treatment_session in past:
        course.chart(
            treatment_session=treatment_session,
            by=practitioner,
            step=treatment_session.sequence,
            adverse_event=course.adverse_event and treatment_session is past[-1],
        )
    follow_ups_close_old(patient=plan.patient, by=practitioner)


def _consulted_and_planned(course: DemoCourse, practitioner):
    patient = patient_services.patient_register(
        data={
            "first_name": course.first_name,
            "last_name": course.last_name,
            "date_of_birth": course.born,
            "phone": course.phone,
            "sex": course.sex,
            "preferred_language": "en",
            "contact_by_email": course.email_reminders,
            "email": f"{normalize_name(course.first_name)}.demo@example.org",
        },
        by=practitioner,
    )
    patient_services.history_review_record(
        patient=patient, data={"smoking": "never"}, by=practitioner
    )
    version = Protocol.objects.get(slug=course.protocol).current_version
    consultation = patient_services.consultation_start(
        patient=patient,
        data={"goals": "Demo: see a visible change by the summer", "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )
    return plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=list(course.areas),
        sessions_count=version.sessions_count,
        interval_min_days=version.interval_min_days,
        interval_max_days=version.interval_max_days,
        override_reasons={},
        by=practitioner,
    )


def _course_slots(course: DemoCourse, plan, practitioner, location) -> list[tuple] | None:
    """The course from the first day (of first_days_ago) on which every session finds a slot."""
    today = timezone.localdate()
    for days_ago in course.first_days_ago:
        proposals = courses.course_proposal(
            plan=plan,
            practitioner=practitioner,
            location=location,
            first_day=today - timedelta(days=days_ago),
            duration=timedelta(minutes=course.minutes),
        )
        if all(p.starts_at for p in proposals):
            return [(p.starts_at, p.ends_at, p.room) for p in proposals]
    return None


def follow_ups_close_old(*, patient: Patient, by) -> None:
    """What the clinic did with this patient's follow-ups due before KEEP_OPEN_DAYS ago: each
    closed at its own time, as the front desk would have (an e-mail sent, a call made). The
    adverse-event check stays open: the demo practitioner's overdue task."""
    since = at(timezone.localdate() - timedelta(days=KEEP_OPEN_DAYS), 0)
    old = (
        FollowUp.objects.filter(patient=patient, status=FollowUp.Status.PENDING, due_at__lt=since)
        .exclude(kind=FollowUp.Kind.ADVERSE_EVENT_CHECK)
        .order_by("due_at")
    )
    for follow_up in old:
        with as_of(follow_up.due_at + timedelta(hours=1)):
            queue.follow_up_mark_done(
                follow_up=follow_up, outcome_note="Demo: done, all well.", by=by
            )
