"""Rows of the patient record: patients, their history reviews and their medications."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from bench.data.names import FIRST_NAMES, LANGUAGE_WEIGHTS, LAST_NAMES
from bench.data.tables import Table
from bench.data.world import World
from patients.models import HISTORY_CONDITIONS, MedicalHistoryReview, Patient, PatientMedication
from patients.search import normalize_name, phone_digits, search_key
from patients.services import chart_number_for
from protocols.catalogues import Allergy

ARCHIVED_SHARE = 0.02
CONDITION_SHARE = 0.015
ALLERGY_SHARE = 0.08
MEDICATIONS_PER_PATIENT = 0.8

PATIENT_FIELDS = [
    "id", "chart_number", "first_name", "last_name", "date_of_birth", "sex", "phone", "email",
    "preferred_language", "contact_by_email", "contact_by_sms", "contact_by_phone",
    "fitzpatrick_type", "created_at", "created_by", "archived_at", "archive_reason",
    "search_name", "phone_digits",
]  # fmt: skip
CONDITIONS = [str(tag) for tag in HISTORY_CONDITIONS]
REVIEW_FIELDS = [
    "id", "patient", "reviewed_at", "reviewed_by", "allergies", "allergies_other", "smoking",
    *CONDITIONS,
]  # fmt: skip
MEDICATION_FIELDS = [
    "id", "patient", "catalogue_entry", "is_prescribed", "dose", "started_on", "stopped_on",
    "added_at", "added_by",
]  # fmt: skip


def _phone(patient_id: int) -> str:
    # A French mobile number that differs per patient (phone search must find exactly one).
    number = 600_000_000 + (patient_id * 7_919) % 100_000_000
    digits = f"{number:09d}"
    return "+33 " + " ".join([digits[0], digits[1:3], digits[3:5], digits[5:7], digits[7:9]])


def patients(world: World, rng: random.Random, names: list[str]) -> tuple[Table, Iterator, int]:
    """Patient rows; fills `names` (full name per patient index) for the audit trail."""
    table = Table(Patient, PATIENT_FIELDS)
    calendar = world.calendar
    desk = world.network.desk
    languages = list(LANGUAGE_WEIGHTS)
    weights = list(LANGUAGE_WEIGHTS.values())
    today = calendar.days[calendar.today] if calendar.today < calendar.size else date.today()

    def rows():
        for patient in world.patients:
            first = rng.choice(FIRST_NAMES)
            last = rng.choice(LAST_NAMES)
            names.append(f"{first} {last}")
            phone = _phone(patient.id)
            has_email = patient.takes_email or rng.random() < 0.3
            email = (
                f"{normalize_name(first)}.{normalize_name(last)}.{patient.id}@example.org".replace(
                    " ", ""
                )
                if has_email
                else ""
            )
            created = calendar.at(patient.registered, rng.randrange(0, 720))
            archived = rng.random() < ARCHIVED_SHARE
            yield (
                patient.id, chart_number_for(patient.id), first, last,
                today - timedelta(days=rng.randint(18 * 365, 75 * 365)),
                "female" if rng.random() < 0.82 else "male", phone, email,
                rng.choices(languages, weights)[0], patient.takes_email, rng.random() < 0.4,
                rng.random() < 0.7, rng.randint(1, 6), created, rng.choice(desk),
                created + timedelta(days=rng.randint(30, 900)) if archived else None,
                "Moved away" if archived else "", search_key(f"{first} {last}"),
                phone_digits(phone),
            )  # fmt: skip

    return table, rows(), len(world.patients)


def history_reviews(world: World, rng: random.Random) -> tuple[Table, Iterator, int]:
    table = Table(MedicalHistoryReview, REVIEW_FIELDS)
    calendar = world.calendar
    practitioners = world.network.practitioners
    allergies = list(Allergy.values)
    smoking = ["never", "never", "never", "former", "current", "unknown"]
    patient_ids = [patient.id for patient in world.patients]

    def rows():
        for review_id, patient, day, minute, practitioner in world.reviews:
            allergic = rng.random() < ALLERGY_SHARE
            yield (
                review_id, patient_ids[patient], calendar.at(day, minute),
                practitioners[practitioner], [rng.choice(allergies)] if allergic else [],
                "", rng.choice(smoking),
                *[rng.random() < CONDITION_SHARE for _ in CONDITIONS],
            )  # fmt: skip

    return table, rows(), len(world.reviews)


def medications(world: World, rng: random.Random, first_id: int) -> tuple[Table, Iterator, int]:
    table = Table(PatientMedication, MEDICATION_FIELDS)
    calendar = world.calendar
    catalogue = world.network.medications
    practitioners = world.network.practitioners
    expected = round(len(world.patients) * MEDICATIONS_PER_PATIENT)

    def rows():
        next_id = first_id
        for patient in world.patients:
            count = 0
            while rng.random() < MEDICATIONS_PER_PATIENT / (1 + MEDICATIONS_PER_PATIENT) and (
                count < 4
            ):
                count += 1
                added = calendar.at(patient.registered, rng.randrange(0, 720))
                started = added.date() - timedelta(days=rng.randint(10, 2000))
                stopped = (
                    added.date() + timedelta(days=rng.randint(10, 700))
                    if rng.random() < 0.4
                    else None
                )
                yield (
                    next_id, patient.id, rng.choice(catalogue), rng.random() < 0.5,
                    rng.choice(["", "1 per day", "75 mg", "2 capsules"]), started, stopped,
                    added, practitioners[patient.practitioner],
                )  # fmt: skip
                next_id += 1

    return table, rows(), expected
