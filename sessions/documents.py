"""Documents patients take home: pure builders (model → PDF context dict) and their renders.

Builders read (never write) and return plain values — strings, dates, lists of dicts — so the
templates in `templates/pdf/` trigger no query and the builders are tested without
WeasyPrint. `render_*()` wraps a builder and `clinic.pdf.render_pdf()` in the patient's
language (English first; the structure is ready for more).

Content comes from what was recorded: the chart (areas, products, lots), the plan's protocol
version (side effects, aftercare, pre-care, risks), the patient's current medicines (through
`patients.screening.pre_care_instructions`, which never tells anyone to stop a prescribed blood
thinner) and the plan's bookings.
"""

from __future__ import annotations

import base64
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clinic import audit
from clinic.pdf import DATA_URL_MAX_CHARS, render_pdf, render_pdf_many
from patients import outcome_scales, screening
from protocols.catalogues import EvidenceLevel, Technique, TreatmentArea
from sessions.models import (
    Chart,
    ConsentRecord,
    DocumentHandout,
    Photo,
    TreatmentPlan,
    TreatmentSession,
)

AFTERCARE_TEMPLATE = "pdf/aftercare_sheet.html"
PRECARE_TEMPLATE = "pdf/precare_sheet.html"
COURSE_REPORT_TEMPLATE = "pdf/course_report.html"
CONSENT_TEMPLATE = "pdf/consent_form.html"

# When to call the clinic at once after any injection (the adverse-event triggers).
URGENT_SIGNS = [
    "A new painful lump (nodule) at a treated spot",
    "Pus, discharge or an abscess",
    "Fever, or feeling hot and shivery",
    "Redness that spreads or keeps getting worse",
    "Skin that turns pale, white, grey, blue or dark (blanching or a colour change)",
    "Hair loss at the injection sites",
    "A face that looks uneven (facial asymmetry) or a drooping eyelid or mouth",
    "Difficulty swallowing",
]
_SOURCE_KEYS = re.compile(r"\s*\[[A-Z]{1,3}\d{1,3}\](?:\[[A-Z]{1,3}\d{1,3}\])*")
_AVOID = re.compile(r"^\s*(do not|don't|no |avoid|never|stop|for [^,;]+, avoid)", re.IGNORECASE)
_CALL = re.compile(r"^\s*(contact|call|phone|tell) us\b", re.IGNORECASE)


# --- Shared pieces ------------------------------------------------------------------------


def clinic_details(location=None) -> dict:
    """The clinic as the header and the contact boxes show it. A session's location (its
    address and phone) wins over the clinic-wide settings."""
    address = (getattr(location, "address", "") or "").strip() or getattr(
        settings, "CLINIC_ADDRESS", ""
    )
    phone = (getattr(location, "phone", "") or "").strip() or getattr(settings, "CLINIC_PHONE", "")
    return {
        "name": settings.CLINIC_NAME,
        "site": getattr(location, "name", ""),
        "address_line": ", ".join(line.strip() for line in address.splitlines() if line.strip()),
        "phone": phone,
        "email": getattr(settings, "CLINIC_EMAIL", ""),
        "website": getattr(settings, "CLINIC_WEBSITE", ""),
        "out_of_hours_phone": getattr(settings, "CLINIC_OUT_OF_HOURS_PHONE", ""),
        "emergency_number": getattr(settings, "CLINIC_EMERGENCY_NUMBER", "112"),
        # A file under static/ (e.g. "pdf/logo.png"); the fetcher serves nothing else.
        "logo": _static_logo(getattr(settings, "CLINIC_LOGO", "")),
    }


def _static_logo(relative: str) -> str:
    if not relative:
        return ""
    from clinic.pdf import STATIC_DIR, static_file_for

    path = (STATIC_DIR / relative).resolve()
    is_image = path.suffix.lower() in {".png", ".jpg", ".jpeg", ".svg"}
    return path.as_uri() if is_image and static_file_for(path.as_uri()) else ""


def patient_ident(patient) -> dict:
    return {
        "name": patient.full_name,
        "chart_number": patient.chart_number or "",
        "date_of_birth": patient.date_of_birth,
    }


