"""Rows of the audit trail, as the services write it: registrations, history reviews, plans,
bookings, chart signatures and reads, each with its patient."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from bench.data.charts import Share, charted_sessions, is_signed
from bench.data.tables import Table
from bench.data.world import World
from clinic.models import AuditEvent
from patients.models import MedicalHistoryReview, Patient
from patients.services import chart_number_for
from sessions.models import Chart, TreatmentPlan, TreatmentSession

CHART_READ_SHARE = 0.5
AUDIT_FIELDS = [
    "id", "at", "actor", "actor_username", "action", "target_type", "target_id", "target_repr",
    "ip_address", "user_agent", "patient_id",
]  # fmt: skip
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


def audit_events(
    world: World, rng: random.Random, share: Share, names: list[str], first_id: int
) -> tuple[Table, Iterator, int]:
    table = Table(AuditEvent, AUDIT_FIELDS)
    calendar = world.calendar
    network = world.network
    usernames = network.usernames
    patient_type = Patient._meta.label_lower
    review_type = MedicalHistoryReview._meta.label_lower
    plan_type = TreatmentPlan._meta.label_lower
    session_type = TreatmentSession._meta.label_lower
    chart_type = Chart._meta.label_lower
    patients = world.patients
    chart_ids = {s.id: chart_id for chart_id, s in charted_sessions(world)}

    def label(patient_index: int) -> str:
        patient = patients[patient_index]
        return f"{names[patient_index]} ({chart_number_for(patient.id)})"

    def event(next_id, at, actor, action, target_type, target_id, target_repr, patient_index):
        return (
            next_id, at, actor, usernames[actor], action, target_type, str(target_id),
            target_repr[:200], f"10.20.{next_id % 4}.{next_id % 250 + 2}", BROWSER,
            patients[patient_index].id,
        )  # fmt: skip

    def rows():
        next_id = first_id
        for index, patient in enumerate(patients):
            at = calendar.at(patient.registered, rng.randrange(0, 720))
            yield event(next_id, at, rng.choice(network.desk), "patient.registered",
                        patient_type, patient.id, label(index), index)  # fmt: skip
            next_id += 1
        for review_id, patient, day, minute, practitioner in world.reviews:
            at = calendar.at(day, minute)
            yield event(next_id, at, network.practitioners[practitioner], "history.reviewed",
                        review_type, review_id, f"{names[patient]}: history reviewed {at:%Y-%m-%d}",
                        patient)  # fmt: skip
            next_id += 1
        for plan_id, patient, _, _, _, _, day, minute, who in world.plans:
            yield event(next_id, calendar.at(day, minute + 25), network.practitioners[who],
                        "plan.proposed", plan_type, plan_id, names[patient], patient)  # fmt: skip
            next_id += 1
        for s in world.sessions:
            starts = calendar.at(s.day, s.minute)
            booked = starts - timedelta(days=rng.randint(1, 40))
            text = f"{names[s.patient]} {starts:%Y-%m-%d %H:%M}"
            yield event(next_id, booked, rng.choice(network.desk), "session.booked",
                        session_type, s.id, text, s.patient)  # fmt: skip
            next_id += 1
            chart_id = chart_ids.get(s.id)
            if chart_id is None:
                continue
            practitioner = network.practitioners[s.practitioner]
            ends = starts + timedelta(minutes=s.minutes)
            if is_signed(world, share, s):
                yield event(next_id, ends + timedelta(minutes=rng.randint(2, 180)), practitioner,
                            "chart.signed", chart_type, chart_id, f"Chart of {text}",
                            s.patient)  # fmt: skip
                next_id += 1
            if share(s.id, 4) < CHART_READ_SHARE:
                read = min(ends + timedelta(days=rng.randint(1, 60)), calendar.now)
                yield event(next_id, read, practitioner,
                            "chart.viewed", chart_type, chart_id, f"Chart of {text}",
                            s.patient)  # fmt: skip
                next_id += 1

    expected = len(patients) + len(world.reviews) + len(world.plans) + len(world.sessions) * 2
    return table, rows(), expected
