"""Amending a signed chart: each change keeps its author, time, reason and the value before."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clinic import audit
from sessions.charting import lot_corrections
from sessions.followups import scheduling
from sessions.models import (
    AdverseEvent,
    Chart,
    ChartAmendment,
)

# The chart fields an amendment may correct (their amended values sit in the amendment). The
# blend rows (lot, volume, units) are corrected in place: charting.lot_corrections.
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
    products: list[dict] | None = None,
    request=None,
) -> ChartAmendment:
    """Record a correction to a signed chart without touching it: a ChartAmendment with
    {field: {"before", "after"}} for each field that really changes, and optionally an adverse
    event noticed after signing (saved as an AdverseEvent row, and in the amendment).
    products: corrected blend rows ({"id", "lot", "volume_ml", "units_used"}): the rows,
    lot stock and map marks are corrected, before and after kept in the amendment
    (lot_corrections.products_correct); a `chart.products_corrected` event is audited."""
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
        scheduling.follow_ups_on_adverse_event(adverse_event=event)
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
    corrected = lot_corrections.products_correct(chart=chart, rows=products or [])
    recorded.update(corrected)
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
    if corrected:
        audit.record(
            actor=by,
            action="chart.products_corrected",
            target=chart,
            request=request,
            # The marks before and after are in the amendment; the event keeps their count.
            details={
                "amendment": amendment.pk,
                "products": corrected[lot_corrections.PRODUCTS_CHANGE],
                "marks_changed": len(
                    corrected.get(lot_corrections.MAP_CHANGE, {}).get("after", [])
                ),
            },
        )
    return amendment
