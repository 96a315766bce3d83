"""Protocol library pages, products, lots and the recall page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.models import AuditEvent
from protocols.tests.factories import IndicationFactory, LotFactory, make_protocol

pytestmark = pytest.mark.django_db


def test_the_library_filters_by_indication_and_searches_names(client, practitioner):
    make_protocol(slug="ha-booster", name="HA booster")
    hair = IndicationFactory(code="hair_restoration", name="Hair restoration")
    other = make_protocol(slug="dutasteride-scalp", name="Dutasteride scalp")
    other.indication = hair
    other.save(update_fields=["indication"])
    client.force_login(practitioner)
    page = client.get(reverse("protocols:library"), {"indication": "hair_restoration"})
    assert "Dutasteride scalp" in page.content.decode()
    assert "HA booster" not in page.content.decode()
    page = client.get(reverse("protocols:library"), {"q": "booster"})
    assert "HA booster" in page.content.decode()
    assert "Dutasteride scalp" not in page.content.decode()


def test_the_library_searches_blend_ingredients(client, practitioner):
    make_protocol()
    client.force_login(practitioner)
    page = client.get(reverse("protocols:library"), {"q": "hyaluronic"}).content.decode()
    assert "HA booster" in page


def test_an_empty_search_says_so(client, practitioner):
    client.force_login(practitioner)
    page = client.get(reverse("protocols:library"), {"q": "nothing-like-this"}).content.decode()
    assert "No protocol matches." in page


def test_front_desk_sees_names_and_course_lengths_but_no_card(client, front_desk):
    protocol = make_protocol()
    client.force_login(front_desk)
    page = client.get(reverse("protocols:library")).content.decode()
    assert "HA booster" in page
    assert "3 sessions" in page and "every 14–28 days" in page
    assert protocol.get_absolute_url() not in page
    assert "Evidence" not in page


def test_the_card_shows_where_values_come_from(client, practitioner):
    protocol = make_protocol()
    client.force_login(practitioner)
    page = client.get(protocol.get_absolute_url()).content.decode()
    assert "Source: [T1]" in page
    assert "Baspeyras 2013" in page
    assert "Pregnancy" in page  # absolute contraindication, by its label


def test_the_library_page_has_a_constant_number_of_queries(
    client, practitioner, django_assert_max_num_queries
):
    for number in range(12):
        make_protocol(slug=f"p-{number}", name=f"Protocol {number}")
    client.force_login(practitioner)
    with django_assert_max_num_queries(12):
        client.get(reverse("protocols:library"))


def test_the_card_has_a_constant_number_of_queries(
    client, practitioner, django_assert_max_num_queries
):
    protocol = make_protocol()
    client.force_login(practitioner)
    with django_assert_max_num_queries(16):  # 16 since the patient texts (issue 15)
        client.get(protocol.get_absolute_url())


def test_the_lot_list_warns_about_expired_and_expiring_lots(client, practitioner):
    today = timezone.localdate()
    LotFactory(lot_number="OLD1", expiry_date=today - datetime.timedelta(days=3))
    LotFactory(lot_number="SOON1", expiry_date=today + datetime.timedelta(days=10))
    LotFactory(lot_number="FINE1", expiry_date=today + datetime.timedelta(days=300))
    client.force_login(practitioner)
    page = client.get(reverse("protocols:lots")).content.decode()
    assert "1 expired lot still has units in stock" in page
    assert "1 lot expires within 30 days." in page
    expiring = client.get(reverse("protocols:lots"), {"show": "expiring"}).content.decode()
    assert "SOON1" in expiring and "OLD1" not in expiring and "FINE1" not in expiring


def test_the_recall_page_exports_csv_and_is_audited(client, clinic_admin):
    lot = LotFactory()
    client.force_login(clinic_admin)
    response = client.get(reverse("protocols:lot_recall", args=[lot.pk]), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0] == (
        "chart_number,patient,phone,email,session_date,practitioner"
    )
    assert AuditEvent.objects.filter(action="lot.recall_viewed", target_id=str(lot.pk)).exists()


def test_retiring_a_protocol_hides_it_from_the_library(client, clinic_admin):
    protocol = make_protocol()
    client.force_login(clinic_admin)
    response = client.post(reverse("protocols:retire", args=[protocol.slug]), follow=True)
    assert "HA booster is retired" in response.content.decode()
    page = client.get(reverse("protocols:library")).content.decode()
    assert "No protocol matches." in page
    assert client.get(protocol.get_absolute_url()).status_code == 200  # records still read it


def test_the_recall_lists_every_patient_who_received_the_lot_in_one_query(
    client, clinic_admin, practitioner, django_assert_max_num_queries
):
    from decimal import Decimal

    from patients.tests.factories import PatientFactory
    from sessions.charting import charts
    from sessions.tests.factories import book, next_weekday

    lot = LotFactory(lot_number="RECALL-1", quantity_received=10, quantity_remaining=10)
    other_lot = LotFactory(product=lot.product, lot_number="OTHER-1")
    received = []
    for number, chosen in enumerate([lot, lot, other_lot]):
        patient = PatientFactory(first_name="Recall", last_name=f"Patient{number}")
        session = book(patient, practitioner=practitioner, hour=9 + number, day=next_weekday(0, -1))
        charts.chart_save(
            treatment_session=session,
            data={},
            products=[{"lot": chosen, "volume_ml": Decimal("1.5"), "units_used": 1}],
            by=practitioner,
        )
        if chosen == lot:
            received.append(patient)
    client.force_login(clinic_admin)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("protocols:lot_recall", args=[lot.pk])).content.decode()
    for patient in received:
        assert patient.chart_number in page
    assert "Patient2" not in page
    csv_lines = client.get(reverse("protocols:lot_recall", args=[lot.pk]), {"format": "csv"})
    assert len(csv_lines.content.decode().strip().splitlines()) == 1 + len(received)
