"""Charting a session: blend and lot stock, doses, signing, amendments, photos, access, audit."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from clinic.models import AuditEvent
from patients import services
from patients.models import Measurement
from patients.tests.factories import PatientFactory, record_history
from protocols.tests.factories import IngredientFactory, LotFactory, ProductFactory, make_protocol
from sessions.charting import amendments, charts, photos
from sessions.charting import doses as charting_doses
from sessions.charting.doses import DoseLine, cumulative_doses
from sessions.models import (
    AdverseEvent,
    Chart,
    ChartAmendment,
    ChartProduct,
    Photo,
    TreatmentSession,
)
from sessions.scheduling import booking
from sessions.scheduling import plans as plan_services
from sessions.tests.factories import book, consent_on_file, next_weekday
from tests.support import make_user

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 64
CHECKLIST = dict.fromkeys(charts.CHECKLIST_FIELDS, True)


# --- Builders ---------------------------------------------------------------------------------


def plan_for(patient, practitioner, slug="ha-booster", **protocol_content):
    """A proposed plan (3 sessions) on a fresh protocol, through the real services."""
    record_history(patient, by=practitioner)
    version = make_protocol(slug=slug, **protocol_content).current_version
    consultation = services.consultation_start(
        patient=patient,
        data={"goals": "Fresher skin", "protocol_version": version},
        indications=[version.protocol.indication],
        by=practitioner,
    )
    return plan_services.treatment_plan_propose(
        consultation=consultation,
        areas=["face"],
        sessions_count=3,
        interval_min_days=14,
        interval_max_days=28,
        override_reasons={},
        by=practitioner,
    )


def booked_session(practitioner, *, patient=None, plan=None, weeks_ahead=1, hour=10, **extra):
    patient = patient or (plan.patient if plan else PatientFactory())
    if plan is None:
        plan = plan_for(patient, practitioner, slug=f"ha-{patient.pk}")
    if not plan.consents.filter(signed_at__isnull=False).exists():
        consent_on_file(plan, practitioner)
    return book(
        patient,
        practitioner=practitioner,
        plan=plan,
        sequence=1,
        # Charts are written on or after the session's day: courses here lie in the past.
        day=next_weekday(0, weeks_ahead - 5),
        hour=hour,
        **extra,
    )


def dosed_lot(amount_per_ml="20", per_session="100", lifetime="250", quantity=10, **lot):
    ingredient = IngredientFactory(
        name="Caffeine",
        amount_unit="mg",
        max_amount_per_session=Decimal(per_session) if per_session else None,
        max_cumulative_amount=Decimal(lifetime) if lifetime else None,
    )
    product = ProductFactory(
        ingredient=ingredient, amount_per_ml=Decimal(amount_per_ml) if amount_per_ml else None
    )
    return LotFactory(
        product=product, quantity_received=quantity, quantity_remaining=quantity, **lot
    )


def row(lot, volume="1", units=1, **extra):
    return {"lot": lot, "volume_ml": Decimal(volume), "units_used": units, **extra}


def signed_chart(practitioner, *, products=(), **extra):
    treatment_session = booked_session(practitioner, **extra)
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data={**CHECKLIST, "notes": "Tolerated well.", "injection_points": 40},
        products=list(products),
        by=practitioner,
    )
    return charts.chart_sign(chart=chart, by=practitioner)


def management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def chart_post(products=(), events=(), measurements=(), **fields):
    """What the chart page posts: chart fields plus the three row sets."""
    data = {
        **management("p", len(products)),
        **management("ae", len(events)),
        **management("m", len(measurements)),
    }
    for prefix, rows in (("p", products), ("ae", events), ("m", measurements)):
        for index, values in enumerate(rows):
            data.update({f"{prefix}-{index}-{key}": value for key, value in values.items()})
    for name, value in fields.items():
        data[name] = "on" if value is True else value
    return data


def chart_url(treatment_session, name="treatments:chart"):
    return reverse(name, args=[treatment_session.pk])


# --- Cumulative dose (pure) -------------------------------------------------------------------


def line(volume, amount_per_ml="20", ingredient_id=1, **extra):
    return DoseLine(
        product=extra.pop("product", "Caffeine 20 mg/mL"),
        volume_ml=Decimal(volume),
        amount_per_ml=Decimal(amount_per_ml) if amount_per_ml else None,
        ingredient_id=ingredient_id,
        ingredient=extra.pop("ingredient", "Caffeine"),
        unit="mg",
        max_per_session=extra.pop("max_per_session", Decimal("100")),
        max_cumulative=extra.pop("max_cumulative", Decimal("250")),
    )


def test_the_dose_is_volume_times_amount_per_ml_summed_per_ingredient():
    summary = cumulative_doses(
        this_session=[line("1.5"), line("0.5"), line("2", "5", ingredient_id=2, ingredient="DMAE")]
    )
    doses = {dose.name: dose for dose in summary.ingredients}
    assert doses["Caffeine"].this_session == Decimal("40")
    assert doses["DMAE"].this_session == Decimal("10")
    assert summary.total_volume_ml == Decimal("4")
    assert not summary.problems


def test_course_and_lifetime_add_earlier_rows_to_this_session():
    summary = cumulative_doses(
        this_session=[line("2")],
        earlier_in_course=[line("3")],
        earlier_lifetime=[line("3"), line("4"), line("9", ingredient_id=7)],
    )
    (dose,) = summary.ingredients
    assert (dose.this_session, dose.course, dose.lifetime) == (40, 100, 180)


def test_products_without_an_ingredient_or_an_amount_are_not_computable():
    summary = cumulative_doses(
        this_session=[
            line("1"),
            line("1", amount_per_ml=None, product="Blend X"),
            line("1", ingredient_id=None, product="Ready-made cocktail"),
        ],
        earlier_lifetime=[line("5", amount_per_ml=None)],
    )
    assert summary.not_computable == ["Blend X", "Ready-made cocktail"]
    (dose,) = summary.ingredients
    assert dose.this_session == 20
    assert dose.incomplete  # an earlier row could not be added: the lifetime is a lower bound
    assert summary.total_volume_ml == 3


def test_going_over_a_session_lifetime_or_volume_limit_is_a_problem():
    summary = cumulative_doses(
        this_session=[line("6")],
        earlier_lifetime=[line("7")],
        max_total_volume_ml=Decimal("5"),
    )
    assert summary.problems == [
        "The total volume, 6 mL, is over the protocol's maximum of 5 mL.",
        "Caffeine: 120 mg in this session, over the maximum of 100 mg.",
        "Caffeine: 260 mg in total for this patient, over the lifetime maximum of 250 mg.",
    ]


def test_the_chart_doses_count_signed_charts_of_the_course_and_of_the_patients_life(
    practitioner,
):
    lot = dosed_lot(per_session=None, lifetime=None)
    patient = PatientFactory()
    old_plan = plan_for(patient, practitioner, slug="old-course")
    plan = plan_for(patient, practitioner, slug="this-course")
    signed_chart(practitioner, plan=old_plan, weeks_ahead=1, products=[row(lot, "1")])
    signed_chart(practitioner, plan=plan, weeks_ahead=2, products=[row(lot, "2")])
    unsigned = booked_session(practitioner, plan=plan, weeks_ahead=3)
    charts.chart_save(treatment_session=unsigned, products=[row(lot, "4")], by=practitioner)
    current = booked_session(practitioner, plan=plan, weeks_ahead=4)
    chart = charts.chart_save(
        treatment_session=current, products=[row(lot, "0.5")], by=practitioner
    )

    summary = charting_doses.chart_doses(chart=chart, treatment_session=current)

    (dose,) = summary.ingredients
    assert dose.this_session == Decimal("10")
    assert dose.course == Decimal("50")  # + 2 mL of this course's signed chart
    assert dose.lifetime == Decimal("70")  # + 1 mL of the earlier course
    assert summary.unsigned_earlier == 1  # the unsigned chart is not counted, but flagged


# --- Blend, lots and stock --------------------------------------------------------------------


def test_an_expired_lot_is_refused_naming_the_lot_and_its_expiry(practitioner):
    treatment_session = booked_session(practitioner)
    day = charts.session_day(treatment_session)
    lot = LotFactory(lot_number="EXP-1", expiry_date=day - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        charts.chart_save(treatment_session=treatment_session, products=[row(lot)], by=practitioner)
    assert refused.value.messages == [
        f"Lot EXP-1 of {lot.product.name} expired on {lot.expiry_date.isoformat()}; "
        f"the session is on {day.isoformat()}."
    ]
    lot.refresh_from_db()
    assert lot.quantity_remaining == 10
    assert not Chart.objects.exists()  # nothing at all was saved
    assert (
        TreatmentSession.objects.get(pk=treatment_session.pk).status
        == TreatmentSession.Status.BOOKED
    )


def test_a_lot_expiring_on_the_session_day_can_still_be_used(practitioner):
    treatment_session = booked_session(practitioner)
    lot = LotFactory(expiry_date=charts.session_day(treatment_session))
    chart = charts.chart_save(
        treatment_session=treatment_session, products=[row(lot)], by=practitioner
    )
    assert chart.products.get().lot == lot


def test_a_lot_of_an_archived_product_is_refused(practitioner):
    treatment_session = booked_session(practitioner)
    lot = LotFactory(lot_number="ARCH-1", product__archived_at=timezone.now())
    with pytest.raises(ValidationError, match="Lot ARCH-1 .* which is archived"):
        charts.chart_save(treatment_session=treatment_session, products=[row(lot)], by=practitioner)


def test_saving_takes_units_from_the_lot_and_changing_or_removing_rows_gives_them_back(
    practitioner,
):
    treatment_session = booked_session(practitioner)
    lot, other = LotFactory(quantity_remaining=10), LotFactory(quantity_remaining=10)

    chart = charts.chart_save(
        treatment_session=treatment_session, products=[row(lot, units=3)], by=practitioner
    )
    lot.refresh_from_db()
    assert lot.quantity_remaining == 7

    existing = chart.products.get()
    charts.chart_save(
        treatment_session=treatment_session,
        products=[row(lot, units=1, id=existing.pk), row(other, units=2)],
        by=practitioner,
    )
    lot.refresh_from_db(), other.refresh_from_db()
    assert (lot.quantity_remaining, other.quantity_remaining) == (9, 8)

    charts.chart_save(treatment_session=treatment_session, products=[], by=practitioner)
    lot.refresh_from_db(), other.refresh_from_db()
    assert (lot.quantity_remaining, other.quantity_remaining) == (10, 10)
    assert not ChartProduct.objects.exists()


def test_saving_an_unchanged_blend_again_takes_nothing_more(practitioner):
    treatment_session = booked_session(practitioner)
    lot = LotFactory(quantity_remaining=1)
    chart = charts.chart_save(
        treatment_session=treatment_session, products=[row(lot)], by=practitioner
    )
    kept = chart.products.get()
    charts.chart_save(
        treatment_session=treatment_session,
        data={"notes": "Second save"},
        products=[row(lot, id=kept.pk)],
        by=practitioner,
    )
    lot.refresh_from_db()
    assert lot.quantity_remaining == 0


def test_stock_never_goes_below_zero(practitioner):
    treatment_session = booked_session(practitioner)
    lot = LotFactory(lot_number="LAST-2", quantity_remaining=2)
    with pytest.raises(ValidationError) as refused:
        charts.chart_save(
            treatment_session=treatment_session, products=[row(lot, units=3)], by=practitioner
        )
    assert refused.value.messages == [f"Only 2 units of lot LAST-2 ({lot.product.name}) remain."]
    lot.refresh_from_db()
    assert lot.quantity_remaining == 2
    assert not ChartProduct.objects.exists()


def _charting_threads(targets):
    """Run each target in its own thread (own database connection); collect the outcomes."""
    outcomes = {}

    def run(name, target):
        try:
            target()
            outcomes[name] = "saved"
        except ValidationError as error:
            outcomes[name] = error.messages
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in targets.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _skip_unless_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Row locks need PostgreSQL: run with DATABASE_URL=postgres://... "
            "(SQLite takes one writer at a time, so there is no race to test)."
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_charts_taking_the_last_vial_at_once_exactly_one_wins(transactional_db):
    _skip_unless_postgresql()
    practitioner = make_user("practitioner", username="racer")
    lot = LotFactory(lot_number="LAST-1", quantity_received=1, quantity_remaining=1)
    treatment_sessions = [booked_session(practitioner, hour=hour) for hour in (10, 12)]
    start = threading.Barrier(2)

    def chart(treatment_session):
        def target():
            start.wait(timeout=10)
            charts.chart_save(
                treatment_session=treatment_session, products=[row(lot)], by=practitioner
            )

        return target

    outcomes = _charting_threads({ts.pk: chart(ts) for ts in treatment_sessions})

    assert sorted(map(str, outcomes.values())) == [
        str([f"Only 0 units of lot LAST-1 ({lot.product.name}) remain."]),
        "saved",
    ]
    lot.refresh_from_db()
    assert lot.quantity_remaining == 0
    assert ChartProduct.objects.filter(lot=lot).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_chart_waits_for_the_lot_another_chart_is_taking_then_is_refused(transactional_db):
    """Deterministic interleaving: the first transaction holds the lot while the second
    starts; the second must wait for the commit and then see no stock left."""
    _skip_unless_postgresql()
    practitioner = make_user("practitioner", username="holder")
    lot = LotFactory(lot_number="LAST-1", quantity_received=1, quantity_remaining=1)
    first, second = (booked_session(practitioner, hour=hour) for hour in (10, 12))
    holding, release = threading.Event(), threading.Event()
    finished = {}

    def take_and_hold():
        with transaction.atomic():
            charts.chart_save(treatment_session=first, products=[row(lot)], by=practitioner)
            holding.set()
            release.wait(timeout=10)
        finished["first"] = time.monotonic()

    def take_while_held():
        holding.wait(timeout=10)
        try:
            charts.chart_save(treatment_session=second, products=[row(lot)], by=practitioner)
        finally:
            finished["second"] = time.monotonic()

    def let_go():
        holding.wait(timeout=10)
        time.sleep(0.5)  # the second chart is now blocked on the lot's row lock
        finished["released"] = time.monotonic()
        release.set()

    outcomes = _charting_threads(
        {"first": take_and_hold, "second": take_while_held, "release": let_go}
    )

    assert outcomes["first"] == "saved"
    assert outcomes["second"] == [f"Only 0 units of lot LAST-1 ({lot.product.name}) remain."]
    assert finished["second"] >= finished["released"]  # it waited for the first to commit
    lot.refresh_from_db()
    assert lot.quantity_remaining == 0


# --- Starting a chart -------------------------------------------------------------------------


def test_starting_a_chart_checks_a_booked_patient_in_and_starts_the_session(practitioner):
    treatment_session = booked_session(practitioner)
    chart = charts.chart_start(treatment_session=treatment_session, by=practitioner)
    treatment_session.refresh_from_db()
    assert treatment_session.status == TreatmentSession.Status.IN_PROGRESS
    assert treatment_session.checked_in_at and treatment_session.started_at
    assert chart.areas == ["face"]  # from the plan
    assert charts.chart_start(treatment_session=treatment_session, by=practitioner) == chart
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"session.checked_in", "session.in_progress", "chart.started"} <= actions


def test_a_cancelled_session_cannot_be_charted(practitioner):
    treatment_session = booked_session(practitioner)
    booking.session_transition(
        treatment_session=treatment_session, to="cancelled", by=practitioner, reason="Ill"
    )
    with pytest.raises(ValidationError, match="This session is cancelled; it cannot be charted"):
        charts.chart_save(treatment_session=treatment_session, by=practitioner)


def test_a_session_in_the_future_cannot_be_charted_yet(practitioner):
    treatment_session = book(PatientFactory(), practitioner=practitioner, day=next_weekday(0, 1))
    with pytest.raises(ValidationError, match="it can be charted from that day"):
        charts.chart_save(treatment_session=treatment_session, by=practitioner)


def test_a_session_without_a_plan_is_charted_without_a_protocol_reference(client, practitioner):
    treatment_session = book(
        PatientFactory(), practitioner=practitioner, kind="review", day=next_weekday(0, -1)
    )
    charts.chart_save(
        treatment_session=treatment_session,
        data=CHECKLIST,
        products=[row(LotFactory(), "5")],  # no protocol: no volume maximum to break
        by=practitioner,
    )
    client.force_login(practitioner)
    page = client.get(chart_url(treatment_session)).content.decode()
    assert 'data-testid="chart-protocol"' not in page
    charts.chart_sign(chart=Chart.objects.get(), by=practitioner)
    assert Chart.objects.get().is_signed


# --- Signing ----------------------------------------------------------------------------------


def test_signing_is_refused_until_the_whole_checklist_is_ticked(practitioner):
    treatment_session = booked_session(practitioner)
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data={**CHECKLIST, "photos_taken": False, "medications_paused": False},
        by=practitioner,
    )
    with pytest.raises(ValidationError) as refused:
        charts.chart_sign(chart=chart, by=practitioner)
    assert refused.value.messages == [
        "Complete the pre-treatment checklist before signing: medications paused as "
        "instructed; photos taken."
    ]
    chart.refresh_from_db()
    assert chart.signed_at is None


def test_signing_over_a_dose_limit_needs_a_reason(practitioner):
    treatment_session = booked_session(practitioner)
    lot = dosed_lot(per_session="30")
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data=CHECKLIST,
        products=[row(lot, "2")],  # 40 mg of caffeine, 30 mg allowed
        by=practitioner,
    )
    with pytest.raises(ValidationError) as refused:
        charts.chart_sign(chart=chart, by=practitioner)
    assert "Caffeine: 40 mg in this session, over the maximum of 30 mg." in refused.value.messages

    charts.chart_sign(
        chart=chart, by=practitioner, dose_override_reason="Larger area, discussed with patient"
    )
    chart.refresh_from_db()
    assert chart.is_signed
    assert chart.dose_override_reason == "Larger area, discussed with patient"
    event = AuditEvent.objects.get(action="chart.signed")
    assert event.details["limits_exceeded"]


def test_signing_over_the_lifetime_limit_needs_a_reason(practitioner):
    lot = dosed_lot(per_session=None, lifetime="50")
    patient = PatientFactory()
    plan = plan_for(patient, practitioner)
    signed_chart(practitioner, plan=plan, weeks_ahead=1, products=[row(lot, "2")])  # 40 mg
    later = booked_session(practitioner, plan=plan, weeks_ahead=3)
    chart = charts.chart_save(
        treatment_session=later, data=CHECKLIST, products=[row(lot, "1")], by=practitioner
    )
    with pytest.raises(ValidationError, match="60 mg in total for this patient"):
        charts.chart_sign(chart=chart, by=practitioner)


def test_signing_over_the_protocols_total_volume_needs_a_reason(practitioner):
    treatment_session = booked_session(practitioner)  # the protocol allows 2 mL
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data=CHECKLIST,
        products=[row(LotFactory(), "2.5")],
        by=practitioner,
    )
    with pytest.raises(ValidationError, match="The total volume, 2.5 mL, is over"):
        charts.chart_sign(chart=chart, by=practitioner, dose_override_reason="   ")
    charts.chart_sign(chart=chart, by=practitioner, dose_override_reason="Neck added")
    assert Chart.objects.get().is_signed


def test_signing_completes_the_session_and_records_who_signed(practitioner):
    chart = signed_chart(practitioner)
    chart.refresh_from_db()
    assert chart.signed_by == practitioner and chart.signed_at is not None
    assert chart.treatment_session.status == TreatmentSession.Status.COMPLETED
    assert AuditEvent.objects.filter(action="chart.signed", actor=practitioner).exists()
    assert AuditEvent.objects.filter(action="session.completed").exists()


def test_a_signed_chart_refuses_every_change_through_the_services(practitioner):
    chart = signed_chart(practitioner)
    refusal = "This chart is signed; add an amendment instead."
    with pytest.raises(ValidationError, match=refusal):
        charts.chart_save(
            treatment_session=chart.treatment_session, data={"notes": "x"}, by=practitioner
        )
    with pytest.raises(ValidationError, match=refusal):
        charts.chart_sign(chart=chart, by=practitioner)
    with pytest.raises(ValidationError, match=refusal):
        photos.photo_upload(
            treatment_session=chart.treatment_session,
            upload=SimpleUploadedFile("a.jpg", JPEG),
            area="face",
            moment="after",
            by=practitioner,
        )
    chart.refresh_from_db()
    assert chart.notes == "Tolerated well."


def test_a_signed_chart_refuses_edits_through_the_page(client, practitioner):
    chart = signed_chart(practitioner)
    client.force_login(practitioner)
    url = chart_url(chart.treatment_session)
    response = client.post(url, chart_post(notes="Rewritten"), follow=True)
    assert "This chart is signed; add an amendment instead." in response.content.decode()
    chart.refresh_from_db()
    assert chart.notes == "Tolerated well."
    assert 'data-testid="chart-form"' not in client.get(url).content.decode()


# --- Amendments -------------------------------------------------------------------------------


def test_an_amendment_keeps_the_original_and_the_page_shows_both(client, practitioner):
    chart = signed_chart(practitioner)
    client.force_login(practitioner)
    url = chart_url(chart.treatment_session, "treatments:chart_amend")
    response = client.post(
        url,
        {
            "reason": "Typo in the point count",
            "injection_points": "42",
            "notes": "Tolerated well.",
            "technique": "",
        },
    )
    assert response.status_code == 302

    chart.refresh_from_db()
    assert chart.injection_points == 40  # the original stays in the chart
    amendment = ChartAmendment.objects.get()
    assert amendment.author == practitioner
    assert amendment.changes == {"injection_points": {"before": 40, "after": 42}}
    page = client.get(chart_url(chart.treatment_session)).content.decode()
    assert 'data-testid="chart-injection-points">40<' in page
    assert "Typo in the point count" in page
    assert '<td class="diff-old">40</td><td class="diff-new">42</td>' in page
    assert AuditEvent.objects.filter(action="chart.amended", actor=practitioner).exists()


def test_a_second_amendment_starts_from_the_amended_value(practitioner):
    chart = signed_chart(practitioner)
    amendments.chart_amend(
        chart=chart, reason="First", changes={"notes": "Better notes"}, by=practitioner
    )
    second = amendments.chart_amend(
        chart=chart, reason="Second", changes={"notes": "Best notes"}, by=practitioner
    )
    assert second.changes == {"notes": {"before": "Better notes", "after": "Best notes"}}
    chart.refresh_from_db()
    assert chart.notes == "Tolerated well."


def test_an_amendment_needs_a_reason_and_a_change(practitioner):
    chart = signed_chart(practitioner)
    with pytest.raises(ValidationError, match="Say why the chart is amended"):
        amendments.chart_amend(chart=chart, reason=" ", changes={"notes": "x"}, by=practitioner)
    with pytest.raises(ValidationError, match="Nothing was changed"):
        amendments.chart_amend(
            chart=chart, reason="Check", changes={"notes": "Tolerated well."}, by=practitioner
        )
    assert not ChartAmendment.objects.exists()


def test_an_unsigned_chart_is_edited_not_amended(practitioner):
    treatment_session = booked_session(practitioner)
    chart = charts.chart_save(treatment_session=treatment_session, by=practitioner)
    with pytest.raises(ValidationError, match="not signed yet"):
        amendments.chart_amend(chart=chart, reason="r", changes={"notes": "x"}, by=practitioner)


def test_an_amendment_can_add_an_adverse_event_noticed_after_signing(client, practitioner):
    chart = signed_chart(practitioner)
    client.force_login(practitioner)
    client.post(
        chart_url(chart.treatment_session, "treatments:chart_amend"),
        {
            "reason": "Patient called the next day",
            "notes": "Tolerated well.",
            "injection_points": "40",
            "event_type": "bruising",
            "event_severity": "mild",
            "event_description": "Small bruise on the cheek",
            "event_action_taken": "Arnica, reassurance",
        },
    )
    event = AdverseEvent.objects.get()
    assert event.chart == chart and event.recorded_by == practitioner
    amendment = ChartAmendment.objects.get()
    assert amendment.changes["adverse_event"]["after"]["type"] == "bruising"
    page = client.get(chart_url(chart.treatment_session)).content.decode()
    assert "No adverse event." in page  # the signed chart had none ...
    assert "Small bruise on the cheek" in page  # ... the amendment shows the one added


# --- The chart page ---------------------------------------------------------------------------


def test_the_chart_page_saves_blend_events_and_measurements(client, practitioner):
    treatment_session = booked_session(practitioner)
    lot = LotFactory(quantity_remaining=5)
    client.force_login(practitioner)
    response = client.post(
        chart_url(treatment_session),
        chart_post(
            products=[{"lot": lot.pk, "volume_ml": "1.5", "units_used": "2"}],
            events=[
                {"type": "bruising", "severity": "mild", "action_taken": "Cold compress"},
            ],
            measurements=[{"scale": "gais_practitioner", "area": "face", "value": "2"}],
            areas=["face", "neck"],
            technique="nappage",
            injection_points="60",
            notes="Well tolerated",
            **CHECKLIST,
        ),
    )
    assert response.status_code == 302
    chart = Chart.objects.get()
    assert chart.areas == ["face", "neck"] and chart.consent_on_file
    assert chart.products.get().volume_ml == Decimal("1.5")
    assert chart.adverse_events.get().recorded_by == practitioner
    measurement = Measurement.objects.get()
    assert measurement.treatment_session == treatment_session
    assert measurement.patient == treatment_session.patient
    lot.refresh_from_db()
    assert lot.quantity_remaining == 3
    page = client.get(chart_url(treatment_session)).content.decode()
    assert "1.5 mL" in page


def test_the_chart_page_shows_the_lot_refusal_and_saves_nothing(client, practitioner):
    treatment_session = booked_session(practitioner)
    expired = LotFactory(
        lot_number="OLD-9",
        expiry_date=charts.session_day(treatment_session) - datetime.timedelta(days=3),
    )
    client.force_login(practitioner)
    response = client.post(
        chart_url(treatment_session),
        chart_post(products=[{"lot": expired.pk, "volume_ml": "1", "units_used": "1"}]),
    )
    assert response.status_code == 200
    assert "Lot OLD-9 of" in response.content.decode()
    assert not Chart.objects.exists()


def test_the_lot_list_offers_only_usable_lots(client, practitioner):
    treatment_session = booked_session(practitioner)
    day = charts.session_day(treatment_session)
    LotFactory(lot_number="GOOD-1")
    LotFactory(lot_number="OLD-1", expiry_date=day - datetime.timedelta(days=1))
    LotFactory(lot_number="EMPTY-1", quantity_remaining=0)
    client.force_login(practitioner)
    page = client.get(chart_url(treatment_session)).content.decode()
    assert "lot GOOD-1" in page
    assert "lot OLD-1" not in page and "lot EMPTY-1" not in page


def test_a_measurement_outside_its_scale_is_refused(client, practitioner):
    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    response = client.post(
        chart_url(treatment_session),
        chart_post(measurements=[{"scale": "gais_practitioner", "area": "", "value": "9"}]),
    )
    assert "The highest value on this scale is 5." in response.content.decode()
    assert not Measurement.objects.exists()


def test_the_chart_shows_the_plans_protocol_and_override_reasons(client, practitioner):
    treatment_session = booked_session(practitioner)
    plan = treatment_session.plan
    plan.override_reasons = {"anticoagulant": {"label": "Anticoagulant", "reason": "INR fine"}}
    plan.save(update_fields=["override_reasons"])
    client.force_login(practitioner)
    page = client.get(chart_url(treatment_session)).content.decode()
    assert "version 1" in page
    assert "INR fine" in page


def test_going_over_the_protocol_volume_shows_a_warning(client, practitioner):
    treatment_session = booked_session(practitioner)
    charts.chart_save(
        treatment_session=treatment_session, products=[row(LotFactory(), "3")], by=practitioner
    )
    client.force_login(practitioner)
    page = client.get(chart_url(treatment_session)).content.decode()
    assert "The total volume, 3 mL, is over the protocol&#x27;s maximum of 2 mL." in page


def test_signing_through_the_page_without_the_checklist_says_what_is_missing(client, practitioner):
    treatment_session = booked_session(practitioner)
    charts.chart_save(treatment_session=treatment_session, by=practitioner)
    client.force_login(practitioner)
    response = client.post(chart_url(treatment_session, "treatments:chart_sign"), follow=True)
    assert "Complete the pre-treatment checklist before signing" in response.content.decode()
    assert not Chart.objects.get().is_signed


def test_signing_through_the_page_completes_the_session(client, practitioner):
    treatment_session = booked_session(practitioner)
    charts.chart_save(treatment_session=treatment_session, data=CHECKLIST, by=practitioner)
    client.force_login(practitioner)
    response = client.post(chart_url(treatment_session, "treatments:chart_sign"), follow=True)
    assert "Chart signed. The session is completed." in response.content.decode()
    treatment_session.refresh_from_db()
    assert treatment_session.status == TreatmentSession.Status.COMPLETED


@pytest.mark.parametrize("rows", [1, 6])
def test_the_chart_page_has_a_constant_number_of_queries(
    client, practitioner, django_assert_max_num_queries, rows
):
    treatment_session = booked_session(practitioner)
    chart = charts.chart_save(
        treatment_session=treatment_session,
        data=CHECKLIST,
        products=[row(LotFactory()) for _ in range(rows)],
        adverse_events=[{"type": "bruising", "severity": "mild", "action_taken": "Cold pack"}]
        * rows,
        measurements=[{"scale": "gais_practitioner", "value": Decimal(2)}] * rows,
        by=practitioner,
    )
    client.force_login(practitioner)
    with django_assert_max_num_queries(21):  # while it is edited: forms and lot choices
        assert client.get(chart_url(treatment_session)).status_code == 200

    charts.chart_sign(chart=chart, by=practitioner, dose_override_reason="Large area")
    for index in range(rows):
        amendments.chart_amend(
            chart=chart,
            reason=f"Correction {index}",
            changes={"notes": f"Notes {index}"},
            adverse_event={"type": "bruising", "severity": "mild", "action_taken": "Arnica"},
            by=practitioner,
        )
    with django_assert_max_num_queries(21):  # signed, with amendments
        assert client.get(chart_url(treatment_session)).status_code == 200


# --- Photos -----------------------------------------------------------------------------------


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


def upload(client, treatment_session, content, name="photo.jpg"):
    return client.post(
        reverse("treatments:photo_upload", args=[treatment_session.pk]),
        {
            "image": SimpleUploadedFile(name, content, content_type="image/jpeg"),
            "area": "face",
            "moment": "before",
        },
        follow=True,
    )


@pytest.mark.parametrize(("content", "content_type"), [(JPEG, "image/jpeg"), (PNG, "image/png")])
def test_a_photo_is_typed_by_its_content_and_stored_with_its_hash(
    client, practitioner, private_media, content, content_type
):
    import hashlib

    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    response = upload(client, treatment_session, content, name="anything.bin")
    assert "Photo stored." in response.content.decode()
    photo = Photo.objects.get()
    assert photo.content_type == content_type
    assert photo.sha256 == hashlib.sha256(content).hexdigest()
    assert photo.size_bytes == len(content)
    assert str(private_media) in photo.image.path
    assert AuditEvent.objects.filter(action="photo.uploaded", actor=practitioner).exists()


@pytest.mark.parametrize("content", [GIF, b"<svg xmlns='http://www.w3.org/2000/svg'/>", b""])
def test_a_file_that_is_not_a_jpeg_or_png_is_refused_whatever_its_name(
    client, practitioner, private_media, content
):
    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    upload(client, treatment_session, content, name="looks-like.jpg")
    assert not Photo.objects.exists()


def test_a_photo_over_10_mb_is_refused(client, practitioner, private_media):
    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    too_big = JPEG + b"\x00" * (photos.MAX_PHOTO_BYTES - len(JPEG) + 1)
    response = upload(client, treatment_session, too_big)
    assert "The photo is larger than 10 MB." in response.content.decode()
    assert not Photo.objects.exists()
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        photos.photo_upload(
            treatment_session=treatment_session,
            upload=SimpleUploadedFile("big.jpg", too_big),
            area="face",
            moment="before",
            by=practitioner,
        )


def test_a_photo_is_served_privately_never_cached_and_its_viewing_audited(
    client, practitioner, clinic_admin, private_media
):
    treatment_session = booked_session(practitioner)
    photo = photos.photo_upload(
        treatment_session=treatment_session,
        upload=SimpleUploadedFile("p.png", PNG),
        area="face",
        moment="before",
        by=practitioner,
    )
    client.force_login(clinic_admin)
    response = client.get(reverse("treatments:photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(
        action="photo.viewed", actor=clinic_admin, target_id=str(photo.pk)
    ).exists()


def test_the_front_desk_cannot_see_or_add_photos(client, practitioner, front_desk, private_media):
    treatment_session = booked_session(practitioner)
    photo = photos.photo_upload(
        treatment_session=treatment_session,
        upload=SimpleUploadedFile("p.jpg", JPEG),
        area="face",
        moment="before",
        by=practitioner,
    )
    client.force_login(front_desk)
    assert client.get(reverse("treatments:photo", args=[photo.pk])).status_code == 403
    response = client.post(
        reverse("treatments:photo_upload", args=[treatment_session.pk]),
        {"image": SimpleUploadedFile("p.jpg", JPEG), "area": "face", "moment": "before"},
    )
    assert response.status_code == 403
    assert Photo.objects.count() == 1
    assert not AuditEvent.objects.filter(action="photo.viewed").exists()


# --- Access and audit -------------------------------------------------------------------------


@pytest.fixture
def sample_urls(practitioner, private_media):
    """One URL per charting page (GET), on real rows."""
    open_session = booked_session(practitioner, hour=10)
    signed = signed_chart(practitioner, hour=14)
    photo = photos.photo_upload(
        treatment_session=open_session,
        upload=SimpleUploadedFile("p.jpg", JPEG),
        area="face",
        moment="before",
        by=practitioner,
    )
    return {
        "treatments:chart": chart_url(open_session),
        "treatments:chart_sign": chart_url(signed.treatment_session, "treatments:chart_sign"),
        "treatments:chart_amend": chart_url(signed.treatment_session, "treatments:chart_amend"),
        "treatments:photo_upload": chart_url(open_session, "treatments:photo_upload"),
        "treatments:photo": reverse("treatments:photo", args=[photo.pk]),
    }


ACCESS = {
    # url name: GET status for practitioner, front desk, clinic admin
    "treatments:chart": (200, 403, 200),
    "treatments:chart_sign": (405, 405, 405),  # POST only
    "treatments:chart_amend": (200, 403, 403),
    "treatments:photo_upload": (405, 405, 405),  # POST only
    "treatments:photo": (200, 403, 200),
}


@pytest.mark.parametrize("name", ACCESS)
def test_each_role_gets_what_the_role_table_says(client, sample_urls, name):
    url = sample_urls[name]
    assert client.get(url).url.startswith(reverse("login"))
    personas = ("practitioner", "front_desk", "clinic_admin")
    for persona, status in zip(personas, ACCESS[name], strict=True):
        client.force_login(make_user(persona, username=f"{persona}-walker"))
        assert client.get(url).status_code == status, persona


def test_the_clinic_admin_reads_charts_but_cannot_write_them(
    client, practitioner, clinic_admin, private_media
):
    treatment_session = booked_session(practitioner)
    charts.chart_save(treatment_session=treatment_session, data=CHECKLIST, by=practitioner)
    client.force_login(clinic_admin)
    page = client.get(chart_url(treatment_session))
    assert page.status_code == 200
    assert 'data-testid="chart-form"' not in page.content.decode()
    assert 'data-testid="chart-original"' in page.content.decode()
    for name, data in [
        ("treatments:chart", chart_post(notes="x")),
        ("treatments:chart_sign", {}),
        ("treatments:chart_amend", {"reason": "x"}),
        ("treatments:photo_upload", {}),
    ]:
        assert client.post(chart_url(treatment_session, name), data).status_code == 403, name
    assert not Chart.objects.get().is_signed


def test_the_front_desk_cannot_open_or_post_a_chart(client, practitioner, front_desk):
    treatment_session = booked_session(practitioner)
    client.force_login(front_desk)
    assert client.get(chart_url(treatment_session)).status_code == 403
    assert client.post(chart_url(treatment_session), chart_post()).status_code == 403
    assert not Chart.objects.exists()


def test_reading_and_writing_a_chart_is_audited(client, practitioner, clinic_admin):
    treatment_session = booked_session(practitioner)
    client.force_login(practitioner)
    client.get(chart_url(treatment_session))
    client.post(chart_url(treatment_session), chart_post(notes="Fine", **CHECKLIST))
    client.post(chart_url(treatment_session, "treatments:chart_sign"))
    client.force_login(clinic_admin)
    client.get(chart_url(treatment_session))
    chart = Chart.objects.get()
    events = list(
        AuditEvent.objects.filter(action__startswith="chart.")
        .order_by("pk")
        .values_list("action", "actor_username", "target_type")
    )
    assert events == [
        ("chart.viewed", practitioner.username, "treatments.treatmentsession"),
        ("chart.started", practitioner.username, "treatments.chart"),
        ("chart.saved", practitioner.username, "treatments.chart"),
        ("chart.signed", practitioner.username, "treatments.chart"),
        ("chart.viewed", clinic_admin.username, "treatments.chart"),
    ]
    assert AuditEvent.objects.filter(action="chart.viewed", target_id=str(chart.pk)).exists()
