"""Correcting a signed chart's blend rows (lot, volume, units) in an amendment (issue 12).

Unlike the chart's own fields, whose amended values sit in the amendment beside the original,
a blend row is corrected in place: stock, recall ("who received lot X"), doses and documents
must follow what really reached the patient. The row before and after is kept in the
amendment. Lot stock moves back and forth (charts.lot_stock_move), and the injection map
follows: the marks of a lot that was replaced take the new lot, and the marks of a lot whose
volume changed are rescaled so the per-lot totals still match the blend. Which marks changed,
before and after, is kept in the amendment too."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sessions.charting.charts import (
    allergy_problems,
    blocked_lot_problems,
    lot_day_problems,
    lot_stock_move,
    lots_for_update,
    patient_allergies,
    session_day,
)
from sessions.models import Chart, MapMark

PRODUCTS_CHANGE = "products"  # the amendment's key for corrected blend rows
MAP_CHANGE = "map_marks"  # ... and for the map marks that followed them
MILLILITRE = Decimal("0.001")


def _ml(value: Decimal) -> str:
    return f"{value.quantize(MILLILITRE).normalize():f}"


def _row_json(row, lot) -> dict:
    return {
        "id": row.pk,
        "product": lot.product.name,
        "lot": lot.pk,
        "lot_number": lot.lot_number,
        "volume_ml": _ml(row.volume_ml),
        "units_used": row.units_used,
    }


def _parse(rows: list[dict], existing: dict) -> tuple[list[dict], list[str]]:
    wanted, problems = [], []
    for row in rows:
        if row.get("id") not in existing:
            problems.append(_("One of the products no longer belongs to this chart; reload."))
            continue
        try:
            lot_id = int(row["lot"].pk if hasattr(row["lot"], "pk") else row["lot"])
            volume = Decimal(str(row["volume_ml"]))
            units = int(row["units_used"])
        except (KeyError, TypeError, ValueError, InvalidOperation):
            problems.append(_("A product row could not be read; reload the page."))
            continue
        wanted.append({"id": row["id"], "lot": lot_id, "volume_ml": volume, "units_used": units})
    return wanted, problems


def products_correct(*, chart: Chart, rows: list[dict]) -> dict:
    """Correct the blend rows of a signed chart, locked by the caller (chart_amend).

    rows: {"id", "lot", "volume_ml", "units_used"} for rows of this chart; a row left out or
    unchanged stays as it is. Returns the amendment's entries ({} when nothing changes):
    PRODUCTS_CHANGE {"before": [rows], "after": [rows], "stock": [{"lot", "lot_number",
    "units": given back (+) or taken (-)}]} and, when the map moved,
    MAP_CHANGE {"before": [marks], "after": [marks]}. Raises one ValidationError listing each
    problem (unknown, expired, recalled or allergenic lot; not enough stock; a map that cannot
    follow)."""
    existing = {row.pk: row for row in chart.products.select_related("lot__product")}
    wanted, problems = _parse(rows, existing)
    changed = [
        row
        for row in wanted
        if (row["lot"], row["volume_ml"], row["units_used"])
        != (
            existing[row["id"]].lot_id,
            existing[row["id"]].volume_ml,
            existing[row["id"]].units_used,
        )
    ]
    if problems:
        raise ValidationError(problems)
    if not changed:
        return {}
    for row in changed:
        row["before_lot"] = existing[row["id"]].lot_id
    lots = lots_for_update(
        {row["lot"] for row in changed} | {existing[row["id"]].lot_id for row in changed}
    )
    day = session_day(chart.treatment_session)
    allergies = patient_allergies(chart.treatment_session.patient)
    for row in changed:
        lot = lots.get(row["lot"])
        if lot is None:
            problems.append(_("Unknown lot; choose one from the list."))
            continue
        if lot.pk != existing[row["id"]].lot_id:
            problems += blocked_lot_problems(lot) + allergy_problems(allergies, lot)
            problems += lot_day_problems(lot, day)
        if row["volume_ml"] < MILLILITRE:
            problems.append(_("A product's volume must be above zero."))
        if row["units_used"] < 1:
            problems.append(_("At least one vial or ampoule is used per product row."))
    if problems:
        raise ValidationError(list(dict.fromkeys(problems)))

    delta: dict[int, int] = defaultdict(int)
    for row in changed:
        delta[existing[row["id"]].lot_id] -= existing[row["id"]].units_used
        delta[row["lot"]] += row["units_used"]
    lot_stock_move(delta=delta, lots=lots)
    stock = [
        {"lot": lot_id, "lot_number": lots[lot_id].lot_number, "units": -change}
        for lot_id, change in sorted(delta.items())
        if change
    ]

    before = [_row_json(existing[row["id"]], existing[row["id"]].lot) for row in changed]
    for row in changed:
        product = existing[row["id"]]
        product.lot = lots[row["lot"]]
        product.volume_ml = row["volume_ml"]
        product.units_used = row["units_used"]
        product.full_clean(exclude=["chart"])
        product.save(update_fields=["lot", "volume_ml", "units_used"])
    after = [_row_json(existing[row["id"]], lots[row["lot"]]) for row in changed]
    recorded = {PRODUCTS_CHANGE: {"before": before, "after": after, "stock": stock}}
    moved = _map_follows(chart, changed, lots, blend_after=_blend(existing.values()))
    if moved:
        recorded[MAP_CHANGE] = moved
    return recorded


def _blend(rows) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[row.lot_id] += row.volume_ml
    return dict(totals)


def _map_follows(chart, changed, lots, *, blend_after) -> dict | None:
    """Make the map's marks follow corrected rows (see the module docstring); returns the
    marks that changed, before and after, or None."""
    marks = list(
        MapMark.objects.filter(chart_area__chart=chart)
        .select_related("chart_area", "lot__product")
        .order_by("pk")
    )
    if not marks:
        return None
    lot_names = {mark.lot_id: mark.lot for mark in marks} | lots
    lot_names |= {row.lot_id: row.lot for row in chart.products.select_related("lot__product")}
    # A lot gone from the blend hands its marks to the lot that replaced it on its rows.
    replaced: dict[int, set[int]] = defaultdict(set)
    for row in changed:
        if row["before_lot"] != row["lot"]:
            replaced[row["before_lot"]].add(row["lot"])
    problems = []
    follow: dict[int, int] = {}
    for old_lot, new_lots in replaced.items():
        lot = lot_names[old_lot]
        if old_lot in blend_after or len(new_lots) > 1:
            problems.append(
                _(
                    "%(product)s (lot %(lot)s) is still on the blend or split over several "
                    "lots: the map cannot tell which marks changed lot. Correct one row per "
                    "lot, or amend the chart in two steps."
                )
                % {"product": lot.product.name, "lot": lot.lot_number}
            )
            continue
        follow[old_lot] = next(iter(new_lots))
    if problems:
        raise ValidationError(problems)
    before = [(mark.lot_id, mark.volume_ml) for mark in marks]
    for mark in marks:
        mark.lot_id = follow.get(mark.lot_id, mark.lot_id)
    by_lot: dict[int, list[MapMark]] = defaultdict(list)
    for mark in marks:
        by_lot[mark.lot_id].append(mark)
    for lot_id, total in blend_after.items():
        own = by_lot.get(lot_id, [])
        drawn = sum((mark.volume_ml for mark in own), Decimal(0))
        if drawn == total:
            continue
        lot = lot_names[lot_id]
        if not own or total < MILLILITRE * len(own):
            problems.append(
                _(
                    "%(product)s (lot %(lot)s): the corrected blend says %(blend_ml)s mL but "
                    "the map's %(n)s marks of that lot add up to %(marks_ml)s mL, and cannot "
                    "be rescaled to it."
                )
                % {
                    "product": lot.product.name,
                    "lot": lot.lot_number,
                    "blend_ml": _ml(total),
                    "n": len(own),
                    "marks_ml": _ml(drawn),
                }
            )
            continue
        _rescale(own, total, drawn)
    if problems:
        raise ValidationError(problems)
    moved_before, moved_after = [], []
    for mark, (lot_id, volume) in zip(marks, before, strict=True):
        if (mark.lot_id, mark.volume_ml) == (lot_id, volume):
            continue
        mark.lot = lot_names[mark.lot_id]
        mark.save(update_fields=["lot", "volume_ml"])
        area = mark.chart_area.area
        moved_before.append(_mark_json(mark, area, lot_names[lot_id], volume))
        moved_after.append(_mark_json(mark, area, mark.lot, mark.volume_ml))
    for charted in chart.map_areas.all():
        volume = sum((m.volume_ml for m in marks if m.chart_area_id == charted.pk), Decimal(0))
        if volume != charted.volume_ml:
            charted.volume_ml = volume
            charted.save(update_fields=["volume_ml"])
    return {"before": moved_before, "after": moved_after} if moved_after else None


def _rescale(marks: list[MapMark], total: Decimal, drawn: Decimal) -> None:
    """Spread `total` over `marks` in proportion to their volumes (the last takes the
    rounding remainder; every mark keeps at least 0.001 mL)."""
    left = total
    for index, mark in enumerate(marks):
        if index == len(marks) - 1:
            mark.volume_ml = left
            break
        share = (mark.volume_ml * total / drawn).quantize(MILLILITRE) if drawn else MILLILITRE
        share = max(share, MILLILITRE)
        remaining_marks = len(marks) - index - 1
        share = min(share, left - MILLILITRE * remaining_marks)
        mark.volume_ml = share
        left -= share


def _mark_json(mark, area, lot, volume) -> dict:
    return {
        "id": mark.pk,
        "area": area,
        "lot": lot.pk,
        "lot_number": lot.lot_number,
        "volume_ml": _ml(volume),
    }
