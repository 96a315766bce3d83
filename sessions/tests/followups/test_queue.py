"""The follow-up queue: who sees which follow-up, the badge, marking done, rescheduling and
reassigning (logged and audited), filters, paging and a constant query count."""

import datetime

import pytest
from django.db import connection as db
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinic.models import AuditEvent
from patients.tests.factories import PatientFactory
from sessions.followups import queue as followups_queue
from sessions.models import FollowUp
from sessions.tests.factories.followups import due_email
from sessions.tests.factories.scheduling import book
from tests.support import make_user

pytestmark = pytest.mark.django_db

Kind, Channel, Status = FollowUp.Kind, FollowUp.Channel, FollowUp.Status


# --- The queue --------------------------------------------------------------------------------


@pytest.fixture
def queue(practitioner):
    """A phone check for the front desk and an adverse-event check for the practitioner."""
    patient = PatientFactory(first_name="Anna", last_name="Martin", phone="+33 6 00 00 00 01")
    session = book(patient, practitioner=practitioner)
    call = FollowUp.objects.create(
        patient=patient,
        treatment_session=session,
        kind=Kind.POST_TREATMENT_CHECK,
        channel=Channel.PHONE,
        due_at=timezone.now() - datetime.timedelta(hours=1),
        idempotency_key="call",
    )
    task = FollowUp.objects.create(
        patient=patient,
        treatment_session=session,
        kind=Kind.ADVERSE_EVENT_CHECK,
        channel=Channel.TASK,
        assignee=practitioner,
        due_at=timezone.now() - datetime.timedelta(hours=1),
        idempotency_key="task",
    )
    return call, task


