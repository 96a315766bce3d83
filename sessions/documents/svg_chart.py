"""A small line chart as inline SVG (no library), for measurements over a course."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

SERIES_STYLES = [
    ("#0f5e63", ""),
    ("#b5651d", "5 3"),
    ("#4b3f8f", "2 2"),
    ("#7a7a7a", "8 3 2 3"),
]


@dataclass
class Series:
    label: str
    points: list[tuple[datetime.date, float]]


def _nice_ticks(low: float, high: float, count: int = 4, *, whole: bool = False) -> list[float]:
    """Evenly spaced round ticks from at or below `low` to at or above `high`: the axis always
    holds every value (whole numbers only for a scale of whole grades)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** int(f"{raw:e}".split("e")[1])
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1, round(step))
    start = (low // step) * step
    ticks, value = [], start
    while value < high + step * 0.999:  # one tick at or past the highest value
        ticks.append(round(value, 6))
        value += step
    return ticks


def _number(value: float) -> str:
    return f"{value:g}"


def svg_line_chart(
    series: list[Series],
    *,
    y_min: float | None = None,
    y_max: float | None = None,
    integer_ticks: bool = False,
    width: int = 520,
    height: int = 150,
) -> str:
    """A small line chart as inline SVG markup (no library). Every label is escaped; the
    result is marked safe because it is built only from escaped text and numbers."""
    points = [p for s in series for p in s.points]
    if not points:
        return ""
    values = [v for _d, v in points]
    low = min(values) if y_min is None else min(y_min, min(values))
    high = max(values) if y_max is None else max(y_max, max(values))
    if not integer_ticks:
        pad = (high - low) * 0.1 or abs(high) * 0.1 or 1
        low = low if y_min is not None else low - pad
        high = high if y_max is not None else high + pad
    # The axis runs from its first tick to its last, which hold every value and the scale's
    # bounds: nothing is drawn outside the plot.
    ticks = _nice_ticks(low, high, count=6 if integer_ticks else 4, whole=integer_ticks)
    low, high = ticks[0], ticks[-1]
    days = sorted({d for d, _v in points})
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)
    left, right, top, bottom = 40, 30, 16, 26  # room for the top value and the last date
    inset = 14  # points never sit on the axis or the edge
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day):
        if len(days) == 1:
            return left + plot_w / 2
        return left + inset + (plot_w - 2 * inset) * (day - first).days / span

    def y(value):
        return top + plot_h * (1 - (value - low) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="Mesoplan Sans" font-size="10">'
    ]
    for tick in ticks:
        ty = y(tick)
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" '
            f'stroke="#e3e8ea" stroke-width="0.6"/>'
            f'<text x="{left - 4}" y="{ty + 2.8:.1f}" text-anchor="end" fill="#5b6770">'
            f"{escape(_number(tick))}</text>"
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="#9aa7ad" stroke-width="0.8"/>'
    )
    label_days = days if len(days) <= 8 else days[:: (len(days) + 6) // 7]
    for day in label_days:
        parts.append(
            f'<text x="{x(day):.1f}" y="{height - 8}" text-anchor="middle" fill="#5b6770">'
            f"{escape(date_format(day, 'SHORT_DATE_FORMAT'))}</text>"
        )
    for index, item in enumerate(series):
        colour, dash = SERIES_STYLES[index % len(SERIES_STYLES)]
        ordered = sorted(item.points)
        coords = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in ordered)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if len(ordered) > 1:
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                f'stroke-width="1.6"{dash_attr}/>'
            )
        for d, v in ordered:
            parts.append(
                f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="2.4" fill="{colour}"/>'
                f'<text x="{x(d):.1f}" y="{y(v) - 4.5:.1f}" text-anchor="middle" '
                f'fill="{colour}" font-size="9">{escape(_number(v))}</text>'
            )
    parts.append("</svg>")
    # Safe: built only from numbers and text passed through escape() above.
    return mark_safe("".join(parts))  # nosec B308 B703
