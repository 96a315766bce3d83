"""At the chair (issue 11): a recalled lot is not in the chart's lot list and cannot be charted;
the protocol's lidocaine anaesthetic is refused for a patient allergic to lidocaine, naming
both before any form (a stocked lidocaine product is refused the same way:
sessions/tests/charting)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page, expect

from clinic import roles
from patients import services
from patients.tests.factories import PatientFactory
from protocols import services as protocol_services
from protocols.models import Protocol
from protocols.seed import load_reference_library
from protocols.tests.factories import LotFactory, ProductFactory
from sessions.models import ChartProduct, WorkingHours
from sessions.scheduling import plans as plan_services
from sessions.tests.factories import (
    LocationFactory,
    RoomFactory,
    book,
    consent_on_file,
    working_week,
)
from tests.browser.conftest import sign_in, watch_js_errors
from tests.support import make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def _todays_session(*, allergic: bool):
    """A consented skin-booster session today; the patient allergic to lidocaine or not (the
    allergy recorded after the plan, as when a patient mentions it at the chair)."""
    load_reference_library()
    practitioner = make_user(roles.PRACTITIONER)
    get_user_model().objects.filter(pk=practitioner.pk).update(first_name="Claire")
    location = LocationFactory(name="Main clinic")
    room = RoomFactory(location=location, name="Room 1")
    working_week(practitioner, location)
    today = timezone.localdate()
    WorkingHours.objects.get_or_create(
        practitioner=practitioner,
        location=location,
        weekday=today.weekday(),
        defaults={"starts": datetime.time(0, 15), "ends": datetime.time(23, 45)},
    )
    patient = PatientFactory(first_name="Lena", last_name="Roth")
    services.history_review_record(patient=patient, data={}, by=practitioner)
    version = Protocol.objects.get(slug="ha-skin-booster-face").current_version
    consultation = services.consultation_start(
        patient=patient,
        data={"goals": "Dull skin.", "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )
    warnings = services.screen_consultation(consultation).warnings
    plan = plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=["face"],
        sessions_count=3,
        interval_min_days=version.interval_min_days,
        interval_max_days=version.interval_max_days,
        override_reasons={f.key: "Reviewed with the patient." for f in warnings},
        by=practitioner,
    )
    consent_on_file(plan, practitioner)
    if allergic:
        services.history_review_record(
            patient=patient, data={"allergies": ["allergy_lidocaine"]}, by=practitioner
        )
    hour = max(9, min(timezone.localtime().hour, 17))  # inside the working week (09-18)
    treatment_session = book(
        patient, practitioner=practitioner, room=room, plan=plan, sequence=1, day=today, hour=hour
    )
    return practitioner, treatment_session


def test_a_recalled_lot_is_not_offered_at_the_chair(page: Page, live_server, csp_violations):
    practitioner, treatment_session = _todays_session(allergic=False)
    admin = make_user(roles.CLINIC_ADMIN)
    vitamins = ProductFactory(name="Vitamin mix")
    recalled = LotFactory(lot_number="RECALL-9", product=vitamins)
    protocol_services.lot_recall_mark(lot=recalled, reason="Sterility doubt", by=admin)
    usable = LotFactory(lot_number="GOOD-1", product=vitamins)
    js_errors = watch_js_errors(page)
    sign_in(page, live_server.url, practitioner.username)
    page.goto(f"{live_server.url}/treatments/sessions/{treatment_session.pk}/chart/")
    lot_options = page.locator("#id_p-0-lot option")
    expect(lot_options.filter(has_text="GOOD-1")).to_have_count(1)
    expect(lot_options.filter(has_text="RECALL-9")).to_have_count(0)
    assert usable.pk and js_errors == [] and csp_violations == []


def test_an_allergic_patients_chart_is_stopped_before_any_form(
    page: Page, live_server, csp_violations, screenshots_dir
):
    practitioner, treatment_session = _todays_session(allergic=True)
    js_errors = watch_js_errors(page)
    sign_in(page, live_server.url, practitioner.username)
    page.goto(f"{live_server.url}/treatments/sessions/{treatment_session.pk}/chart/")
    expect(page.get_by_test_id("allergies")).to_contain_text("idocaine")
    # The protocol's own numbing cream contains lidocaine: no chart can start, and the page
    # says so first, naming the product and the ingredient.
    problem = page.get_by_test_id("chart-start-problem")
    expect(problem).to_contain_text("Lidocaine")
    expect(problem).to_contain_text("Topical lidocaine cream")
    expect(page.get_by_test_id("chart-form")).to_have_count(0)
    page.screenshot(path=screenshots_dir / "chart-allergy-refused.png", full_page=True)
    assert not ChartProduct.objects.filter(chart__treatment_session=treatment_session).exists()
    assert js_errors == [] and csp_violations == []
