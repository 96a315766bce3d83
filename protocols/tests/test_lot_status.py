"""Lot status: quarantined, recalled, expired or empty lots leave the usable lots, say why,
and the services that set the status are audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clinic.models import AuditEvent
from protocols import services
from protocols.models import Lot
from protocols.tests.factories import LotFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_usable_excludes_quarantined_recalled_expired_and_empty_lots(clinic_admin):
    good = LotFactory()
    quarantined = services.lot_quarantine(lot=LotFactory(), reason="Cloudy vial", by=clinic_admin)
    recalled = services.lot_recall_mark(lot=LotFactory(), reason="Maker recall", by=clinic_admin)
    expiring = LotFactory(expiry_date=TODAY + datetime.timedelta(days=3))
    empty = LotFactory(quantity_remaining=0)
    usable_today = set(Lot.objects.usable(on=TODAY))
    assert usable_today == {good, expiring}
    later = TODAY + datetime.timedelta(days=10)
    assert set(Lot.objects.usable(on=later)) == {good}
    assert set(Lot.objects.blocked()) == {quarantined, recalled}
    assert empty.unusable_reason(TODAY) == "No units left"


def test_each_unusable_lot_says_why(clinic_admin):
    lot = services.lot_quarantine(lot=LotFactory(), reason="Cloudy vial", by=clinic_admin)
    assert lot.unusable_reason().startswith("Quarantined on") and "Cloudy vial" in (
        lot.unusable_reason()
    )
    assert lot.status == "quarantined"
    lot = services.lot_recall_mark(lot=lot, reason="Maker recall", by=clinic_admin)
    assert lot.status == "recalled" and "Maker recall" in lot.unusable_reason()
    expired = LotFactory(expiry_date=TODAY - datetime.timedelta(days=1))
    assert expired.unusable_reason().startswith("Expired on")
    assert LotFactory().unusable_reason() == ""


def test_status_changes_are_audited_idempotent_and_need_a_reason(clinic_admin):
    lot = LotFactory()
    with pytest.raises(ValidationError):
        services.lot_recall_mark(lot=lot, reason="  ", by=clinic_admin)
    first = services.lot_recall_mark(lot=lot, reason="Maker recall", by=clinic_admin)
    again = services.lot_recall_mark(lot=lot, reason="Another", by=clinic_admin)
    assert again.recalled_at == first.recalled_at and again.recall_reason == "Maker recall"
    assert again.recalled_by == clinic_admin
    assert AuditEvent.objects.filter(action="lot.recalled").count() == 1


def test_the_lot_page_quarantines_with_a_reason_and_shows_the_status(client, clinic_admin):
    lot = LotFactory()
    client.force_login(clinic_admin)
    url = reverse("protocols:lot_quarantine", args=[lot.pk])
    client.post(url, {"reason": ""})
    lot.refresh_from_db()
    assert lot.quarantined_at is None
    client.post(url, {"reason": "Supplier query"})
    lot.refresh_from_db()
    assert lot.quarantined_by == clinic_admin
    page = client.get(reverse("protocols:lot_recall", args=[lot.pk])).content.decode()
    assert "Supplier query" in page and "Not usable" in page
    listing = client.get(reverse("protocols:lots")).content.decode()
    assert "Quarantined" in listing
    usable = client.get(reverse("protocols:lots") + "?show=usable").content.decode()
    assert lot.lot_number not in usable


def test_a_practitioner_cannot_quarantine(client, practitioner):
    lot = LotFactory()
    client.force_login(practitioner)
    response = client.post(reverse("protocols:lot_quarantine", args=[lot.pk]), {"reason": "x"})
    assert response.status_code == 403


def test_starting_a_recall_marks_the_lot_recalled_with_its_reason(client, clinic_admin):
    lot = LotFactory()
    client.force_login(clinic_admin)
    url = reverse("protocols:lot_recall_start", args=[lot.pk])
    client.post(url, {"reason": " "})
    lot.refresh_from_db()
    assert lot.recalled_at is None
    client.post(url, {"reason": "Maker's notice 2 Dec"})
    lot.refresh_from_db()
    assert lot.recalled_by == clinic_admin and lot.recall_reason == "Maker's notice 2 Dec"
    assert lot not in Lot.objects.usable()
    page = client.get(reverse("protocols:lot_recall", args=[lot.pk])).content.decode()
    assert "Recalled on" in page
