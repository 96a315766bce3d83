"""Builds a patient's history through the real services, for the export tests and the bench:
history reviews, a medication, a consultation with an overridden warning, a plan, signed
consent, charted and signed sessions with products, measurements, an adverse event, an
amendment, a handout, a withdrawn consent and an archived record."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from patients import services as patient_services
from patients.models import PatientMedication
from patients.tests.factories import PatientFactory, catalogue_entry, record_history
from protocols.tests.factories import LotFactory, make_protocol
from sessions.charting import amendments, charts
from sessions.documents import consents as consent_services
from sessions.documents import handouts
from sessions.scheduling import plans as plan_services
from sessions.tests.factories import book, consent_on_file
from tests.support import make_user

CHECKLIST = dict.fromkeys(charts.CHECKLIST_FIELDS, True)


@dataclass
class History:
    patient: object
    practitioner: object
    plans: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    lots: list = field(default_factory=list)
    consents: list = field(default_factory=list)


def course(
    history: History,
    *,
    start: datetime.date,
    sessions: int = 3,
    slug: str = "ha-booster",
    lot=None,
    override: bool = True,
    sign: bool = True,
) -> None:
    """One consultation, plan, consent and `sessions` charted (and signed unless `sign` is
    false) sessions from `start` (a Monday in the past), 3 weeks apart, each with a product
    of `lot` (a new lot by default), two measurements and, from the second, a GAIS rating."""
    patient, practitioner = history.patient, history.practitioner
    version = make_protocol(
        slug=slug, sessions_count=sessions, relative_contraindications=["nsaid"]
    ).current_version
    consultation = patient_services.consultation_start(
        patient=patient,
        data={"goals": "Fresher skin", "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )
    plan = plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=["face"],
        sessions_count=sessions,
        interval_min_days=14,
        interval_max_days=28,
        override_reasons={"nsaid": "Ibuprofen paused 3 days before each session"}
        if override
        else {},
        by=practitioner,
    )
    history.plans.append(plan)
    history.consents.append(consent_on_file(plan, practitioner))
    lot = lot or LotFactory(expiry_date=start + datetime.timedelta(days=3650))
    history.lots.append(lot)
    for number in range(sessions):
        day = start + datetime.timedelta(weeks=3 * number)
        treatment_session = book(
            patient, practitioner=practitioner, plan=plan, sequence=number + 1, day=day
        )
        charts.chart_save(
            treatment_session=treatment_session,
            data={**CHECKLIST, "technique": "micropapules", "notes": f"Session {number + 1}"},
            products=[{"lot": lot, "volume_ml": Decimal("1.5"), "units_used": 1}],
            measurements=[
                {"scale": "glogau", "value": "2"},
                {"scale": "dermal_thickness_us", "value": "1.25"},
                # GAIS rates the change since before treatment: from the second session on.
                *([{"scale": "gais_practitioner", "value": "2"}] if number else []),
            ],
            by=practitioner,
        )
        if sign:
            charts.chart_sign(chart=treatment_session.chart, by=practitioner)
        history.sessions.append(treatment_session)


def full_history(*, start: datetime.date | None = None) -> History:
    """The patient of the issue: a full course, an amendment, an adverse event, a withdrawn
    consent, an aftercare sheet given, and an archived record."""
    patient = PatientFactory()
    practitioner = make_user("practitioner", username=f"fhir-doc-{patient.pk}")
    history = History(patient=patient, practitioner=practitioner)
    record_history(
        patient, by=practitioner, allergies=["allergy_soy"], diabetes=True, smoking="former"
    )
    record_history(patient, by=practitioner, allergies=["allergy_soy"], smoking="former")
    patient_services.medication_add(
        patient=patient,
        medication=PatientMedication(
            catalogue_entry=catalogue_entry("Ibuprofen", "nsaid", "otc", 3), dose="200 mg"
        ),
        by=practitioner,
    )
    start = start or monday_weeks_ago(12)
    course(history, start=start, slug=f"ha-booster-{patient.pk}")
    first, second = history.sessions[0], history.sessions[1]
    amendments.chart_amend(
        chart=first.chart,
        reason="Note written on the wrong session",
        changes={"notes": "Corrected note"},
        by=practitioner,
    )
    amendments.chart_amend(
        chart=second.chart,
        reason="Bruise reported by phone the next day",
        adverse_event={
            "type": "bruising",
            "severity": "mild",
            "description": "Small bruise on the left cheek",
            "action_taken": "Arnica; checked at day 3",
        },
        by=practitioner,
    )
    handouts.handout_mark_given(
        treatment_session=first, kind="aftercare", channel="printed", by=practitioner
    )
    consent_services.consent_withdraw(
        record=history.consents[0], by=practitioner, reason="Moving abroad"
    )
    patient_services.patient_archive(patient=patient, reason="Moved abroad", by=practitioner)
    patient.refresh_from_db()
    return history


def monday_weeks_ago(weeks: int) -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday(), weeks=weeks)


def render_consent_pdfs(patient) -> None:
    """Render the patient's consent PDFs now (the app does it after commit, in a task)."""
    for record in patient.consents.all():
        consent_services.consent_pdf_render(record_id=record.pk)
