"""Rows of what follows a session: follow-ups in every state (keys as the follow-up rules write
them) and the consents each course was signed under."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings

from bench.data.charts import ADVERSE_EVENT_SHARE, Share, charted_sessions, is_signed
from bench.data.tables import Table
from bench.data.world import World
from sessions.models import ConsentRecord, FollowUp, TreatmentPlan, TreatmentSession

Kind = FollowUp.Kind
Channel = FollowUp.Channel
State = FollowUp.Status
SessionStatus = TreatmentSession.Status

# Calls not yet made: phone rows due in the last days stay open in the front desk's queue.
OPEN_CALL_DAYS = 10
FOLLOW_UP_FIELDS = [
    "id", "patient", "treatment_session", "plan", "kind", "channel", "due_at", "urgent",
    "urgent_reason", "assignee", "status", "idempotency_key", "attempts", "next_attempt_at",
    "claimed_at", "sent_at", "last_error", "done_at", "done_by", "outcome_note", "created_at",
]  # fmt: skip
CONSENT_FIELDS = [
    "id", "patient", "protocol_version", "plan", "kind", "text", "sessions_consented",
    "ingredients", "method", "signed_at", "witnessed_by", "pdf_status", "created_at",
    "created_by",
]  # fmt: skip


class _States:
    """The state of a follow-up from when it is due; the first ones past due take the rare
    states, so even a small data set has a row in each."""

    def __init__(self, world: World, rng: random.Random):
        self.now = world.calendar.now
        self.rng = rng
        self.rare = {Channel.EMAIL: [State.SENDING, State.FAILED, State.CANCELLED],
                     Channel.PHONE: [State.CANCELLED]}  # fmt: skip

    def __call__(self, channel: str, due) -> str:
        if due > self.now:
            return State.PENDING
        if channel == Channel.PHONE and due > self.now - timedelta(days=OPEN_CALL_DAYS):
            return State.PENDING
        if self.rare.get(channel):
            return self.rare[channel].pop(0)
        roll = self.rng.random()
        if roll < 0.02:
            return State.CANCELLED
        if channel == Channel.EMAIL:
            return State.FAILED if roll < 0.035 else State.SENT
        return State.DONE


def follow_ups(
    world: World, rng: random.Random, share: Share, first_id: int
) -> tuple[Table, Iterator, int]:
    table = Table(FollowUp, FOLLOW_UP_FIELDS)
    calendar = world.calendar
    network = world.network
    patients = world.patients
    state_of = _States(world, rng)
    check_after = timedelta(hours=settings.FOLLOW_UP_POST_TREATMENT_CHECK_HOURS)
    remind_before = timedelta(days=settings.FOLLOW_UP_REMINDER_DAYS_BEFORE)
    review_after = timedelta(days=settings.FOLLOW_UP_COURSE_REVIEW_DEFAULT_DAYS)
    ae_after = timedelta(hours=settings.FOLLOW_UP_ADVERSE_EVENT_CHECK_HOURS)
    completed_plans = {plan[0] for plan in world.plans if plan[5] == TreatmentPlan.Status.COMPLETED}
    adverse = {
        s.id for _, s in charted_sessions(world)
        if is_signed(world, share, s) and share(s.id, 2) < ADVERSE_EVENT_SHARE
    }  # fmt: skip

    def row(next_id, s, kind, channel, due, key, plan=None, assignee=None):
        patient = patients[s.patient]
        state = state_of(channel, due)
        finished = due + timedelta(minutes=rng.randint(1, 600))
        sent = state == State.SENT
        done = state == State.DONE
        failed = state == State.FAILED
        return (
            next_id, patient.id, s.id, plan, kind, channel, due, False, "", assignee, state, key,
            3 if failed else 1 if sent or state == State.SENDING else 0,
            None, finished if state in (State.SENT, State.SENDING) else None,
            finished if sent else None,
            "SMTPRecipientsRefused: mailbox unavailable" if failed else "",
            finished if done else None, rng.choice(network.desk) if done else None,
            "Patient is well" if done else "", due - timedelta(hours=rng.randint(1, 72)),
        )  # fmt: skip

    def rows():
        next_id = first_id
        course_last: dict[int, object] = {}
        for s in world.sessions:
            patient = patients[s.patient]
            chosen = Channel.EMAIL if patient.takes_email else Channel.PHONE
            starts = calendar.at(s.day, s.minute)
            ends = starts + timedelta(minutes=s.minutes)
            if s.status in TreatmentSession.INACTIVE_STATUSES:
                due = ends if s.status == SessionStatus.NO_SHOW else starts - timedelta(hours=24)
                yield row(next_id, s, Kind.REBOOK, Channel.PHONE, due, f"{Kind.REBOOK}:{s.id}")
                next_id += 1
                continue
            if s.plan is not None and (s.sequence or 0) > 1:
                due = starts - remind_before
                key = f"{Kind.NEXT_SESSION_REMINDER}:{s.id}@{starts:%Y%m%dT%H%M}"
                yield row(next_id, s, Kind.NEXT_SESSION_REMINDER, chosen, due, key)
                next_id += 1
            if s.kind in TreatmentSession.TREATMENT_KINDS and s.status == SessionStatus.COMPLETED:
                key = f"{Kind.POST_TREATMENT_CHECK}:{s.id}"
                yield row(next_id, s, Kind.POST_TREATMENT_CHECK, chosen, ends + check_after, key)
                next_id += 1
                if s.plan in completed_plans:
                    course_last[s.plan] = (s, ends)
            if s.id in adverse:
                key = f"{Kind.ADVERSE_EVENT_CHECK}:{s.id}"
                assignee = network.practitioners[s.practitioner]
                yield row(next_id, s, Kind.ADVERSE_EVENT_CHECK, Channel.TASK, ends + ae_after,
                          key, assignee=assignee)  # fmt: skip
                next_id += 1
        for plan_id, (s, ends) in course_last.items():
            key = f"{Kind.COURSE_REVIEW}:{plan_id}"
            yield row(next_id, s, Kind.COURSE_REVIEW, Channel.PHONE, ends + review_after, key,
                      plan=plan_id)  # fmt: skip
            next_id += 1

    return table, rows(), round(len(world.sessions) * 1.6)


def consents(world: World, first_id: int) -> tuple[Table, Iterator, int]:
    """One consent per booked course, signed on paper at its consultation."""
    table = Table(ConsentRecord, CONSENT_FIELDS)
    calendar = world.calendar
    network = world.network
    patient_ids = [patient.id for patient in world.patients]
    ingredients = {
        version.pk: [component.ingredient.name for component in version.blend.all()]
        for version in network.versions
    }

    def rows():
        next_id = first_id
        for plan_id, patient, _, version_index, _, status, day, minute, who in world.plans:
            if status == TreatmentPlan.Status.PROPOSED:
                continue
            version = network.versions[version_index]
            signed = calendar.at(day, minute + 28)
            yield (
                next_id, patient_ids[patient], version.pk, plan_id, ConsentRecord.Kind.CONSENT,
                version.consent_risk_text, version.sessions_count, ingredients[version.pk],
                ConsentRecord.Method.PAPER, signed, network.practitioners[who],
                ConsentRecord.PdfStatus.PENDING, signed, network.practitioners[who],
            )  # fmt: skip
            next_id += 1

    return table, rows(), len(world.plans)
