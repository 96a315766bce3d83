"""Far dates in the forms outside sessions/ (issue 13): every date a person can type gets a
sane range and a form error, never a 500. Births within 120 years (the existing, stricter
rule inside issue 13's 1900..today), a medication's start 1900..today,
a lot's expiry within 10 years and its arrival within the last 10 years."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from patients.models import Patient
from patients.tests.factories import PatientFactory
from protocols.models import Lot
from protocols.tests.factories import LotFactory, ProductFactory

pytestmark = pytest.mark.django_db

FAR = ["0001-01-01", "1899-12-31", "9999-12-31", "2999-01-01", "99999-01-01", "2026-02-30"]
PATIENT = {
    "first_name": "Ana",
    "last_name": "Far",
    "sex": "female",
    "phone": "+33 6 00 00 00 01",
    "preferred_language": "fr",
}


def _errors(response, field):
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors.get(field)


@pytest.mark.parametrize("value", FAR)
def test_a_far_birth_date_is_a_form_error(client, front_desk, value):
    client.force_login(front_desk)
    response = client.post(reverse("patients:register"), {**PATIENT, "date_of_birth": value})
    assert _errors(response, "date_of_birth")
    assert not Patient.objects.exists()
    patient = PatientFactory()
    edit = client.post(
        reverse("patients:edit", kwargs={"pk": patient.pk}), {**PATIENT, "date_of_birth": value}
    )
    assert _errors(edit, "date_of_birth")


def test_births_up_to_120_years_ago_and_today_are_accepted(client, front_desk):
    client.force_login(front_desk)
    today = timezone.localdate()
    for day in [f"{today.year - 120}-01-01", today.isoformat()]:
        response = client.post(
            reverse("patients:register"),
            {**PATIENT, "date_of_birth": day, "confirm_new_person": "on"},
        )
        assert response.status_code == 302, response.context["form"].errors


@pytest.mark.parametrize("value", FAR)
def test_a_far_medication_start_is_a_form_error(client, practitioner, value):
    client.force_login(practitioner)
    patient = PatientFactory()
    response = client.post(
        reverse("patients:medication_add", kwargs={"pk": patient.pk}),
        {"free_text_name": "Fish oil", "started_on": value},
    )
    assert _errors(response, "started_on")


@pytest.mark.parametrize("value", FAR)
def test_a_far_lot_expiry_or_arrival_is_a_form_error(client, clinic_admin, value):
    client.force_login(clinic_admin)
    product = ProductFactory()
    today = timezone.localdate()
    lot = {
        "product": product.pk,
        "lot_number": "FAR-1",
        "quantity_received": 10,
        "expiry_date": (today + datetime.timedelta(days=365)).isoformat(),
        "received_on": today.isoformat(),
    }
    expiry = client.post(reverse("protocols:lot_create"), {**lot, "expiry_date": value})
    assert _errors(expiry, "expiry_date")
    arrival = client.post(reverse("protocols:lot_create"), {**lot, "received_on": value})
    assert _errors(arrival, "received_on")
    existing = LotFactory()
    edit = client.post(
        reverse("protocols:lot_edit", kwargs={"pk": existing.pk}),
        {**lot, "quantity_remaining": 5, "expiry_date": value},
    )
    assert _errors(edit, "expiry_date")
    assert not Lot.objects.filter(lot_number="FAR-1").exists()


def test_a_lot_expiring_within_ten_years_is_accepted(client, clinic_admin):
    client.force_login(clinic_admin)
    today = timezone.localdate()
    response = client.post(
        reverse("protocols:lot_create"),
        {
            "product": ProductFactory().pk,
            "lot_number": "NEAR-1",
            "quantity_received": 10,
            "expiry_date": today.replace(year=today.year + 9).isoformat(),
            "received_on": today.isoformat(),
        },
    )
    assert response.status_code == 302


@pytest.mark.parametrize("value", [*FAR, "31/12/9999", "00/00/0000", "29/02/2025"])
def test_searching_for_a_far_date_finds_nothing_and_never_fails(client, front_desk, value):
    client.force_login(front_desk)
    assert client.get(reverse("patients:search"), {"q": value}).status_code == 200


@pytest.mark.parametrize("value", FAR)
def test_the_audit_log_filter_takes_far_dates(client, clinic_admin, value):
    client.force_login(clinic_admin)
    for field in ("date_from", "date_to"):
        assert client.get(reverse("audit_log"), {field: value}).status_code == 200