def document_language(patient) -> str:
    """The patient's language where the app has it, else the clinic's."""
    available = {code for code, _name in settings.LANGUAGES}
    wanted = getattr(patient, "preferred_language", "") or ""
    return wanted if wanted in available else settings.LANGUAGE_CODE


def _base(title: str, patient, *, location=None, now=None) -> dict:
    return {
        "title": title,
        "patient": patient_ident(patient),
        "clinic": clinic_details(location),
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "generated_at": timezone.localtime(now or timezone.now()),
    }


def without_source_keys(text: str) -> str:
    """Protocol text for patients: the library's citation keys ([T1][P9]) removed."""
    return _SOURCE_KEYS.sub("", text or "").strip()


def person_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _area_labels(codes) -> list[str]:
    labels = []
    for code in codes or []:
        try:
            labels.append(str(TreatmentArea(code).label))
        except ValueError:
            labels.append(str(code))
    return labels


def _technique_label(code: str) -> str:
    try:
        return str(Technique(code).label)
    except ValueError:
        return code or ""


def _appointment(treatment_session: TreatmentSession | None) -> dict | None:
    if treatment_session is None:
        return None
    starts = timezone.localtime(treatment_session.starts_at)
    location = treatment_session.room.location
    return {
        "starts_at": starts,
        "ends_at": timezone.localtime(treatment_session.ends_at),
        "sequence": treatment_session.sequence,
        "of": treatment_session.plan.sessions_count if treatment_session.plan_id else None,
        "location": location.name,
        "address": ", ".join(s.strip() for s in location.address.splitlines() if s.strip()),
        "practitioner": person_name(treatment_session.practitioner),
    }


def next_session(treatment_session: TreatmentSession) -> TreatmentSession | None:
    """The plan's next booking after this one that still holds its slot."""
    if treatment_session.plan_id is None:
        return None
    return (
        TreatmentSession.objects.active()
        .filter(plan_id=treatment_session.plan_id, starts_at__gt=treatment_session.starts_at)
        .exclude(pk=treatment_session.pk)
        .select_related("room__location", "practitioner", "plan")
        .order_by("starts_at", "pk")
        .first()
    )


def split_aftercare(lines) -> tuple[list[str], list[str], list[str]]:
    """Aftercare lines sorted into "what to do", "what to avoid, and for how long" and "when
    to call us" (shown in the urgent box). Every line lands somewhere: none is dropped."""
    do, avoid, call = [], [], []
    for line in lines or []:
        text = without_source_keys(line)
        (call if _CALL.match(text) else avoid if _AVOID.match(text) else do).append(text)
    return do, avoid, call


def _session_sessions_label(treatment_session) -> str:
    if treatment_session.sequence and treatment_session.plan_id:
        return _("Session %(n)s of %(total)s") % {
            "n": treatment_session.sequence,
            "total": treatment_session.plan.sessions_count,
        }
    return str(treatment_session.get_kind_display())


# --- Aftercare sheet ----------------------------------------------------------------------


