"""Failed deliveries age out of the open queue and the badge FOLLOW_UP_FAILED_OPEN_DAYS after
they were due, and stay findable (status filter, patient); open rows are read by index."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sessions.followups import queue
from sessions.followups.rules import still_open
from sessions.models import FollowUp
from sessions.tests.factories.followups import due_email

pytestmark = pytest.mark.django_db


def failed(days_ago: float, key: str) -> FollowUp:
    return due_email(
        key=key,
        due_at=timezone.now() - datetime.timedelta(days=days_ago),
        status=FollowUp.Status.FAILED,
        last_error="SMTP 550: mailbox unavailable",
    )


def rows(client, **params) -> str:
    return client.get(reverse("treatments:follow_ups"), params).text


def test_a_failed_delivery_ages_out_of_the_badge_and_the_open_queue(client, front_desk, settings):
    settings.FOLLOW_UP_FAILED_OPEN_DAYS = 30
    recent, old = failed(29, "recent"), failed(31, "old")
    assert list(queue.needs_action_now(front_desk)) == [recent]
    assert queue.overdue_count(front_desk) == 1
    client.force_login(front_desk)
    open_queue = rows(client, when="any")
    assert f'data-testid="follow-up-{recent.pk}"' in open_queue
    assert f'data-testid="follow-up-{old.pk}"' not in open_queue


def test_an_aged_failure_is_never_lost(client, front_desk, settings):
    settings.FOLLOW_UP_FAILED_OPEN_DAYS = 30
    old = failed(400, "old")
    client.force_login(front_desk)
    for status in ("failed", "all"):
        assert f'data-testid="follow-up-{old.pk}"' in rows(client, when="any", status=status)
    assert FollowUp.objects.filter(pk=old.pk, status=FollowUp.Status.FAILED).exists()


def test_the_age_limit_is_a_setting(front_desk, settings):
    failed(45, "old")
    settings.FOLLOW_UP_FAILED_OPEN_DAYS = 60
    assert queue.overdue_count(front_desk) == 1
    settings.FOLLOW_UP_FAILED_OPEN_DAYS = 30
    assert queue.overdue_count(front_desk) == 0


def test_the_badge_is_one_query(front_desk):
    failed(1, "recent")
    front_desk.has_perm("treatments.view_treatmentsession")  # a request has its perms already
    with CaptureQueriesContext(connection) as queries:
        assert queue.overdue_count(front_desk) == 1
    assert len(queries.captured_queries) == 1


@pytest.mark.postgres
def test_postgresql_reads_open_rows_from_their_partial_index(front_desk):
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL (DATABASE_URL=postgres://...)")
    failed(1, "recent")
    now = timezone.now()
    for queryset in (
        FollowUp.objects.filter(still_open(now), due_at__lt=now),
        queue.needs_action_now(front_desk, now),
    ):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
        assert "follow_up_open_due_idx" in plan, plan


def test_the_badge_is_kept_a_few_seconds_and_refreshed_by_the_user_s_own_action(
    front_desk, settings
):
    settings.FOLLOW_UP_BADGE_SECONDS = 20
    cache.clear()
    first = failed(1, "first")
    front_desk.has_perm("treatments.view_treatmentsession")
    assert queue.badge_count(front_desk) == 1
    failed(2, "second")
    with CaptureQueriesContext(connection) as queries:
        assert queue.badge_count(front_desk) == 1  # kept: no query
    assert len(queries.captured_queries) == 0
    queue.follow_up_mark_done(follow_up=first, outcome_note="Called back", by=front_desk)
    assert queue.badge_count(front_desk) == 1  # counted afresh: the second one only
    settings.FOLLOW_UP_BADGE_SECONDS = 0
    failed(3, "third")
    assert queue.badge_count(front_desk) == 2  # 0: counted on every call
    cache.clear()
