"""Adverse events escalate as reference §8 says: the urgent-review triggers (and any severe
event) give the practitioner a check today, listed first with the trigger; the rest a check
the next day. The aftercare sheet's "call us at once" list is the same §8 list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions.followups import rules, scheduling
from sessions.models import AdverseEvent, Chart, FollowUp
from sessions.tests.factories.charts import booked_session

pytestmark = pytest.mark.django_db


def charted(practitioner, hour=10):
    return Chart.objects.create(treatment_session=booked_session(practitioner, hour=hour))


def _event(chart, practitioner, type_, severity="mild"):
    return AdverseEvent.objects.create(
        chart=chart, type=type_, severity=severity, action_taken="seen", recorded_by=practitioner
    )


@pytest.mark.parametrize(
    "type_",
    ["infection", "nodule", "necrosis", "nerve", "dysphagia", "hair_loss"],
)
def test_a_section_8_trigger_makes_a_check_due_now_assigned_and_urgent(practitioner, type_):
    chart = charted(practitioner)
    check = scheduling.follow_ups_on_adverse_event(adverse_event=_event(chart, practitioner, type_))
    assert check.urgent and check.urgent_reason == rules.URGENT_ADVERSE_EVENTS[type_]
    assert check.due_at <= timezone.now()
    assert check.assignee == chart.treatment_session.practitioner


def test_mild_bruising_waits_for_the_next_day_and_is_not_urgent(practitioner):
    chart = charted(practitioner)
    check = scheduling.follow_ups_on_adverse_event(
        adverse_event=_event(chart, practitioner, "bruising")
    )
    assert not check.urgent and check.urgent_reason == ""
    assert check.due_at > timezone.now() + datetime.timedelta(hours=12)


def test_any_severe_event_is_urgent(practitioner):
    chart = charted(practitioner)
    check = scheduling.follow_ups_on_adverse_event(
        adverse_event=_event(chart, practitioner, "vasovagal", severity="severe")
    )
    assert check.urgent and "Severe" in check.urgent_reason


def test_an_urgent_event_escalates_the_open_next_day_check(practitioner):
    chart = charted(practitioner)
    first = scheduling.follow_ups_on_adverse_event(
        adverse_event=_event(chart, practitioner, "bruising")
    )
    second = scheduling.follow_ups_on_adverse_event(
        adverse_event=_event(chart, practitioner, "necrosis")
    )
    first.refresh_from_db()
    assert second == first and first.urgent and first.due_at <= timezone.now()
    assert first.events.filter(action="escalated").exists()


def test_urgent_checks_come_first_on_the_practitioners_dashboard_and_queue(client, practitioner):
    calm = charted(practitioner)
    scheduling.follow_ups_on_adverse_event(adverse_event=_event(calm, practitioner, "bruising"))
    FollowUp.objects.update(due_at=timezone.now() - datetime.timedelta(hours=1))
    urgent_chart = charted(practitioner, hour=14)
    urgent = scheduling.follow_ups_on_adverse_event(
        adverse_event=_event(urgent_chart, practitioner, "dysphagia")
    )
    client.force_login(practitioner)
    checks = list(client.get(reverse("dashboard")).context["checks_due"])
    assert checks[0] == urgent and len(checks) == 2
    page = client.get(reverse("treatments:follow_ups"), {"when": "any"})
    assert list(page.context["page_obj"].object_list)[0] == urgent
    assert rules.URGENT_ADVERSE_EVENTS["dysphagia"] in page.content.decode()


def test_the_aftercare_call_at_once_list_is_the_section_8_list():
    wanted = ["nodule", "discharge", "fever", "redness", "blanching", "hair loss", "asymmetry"]
    text = " ".join(rules.CALL_AT_ONCE_SIGNS).lower()
    assert all(word in text for word in wanted) and "swallowing" in text
