"""Charting builders: booked sessions ready to chart, dosed lots, blend rows, signed charts,
charts written straight to the database, and what the chart page posts."""

from decimal import Decimal
from io import BytesIO

from django.urls import reverse
from django.utils import timezone
from PIL import Image

from patients.tests.factories import PatientFactory
from protocols.models import Product
from protocols.tests.factories import IngredientFactory, LotFactory, ProductFactory
from sessions.charting import charts
from sessions.models import Chart, ChartProduct, TreatmentSession
from sessions.tests.factories.consents import consent_on_file
from sessions.tests.factories.courses import library_course, plan_for
from sessions.tests.factories.scheduling import book, next_weekday


def image_bytes(fmt="JPEG", size=(8, 6), color=(200, 120, 90), **save) -> bytes:
    """A real, small image as a camera or phone would upload it (Pillow-encoded)."""
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt, **save)
    return buffer.getvalue()


JPEG = image_bytes("JPEG")
PNG = image_bytes("PNG")
GIF = b"GIF89a" + b"\x00" * 64
CHECKLIST = dict.fromkeys(charts.CHECKLIST_FIELDS, True)


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


def chart(treatment_session, *, lots=None, areas=("face",), complete=True):
    """Chart a session directly (the charting feature's own tests cover its services)."""
    record = Chart.objects.create(
        treatment_session=treatment_session, areas=list(areas), technique="micropapules"
    )
    if lots is None:
        product = Product.objects.filter(name="Hydra Booster 14").first() or ProductFactory(
            name="Hydra Booster 14", maker="Laboratoire Derm"
        )
        lots = [
            product.lots.filter(lot_number="HB2611-A").first()
            or LotFactory(product=product, lot_number="HB2611-A")
        ]
    for lot in lots:
        ChartProduct.objects.create(chart=record, lot=lot, volume_ml=Decimal("2.000"))
    if complete:
        TreatmentSession.objects.filter(pk=treatment_session.pk).update(
            status=TreatmentSession.Status.COMPLETED, completed_at=timezone.now()
        )
        treatment_session.refresh_from_db()
    return record


def charted_session_kwargs() -> dict:
    """Sample URL kwargs for the URL walk: a completed, charted first session."""
    _plan, sessions = library_course(book_sessions=2)
    chart(sessions[0])
    return {"pk": sessions[0].pk}
