"""Charting a session: start it, save what was done (products move lot stock), sign it.
A signed chart never changes; later changes are amendments (charting.amendments)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import audit, dates
from patients import allergies, outcome_scales, precare, screening
from patients.models import Measurement
from patients.services import current_history
from protocols.models import Ingredient, Lot
from sessions.charting import maps
from sessions.charting.doses import chart_doses
from sessions.documents import consent_rules
from sessions.followups import scheduling
from sessions.models import (
    AdverseEvent,
    Chart,
    ChartProduct,
    TreatmentSession,
)
from sessions.scheduling import booking

SessionStatus = TreatmentSession.Status

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


def signed_message() -> str:
    return _("This chart is signed; add an amendment instead.")


def session_day(treatment_session: TreatmentSession) -> date:
    return timezone.localdate(treatment_session.starts_at)


@transaction.atomic
def chart_start_problem(treatment_session: TreatmentSession) -> str | None:
    """Why a chart cannot be started for this session now, as a sentence; None when it can.
    One rule for the session page's button, the chart page and chart_start: a session that
    has not ended, on or after its day, with a consent on file (documents.consent_rules)."""
    if not treatment_session.is_chartable:
        return _("This session is %(status)s; it cannot be charted.") % {
            "status": treatment_session.get_status_display().lower()
        }
    day = session_day(treatment_session)
    if day > timezone.localdate():
        return _("This session is on %(day)s; it can be charted from that day.") % {
            "day": dates.day(day)
        }
    blocks, _warnings = booking.session_day_checks(treatment_session)
    if blocks:
        return " ".join(blocks)  # e.g. an INR above 3.5 on warfarin (reference §7)
    if treatment_session.plan_id and (
        problems := area_problems(treatment_session, treatment_session.plan.areas)
    ):
        return " ".join(problems)  # a contraindication since the plan (allergy, pregnancy…)
    return consent_rules.consent_problem(treatment_session)


def chart_start(*, treatment_session: TreatmentSession, by, request=None) -> Chart:
    """The session's chart, created on first use. Creating it moves the session to in
    progress (checking a booked patient in first); a cancelled, no-show or completed session
    is refused. Idempotent: a second call returns the same chart."""
    locked = TreatmentSession.objects.select_for_update().get(pk=treatment_session.pk)
    existing = Chart.objects.filter(treatment_session=locked).first()
    if existing is not None:
        return existing
    problem = chart_start_problem(locked)
    if problem:
        raise ValidationError(problem)
    if locked.status == SessionStatus.BOOKED:
        locked = booking.session_transition(
            treatment_session=locked,
            to=SessionStatus.CHECKED_IN,
            by=by,
            request=request,
            charting=True,
        )
    if locked.status == SessionStatus.CHECKED_IN:
        locked = booking.session_transition(
            treatment_session=locked, to=SessionStatus.IN_PROGRESS, by=by, request=request
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
    injection_map: tuple[list[dict], list[dict]] | None = None,
    request=None,
) -> Chart:
    """Save an unsigned chart (starting it if needed: see chart_start).

    data: chart fields (CHART_FIELDS). products / adverse_events / measurements: the full
    list of rows wanted (dicts; "id" names an existing row to keep or change, rows left out
    are removed); None leaves that part as it is. Products move lot stock (see the module
    docstring). injection_map: (areas, marks) for maps.chart_map_save, checked against the
    blend rows just saved. Everything or nothing is saved."""
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
    problems = []
    if "areas" in data:
        problems += area_problems(treatment_session, chart.areas)
    if data.get("anaesthesia_product"):
        problems += anaesthetic_problems(treatment_session, data["anaesthesia_product"])
    if problems:
        raise ValidationError(problems)
    chart.save()
    if products is not None:
        _products_sync(chart=chart, rows=products, day=session_day(treatment_session))
    if adverse_events is not None:
        _adverse_events_sync(chart=chart, rows=adverse_events, by=by)
    if measurements is not None:
        _measurements_sync(treatment_session=treatment_session, rows=measurements, by=by)
    if injection_map is not None:
        areas, marks = injection_map
        maps.chart_map_save(chart=chart, by=by, areas=areas, marks=marks, request=request)
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
    lots = lots_for_update(lot_ids)
    problems = []
    allergies = patient_allergies(chart.treatment_session.patient)
    for row in wanted:
        lot = lots.get(row["lot"])
        if lot is None:
            problems.append(_("Unknown lot; choose one from the list."))
            continue
        # Recalled or quarantined: never charted, not even on a row saved before.
        problems += blocked_lot_problems(lot)
        problems += allergy_problems(allergies, lot)
        before = existing.get(row.get("id"))
        if before is not None and before.lot_id == lot.pk:
            continue  # an unchanged lot stays acceptable even if expired or archived since
        problems += lot_day_problems(lot, day)
    if problems:
        raise ValidationError(problems)

    delta: dict[int, int] = defaultdict(int)
    for row in existing.values():
        delta[row.lot_id] -= row.units_used
    for row in wanted:
        delta[row["lot"]] += int(row["units_used"])
    lot_stock_move(delta=delta, lots=lots)

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


def lots_for_update(lot_ids) -> dict:
    """The lots, locked: two charts may take the last vial of a lot at once. Only the lot
    rows (not their products), in pk order so that two charts locking the same lots cannot
    deadlock."""
    return {
        lot.pk: lot
        for lot in Lot.objects.select_for_update(of=("self",))
        .select_related("product")
        .filter(pk__in=lot_ids)
        .order_by("pk")
    }


def lot_day_problems(lot, day: date) -> list[str]:
    """A lot newly charted on `day`: expired by then, or of an archived product."""
    problems = []
    if lot.expiry_date < day:
        problems.append(
            _("Lot %(lot)s of %(product)s expired on %(expiry)s; the session is on %(day)s.")
            % {
                "lot": lot.lot_number,
                "product": lot.product.name,
                "expiry": dates.day(lot.expiry_date),
                "day": dates.day(day),
            }
        )
    if lot.product.archived_at is not None:
        problems.append(
            _("Lot %(lot)s (expires %(expiry)s) is of %(product)s, which is archived.")
            % {
                "lot": lot.lot_number,
                "expiry": dates.day(lot.expiry_date),
                "product": lot.product.name,
            }
        )
    return problems


def lot_stock_move(*, delta: dict[int, int], lots: dict) -> None:
    """Move lot stock by `delta` (lot id -> units taken; negative gives back), the lots
    already locked by the caller. Gives back first, then takes; a lot without enough units
    left raises a ValidationError naming it (the caller's transaction then rolls back)."""
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


def area_problems(treatment_session: TreatmentSession, areas) -> list[str]:
    """The areas actually treated, screened on the session's day: an absolute rule for them
    (e.g. an infection or inflammation recorded at that site, a new pregnancy) refuses the
    chart; an area where the protocol is off-label needs the acknowledgement on the plan."""
    plan = treatment_session.plan
    if plan is None or not areas:
        return []
    patient = treatment_session.patient
    version = plan.protocol_version
    result = screening.screen(
        patient=patient,
        version=version,
        history=current_history(patient),
        medications=patient.medications.current().select_related("catalogue_entry"),
        areas=list(areas),
        session_day=session_day(treatment_session),
    )
    problems = [
        _("%(label)s: %(facts)s. %(rule)s")
        % {"label": f.label, "facts": "; ".join(f.facts), "rule": f.rule}
        for f in result.blocks
    ]
    acknowledged = "off_label_area" in (plan.override_reasons or {})
    if not acknowledged and any(f.key == "off_label_area" for f in result.warnings):
        problems.append(
            _(
                "%(protocol)s is off-label for some of these areas: plan them with an "
                "off-label acknowledgement before charting them."
            )
            % {"protocol": version.protocol.name}
        )
    return problems


def anaesthetic_problems(treatment_session: TreatmentSession, text: str) -> list[str]:
    """The anaesthetic written on the chart, screened by ingredient: the protocol's own
    anaesthetics it names, and any ingredient of the library it names (e.g. "lidocaine
    cream"), against the patient's allergies, naming both."""
    wanted = text.casefold()
    used = []
    plan = treatment_session.plan
    if plan is not None:
        used += [
            (row.ingredient, row.name)
            for row in plan.protocol_version.ancillaries.select_related("ingredient")
            if row.name.casefold() in wanted
        ]
    used += [
        (ingredient, text)
        for ingredient in Ingredient.objects.all()
        if ingredient.name.casefold() in wanted
    ]
    profile = patient_allergies(treatment_session.patient)
    return sorted(
        {
            _(
                "The patient is allergic to %(ingredient)s (%(allergy)s), which %(product)s "
                "contains."
            )
            % {"ingredient": c.ingredient, "allergy": c.allergy, "product": c.product}
            for c in allergies.allergy_conflicts(profile, used)
        }
    )


def blocked_lot_problems(lot) -> list[str]:
    """A recalled or quarantined lot, as a sentence naming it (empty when it is not)."""
    if not (lot.recalled_at or lot.quarantined_at):
        return []
    return [
        _("Lot %(lot)s of %(product)s cannot be used: %(why)s.")
        % {
            "lot": lot.lot_number,
            "product": lot.product.name,
            "why": lot.unusable_reason(),
        }
    ]


def patient_allergies(patient) -> allergies.AllergyProfile:
    """The allergies screening knows for this patient (from the current history review)."""
    return allergies.allergy_profile(patient=patient, history=current_history(patient))


def allergy_problems(profile: allergies.AllergyProfile, lot) -> list[str]:
    """The patient's allergies to what this lot's product contains, naming both."""
    return [
        _("The patient is allergic to %(ingredient)s (%(allergy)s), which %(product)s contains.")
        % {
            "ingredient": conflict.ingredient,
            "allergy": conflict.allergy,
            "product": lot.product.name,
        }
        for conflict in allergies.allergy_conflicts(profile, [lot.product])
    ]


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
            scheduling.follow_ups_on_adverse_event(adverse_event=event)
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


def medicine_checklist(treatment_session: TreatmentSession) -> list[dict]:
    """Each flagged medicine with what the patient was told for this session's day: paused
    (the catalogue's window) or kept (prescribed blood thinners, antiplatelets, SSRIs/SNRIs
    are never stopped by us)."""
    medications = treatment_session.patient.medications.current().select_related("catalogue_entry")
    return [
        {
            "name": item.medication,
            "paused": item.stop_before_days is not None,
            "told": (
                _("pause %(days)s days before the session") % {"days": item.stop_before_days}
                if item.stop_before_days is not None
                else _("keep taking it")
            ),
        }
        for item in precare.pause_schedule(
            medications=list(medications), session_day=session_day(treatment_session)
        )
    ]


def checklist_missing(chart: Chart, *, medicines=None) -> list[str]:
    """The checklist items still unticked. "Medicines paused as instructed" is asked only of
    a patient told to pause something (a patient on warfarin alone keeps taking it)."""
    needed = list(CHECKLIST_FIELDS)
    if medicines is None:
        medicines = medicine_checklist(chart.treatment_session)
    if not any(item["paused"] for item in medicines):
        needed.remove("medications_paused")
    return [
        str(Chart._meta.get_field(name).verbose_name) for name in needed if not getattr(chart, name)
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
            % {"missing": "; ".join(missing)},
            code="checklist",
        )
    # A lot recalled or quarantined since it was charted, or an allergy recorded since, stops
    # the signature: the chart must say what really reached the patient.
    profile = patient_allergies(treatment_session.patient)
    product_problems = []
    for row in chart.products.select_related("lot__product__ingredient"):
        product_problems += blocked_lot_problems(row.lot) + allergy_problems(profile, row.lot)
    if product_problems:
        raise ValidationError(product_problems)
    doses = chart_doses(chart=chart, treatment_session=treatment_session)
    reason = (dose_override_reason or "").strip() or chart.dose_override_reason.strip()
    if doses.problems and not reason:
        raise ValidationError(
            [
                *(ValidationError(problem, code="doses") for problem in doses.problems),
                ValidationError(
                    _("To sign over these limits, record the reason for exceeding them."),
                    code="doses",
                ),
            ]
        )
    if treatment_session.status not in (SessionStatus.IN_PROGRESS, SessionStatus.COMPLETED):
        raise ValidationError(
            _("This session is %(status)s; its chart cannot be signed.")
            % {"status": treatment_session.get_status_display().lower()}
        )
    chart.dose_override_reason = reason
    chart.signed_at = timezone.now()
    chart.signed_by = by
    chart.save(update_fields=["dose_override_reason", "signed_at", "signed_by", "updated_at"])
    if treatment_session.status == SessionStatus.IN_PROGRESS:
        booking.session_transition(
            treatment_session=treatment_session, to=SessionStatus.COMPLETED, by=by, request=request
        )
    scheduling.follow_ups_on_chart_signed(treatment_session=treatment_session)
    audit.record(
        actor=by,
        action="chart.signed",
        target=chart,
        request=request,
        details={"limits_exceeded": doses.problems} if doses.problems else None,
    )
    return chart
