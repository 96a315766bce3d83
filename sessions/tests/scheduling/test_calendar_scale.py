"""The calendar at network size: overlap scans bounded by the longest session, one
resource's week filtered in SQL, everyone shown a group at a time, and the site the user
works at by default."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from clinic import roles
from patients.tests.factories import PatientFactory
from sessions.models import MAX_SESSION_LENGTH, TreatmentSession
from sessions.scheduling.availability import check_slot
from sessions.scheduling.locations import REMEMBERED_KEY
from sessions.tests.factories.scheduling import (
    LocationFactory,
    RoomFactory,
    at,
    book,
    calendar_page,
    working_week,
)
from sessions.views.calendar import RESOURCES_PER_GROUP
from tests.support import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clinic_in_paris")]


def session_queries(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "treatments_treatmentsession"."id"')
    ]


def test_an_overlap_query_has_a_lower_bound_on_the_start(room, monday):
    start = at(monday, 0)
    sql = str(TreatmentSession.objects.overlapping(start, start + datetime.timedelta(days=7)).query)
    where = sql.split(" WHERE ", 1)[1]
    assert where.count('"starts_at" <') == 1 and where.count('"starts_at" >') == 1, where


def test_a_session_that_started_before_the_span_still_overlaps_it(practitioner, room, monday):
    long_one = book(PatientFactory(), practitioner=practitioner, room=room, day=monday, hour=9)
    TreatmentSession.objects.filter(pk=long_one.pk).update(
        ends_at=long_one.starts_at + MAX_SESSION_LENGTH
    )
    span_start = long_one.starts_at + MAX_SESSION_LENGTH - datetime.timedelta(minutes=1)
    found = TreatmentSession.objects.overlapping(
        span_start, span_start + datetime.timedelta(hours=1)
    )
    assert list(found) == [long_one]


def test_booking_refuses_a_session_longer_than_the_longest(practitioner, room, monday):
    working_week(practitioner, room.location, datetime.time(0), datetime.time(23, 59))
    starts = at(monday, 6)
    with pytest.raises(ValidationError, match="at most 12 hours"):
        check_slot(
            practitioner=practitioner,
            room=room,
            starts_at=starts,
            ends_at=starts + MAX_SESSION_LENGTH + datetime.timedelta(minutes=15),
            overlap_reason="",
        )


@pytest.mark.postgres
def test_postgresql_refuses_a_session_longer_than_the_longest(practitioner, room, monday):
    if connection.vendor != "postgresql":
        pytest.skip("the length constraint is PostgreSQL's (DATABASE_URL=postgres://...)")
    booked = book(PatientFactory(), practitioner=practitioner, room=room, day=monday)
    with pytest.raises(IntegrityError), transaction.atomic():
        TreatmentSession.objects.filter(pk=booked.pk).update(
            ends_at=booked.starts_at + MAX_SESSION_LENGTH + datetime.timedelta(minutes=1)
        )


@pytest.mark.postgres
def test_postgresql_answers_the_calendar_from_a_bounded_index_range(room, monday):
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL (DATABASE_URL=postgres://...)")
    start = at(monday, 0)
    queryset = TreatmentSession.objects.filter(room__location=room.location).overlapping(
        start, start + datetime.timedelta(days=7)
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    bounded = [line for line in plan.splitlines() if "Index Cond" in line and "starts_at >" in line]
    assert bounded and "starts_at <" in bounded[0], plan


def test_one_practitioners_week_fetches_only_their_sessions(client, front_desk, room, monday):
    mine = make_user(roles.PRACTITIONER, username="mine")
    other = make_user(roles.PRACTITIONER, username="other")
    other_room = RoomFactory(location=room.location, name="Room 2")
    book(PatientFactory(), practitioner=mine, room=room, day=monday)
    theirs = book(PatientFactory(), practitioner=other, room=other_room, day=monday)
    client.force_login(front_desk)
    with CaptureQueriesContext(connection) as queries:
        page = calendar_page(client, view="week", date=monday.isoformat(), resource=mine.pk)
    assert page.context["selected"].pk == mine.pk
    [sql] = session_queries(queries)
    assert f'"practitioner_id" IN ({mine.pk})' in sql
    assert f'data-testid="cal-session-{theirs.pk}"' not in page.text
    assert page.text.count('data-testid="cal-session-') == 1
    # The other practitioner is still offered as a resource to switch to.
    assert other.pk in {resource.pk for resource, _url in page.context["resources"]}


def test_everyone_is_shown_a_group_at_a_time(client, front_desk, room, monday):
    people = []
    for index in range(RESOURCES_PER_GROUP + 1):
        person = make_user(roles.PRACTITIONER, username=f"p{index:02d}")
        person.last_name = f"Name{index:02d}"
        person.save()
        people.append(person)
        own_room = RoomFactory(location=room.location, name=f"R{index}")
        book(PatientFactory(), practitioner=person, room=own_room, day=monday)
    client.force_login(front_desk)
    first = calendar_page(client, view="week", date=monday.isoformat())
    assert [row.resource.pk for row in first.context["overview"]] == [
        p.pk for p in people[:RESOURCES_PER_GROUP]
    ]
    assert first.text.count('data-testid="cal-session-') == RESOURCES_PER_GROUP
    assert first.context["groups"]["next"]
    second = client.get(first.context["groups"]["next"])
    assert [row.resource.pk for row in second.context["overview"]] == [people[-1].pk]
    assert second.text.count('data-testid="cal-session-') == 1
    day = calendar_page(client, view="day", date=monday.isoformat(), group=2)
    assert [column.resource.pk for column in day.context["grid"].columns] == [people[-1].pk]


def test_the_calendar_opens_on_the_site_last_chosen(client, front_desk, room, monday):
    elsewhere = LocationFactory(name="Zzz annex")  # sorts last: not the first site
    client.force_login(front_desk)
    assert calendar_page(client).context["location"] != elsewhere
    calendar_page(client, location=elsewhere.pk)
    assert client.session[REMEMBERED_KEY] == elsewhere.pk
    assert calendar_page(client).context["location"] == elsewhere


def test_a_practitioners_calendar_opens_where_they_work(client, room):
    annex = LocationFactory(name="Zzz annex")  # sorts last: not the first site
    doctor = make_user(roles.PRACTITIONER, username="annex-doc")
    working_week(doctor, annex)
    client.force_login(doctor)
    assert calendar_page(client).context["location"] == annex
