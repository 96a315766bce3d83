"""Builders for patients and their clinical record."""

import datetime
import uuid

import factory

from patients import services
from patients.models import MedicalHistoryReview, MedicationCatalogueEntry, Patient
from tests.support import make_user


class PatientFactory(factory.django.DjangoModelFactory):
    """Registered through the service, so chart numbers and search keys are real."""

    class Meta:
        model = Patient

    first_name = "Élodie"
    last_name = factory.Sequence(lambda n: f"Bérard{n}")
    date_of_birth = datetime.date(1985, 3, 14)
    sex = "female"
    phone = factory.Sequence(lambda n: f"+33 6 12 34 {n // 100:02d} {n % 100:02d}")
    email = "elodie@example.org"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.patient_register(data=kwargs, by=None)


def catalogue_entry(name, risk_class, kind, stop_before_days=None):
    entry, _ = MedicationCatalogueEntry.objects.get_or_create(
        name=name,
        defaults={"risk_class": risk_class, "kind": kind, "stop_before_days": stop_before_days},
    )
    return entry


def record_history(patient, by=None, **answers) -> MedicalHistoryReview:
    by = by or make_user("practitioner", username=f"historian-{uuid.uuid4().hex[:8]}")
    return services.history_review_record(patient=patient, data=answers, by=by)
