"""Follow-up builders: a session taken to completion, a patient who agreed to e-mail, an e-mail
follow-up already due, a bare chart, and the idempotency keys of the e-mails sent."""

import datetime

from django.core import mail
from django.utils import timezone

from patients.tests.factories import PatientFactory
from sessions.models import Chart, FollowUp, TreatmentSession
from sessions.scheduling import booking


def complete(treatment_session, by):
    """Check in, start and complete a session as it happens on its own day."""
    statuses = TreatmentSession.Status
    day = timezone.localtime(treatment_session.starts_at).date()
    for status in (statuses.CHECKED_IN, statuses.IN_PROGRESS, statuses.COMPLETED):
        treatment_session = booking.session_transition(
            treatment_session=treatment_session, to=status, by=by, today=day
        )
    return treatment_session


def emailable(**extra):
    return PatientFactory(contact_by_email=True, email="anna@example.org", **extra)


def due_email(patient=None, key=None, due_at=None, **extra):
    patient = patient or emailable()
    follow_up = FollowUp.objects.create(
        patient=patient,
        kind=FollowUp.Kind.POST_TREATMENT_CHECK,
        channel=FollowUp.Channel.EMAIL,
        due_at=due_at or timezone.now() - datetime.timedelta(minutes=1),
        idempotency_key=key or f"test:{FollowUp.objects.count()}:{patient.pk}",
        **extra,
    )
    return follow_up


def charted(treatment_session):
    return Chart.objects.create(treatment_session=treatment_session)


def keys_sent():
    return [message.extra_headers["X-Mesoplan-Idempotency-Key"] for message in mail.outbox]
