"""Rows of the clinical history: consultations (and their indications), plans and sessions."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from bench.data.tables import Table
from bench.data.world import World
from patients.models import Consultation
from sessions.models import TreatmentPlan, TreatmentSession

Status = TreatmentSession.Status

GOALS = [
    "Look fresher for my daughter's wedding",
    "Less dull skin, fewer fine lines",
    "My hair is thinning at the crown",
    "Smoother thighs before the summer",
    "A smaller double chin",
    "Tired-looking eyes",
]
CONSULTATION_FIELDS = [
    "id", "patient", "practitioner", "consulted_at", "goals", "history_review",
    "protocol_version", "decision",
]  # fmt: skip
PLAN_FIELDS = [
    "id", "patient", "consultation", "protocol_version", "areas", "sessions_count",
    "interval_min_days", "interval_max_days", "status", "created_at", "created_by",
]  # fmt: skip
SESSION_FIELDS = [
    "id", "patient", "plan", "sequence", "kind", "practitioner", "room", "starts_at", "ends_at",
    "status", "booked_at", "booked_by", "checked_in_at", "started_at", "completed_at",
    "cancelled_at", "cancel_reason",
]  # fmt: skip
CANCEL_REASONS = ["Patient unwell", "Work commitment", "Asked by phone", "Clinic rescheduled"]


def consultations(world: World, rng: random.Random) -> tuple[Table, Iterator, int]:
    table = Table(Consultation, CONSULTATION_FIELDS)
    calendar = world.calendar
    network = world.network
    patient_ids = [patient.id for patient in world.patients]

    def rows():
        for (
            cid,
            patient,
            practitioner,
            day,
            minute,
            review,
            version,
            decision,
        ) in world.consultations:
            yield (
                cid, patient_ids[patient], network.practitioners[practitioner],
                calendar.at(day, minute), rng.choice(GOALS), review,
                network.versions[version].pk, decision,
            )  # fmt: skip

    return table, rows(), len(world.consultations)


def consultation_indications(world: World, first_id: int) -> tuple[Table, Iterator, int]:
    through = Consultation.indications.through
    table = Table(through, ["id", "consultation", "indication"], "consultation indications")
    versions = world.network.versions

    def rows():
        for offset, consultation in enumerate(world.consultations):
            version = versions[consultation[6]]
            yield first_id + offset, consultation[0], version.protocol.indication_id

    return table, rows(), len(world.consultations)


def plans(world: World) -> tuple[Table, Iterator, int]:
    table = Table(TreatmentPlan, PLAN_FIELDS)
    calendar = world.calendar
    network = world.network
    patient_ids = [patient.id for patient in world.patients]

    def rows():
        for (
            plan_id,
            patient,
            consultation,
            version_index,
            areas,
            status,
            day,
            minute,
            who,
        ) in world.plans:
            version = network.versions[version_index]
            yield (
                plan_id, patient_ids[patient], consultation, version.pk, list(areas),
                version.sessions_count, version.interval_min_days, version.interval_max_days,
                status, calendar.at(day, minute + 25), network.practitioners[who],
            )  # fmt: skip

    return table, rows(), len(world.plans)


def sessions(world: World, rng: random.Random) -> tuple[Table, Iterator, int]:
    table = Table(TreatmentSession, SESSION_FIELDS)
    calendar = world.calendar
    network = world.network
    rota = network.rota
    desk = network.desk
    patient_ids = [patient.id for patient in world.patients]
    weekday = [day.weekday() for day in calendar.days]
    minute_ = timedelta(minutes=1)

    def rows():
        for s in world.sessions:
            starts = calendar.at(s.day, s.minute)
            ends = starts + s.minutes * minute_
            status = s.status
            booked = starts - timedelta(days=rng.randint(1, 40), minutes=rng.randrange(600))
            arrived = status in (Status.CHECKED_IN, Status.IN_PROGRESS, Status.COMPLETED)
            cancelled = status == Status.CANCELLED
            yield (
                s.id, patient_ids[s.patient], s.plan, s.sequence, s.kind,
                network.practitioners[s.practitioner], rota[s.practitioner, weekday[s.day]][1],
                starts, ends, status, booked, rng.choice(desk),
                starts - 10 * minute_ if arrived else None,
                starts if status in (Status.IN_PROGRESS, Status.COMPLETED) else None,
                ends if status == Status.COMPLETED else None,
                starts - timedelta(hours=rng.randint(2, 72)) if cancelled else None,
                rng.choice(CANCEL_REASONS) if cancelled else "",
            )  # fmt: skip

    return table, rows(), len(world.sessions)
