"""Course builders: a plan proposed through the real services and its sessions booked, either on
a fresh protocol (`plan_for`, `weekly_course`) or from the seeded reference library
(`library_course`, with the practitioner, the clinic's address and the patient's medicines)."""

import datetime
import uuid

from patients import services
from patients.models import PatientMedication
from patients.tests.factories import PatientFactory, catalogue_entry, record_history
from protocols.models import Protocol
from protocols.seed import load_reference_library
from protocols.tests.factories import make_protocol
from sessions.scheduling import plans as plan_services
from sessions.tests.factories.scheduling import (
    RoomFactory,
    at,
    book,
    book_at,
    next_weekday,
    working_week,
)
from tests.support import make_user

# Medicines for `library_course(medications=...)`: (name, risk class, kind, stop days, prescribed).
WARFARIN = ("Warfarin", "anticoagulant", "prescription", None, True)
FISH_OIL = ("Fish oil", "bleeding_risk_supplement", "supplement", 7, False)


def take_medicine(patient, by, medicine):
    """Record a medicine the patient takes: (name, risk class, kind, pause days, prescribed)."""
    name, risk_class, kind, days, prescribed = medicine
    return services.medication_add(
        patient=patient,
        medication=PatientMedication(
            catalogue_entry=catalogue_entry(name, risk_class, kind, days), is_prescribed=prescribed
        ),
        by=by,
    )


def plan_for(
    patient, practitioner, slug="ha-booster", *, sessions_count=3, interval_min_days=14, **content
):
    """A proposed plan on a fresh protocol, through the real services."""
    record_history(patient, by=practitioner)
    version = make_protocol(slug=slug, **content).current_version
    consultation = services.consultation_start(
        patient=patient,
        data={"goals": "Fresher skin", "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )
    return plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=["face"],
        sessions_count=sessions_count,
        interval_min_days=interval_min_days,
        interval_max_days=28,
        override_reasons={},
        by=practitioner,
    )


def weekly_course(practitioner, patient=None, sessions=3, **protocol_content):
    """A booked course of weekly sessions, from a plan on a fresh protocol."""
    patient = patient or PatientFactory()
    plan = plan_for(
        patient,
        practitioner,
        slug=f"p-{patient.pk}",
        sessions_count=sessions,
        interval_min_days=7,
        **protocol_content,
    )
    return [
        book(
            patient,
            practitioner=practitioner,
            plan=plan,
            sequence=n,
            day=next_weekday(0, weeks_ahead=n),
        )
        for n in range(1, sessions + 1)
    ]


def library_course(
    *,
    first_name="Jane",
    last_name="Doe",
    medications=(),
    override_reasons=None,
    slug="ha-skin-booster-face",
    sessions_count=3,
    practitioner=None,
    book_sessions=None,
):
    """A patient with a reviewed history, a plan from the reference library and its course
    booked on Mondays two weeks apart (next week first). Returns (plan, sessions)."""
    load_reference_library()
    practitioner = practitioner or make_user("practitioner", username=f"doc-{uuid.uuid4().hex[:6]}")
    practitioner.first_name, practitioner.last_name = "Claire", "Martin"
    practitioner.save(update_fields=["first_name", "last_name"])
    patient = PatientFactory(first_name=first_name, last_name=last_name)
    record_history(patient, by=practitioner)
    for medicine in medications:
        take_medicine(patient, practitioner, medicine)
    version = Protocol.objects.get(slug=slug).current_version
    consultation = services.consultation_start(
        patient=patient,
        data={"goals": "Fresher skin", "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )
    plan = plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=list(version.treatment_areas[:1]),
        sessions_count=sessions_count,
        interval_min_days=version.interval_min_days,
        interval_max_days=version.interval_max_days,
        override_reasons=override_reasons or {},
        by=practitioner,
    )
    room = RoomFactory(name="Room 1")
    room.location.address = "12 rue des Lilas\n75011 Paris"
    room.location.phone = "+33 1 23 45 67 89"
    room.location.save()
    working_week(practitioner, room.location)
    first = next_weekday(0)
    sessions = []
    for index in range(book_sessions if book_sessions is not None else sessions_count):
        start = at(first + datetime.timedelta(days=14 * index), 10)
        sessions.append(book_at(patient, practitioner, room, start, plan=plan, sequence=index + 1))
    return plan, sessions