def test_anonymous_users_are_sent_to_the_login_page(client, queue):
    for url in (
        reverse("treatments:follow_ups"),
        reverse("treatments:follow_up", args=[queue[0].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_user_without_a_role_is_refused(client, no_role_user, queue):
    client.force_login(no_role_user)
    assert client.get(reverse("treatments:follow_ups")).status_code == 403
    response = client.post(
        reverse("treatments:follow_up_done", args=[queue[0].pk]), {"outcome_note": "x"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["front_desk", "practitioner", "clinic_admin"])
def test_every_role_that_schedules_opens_the_queue(client, request, persona, queue):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("treatments:follow_ups"), {"when": "due"})
    assert response.status_code == 200
    assert "Anna Martin" in response.text and "+33 6 00 00 00 01" in response.text


def test_the_front_desk_never_sees_the_practitioners_adverse_event_checks(
    client, front_desk, queue
):
    call, task = queue
    client.force_login(front_desk)
    page = client.get(reverse("treatments:follow_ups"))
    assert f'data-testid="follow-up-{call.pk}"' in page.text
    assert f'data-testid="follow-up-{task.pk}"' not in page.text
    assert "Adverse-event check" not in page.text
    assert client.get(reverse("treatments:follow_up", args=[task.pk])).status_code == 404
    done = client.post(reverse("treatments:follow_up_done", args=[task.pk]), {"outcome_note": "x"})
    assert done.status_code == 404


def test_practitioners_start_with_their_own_adverse_event_checks(client, practitioner, queue):
    call, task = queue
    client.force_login(practitioner)
    page = client.get(reverse("treatments:follow_ups"))
    assert f'data-testid="follow-up-{task.pk}"' in page.text
    assert f'data-testid="follow-up-{call.pk}"' not in page.text  # the front desk's call
    everyone = client.get(reverse("treatments:follow_ups"), {"assignee": ""})
    assert f'data-testid="follow-up-{call.pk}"' in everyone.text


def test_the_badge_counts_what_needs_action_now(front_desk, practitioner, queue):
    call, task = queue
    assert followups_queue.overdue_count(front_desk) == 1  # the due call
    assert followups_queue.overdue_count(practitioner) == 1  # their adverse-event check
    due_email()  # an e-mail the sweep will send: nobody's work
    FollowUp.objects.filter(pk=call.pk).update(due_at=timezone.now() + datetime.timedelta(days=1))
    assert followups_queue.overdue_count(front_desk) == 0


def test_the_navigation_badge_shows_the_count_only_when_there_is_one():

    nothing = render_to_string("treatments/follow_up_badge.html", {"follow_ups_overdue": 0})
    assert not nothing.strip()
    html = render_to_string("treatments/follow_up_badge.html", {"follow_ups_overdue": 3})
    assert ">3<" in html and "follow-ups need action" in html  # read out by screen readers


def test_marking_done_needs_an_outcome_and_is_logged_and_audited(client, front_desk, queue):
    call, _task = queue
    client.force_login(front_desk)
    url = reverse("treatments:follow_up_done", args=[call.pk])
    refused = client.post(url, {"outcome_note": "  "})
    assert refused.status_code == 200 and "This field is required." in refused.text
    call.refresh_from_db()
    assert call.status == Status.PENDING
    back = reverse("treatments:follow_ups") + "?when=today"
    response = client.post(url, {"outcome_note": "Doing well, slight bruise.", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    call.refresh_from_db()
    assert call.status == Status.DONE and call.done_by == front_desk
    assert call.outcome_note == "Doing well, slight bruise."
    assert call.events.last().action == "done"
    assert AuditEvent.objects.filter(action="follow_up.done", target_id=str(call.pk)).exists()
    assert client.get(url).status_code == 405


def test_an_unsafe_next_address_is_ignored(client, front_desk, queue):
    client.force_login(front_desk)
    response = client.post(
        reverse("treatments:follow_up_done", args=[queue[0].pk]),
        {"outcome_note": "Done", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("treatments:follow_ups")


def test_rescheduling_and_reassigning_are_logged_and_audited(client, front_desk, queue):
    call, _task = queue
    colleague = make_user("front_desk", username="colleague")
    client.force_login(front_desk)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.post(
        reverse("treatments:follow_up_reschedule", args=[call.pk]),
        {"day": tomorrow.isoformat(), "time": "09:30"},
    )
    client.post(
        reverse("treatments:follow_up_reassign", args=[call.pk]), {"assignee": colleague.pk}
    )
    call.refresh_from_db()
    assert timezone.localtime(call.due_at).date() == tomorrow
    assert f"{timezone.localtime(call.due_at):%H:%M}" == "09:30"
    assert call.assignee == colleague
    assert list(call.events.values_list("action", flat=True)) == ["rescheduled", "reassigned"]
    actions = set(
        AuditEvent.objects.filter(target_id=str(call.pk)).values_list("action", flat=True)
    )
    assert {"follow_up.rescheduled", "follow_up.reassigned"} <= actions
    page = client.get(reverse("treatments:follow_up", args=[call.pk]))
    assert "Rescheduled" in page.text and "Reassigned" in page.text


def test_a_past_day_is_refused_and_a_task_stays_with_a_practitioner(client, practitioner, queue):
    call, task = queue
    client.force_login(practitioner)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("treatments:follow_up_reschedule", args=[call.pk]),
        {"day": yesterday.isoformat(), "time": "09:00"},
    )
    assert "Choose today or a later day." in response.text
    front = make_user("front_desk", username="desk-2")
    refused = client.post(
        reverse("treatments:follow_up_reassign", args=[task.pk]), {"assignee": front.pk}
    )
    assert refused.status_code == 200
    task.refresh_from_db()
    assert task.assignee == practitioner


def test_a_follow_up_being_sent_cannot_be_worked(client, front_desk):
    follow_up = due_email(status=Status.SENDING, claimed_at=timezone.now())
    client.force_login(front_desk)
    response = client.post(
        reverse("treatments:follow_up_done", args=[follow_up.pk]), {"outcome_note": "Called"}
    )
    assert "being sent right now" in response.text
    follow_up.refresh_from_db()
    assert follow_up.status == Status.SENDING


def test_the_queue_filters_by_kind_status_and_time(client, front_desk, queue):
    call, _task = queue
    patient = call.patient
    later = FollowUp.objects.create(
        patient=patient,
        kind=Kind.REBOOK,
        channel=Channel.PHONE,
        due_at=timezone.now() + datetime.timedelta(days=3),
        idempotency_key="later",
    )
    client.force_login(front_desk)
    url = reverse("treatments:follow_ups")
    assert f"follow-up-{later.pk}" not in client.get(url).text  # default: due by tonight
    upcoming = client.get(url, {"when": "upcoming"}).text
    assert f"follow-up-{later.pk}" in upcoming and f"follow-up-{call.pk}" not in upcoming
    by_kind = client.get(url, {"when": "any", "kind": Kind.REBOOK}).text
    assert f"follow-up-{later.pk}" in by_kind and f"follow-up-{call.pk}" not in by_kind
    followups_queue.follow_up_mark_done(follow_up=call, outcome_note="Fine", by=front_desk)
    assert f"follow-up-{call.pk}" not in client.get(url, {"when": "any"}).text
    assert f"follow-up-{call.pk}" in client.get(url, {"when": "any", "status": "done"}).text


def test_an_empty_queue_says_so(client, front_desk):
    client.force_login(front_desk)
    assert "Nothing to follow up here." in client.get(reverse("treatments:follow_ups")).text


def test_the_queue_pages_and_its_query_count_does_not_grow(
    client, front_desk, django_assert_max_num_queries
):
    client.force_login(front_desk)
    url = reverse("treatments:follow_ups")
    due_email(patient=PatientFactory())
    client.get(url)  # warm caches (permissions, content types)

    with CaptureQueriesContext(db) as few:
        client.get(url)
    for n in range(60):
        FollowUp.objects.create(
            patient=PatientFactory(),
            kind=Kind.REBOOK,
            channel=Channel.PHONE,
            due_at=timezone.now(),
            idempotency_key=f"many:{n}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert "Page 1 of 2" in page.text
    assert "Page 2 of 2" in client.get(url, {"page": 2}).text
