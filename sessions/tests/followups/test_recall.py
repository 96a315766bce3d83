"""Lot recall: one call per patient who received the lot, started once, logged as it is
worked."""

import datetime

import pytest
from django.utils import timezone

from clinic.models import AuditEvent
from patients.tests.factories import PatientFactory
from protocols.models import Lot
from protocols.tests.factories import LotFactory
from sessions.followups import queue as followups_queue
from sessions.followups import recall as followups_recall
from sessions.models import ChartProduct, FollowUp, FollowUpEvent
from sessions.tests.factories.followups import charted
from sessions.tests.factories.scheduling import book

pytestmark = pytest.mark.django_db

Kind, Channel, Status = FollowUp.Kind, FollowUp.Channel, FollowUp.Status


def test_a_lot_recall_makes_one_call_per_patient_who_received_it_once(practitioner, clinic_admin):
    lot, other_lot = LotFactory(), LotFactory()
    anna, ben = PatientFactory(first_name="Anna"), PatientFactory(first_name="Ben")
    for patient, hour in ((anna, 10), (anna, 12), (ben, 14)):
        session = book(patient, practitioner=practitioner, hour=hour)
        ChartProduct.objects.create(chart=charted(session), lot=lot, volume_ml=1)
    untouched = book(PatientFactory(), practitioner=practitioner, hour=16)
    ChartProduct.objects.create(chart=charted(untouched), lot=other_lot, volume_ml=1)

    assert (
        followups_recall.lot_recall_start(lot=lot, reason="Supplier recall", by=clinic_admin) == 2
    )
    assert (
        followups_recall.lot_recall_start(lot=lot, reason="Supplier recall", by=clinic_admin) == 0
    )
    recalls = FollowUp.objects.filter(kind=Kind.LOT_RECALL)
    assert {r.patient for r in recalls} == {anna, ben}
    assert {r.idempotency_key for r in recalls} == {
        f"lot_recall:{lot.pk}:{anna.pk}",
        f"lot_recall:{lot.pk}:{ben.pk}",
    }
    assert all(r.channel == Channel.PHONE and r.lot == lot for r in recalls)
    assert FollowUpEvent.objects.filter(follow_up__in=recalls, action="scheduled").count() == 2
    audits = AuditEvent.objects.filter(action="lot.recall_started", target_id=str(lot.pk))
    assert [a.details["follow_ups_created"] for a in audits.order_by("pk")] == [2, 0]


def test_a_recall_call_is_logged_as_it_is_worked(front_desk, practitioner, clinic_admin):
    lot = LotFactory()
    session = book(PatientFactory(), practitioner=practitioner)
    ChartProduct.objects.create(chart=charted(session), lot=lot, volume_ml=1)
    followups_recall.lot_recall_start(lot=lot, reason="Supplier recall", by=clinic_admin)
    recall = FollowUp.objects.get(kind=Kind.LOT_RECALL)
    later = timezone.now() + datetime.timedelta(hours=3)
    followups_queue.follow_up_reschedule(follow_up=recall, due_at=later, by=front_desk)
    followups_queue.follow_up_mark_done(
        follow_up=recall, outcome_note="Called; no reaction.", by=front_desk
    )
    assert list(recall.events.values_list("action", flat=True)) == [
        "scheduled",
        "rescheduled",
        "done",
    ]


def test_starting_a_recall_marks_the_lot_recalled_in_the_same_step(clinic_admin):
    lot = LotFactory()
    followups_recall.lot_recall_start(lot=lot, reason="Supplier recall", by=clinic_admin)
    lot.refresh_from_db()
    assert lot.unusable_reason(timezone.localdate())
    assert lot not in Lot.objects.usable(on=timezone.localdate())