def aftercare_sheet_context(treatment_session: TreatmentSession, *, now=None) -> dict:
    """What the patient takes home after a session, written from its chart.

    Raises Chart.DoesNotExist when the session was never charted: the sheet tells what was
    done, so there is nothing to write before the chart."""
    chart = Chart.objects.get(treatment_session=treatment_session)
    products = list(chart.products.select_related("lot__product").order_by("pk"))
    plan = treatment_session.plan
    version = plan.protocol_version if plan else None
    do, avoid, call = split_aftercare(version.aftercare if version else [])
    following = next_session(treatment_session)
    location = treatment_session.room.location
    remaining = 0
    if plan and treatment_session.sequence:
        remaining = max(plan.sessions_count - treatment_session.sequence, 0)
    review_on = None
    if plan and version and version.review_after_days and remaining == 0 and not following:
        day = timezone.localtime(treatment_session.starts_at).date()
        review_on = day + datetime.timedelta(days=version.review_after_days)
    context = _base(_("Aftercare"), treatment_session.patient, location=location, now=now)
    context.update(
        session=_appointment(treatment_session),
        session_label=_session_sessions_label(treatment_session),
        treatment=str(version.protocol.name) if version else _("Treatment"),
        protocol_version=str(version) if version else "",
        areas=_area_labels(chart.areas or (plan.areas if plan else [])),
        technique=_technique_label(chart.technique or (version.technique if version else "")),
        products=[
            {
                "name": row.lot.product.name,
                "maker": row.lot.product.maker,
                "lot_number": row.lot.lot_number,
                "expiry_date": row.lot.expiry_date,
                "volume_ml": row.volume_ml.normalize(),
            }
            for row in products
        ],
        total_volume_ml=sum((row.volume_ml for row in products), Decimal("0")).normalize(),
        normal_effects=[
            {
                "effect": without_source_keys(item.get("effect", "")),
                "duration": without_source_keys(item.get("usual_duration", "")),
            }
            for item in (version.side_effects if version else [])
            if isinstance(item, dict) and item.get("effect")
        ],
        do=do,
        avoid=avoid,
        call_lines=call,
        urgent_signs=[_(sign) for sign in URGENT_SIGNS],
        next_appointment=_appointment(following),
        sessions_remaining=remaining,
        review_on=review_on,
        practitioner=person_name(treatment_session.practitioner),
    )
    return context


def render_aftercare_sheet(treatment_session: TreatmentSession) -> bytes:
    with translation.override(document_language(treatment_session.patient)):
        return render_pdf(AFTERCARE_TEMPLATE, aftercare_sheet_context(treatment_session))


# --- Pre-care sheet -----------------------------------------------------------------------

WHAT_TO_BRING = [
    "This sheet, and any questions you want to ask",
    "A list of every medicine and supplement you take, with the doses",
    "Any letter from your doctor about your medicines",
    "A hair band or clip if the treatment is on the face, neck or scalp",
]


def precare_sheet_context(treatment_session: TreatmentSession, *, now=None) -> dict:
    """Before a booked session: only what applies to this patient — the protocol's pre-care
    lines and one instruction per risky medicine they take (never "stop" for a prescribed
    blood thinner, antiplatelet or SSRI: `screening.pre_care_instructions`)."""
    patient = treatment_session.patient
    plan = treatment_session.plan
    version = plan.protocol_version if plan else None
    medications = list(patient.medications.current().select_related("catalogue_entry"))
    instructions = screening.pre_care_instructions(medications)
    from sessions.consents import consent_problem  # the consent rule lives with consents

    context = _base(
        _("Before your session"), patient, location=treatment_session.room.location, now=now
    )
    context.update(
        session=_appointment(treatment_session),
        session_label=_session_sessions_label(treatment_session),
        treatment=str(version.protocol.name) if version else _("Your appointment"),
        areas=_area_labels(plan.areas if plan else []),
        medicines=[
            {
                "name": item.medication,
                "text": item.text,
                "keep_taking": item.stop_before_days is None,
                "stop_on": (
                    timezone.localtime(treatment_session.starts_at).date()
                    - datetime.timedelta(days=item.stop_before_days)
                    if item.stop_before_days
                    else None
                ),
            }
            for item in instructions
        ],
        protocol_lines=[
            without_source_keys(line) for line in (version.pre_care if version else [])
        ],
        what_to_bring=[_(line) for line in WHAT_TO_BRING],
        consent_needed=bool(plan and consent_problem(treatment_session)),
    )
    return context


def render_precare_sheet(treatment_session: TreatmentSession) -> bytes:
    with translation.override(document_language(treatment_session.patient)):
        return render_pdf(PRECARE_TEMPLATE, precare_sheet_context(treatment_session))


