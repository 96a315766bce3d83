"""The network's history, planned before a row is written: every patient's consultations, plans
and courses laid on the calendar (bench.data.calendar), kept as compact tuples that the table
builders expand. One seeded random stream, so the same seed gives the same history."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.data.calendar import DAY_MINUTES, Calendar, Roster
from bench.data.network import Network
from sessions.models import TreatmentPlan, TreatmentSession

Kind = TreatmentSession.Kind
Status = TreatmentSession.Status
PlanStatus = TreatmentPlan.Status

CONSULTATION_MINUTES = 20
REVIEW_MINUTES = 10
# Face and scalp sessions are short; body areas take longer.
TREATMENT_MINUTES = {"cellulite": 30, "localized_fat": 30}
DEFAULT_TREATMENT_MINUTES = 20
# How many sessions a patient comes for over the years: a long tail around this mean (tuned so
# that 100,000 patients make about a million sessions on 20 practitioners' five years).
SESSIONS_PER_PATIENT_MEAN = 10.5
EMAIL_CONSENT_SHARE = 0.62
CANCELLED_SHARE = 0.05
NO_SHOW_SHARE = 0.03
FUTURE_CANCELLED_SHARE = 0.03
STOPPED_COURSE_SHARE = 0.06
CHECK_IN_BEFORE_MINUTES = 30
REGISTRATION_SKEW = 1.3


@dataclass(slots=True)
class Session:
    id: int
    patient: int  # index into World.patients
    plan: int | None  # plan id
    sequence: int | None
    kind: str
    practitioner: int  # index into Network.practitioners
    day: int
    minute: int
    minutes: int
    status: str
    version: int | None  # index into Network.versions, for treatment kinds


@dataclass(slots=True)
class Patient:
    id: int
    registered: int  # day index
    practitioner: int
    takes_email: bool


@dataclass
class World:
    network: Network
    calendar: Calendar
    ids: dict[str, int]  # model label -> first id this run gives
    patients: list[Patient] = field(default_factory=list)
    # (id, patient index, day, minute, practitioner index)
    reviews: list[tuple] = field(default_factory=list)
    # (id, patient index, practitioner index, day, minute, review id, version index, decision)
    consultations: list[tuple] = field(default_factory=list)
    # (id, patient index, consultation id, version index, areas, status, day, minute,
    #  practitioner index)
    plans: list[tuple] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    refused: int = 0


def _minutes_for(network: Network, version: int) -> int:
    code = network.indication_codes[network.versions[version].protocol.indication_id]
    return TREATMENT_MINUTES.get(code, DEFAULT_TREATMENT_MINUTES)


class _Planner:
    def __init__(self, world: World, rng: random.Random):
        self.world = world
        self.rng = rng
        self.calendar = world.calendar
        self.roster = Roster(world.calendar, len(world.network.practitioners))
        self.next_id = dict(world.ids)
        self.today = world.calendar.today
        self.now_minute = world.calendar.now_minute

    def take_id(self, label: str) -> int:
        value = self.next_id[label]
        self.next_id[label] = value + 1
        return value

    def status(self, day: int, minute: int, minutes: int) -> str:
        """What happened to a booking, seen from now."""
        rng = self.rng
        if day < self.today or (day == self.today and minute + minutes <= self.now_minute):
            roll = rng.random()
            if roll < CANCELLED_SHARE:
                return Status.CANCELLED
            if roll < CANCELLED_SHARE + NO_SHOW_SHARE:
                return Status.NO_SHOW
            return Status.COMPLETED
        if day == self.today and minute <= self.now_minute:
            return Status.IN_PROGRESS
        if rng.random() < FUTURE_CANCELLED_SHARE:
            return Status.CANCELLED
        if day == self.today and minute - self.now_minute <= CHECK_IN_BEFORE_MINUTES:
            return Status.CHECKED_IN
        return Status.BOOKED

    def lay(self, patient: int, practitioner: int, day: int, minutes: int, *, slack: int, **kw):
        """Book one session; a cancelled or missed one is followed by its rebooking (the slot
        it freed goes to the next booking). Returns the session that holds, or None."""
        while True:
            placed = self.roster.place(practitioner, day, minutes, slack=slack)
            if placed is None:
                return None
            who, on, minute = placed
            status = self.status(on, minute, minutes)
            session = Session(
                self.take_id("session"), patient, kw.get("plan"), kw.get("sequence"),
                kw["kind"], who, on, minute, minutes, status, kw.get("version"),
            )  # fmt: skip
            self.world.sessions.append(session)
            if status not in TreatmentSession.INACTIVE_STATUSES:
                return session
            self.roster.used[who][on] -= minutes  # the slot is free again
            day = on + self.rng.randint(1, 7)
            slack = 14

    def patient(self, index: int) -> None:
        rng = self.rng
        network = self.world.network
        practitioner = rng.randrange(len(network.practitioners))
        # Earlier years get more newcomers, so the busy later years are not over-full.
        registered = int(self.today * rng.random() ** REGISTRATION_SKEW)
        takes_email = rng.random() < EMAIL_CONSENT_SHARE
        self.world.patients.append(
            Patient(self.take_id("patient"), registered, practitioner, takes_email)
        )
        review = self.review(index, registered, practitioner)
        budget = max(1, round(rng.expovariate(1 / SESSIONS_PER_PATIENT_MEAN)))
        day = registered
        last_review_day = registered
        while budget > 0:
            consult = self.lay(
                index, practitioner, day, CONSULTATION_MINUTES, slack=14, kind=Kind.CONSULTATION
            )
            if consult is None:
                return
            budget -= 1
            if consult.day - last_review_day > 180:
                review = self.review(index, consult.day, consult.practitioner)
                last_review_day = consult.day
            laid_until = self.consultation(index, consult, review, budget)
            budget -= laid_until[1]
            day = laid_until[0] + rng.randint(60, 480)

    def review(self, patient: int, day: int, practitioner: int) -> int:
        review_id = self.take_id("review")
        minute = self.rng.randrange(0, DAY_MINUTES)
        self.world.reviews.append((review_id, patient, day, minute, practitioner))
        return review_id

    def consultation(self, patient: int, consult: Session, review: int, budget: int):
        """The consultation, its decision and, when a plan is proposed, the course it books.
        Returns (day of the last session, sessions laid)."""
        rng = self.rng
        network = self.world.network
        version = rng.randrange(len(network.versions))
        roll = rng.random()
        decision = "plan_proposed" if roll < 0.88 else "deferred" if roll < 0.94 else "declined"
        consultation_id = self.take_id("consultation")
        self.world.consultations.append(
            (consultation_id, patient, consult.practitioner, consult.day, consult.minute,
             review, version, decision)
        )  # fmt: skip
        if decision != "plan_proposed" or consult.status != Status.COMPLETED:
            return consult.day, 0
        plan_id = self.take_id("plan")
        protocol = network.versions[version]
        areas = protocol.treatment_areas[: rng.randint(1, min(2, len(protocol.treatment_areas)))]
        recent = consult.day > self.today - 30
        if recent and rng.random() < 0.3:
            status = PlanStatus.PROPOSED
            laid = []
        else:
            laid, stopped = self.course(patient, consult, plan_id, version)
            status = self._plan_status(laid, protocol.sessions_count, stopped)
        self.world.plans.append(
            (plan_id, patient, consultation_id, version, areas, status, consult.day,
             consult.minute, consult.practitioner)
        )  # fmt: skip
        last_day = max((s.day for s in laid), default=consult.day)
        return last_day, len(laid)

    def course(self, patient: int, consult: Session, plan_id: int, version: int):
        rng = self.rng
        protocol = self.world.network.versions[version]
        minutes = _minutes_for(self.world.network, version)
        day = consult.day + rng.randint(7, 21)
        stop_at = (
            rng.randint(1, protocol.sessions_count) if rng.random() < STOPPED_COURSE_SHARE else None
        )
        laid = []
        slack = protocol.interval_max_days - protocol.interval_min_days + 3
        sequence = 0
        for sequence in range(1, protocol.sessions_count + 1):
            if stop_at is not None and sequence > stop_at and day <= self.today:
                return laid, True
            held = self.lay(
                patient, consult.practitioner, day, minutes, slack=slack,
                kind=Kind.TREATMENT, plan=plan_id, sequence=sequence, version=version,
            )  # fmt: skip
            if held is None:
                return laid, False
            laid.append(held)
            day = held.day + rng.randint(protocol.interval_min_days, protocol.interval_max_days)
        if protocol.maintenance_interval_days and rng.random() < 0.5:
            day = laid[-1].day + protocol.maintenance_interval_days
            held = self.lay(
                patient, consult.practitioner, day, minutes, slack=14,
                kind=Kind.MAINTENANCE, plan=plan_id, sequence=sequence + 1, version=version,
            )  # fmt: skip
            if held is not None:
                laid.append(held)
        if rng.random() < 0.3:
            day = laid[-1].day + (protocol.review_after_days or 30)
            held = self.lay(
                patient, consult.practitioner, day, REVIEW_MINUTES, slack=14,
                kind=Kind.REVIEW, plan=plan_id,
            )  # fmt: skip
            if held is not None:
                laid.append(held)
        return laid, False

    @staticmethod
    def _plan_status(laid: list[Session], planned: int, stopped: bool) -> str:
        if stopped:
            return PlanStatus.CANCELLED
        course = [s for s in laid if s.kind == Kind.TREATMENT]
        done = [s for s in course if s.status == Status.COMPLETED]
        if len(done) >= planned:
            return PlanStatus.COMPLETED
        if done:
            return PlanStatus.IN_PROGRESS
        return PlanStatus.BOOKED if course else PlanStatus.PROPOSED


def world_plan(
    *, network: Network, calendar: Calendar, patients: int, seed: int, ids: dict[str, int]
) -> World:
    """Every patient's history, in patient order, from one random stream."""
    world = World(network=network, calendar=calendar, ids=ids)
    planner = _Planner(world, random.Random(f"bench-data:{seed}:world"))
    for index in range(patients):
        planner.patient(index)
    world.refused = planner.roster.refused
    return world
