"""The demo data of `make run`: loads, and loads again without creating anything new."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from clinic import roles
from clinic.management.commands.load_demo import DEMO_PASSWORD, DEMO_PATIENTS, DEMO_USERS

pytestmark = pytest.mark.django_db


def test_loading_demo_data_twice_creates_nothing_twice(settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    users = get_user_model().objects.filter(username__in=[row[0] for row in DEMO_USERS])
    assert users.count() == 3
    for username, *_, role in DEMO_USERS:
        user = users.get(username=username)
        assert roles.role_of(user) == role
        assert user.check_password(DEMO_PASSWORD)


def test_demo_data_is_refused_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published passwords"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username="practitioner").exists()


def test_demo_data_with_the_reference_library_gives_bookable_and_booked_plans(settings):
    from patients.models import Patient
    from protocols.seed import load_reference_library
    from sessions.models import TreatmentPlan, TreatmentSession

    settings.DEBUG = True
    load_reference_library()
    call_command("load_demo")
    call_command("load_demo")
    # The first three demo patients (the living clinic's courses: test_demo_clinic.py).
    first_three = [row[1] for row in DEMO_PATIENTS]
    assert Patient.objects.filter(last_name__in=first_three).count() == 3
    plans = TreatmentPlan.objects.filter(patient__last_name__in=first_three)
    statuses = set(plans.values_list("status", flat=True))
    assert statuses == {TreatmentPlan.Status.PROPOSED, TreatmentPlan.Status.BOOKED}
    plan = plans.get(status="booked")
    assert TreatmentSession.objects.filter(plan=plan).count() == plan.sessions_count


def test_the_demo_clinic_has_a_consented_course_and_calls_to_make(settings):
    from django.utils import timezone

    from protocols.seed import load_reference_library
    from sessions.documents.consent_rules import consent_problem
    from sessions.models import FollowUp, TreatmentPlan

    settings.DEBUG = True
    load_reference_library()
    call_command("load_demo")
    call_command("load_demo")  # still nothing twice
    plan = TreatmentPlan.objects.get(
        status=TreatmentPlan.Status.BOOKED, patient__last_name=DEMO_PATIENTS[0][1]
    )
    first = plan.treatment_sessions.order_by("starts_at").first()
    assert consent_problem(first) is None  # charted on its day without more ado
    calls = FollowUp.objects.filter(kind=FollowUp.Kind.REBOOK, status=FollowUp.Status.PENDING)
    assert calls.count() == 2
    today = timezone.localdate()
    assert sorted(timezone.localtime(c.due_at).date() < today for c in calls) == [False, True]