# --- Course report: measurements as SVG, photos as small data: URLs ------------------------

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


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** int(f"{raw:e}".split("e")[1])
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = (low // step) * step
    ticks, value = [], start
    while value <= high + step * 0.001:
        if value >= low - step * 0.001:
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
    if integer_ticks:
        ticks = [float(v) for v in range(int(low), int(high) + 1)]
        if len(ticks) > 7:
            ticks = ticks[:: (len(ticks) + 5) // 6]
    else:
        pad = (high - low) * 0.1 or abs(high) * 0.1 or 1
        low = low if y_min is not None else low - pad
        high = high if y_max is not None else high + pad
        ticks = _nice_ticks(low, high)
        low, high = min(low, ticks[0]), max(high, ticks[-1])
    if high == low:
        high = low + 1
    days = sorted({d for d, _v in points})
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)
    left, right, top, bottom = 38, 10, 10, 24
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
        f'width="{width}" height="{height}" font-family="Mesoplan Sans" font-size="8">'
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
            f"{escape(date_format(day, 'j M Y'))}</text>"
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
                f'fill="{colour}" font-size="7.5">{escape(_number(v))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def measurement_charts(plan: TreatmentPlan, sessions) -> list[dict]:
    from patients.models import Measurement

    session_ids = [s.pk for s in sessions]
    measurements = list(
        Measurement.objects.filter(patient_id=plan.patient_id)
        .filter(
            # The plan's own sessions, and the consultation that led to it (the baseline).
            Q(treatment_session_id__in=session_ids) | Q(consultation_id=plan.consultation_id)
        )
        .order_by("recorded_at", "pk")
    )
    by_scale: dict[str, dict[str, list]] = {}
    for m in measurements:
        by_scale.setdefault(m.scale, {}).setdefault(m.area or "", []).append(m)
    charts = []
    for code, by_area in by_scale.items():
        scale = outcome_scales.BY_CODE.get(code, {})
        series = [
            Series(
                label=", ".join(_area_labels([area])) if area else _("All areas"),
                points=[(timezone.localtime(m.recorded_at).date(), float(m.value)) for m in rows],
            )
            for area, rows in sorted(by_area.items())
        ]
        rows = [
            {
                "day": timezone.localtime(m.recorded_at).date(),
                "area": ", ".join(_area_labels([m.area])) if m.area else "",
                "value": outcome_scales.describe(code, m.value),
            }
            for area_rows in by_area.values()
            for m in area_rows
        ]
        rows.sort(key=lambda r: (r["day"], r["area"]))
        better = scale.get("better")
        charts.append(
            {
                "name": scale.get("name", code),
                "unit": scale.get("unit", ""),
                "better": (
                    _("lower is better")
                    if better == "lower"
                    else _("higher is better")
                    if better == "higher"
                    else ""
                ),
                "legend": [
                    {"label": s.label, "colour": SERIES_STYLES[i % len(SERIES_STYLES)][0]}
                    for i, s in enumerate(series)
                ]
                if len(series) > 1
                else [],
                "svg": svg_line_chart(
                    series,
                    y_min=scale.get("min"),
                    y_max=scale.get("max"),
                    integer_ticks=scale.get("kind") == "ordinal",
                ),
                "rows": rows,
            }
        )
    return charts


PHOTO_MAX_BYTES = 25 * 1024 * 1024
PHOTO_SIDES = (640, 460, 320)


def photo_data_url(photo: Photo) -> tuple[str, str]:
    """(data URL, "") for a photo downscaled under the fetcher's data: limit, or ("", why not).
    The stored file is checked against its SHA-256 first; EXIF (GPS, device) is dropped."""
    import hashlib

    from PIL import Image, ImageOps

    try:
        with photo.image.open("rb") as handle:
            raw = handle.read(PHOTO_MAX_BYTES + 1)
    except (OSError, ValueError):
        return "", _("the file is missing")
    if len(raw) > PHOTO_MAX_BYTES:
        return "", _("the file is too large")
    if photo.sha256 and hashlib.sha256(raw).hexdigest() != photo.sha256:
        return "", _("the stored file does not match its fingerprint")
    try:
        with Image.open(BytesIO(raw)) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            for side in PHOTO_SIDES:
                copy = image.copy()
                copy.thumbnail((side, side))
                buffer = BytesIO()
                copy.save(buffer, "JPEG", quality=78, optimize=True)
                url = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()
                if len(url) <= DATA_URL_MAX_CHARS:
                    return url, ""
    except Exception:  # noqa: BLE001 - an unreadable image is left out, and the report says so
        return "", _("the image cannot be read")
    return "", _("the image is too large to include")


def _report_photos(plan: TreatmentPlan, session_ids: list[int]) -> tuple[list[dict], list[str]]:
    photos = list(
        Photo.objects.filter(
            patient_id=plan.patient_id,
            treatment_session_id__in=session_ids,
            consent_for_report=True,
        ).order_by("taken_at", "pk")
    )
    by_area: dict[str, list[Photo]] = {}
    for photo in photos:
        by_area.setdefault(photo.area, []).append(photo)
    pairs, left_out = [], []
    for area, rows in by_area.items():
        before = next((p for p in rows if p.moment == Photo.Moment.BEFORE), rows[0])
        after = next(
            (p for p in reversed(rows) if p.moment != Photo.Moment.BEFORE and p is not before),
            None,
        )
        figures = []
        for photo in [before, after] if after else [before]:
            url, why = photo_data_url(photo)
            label = f"{photo.get_moment_display()}, {photo.get_area_display()}"
            when = timezone.localtime(photo.taken_at).date()
            if url:
                figures.append({"src": url, "label": label, "day": when})
            else:
                left_out.append(f"{label} ({when:%d %b %Y}): {why}")
        if figures:
            pairs.append({"area": ", ".join(_area_labels([area])), "figures": figures})
    return pairs, left_out


def course_report_context(plan: TreatmentPlan, *, now=None) -> dict:
    """A plan's course: sessions, products and lots, measurements over time (SVG), and
    before/after photos the patient agreed to include."""
    version = plan.protocol_version
    sessions = list(
        plan.treatment_sessions.select_related("practitioner", "room__location", "chart")
        .prefetch_related("chart__products__lot__product")
        .order_by("starts_at", "pk")
    )
    rows = []
    for item in sessions:
        chart = getattr(item, "chart", None)
        rows.append(
            {
                "sequence": item.sequence,
                "starts_at": timezone.localtime(item.starts_at),
                "status": item.get_status_display(),
                "practitioner": person_name(item.practitioner),
                "areas": _area_labels(chart.areas if chart else []),
                "products": [
                    {
                        "name": p.lot.product.name,
                        "lot_number": p.lot.lot_number,
                        "expiry_date": p.lot.expiry_date,
                        "volume_ml": p.volume_ml.normalize(),
                    }
                    for p in (chart.products.all() if chart else [])
                ],
            }
        )
    done = sum(1 for s in sessions if s.status == TreatmentSession.Status.COMPLETED)
    photo_pairs, photos_left_out = _report_photos(plan, [s.pk for s in sessions])
    location = sessions[0].room.location if sessions else None
    context = _base(_("Course report"), plan.patient, location=location, now=now)
    context.update(
        treatment=str(version.protocol.name),
        protocol_version=str(version),
        areas=_area_labels(plan.areas),
        planned=plan.sessions_count,
        done=done,
        status=plan.get_status_display(),
        started=rows[0]["starts_at"] if rows else None,
        sessions=rows,
        charts=measurement_charts(plan, sessions),
        photo_pairs=photo_pairs,
        photos_left_out=photos_left_out,
        summary=ngettext(
            "%(done)s of %(planned)s session completed",
            "%(done)s of %(planned)s sessions completed",
            done,
        )
        % {"done": done, "planned": plan.sessions_count},
    )
    return context


def render_course_report(plan: TreatmentPlan) -> bytes:
    with translation.override(document_language(plan.patient)):
        return render_pdf(COURSE_REPORT_TEMPLATE, course_report_context(plan))


# --- Consent: the text (stored verbatim on the record) and its document ---------------------

ALTERNATIVES = (
    "You do not have to have this treatment. Other options include having no treatment, "
    "looking after your skin or hair with suitable products and sun protection, and other "
    "treatments your practitioner can explain, each with its own benefits and risks. You can "
    "stop the course at any time, and stopping does not affect the care we give you."
)
EVIDENCE_SENTENCES = {
    EvidenceLevel.TRIAL: "Controlled trials support this treatment for the products they tested.",
    EvidenceLevel.CONSENSUS: "This treatment rests on expert agreement rather than on controlled "
    "trials.",
    EvidenceLevel.CLINIC_PRACTICE: "This treatment rests on clinic practice; controlled studies "
    "are few or missing.",
}


def consent_text(*, patient, version, plan=None, screening_result=None, today=None) -> str:
    """The exact consent text, as plain lines: "# " title, "## " heading, "- " item,
    "[ ] " statement to tick, anything else a paragraph. Stored verbatim on the
    ConsentRecord; the screen and the PDF render these lines, never anything else."""
    today = today or timezone.localdate()
    sessions = plan.sessions_count if plan else version.sessions_count
    areas = _area_labels(plan.areas if plan else version.treatment_areas)
    interval = (
        _("every %(min)s–%(max)s days")
        % {"min": plan.interval_min_days, "max": plan.interval_max_days}
        if plan and plan.interval_min_days != plan.interval_max_days
        else (
            _("every %(days)s days") % {"days": plan.interval_min_days}
            if plan
            else str(version.interval_label)
        )
    )
    lines = [
        f"# {_('Consent to treatment')}: {version.protocol.name}",
        _("%(name)s, born %(born)s, chart %(chart)s. Protocol %(version)s. Prepared on %(day)s.")
        % {
            "name": patient.full_name,
            "born": date_format(patient.date_of_birth, "j F Y"),
            "chart": patient.chart_number or "—",
            "version": version,
            "day": date_format(today, "j F Y"),
        },
        "",
        f"## {_('The procedure')}",
        without_source_keys(version.summary),
        "",
        _("Technique: %(technique)s. Areas: %(areas)s. Course: %(n)s sessions, %(interval)s.")
        % {
            "technique": _technique_label(version.technique),
            "areas": ", ".join(areas) or "—",
            "n": sessions,
            "interval": interval,
        },
        "",
        f"## {_('What is injected')}",
    ]
    for component in version.blend.select_related("ingredient").order_by("position", "pk"):
        strength = component.concentration_label
        lines.append(
            "- "
            + ", ".join(
                part
                for part in (
                    component.ingredient.name,
                    strength,
                    _("%(ml)s mL per session") % {"ml": f"{component.volume_ml.normalize():f}"},
                )
                if part
            )
        )
    lines += [
        "",
        f"## {_('Expected benefits')}",
        _("The aim is to improve %(indication)s in the treated areas.")
        % {"indication": str(version.protocol.indication.name).lower()},
        _(EVIDENCE_SENTENCES.get(version.evidence_level, "")),
    ]
    if version.evidence_caveats:
        lines.append(
            _("Limits of the evidence: %(caveats)s")
            % {"caveats": without_source_keys(version.evidence_caveats)}
        )
    lines += [
        _("Results vary from person to person and are not guaranteed."),
        "",
        f"## {_('Common side effects')}",
    ]
    for item in version.side_effects or []:
        if isinstance(item, dict) and item.get("effect"):
            duration = without_source_keys(item.get("usual_duration", ""))
            lines.append(
                "- "
                + without_source_keys(item["effect"])
                + (f" ({_('usually')} {duration})" if duration else "")
            )
    lines += [
        "",
        f"## {_('Risks')}",
        without_source_keys(version.consent_risk_text),
        "",
        f"## {_('Alternatives')}",
        _(ALTERNATIVES),
        "",
        f"## {_('What applies to you')}",
    ]
    warnings = list(screening_result.warnings) if screening_result else []
    if screening_result is None:
        lines.append(
            _("Your medical history has not been recorded yet; it is reviewed before treatment.")
        )
    elif not warnings:
        lines.append(
            _("Nothing in your medical history, as reviewed with you, affects this treatment.")
        )
    else:
        lines.append(
            _("Your practitioner has gone through these points from your medical history with you:")
        )
        for finding in warnings:
            lines.append(f"- {finding.label}: {'; '.join(finding.facts)}")
    lines += [
        "",
        f"## {_('Your consent')}",
        "[ ] " + _("I have read this form, or it has been read to me, and I understand it."),
        "[ ] " + _("I have had the chance to ask questions, and my questions have been answered."),
        "[ ] "
        + ngettext(
            "I agree to %(n)s session of %(treatment)s as described above.",
            "I agree to a course of %(n)s sessions of %(treatment)s as described above.",
            sessions,
        )
        % {"n": sessions, "treatment": version.protocol.name},
        "[ ] "
        + _(
            "I understand that I can withdraw my consent at any time, and that a new or "
            "longer course, or a change in what is injected, needs a new consent."
        ),
    ]
    return "\n".join(lines).strip() + "\n"


def consent_blocks(text: str) -> list[dict]:
    """The stored consent text as blocks for a template: title, heading, paragraph, items
    (consecutive "- " lines) and statements (consecutive "[ ] " lines)."""
    blocks: list[dict] = []
    for raw in (text or "").splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("# "):
            blocks.append({"kind": "title", "text": line[2:]})
        elif line.startswith("## "):
            blocks.append({"kind": "heading", "text": line[3:]})
        elif line.startswith(("- ", "[ ] ")):
            kind = "items" if line.startswith("- ") else "statements"
            item = line[2:] if kind == "items" else line[4:]
            if blocks and blocks[-1]["kind"] == kind:
                blocks[-1]["lines"].append(item)
            else:
                blocks.append({"kind": kind, "lines": [item]})
        else:
            blocks.append({"kind": "paragraph", "text": line})
    return blocks


def consent_document_context(record: ConsentRecord, *, now=None) -> dict:
    """A consent record as a document: its stored text, and its signature block filled in
    (signed on screen: the drawing; on paper: the date and witness) or blank to print."""
    blocks = consent_blocks(record.text)
    title_block = next((b for b in blocks if b["kind"] == "title"), None)
    withdrawal = record.kind == ConsentRecord.Kind.WITHDRAWAL
    context = _base(
        _("Withdrawal of consent") if withdrawal else _("Consent form"),
        record.patient,
        location=record.plan and _plan_location(record.plan),
        now=now,
    )
    context.update(
        record_id=record.pk,
        heading=title_block["text"] if title_block else context["title"],
        blocks=[b for b in blocks if b is not title_block],
        withdrawal=withdrawal,
        signed=record.is_signed,
        method=record.method,
        method_label=record.get_method_display() if record.method else "",
        signature=record.signature if record.method == ConsentRecord.Method.SCREEN else "",
        signed_at=timezone.localtime(record.signed_at) if record.signed_at else None,
        witness=person_name(record.witnessed_by),
        prepared_by=person_name(record.created_by),
        prepared_at=timezone.localtime(record.created_at) if record.created_at else None,
    )
    return context


def _plan_location(plan):
    first = plan.treatment_sessions.select_related("room__location").order_by("starts_at").first()
    return first.room.location if first else None


def render_consent(record: ConsentRecord) -> bytes:
    with translation.override(document_language(record.patient)):
        return render_pdf(CONSENT_TEMPLATE, consent_document_context(record))


# --- Handouts and batches -----------------------------------------------------------------

HANDOUT_KINDS = {
    DocumentHandout.Kind.AFTERCARE: (AFTERCARE_TEMPLATE, aftercare_sheet_context),
    DocumentHandout.Kind.PRECARE: (PRECARE_TEMPLATE, precare_sheet_context),
}


def render_handout(treatment_session: TreatmentSession, kind: str) -> bytes:
    template, builder = HANDOUT_KINDS[kind]
    with translation.override(document_language(treatment_session.patient)):
        return render_pdf(template, builder(treatment_session))


def render_batch(items: list[tuple[str, TreatmentSession]], *, progress=None) -> bytes:
    """Several sheets (kind, session) in one PDF, each in its patient's language."""

    def parts():
        for kind, treatment_session in items:
            template, builder = HANDOUT_KINDS[kind]
            with translation.override(document_language(treatment_session.patient)):
                yield template, {**builder(treatment_session), "in_batch": True}

    return render_pdf_many(parts(), progress=progress)


# --- Handout state: draft → given → acknowledged (services: atomic, audited) ----------------
# Kept beside the sheets they track; they move to sessions/services.py if that module appears.


def handout_open(*, treatment_session: TreatmentSession, kind: str) -> DocumentHandout:
    """The session's handout row of this kind, created as a draft when first generated."""
    handout, _created = DocumentHandout.objects.get_or_create(
        treatment_session=treatment_session, kind=kind
    )
    return handout


@transaction.atomic
def handout_mark_given(
    *, treatment_session: TreatmentSession, kind: str, channel: str, by, request=None
) -> DocumentHandout:
    """Record that the sheet was handed over (printed) or e-mailed, by whom and when. Giving
    it again (a reprint) updates who and when; an acknowledged handout stays acknowledged."""
    if channel not in DocumentHandout.Channel.values:
        raise ValidationError(_("Say whether the sheet was printed or e-mailed."))
    handout_open(treatment_session=treatment_session, kind=kind)
    handout = DocumentHandout.objects.select_for_update().get(
        treatment_session=treatment_session, kind=kind
    )
    handout.channel, handout.given_at, handout.given_by = channel, timezone.now(), by
    if handout.status == DocumentHandout.Status.DRAFT:
        handout.status = DocumentHandout.Status.GIVEN
    handout.save(update_fields=["channel", "given_at", "given_by", "status"])
    audit.record(
        actor=by,
        action="document.given",
        target=treatment_session,
        request=request,
        details={"kind": kind, "channel": channel},
    )
    return handout


@transaction.atomic
def handout_acknowledge(
    *, treatment_session: TreatmentSession, kind: str, how: str, by, request=None
) -> DocumentHandout:
    """The patient confirmed they have the sheet (a reply, or at the next visit)."""
    handout = (
        DocumentHandout.objects.select_for_update()
        .filter(treatment_session=treatment_session, kind=kind)
        .first()
    )
    if handout is None or handout.status == DocumentHandout.Status.DRAFT:
        raise ValidationError(_("Mark the sheet as given before it can be acknowledged."))
    how = (how or "").strip()
    if not how:
        raise ValidationError({"how": _("Say how the patient confirmed it.")})
    handout.status = DocumentHandout.Status.ACKNOWLEDGED
    handout.acknowledged_at = timezone.now()
    handout.acknowledged_how = how[:200]
    handout.save(update_fields=["status", "acknowledged_at", "acknowledged_how"])
    audit.record(
        actor=by,
        action="document.acknowledged",
        target=treatment_session,
        request=request,
        details={"kind": kind, "how": handout.acknowledged_how},
    )
    return handout


def document_buttons_context(*, user, session=None, plan=None, patient=None) -> dict:
    """What `treatments/_document_buttons.html` needs, read here so the template runs no
    query: `context.update(document_buttons_context(user=request.user, session=...))`."""
    from sessions.consents import consent_problem, current_consents

    plan = plan or (session.plan if session is not None else None)
    patient = patient or (session.patient if session else plan.patient if plan else None)
    handouts = {}
    problem = None
    if session is not None:
        handouts = {h.kind: h for h in session.handouts.select_related("given_by")}
        problem = consent_problem(session)
    consents = []
    if patient is not None and user.has_perm("treatments.view_consentrecord"):
        consents = list(current_consents(patient)[:5])
    return {
        "documents": {
            "session": session,
            "plan": plan,
            "patient": patient,
            "charted": session is not None
            and Chart.objects.filter(treatment_session=session).exists(),
            "aftercare": handouts.get(DocumentHandout.Kind.AFTERCARE),
            "precare": handouts.get(DocumentHandout.Kind.PRECARE),
            "consent_problem": problem,
            "consents": consents,
            "can_print_sheets": user.has_perm("treatments.view_treatmentsession"),
            "can_manage_consents": user.has_perm("treatments.add_consentrecord"),
            # A plan page always offers a consent; a session page only when one is missing.
            "offer_consent": bool(
                plan
                and plan.status != TreatmentPlan.Status.CANCELLED
                and user.has_perm("treatments.add_consentrecord")
                and (session is None or problem)
            ),
            "can_read_consents": user.has_perm("treatments.view_consentrecord"),
            "can_read_report": user.has_perm("patients.view_clinical_record"),
            "channels": DocumentHandout.Channel.choices,
        }
    }
