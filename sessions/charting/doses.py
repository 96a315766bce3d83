"""Dose arithmetic for a chart: this session's products, the course and the patient's
lifetime totals per ingredient against the protocol's and the label's maximums."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from sessions.models import (
    Chart,
    ChartProduct,
    TreatmentSession,
)


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
