"""Charting a treatment session: what was injected, from which lot, how much; signed once.

Invariants:
- A signed chart never changes. Every write here refuses with SIGNED_MESSAGE; a correction is
  a ChartAmendment (field -> before/after) and the Chart row keeps the original values.
- Lot stock follows the chart: saving takes each row's `units_used` from its lot and gives
  back what an edited or removed row had taken. Stock never goes below zero, also when two
  practitioners chart the last vial at once: the lots are locked (select_for_update, in pk
  order so two charts cannot deadlock) and taken with a conditional UPDATE.
- A lot expired on the session's date, or of an archived product, is never charted.
- Signing needs the whole pre-treatment checklist and, over a dose or volume limit, a reason.
- Starting to chart checks a booked patient in (the patient is in the chair: the front desk
  only forgot) and moves the session to in progress, through booking.session_transition.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import audit
from patients import outcome_scales
from patients.models import Measurement
from protocols.models import Lot
from sessions import booking, followups
from sessions.models import (
    AdverseEvent,
    Chart,
    ChartAmendment,
    ChartProduct,
    Photo,
    TreatmentSession,
)

Status = TreatmentSession.Status

CHECKLIST_FIELDS = [
    "consent_on_file",
    "history_reviewed_today",
    "medications_paused",
    "photos_taken",
]
# What the chart form edits (the checklist, the treatment, the blend's free text, notes).
CHART_FIELDS = [
    *CHECKLIST_FIELDS,
    "anaesthesia_product",
    "anaesthesia_applied_at",
    "areas",
    "technique",
    "needle_gauge",
    "needle_length_mm",
    "depth_mm",
    "injection_points",
    "mix_ratio",
    "diluent",
    "immediate_reactions",
    "notes",
]
# What an amendment may correct. The blend (lots, volumes) is not: stock and doses follow the
# signed rows, and a wrong lot is a stock correction, not a chart edit.
AMENDABLE_FIELDS = [
    "anaesthesia_product",
    "technique",
    "depth_mm",
    "injection_points",
    "mix_ratio",
    "diluent",
    "immediate_reactions",
    "notes",
]
ADVERSE_EVENT_CHANGE = "adverse_event"  # the key of an adverse event added by an amendment

MAX_PHOTO_BYTES = 10 * 1024 * 1024
# Checked on the file's first bytes, never on the name or the browser's Content-Type.
PHOTO_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG", "image/png"))

CHARTABLE_STATUSES = (Status.BOOKED, Status.CHECKED_IN, Status.IN_PROGRESS)


def signed_message() -> str:
    return _("This chart is signed; add an amendment instead.")


def session_day(treatment_session: TreatmentSession) -> date:
    return timezone.localdate(treatment_session.starts_at)


# --- Doses (pure) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DoseLine:
    """One product row of a chart, reduced to what dose arithmetic needs."""

    product: str
    volume_ml: Decimal
    amount_per_ml: Decimal | None = None
    ingredient_id: int | None = None
    ingredient: str = ""
    unit: str = ""
    max_per_session: Decimal | None = None
    max_cumulative: Decimal | None = None

    @classmethod
    def from_chart_product(cls, row: ChartProduct) -> DoseLine:
        product = row.lot.product
        ingredient = product.ingredient
        return cls(
            product=product.name,
            volume_ml=row.volume_ml,
            amount_per_ml=product.amount_per_ml,
            ingredient_id=ingredient.pk if ingredient else None,
            ingredient=ingredient.name if ingredient else "",
            unit=ingredient.amount_unit if ingredient else "",
            max_per_session=ingredient.max_amount_per_session if ingredient else None,
            max_cumulative=ingredient.max_cumulative_amount if ingredient else None,
        )

    @property
    def computable(self) -> bool:
        return self.ingredient_id is not None and self.amount_per_ml is not None

    @property
    def amount(self) -> Decimal:
        return self.volume_ml * self.amount_per_ml


@dataclass
class IngredientDose:
    ingredient_id: int
    name: str
    unit: str
    this_session: Decimal
    course: Decimal
    lifetime: Decimal
    max_per_session: Decimal | None
    max_cumulative: Decimal | None
    # An earlier row of this ingredient had no amount per mL: the totals are a lower bound.
    incomplete: bool = False

    @property
    def over_session(self) -> bool:
        return self.max_per_session is not None and self.this_session > self.max_per_session

    @property
    def over_cumulative(self) -> bool:
        return self.max_cumulative is not None and self.lifetime > self.max_cumulative


@dataclass
class DoseSummary:
    ingredients: list[IngredientDose]
    not_computable: list[str]  # product names of this session's rows
    total_volume_ml: Decimal
    max_total_volume_ml: Decimal | None = None
    unsigned_earlier: int = 0  # earlier charts of the patient not counted (not signed)
    problems: list[str] = field(default_factory=list)

    @property
    def over_volume(self) -> bool:
        return self.max_total_volume_ml is not None and (
            self.total_volume_ml > self.max_total_volume_ml
        )


def _number(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.001')).normalize():f}"


def cumulative_doses(
    *,
    this_session: Iterable[DoseLine],
    earlier_in_course: Iterable[DoseLine] = (),
    earlier_lifetime: Iterable[DoseLine] = (),
    max_total_volume_ml: Decimal | None = None,
) -> DoseSummary:
    """Per ingredient of this session: the amount now, over the course, over the patient's
    life (each including this session), and the limits they break.

    amount = volume (mL) x product.amount_per_ml, in the ingredient's unit. `earlier_*` are
    the rows of other signed charts (the course ones are a subset of the lifetime ones).
    Products with no ingredient or no amount per mL cannot be added up: they are listed."""
    this_session = list(this_session)
    doses: dict[int, IngredientDose] = {}
    not_computable = []
    for line in this_session:
        if not line.computable:
            not_computable.append(line.product)
            continue
        dose = doses.get(line.ingredient_id)
        if dose is None:
            dose = doses[line.ingredient_id] = IngredientDose(
                ingredient_id=line.ingredient_id,
                name=line.ingredient,
                unit=line.unit,
                this_session=Decimal(0),
                course=Decimal(0),
                lifetime=Decimal(0),
                max_per_session=line.max_per_session,
                max_cumulative=line.max_cumulative,
            )
        dose.this_session += line.amount
    for dose in doses.values():
        dose.course = dose.lifetime = dose.this_session
    for lines, attribute in ((earlier_in_course, "course"), (earlier_lifetime, "lifetime")):
        for line in lines:
            dose = doses.get(line.ingredient_id)
            if dose is None:
                continue
            if line.amount_per_ml is None:
                dose.incomplete = True
                continue
            setattr(dose, attribute, getattr(dose, attribute) + line.amount)
    total = sum((line.volume_ml for line in this_session), Decimal(0))
    summary = DoseSummary(
        ingredients=sorted(doses.values(), key=lambda d: d.name),
        not_computable=not_computable,
        total_volume_ml=total,
        max_total_volume_ml=max_total_volume_ml,
    )
    summary.problems = dose_problems(summary)
    return summary


def dose_problems(summary: DoseSummary) -> list[str]:
    """The limits this session breaks, as sentences (empty when none)."""
    problems = []
    if summary.over_volume:
        problems.append(
            _("The total volume, %(total)s mL, is over the protocol's maximum of %(max)s mL.")
            % {
                "total": _number(summary.total_volume_ml),
                "max": _number(summary.max_total_volume_ml),
            }
        )
    for dose in summary.ingredients:
        if dose.over_session:
            problems.append(
                _(
                    "%(name)s: %(amount)s %(unit)s in this session, over the maximum of "
                    "%(max)s %(unit)s."
                )
                % {
                    "name": dose.name,
                    "amount": _number(dose.this_session),
                    "unit": dose.unit,
                    "max": _number(dose.max_per_session),
                }
            )
        if dose.over_cumulative:
            problems.append(
                _(
                    "%(name)s: %(amount)s %(unit)s in total for this patient, over the lifetime "
                    "maximum of %(max)s %(unit)s."
                )
                % {
                    "name": dose.name,
                    "amount": _number(dose.lifetime),
                    "unit": dose.unit,
                    "max": _number(dose.max_cumulative),
                }
            )
    return problems


# --- Doses (from the database) ----------------------------------------------------------------


def chart_doses(*, chart: Chart | None, treatment_session: TreatmentSession) -> DoseSummary:
    """The dose table of a chart: its rows plus the patient's other signed charts of earlier
    sessions (two queries; `chart.products` may come prefetched)."""
    rows = list(chart.products.all()) if chart is not None else []
    earlier = (
        ChartProduct.objects.filter(
            chart__signed_at__isnull=False,
            chart__treatment_session__patient_id=treatment_session.patient_id,
            chart__treatment_session__starts_at__lt=treatment_session.starts_at,
        )
        .exclude(chart__treatment_session=treatment_session)
        .select_related("lot__product__ingredient", "chart__treatment_session")
    )
    course, lifetime = [], []
    for row in earlier:
        line = DoseLine.from_chart_product(row)
        lifetime.append(line)
        plan_id = row.chart.treatment_session.plan_id
        if plan_id is not None and plan_id == treatment_session.plan_id:
            course.append(line)
    plan = treatment_session.plan
    summary = cumulative_doses(
        this_session=[DoseLine.from_chart_product(row) for row in rows],
        earlier_in_course=course,
        earlier_lifetime=lifetime,
        max_total_volume_ml=plan.protocol_version.max_total_volume_ml if plan else None,
    )
    summary.unsigned_earlier = (
        Chart.objects.filter(
            signed_at__isnull=True,
            treatment_session__patient_id=treatment_session.patient_id,
            treatment_session__starts_at__lt=treatment_session.starts_at,
        )
        .exclude(treatment_session=treatment_session)
        .count()
    )
    return summary


# --- Starting and saving ----------------------------------------------------------------------


@transaction.atomic
def chart_start(*, treatment_session: TreatmentSession, by, request=None) -> Chart:
    """The session's chart, created on first use. Creating it moves the session to in
    progress (checking a booked patient in first); a cancelled, no-show or completed session
    is refused. Idempotent: a second call returns the same chart."""
    locked = TreatmentSession.objects.select_for_update().get(pk=treatment_session.pk)
    existing = Chart.objects.filter(treatment_session=locked).first()
    if existing is not None:
        return existing
    if locked.status not in CHARTABLE_STATUSES:
        raise ValidationError(
            _("This session is %(status)s; it cannot be charted.")
            % {"status": locked.get_status_display().lower()}
        )
    session_day = timezone.localtime(locked.starts_at).date()
    if session_day > timezone.localdate():
        raise ValidationError(
            _("This session is on %(day)s; it can be charted from that day.")
            % {"day": session_day.isoformat()}
        )
    if locked.status == Status.BOOKED:
        locked = booking.session_transition(
            treatment_session=locked, to=Status.CHECKED_IN, by=by, request=request
        )
    if locked.status == Status.CHECKED_IN:
        locked = booking.session_transition(
            treatment_session=locked, to=Status.IN_PROGRESS, by=by, request=request
        )
    chart = Chart.objects.create(
        treatment_session=locked, areas=list(locked.plan.areas) if locked.plan_id else []
    )
    audit.record(actor=by, action="chart.started", target=chart, request=request)
    return chart


def _locked_unsigned_chart(treatment_session: TreatmentSession) -> Chart:
    chart = (
        Chart.objects.select_for_update()
        .select_related("treatment_session")
        .get(treatment_session=treatment_session)
    )
    if chart.is_signed:
        raise ValidationError(signed_message())
    return chart


@transaction.atomic
def chart_save(
    *,
    treatment_session: TreatmentSession,
    by,
    data: dict | None = None,
    products: list[dict] | None = None,
    adverse_events: list[dict] | None = None,
    measurements: list[dict] | None = None,
    request=None,
) -> Chart:
    """Save an unsigned chart (starting it if needed: see chart_start).

    data: chart fields (CHART_FIELDS). products / adverse_events / measurements: the full
    list of rows wanted (dicts; "id" names an existing row to keep or change, rows left out
    are removed); None leaves that part as it is. Products move lot stock (see the module
    docstring). Everything or nothing is saved."""
    chart_start(treatment_session=treatment_session, by=by, request=request)
    chart = _locked_unsigned_chart(treatment_session)
    treatment_session = chart.treatment_session
    data = data or {}
    unknown = set(data) - set(CHART_FIELDS)
    if unknown:
        raise ValueError(f"Not chart fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(chart, name, value)
    chart.full_clean(exclude=["treatment_session", "signed_by"])
    chart.save()
    if products is not None:
        _products_sync(chart=chart, rows=products, day=session_day(treatment_session))
    if adverse_events is not None:
        _adverse_events_sync(chart=chart, rows=adverse_events, by=by)
    if measurements is not None:
        _measurements_sync(treatment_session=treatment_session, rows=measurements, by=by)
    total = sum((row.volume_ml for row in chart.products.all()), Decimal(0))
    audit.record(
        actor=by,
        action="chart.saved",
        target=chart,
        request=request,
        details={"fields": sorted(data), "total_volume_ml": str(total)},
    )
    return chart


def _existing_by_id(rows: list[dict], existing: dict, what: str) -> None:
    for row in rows:
        if row.get("id") and row["id"] not in existing:
            raise ValidationError(
                _("One of the %(what)s no longer belongs to this chart; reload the page.")
                % {"what": what}
            )


def _lot_id(value) -> int:
    return value.pk if isinstance(value, Lot) else int(value)


def _products_sync(*, chart: Chart, rows: list[dict], day: date) -> None:
    existing = {row.pk: row for row in chart.products.all()}
    _existing_by_id(rows, existing, _("products"))
    wanted = [{**row, "lot": _lot_id(row["lot"])} for row in rows]
    lot_ids = {row["lot"] for row in wanted} | {row.lot_id for row in existing.values()}
    # Lock: two charts may take the last vial of a lot at once. Only the lot rows (not their
    # products), in pk order so that two charts locking the same lots cannot deadlock.
    lots = {
        lot.pk: lot
        for lot in Lot.objects.select_for_update(of=("self",))
        .select_related("product")
        .filter(pk__in=lot_ids)
        .order_by("pk")
    }
    problems = []
    for row in wanted:
        lot = lots.get(row["lot"])
        if lot is None:
            problems.append(_("Unknown lot; choose one from the list."))
            continue
        before = existing.get(row.get("id"))
        if before is not None and before.lot_id == lot.pk:
            continue  # an unchanged lot stays acceptable even if archived since
        if lot.expiry_date < day:
            problems.append(
                _("Lot %(lot)s of %(product)s expired on %(expiry)s; the session is on %(day)s.")
                % {
                    "lot": lot.lot_number,
                    "product": lot.product.name,
                    "expiry": lot.expiry_date.isoformat(),
                    "day": day.isoformat(),
                }
            )
        if lot.product.archived_at is not None:
            problems.append(
                _("Lot %(lot)s (expires %(expiry)s) is of %(product)s, which is archived.")
                % {
                    "lot": lot.lot_number,
                    "expiry": lot.expiry_date.isoformat(),
                    "product": lot.product.name,
                }
            )
    if problems:
        raise ValidationError(problems)

    delta: dict[int, int] = defaultdict(int)
    for row in existing.values():
        delta[row.lot_id] -= row.units_used
    for row in wanted:
        delta[row["lot"]] += int(row["units_used"])
    for lot_id, change in sorted(delta.items()):
        if change < 0:  # give back what edited or removed rows had taken
            Lot.objects.filter(pk=lot_id).update(
                quantity_remaining=Least(F("quantity_remaining") - change, F("quantity_received"))
            )
    for lot_id, change in sorted(delta.items()):
        if change <= 0:
            continue
        taken = Lot.objects.filter(pk=lot_id, quantity_remaining__gte=change).update(
            quantity_remaining=F("quantity_remaining") - change
        )
        if not taken:
            lot = lots[lot_id]
            remaining = Lot.objects.values_list("quantity_remaining", flat=True).get(pk=lot_id)
            raise ValidationError(
                _("Only %(n)s units of lot %(lot)s remain.")
                % {"n": remaining, "lot": f"{lot.lot_number} ({lot.product.name})"}
            )

    kept = set()
    for row in wanted:
        product = existing.get(row.get("id")) or ChartProduct(chart=chart)
        product.lot = lots[row["lot"]]
        product.volume_ml = row["volume_ml"]
        product.units_used = row["units_used"]
        product.full_clean(exclude=["chart"])
        product.save()
        kept.add(product.pk)
    chart.products.exclude(pk__in=kept).delete()


def _adverse_events_sync(*, chart: Chart, rows: list[dict], by) -> None:
    existing = {event.pk: event for event in chart.adverse_events.all()}
    _existing_by_id(rows, existing, _("adverse events"))
    kept = set()
    for row in rows:
        event = existing.get(row.get("id")) or AdverseEvent(chart=chart, recorded_by=by)
        is_new = event.pk is None
        for name in ("type", "severity", "description", "action_taken"):
            setattr(event, name, row.get(name, ""))
        event.full_clean(exclude=["chart", "recorded_by"])
        event.save()
        if is_new:  # the practitioner checks on the patient the next day (issue 6)
            followups.follow_ups_on_adverse_event(adverse_event=event)
        kept.add(event.pk)
    chart.adverse_events.exclude(pk__in=kept).delete()


def _measurements_sync(*, treatment_session: TreatmentSession, rows: list[dict], by) -> None:
    existing = {m.pk: m for m in Measurement.objects.filter(treatment_session=treatment_session)}
    _existing_by_id(rows, existing, _("measurements"))
    kept = set()
    for row in rows:
        error = outcome_scales.value_error(row["scale"], Decimal(row["value"]))
        if error:
            raise ValidationError(
                _("%(scale)s: %(error)s") % {"scale": row["scale"], "error": error}
            )
        measurement = existing.get(row.get("id")) or Measurement(
            patient_id=treatment_session.patient_id,
            treatment_session=treatment_session,
            recorded_by=by,
        )
        measurement.scale = row["scale"]
        measurement.area = row.get("area") or ""
        measurement.value = row["value"]
        measurement.save()
        kept.add(measurement.pk)
    Measurement.objects.filter(treatment_session=treatment_session).exclude(pk__in=kept).delete()


# --- Signing ----------------------------------------------------------------------------------


def checklist_missing(chart: Chart) -> list[str]:
    return [
        str(Chart._meta.get_field(name).verbose_name)
        for name in CHECKLIST_FIELDS
        if not getattr(chart, name)
    ]


@transaction.atomic
def chart_sign(*, chart: Chart, by, dose_override_reason: str = "", request=None) -> Chart:
    """Sign: the checklist is complete and any dose or volume limit broken has a recorded
    reason. Sets signed_at/signed_by and completes the session; the chart is read-only after."""
    # Lock the session first, then the chart: the same order as chart_save, so a save and a
    # signature of one chart at the same moment wait for each other instead of deadlocking.
    treatment_session = TreatmentSession.objects.select_for_update().get(
        pk=chart.treatment_session_id
    )
    chart = Chart.objects.select_for_update().get(pk=chart.pk)
    chart.treatment_session = treatment_session
    if chart.is_signed:
        raise ValidationError(signed_message())
    missing = checklist_missing(chart)
    if missing:
        raise ValidationError(
            _("Complete the pre-treatment checklist before signing: %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    doses = chart_doses(chart=chart, treatment_session=treatment_session)
    reason = (dose_override_reason or "").strip() or chart.dose_override_reason.strip()
    if doses.problems and not reason:
        raise ValidationError(
            [
                *doses.problems,
                _("To sign over these limits, record the reason for exceeding them."),
            ]
        )
    if treatment_session.status not in (Status.IN_PROGRESS, Status.COMPLETED):
        raise ValidationError(
            _("This session is %(status)s; its chart cannot be signed.")
            % {"status": treatment_session.get_status_display().lower()}
        )
    chart.dose_override_reason = reason
    chart.signed_at = timezone.now()
    chart.signed_by = by
    chart.save(update_fields=["dose_override_reason", "signed_at", "signed_by", "updated_at"])
    if treatment_session.status == Status.IN_PROGRESS:
        booking.session_transition(
            treatment_session=treatment_session, to=Status.COMPLETED, by=by, request=request
        )
    audit.record(
        actor=by,
        action="chart.signed",
        target=chart,
        request=request,
        details={"limits_exceeded": doses.problems} if doses.problems else None,
    )
    return chart


# --- Amendments -------------------------------------------------------------------------------


def _jsonable(value):
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, time | date):
        return value.isoformat()
    return value


def chart_current_values(chart: Chart, amendments: Iterable[ChartAmendment]) -> dict:
    """The amendable fields as they stand after every amendment (the Chart row keeps the
    original values), JSON-shaped like ChartAmendment.changes."""
    values = {name: _jsonable(getattr(chart, name)) for name in AMENDABLE_FIELDS}
    for amendment in amendments:
        for name, change in amendment.changes.items():
            if name in values:
                values[name] = change["after"]
    return values


@transaction.atomic
def chart_amend(
    *,
    chart: Chart,
    reason: str,
    by,
    changes: dict | None = None,
    adverse_event: dict | None = None,
    request=None,
) -> ChartAmendment:
    """Record a correction to a signed chart without touching it: a ChartAmendment with
    {field: {"before", "after"}} for each field that really changes, and optionally an adverse
    event noticed after signing (saved as an AdverseEvent row, and in the amendment)."""
    chart = Chart.objects.select_for_update().get(pk=chart.pk)
    if not chart.is_signed:
        raise ValidationError(_("This chart is not signed yet: edit it directly."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the chart is amended."))
    current = chart_current_values(chart, chart.amendments.all())
    recorded = {}
    for name, value in (changes or {}).items():
        if name not in AMENDABLE_FIELDS:
            raise ValueError(f"Not an amendable chart field: {name}")
        model_field = Chart._meta.get_field(name)
        value = model_field.clean(value, chart)
        after = _jsonable(value)
        if after != current[name]:
            recorded[name] = {"before": current[name], "after": after}
    if adverse_event:
        event = AdverseEvent(
            chart=chart,
            recorded_by=by,
            **{
                key: adverse_event.get(key) or ""
                for key in ("type", "severity", "description", "action_taken")
            },
        )
        event.full_clean(exclude=["chart", "recorded_by"])
        event.save()
        followups.follow_ups_on_adverse_event(adverse_event=event)
        recorded[ADVERSE_EVENT_CHANGE] = {
            "before": None,
            "after": {
                "id": event.pk,
                "type": event.type,
                "severity": event.severity,
                "description": event.description,
                "action_taken": event.action_taken,
            },
        }
    if not recorded:
        raise ValidationError(_("Nothing was changed."))
    amendment = ChartAmendment.objects.create(
        chart=chart, author=by, reason=reason, changes=recorded
    )
    audit.record(
        actor=by,
        action="chart.amended",
        target=chart,
        request=request,
        details={"amendment": amendment.pk, "fields": sorted(recorded)},
    )
    return amendment


# --- Photos -----------------------------------------------------------------------------------


def photo_content_type(head: bytes) -> str | None:
    """The image type from the file's first bytes (JPEG or PNG), or None."""
    for signature, content_type in PHOTO_SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def photo_problem(upload) -> str | None:
    """Why this upload is not an acceptable photo, or None."""
    if upload.size > MAX_PHOTO_BYTES:
        return _("The photo is larger than %(mb)s MB.") % {"mb": MAX_PHOTO_BYTES // (1024 * 1024)}
    if upload.size == 0:
        return _("The file is empty.")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if photo_content_type(head) is None:
        return _("Only JPEG and PNG photos can be stored.")
    return None


@transaction.atomic
def photo_upload(
    *,
    treatment_session: TreatmentSession,
    upload,
    area: str,
    moment: str,
    by,
    consent_for_report: bool = False,
    request=None,
) -> Photo:
    """Store a clinical photo of a session in private storage, typed by its content, with its
    SHA-256. Refused once the session's chart is signed, or for a cancelled session."""
    locked = TreatmentSession.objects.select_for_update().get(pk=treatment_session.pk)
    if not locked.is_active:
        raise ValidationError(
            _("This session is %(status)s; it takes no photos.")
            % {"status": locked.get_status_display().lower()}
        )
    chart = Chart.objects.filter(treatment_session=locked).first()
    if chart is not None and chart.is_signed:
        raise ValidationError(signed_message())
    problem = photo_problem(upload)
    if problem:
        raise ValidationError(problem)
    upload.seek(0)
    content_type = photo_content_type(upload.read(8))
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    photo = Photo(
        patient_id=locked.patient_id,
        treatment_session=locked,
        area=area,
        moment=moment,
        content_type=content_type,
        size_bytes=upload.size,
        sha256=digest.hexdigest(),
        consent_for_report=consent_for_report,
        uploaded_by=by,
    )
    photo.full_clean(exclude=["image"])
    photo.image.save("photo", upload, save=False)
    photo.save()
    audit.record(
        actor=by,
        action="photo.uploaded",
        target=photo,
        request=request,
        details={"treatment_session": locked.pk, "sha256": photo.sha256},
    )
    return photo
