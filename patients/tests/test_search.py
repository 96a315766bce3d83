"""Patient search by name, phone and chart number."""

import datetime

import pytest
from django.urls import reverse

from patients.models import Patient
from patients.search import patient_search_filter
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def found(query):
    return set(
        Patient.objects.filter(patient_search_filter(query)).values_list("last_name", flat=True)
    )


@pytest.fixture
def patients():
    PatientFactory(
        first_name="Hélène",
        last_name="Dupré",
        phone="+33 6 11 22 33 44",
        date_of_birth=datetime.date(1980, 5, 17),
    )
    PatientFactory(
        first_name="Zoë",
        last_name="O'Brien-Lévêque",
        phone="020 7946 0958",
        date_of_birth=datetime.date(1991, 1, 2),
    )
    PatientFactory(
        first_name="Marc",
        last_name="Durand",
        phone="06 99 88 77 66",
        date_of_birth=datetime.date(1975, 12, 1),
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("helene", {"Dupré"}),
        ("HÉLÈNE dupre", {"Dupré"}),
        ("dup", {"Dupré"}),
        ("du", {"Dupré", "Durand"}),
        ("leveque", {"O'Brien-Lévêque"}),
        ("o'brien", {"O'Brien-Lévêque"}),
        ("zoe obrien", {"O'Brien-Lévêque"}),  # punctuation-insensitive (issue 12)
        ("obrien", {"O'Brien-Lévêque"}),
        ("o’brien", {"O'Brien-Lévêque"}),  # a typographic apostrophe
        ("zoe o brien", {"O'Brien-Lévêque"}),
        ("obrienleveque", {"O'Brien-Lévêque"}),
        ("o'brien leveque", {"O'Brien-Lévêque"}),
        ("06 11 22 33 44", {"Dupré"}),
        ("+33611223344", {"Dupré"}),
        ("0033 6 11 22 33 44", {"Dupré"}),
        ("06.99.88.77.66", {"Durand"}),
        ("7946", {"O'Brien-Lévêque"}),
        ("1980-05-17", {"Dupré"}),
        ("17/05/1980", {"Dupré"}),
        ("nobody", set()),
    ],
)
def test_one_box_finds_patients_by_name_phone_or_birth_date(patients, query, expected):
    assert found(query) == expected


def test_a_patient_saved_before_the_punctuation_rule_is_found_after_the_migration(patients):
    """The data migration recomputes every stored search key with the current rule."""
    import importlib

    from django.apps import apps

    Patient.objects.update(search_name="zoe o brien leveque")  # the old key
    migration = importlib.import_module("patients.migrations.0006_calendar_search_key")
    migration.recompute_search_keys(apps, None)
    assert found("obrien") == {"O'Brien-Lévêque"}


def test_the_chart_number_finds_its_patient(patients):
    patient = Patient.objects.get(last_name="Durand")
    assert found(patient.chart_number) == {"Durand"}
    assert found(patient.chart_number.lower()) == {"Durand"}
    assert found(str(patient.pk)) >= {"Durand"}


def test_archived_patients_are_left_out_unless_asked(client, front_desk, patients):
    from patients import services

    services.patient_archive(
        patient=Patient.objects.get(last_name="Durand"), reason="Moved", by=front_desk
    )
    client.force_login(front_desk)
    page = client.get(reverse("patients:search"), {"q": "durand"}).content.decode()
    assert "No patient matches this search." in page
    page = client.get(reverse("patients:search"), {"q": "durand", "include_archived": "on"})
    assert "DURAND" in page.content.decode()


def test_the_search_page_paginates_with_a_constant_number_of_queries(
    client, front_desk, django_assert_max_num_queries
):
    for number in range(30):
        PatientFactory(first_name="Anna", last_name=f"Martin{number}")
    client.force_login(front_desk)
    # session, user, permissions, role, nav badge, count, page; then the idle session save
    with django_assert_max_num_queries(11):
        response = client.get(reverse("patients:search"), {"q": "martin"})
    assert "Page 1 of 2" in response.content.decode()


@pytest.mark.postgres
def test_postgresql_answers_name_and_phone_searches_from_trigram_indexes(patients):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes are PostgreSQL-only (DATABASE_URL=postgres://...)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'patients_patient'")
        names = {row[0] for row in cursor.fetchall()}
        assert {"patients_patient_search_name_trgm", "patients_patient_phone_digits_trgm"} <= names
        # With three rows the planner prefers a scan; forbid it to see that the index serves.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = Patient.objects.filter(patient_search_filter("dupre")).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "patients_patient_search_name_trgm" in plan, plan


def test_a_chart_number_is_an_exact_lookup_not_or_ed_with_names(patients):
    patient = Patient.objects.get(last_name="Durand")
    query = Patient.objects.filter(patient_search_filter(patient.chart_number.lower())).query
    sql = str(query).split(" WHERE ", 1)[1]
    assert "search_name" not in sql  # no name match to turn the lookup into a scan
    assert "UPPER(" not in sql.upper()  # stored upper case: the unique index answers
    assert found("p" + patient.chart_number.lstrip("P0")) == {"Durand"}


def _plan(queryset) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        return " ".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
def test_postgresql_answers_chart_numbers_from_indexes(patients):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL (DATABASE_URL=postgres://...)")
    exact = _plan(Patient.objects.filter(patient_search_filter("P000123")))
    assert "Index" in exact and "Seq Scan" not in exact, exact
    # A case-free lookup elsewhere (the admin, iexact) has its functional index.
    case_free = _plan(Patient.objects.filter(chart_number__iexact="p000123"))
    assert "patient_chart_number_upper_idx" in case_free, case_free


def test_the_patients_page_opens_on_recently_seen_patients_not_an_empty_state(
    client, front_desk, practitioner
):
    """Issue 12: "No patients registered yet." showed while patients existed."""
    from sessions.models import TreatmentSession
    from sessions.tests.factories.scheduling import book

    seen = PatientFactory(last_name="Seen")
    never = PatientFactory(last_name="Never")
    earlier = book(seen, practitioner=practitioner)
    TreatmentSession.objects.filter(pk=earlier.pk).update(
        starts_at=earlier.starts_at - datetime.timedelta(days=30),
        ends_at=earlier.ends_at - datetime.timedelta(days=30),
    )
    client.force_login(front_desk)
    html = client.get(reverse("patients:search")).content.decode()
    assert "No patients registered yet." not in html
    assert "Recently seen" in html
    assert html.index("SEEN") < html.index("NEVER")  # seen first, then the newest registered
    assert never.chart_number in html
