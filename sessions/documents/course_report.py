"""The course report: measurements over the course as SVG charts, before/after photos as
small data: URLs."""

from __future__ import annotations

import base64
import hashlib
from io import BytesIO

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clinic.pdf import DATA_URL_MAX_CHARS, render_pdf
from clinic.people import display_name
from patients import outcome_scales
from patients.models import Measurement
from protocols import patient_texts
from sessions.documents.context import area_labels, document_base, document_language
from sessions.documents.map_figures import map_prefetch
from sessions.documents.map_thumbnails import area_thumbnails
from sessions.documents.svg_chart import SERIES_STYLES, Series, svg_line_chart
from sessions.models import (
    Photo,
    TreatmentPlan,
    TreatmentSession,
)

COURSE_REPORT_TEMPLATE = "pdf/course_report.html"


def measurement_charts(plan: TreatmentPlan, sessions) -> list[dict]:
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
                label=", ".join(area_labels([area])) if area else _("All areas"),
                points=[(timezone.localtime(m.recorded_at).date(), float(m.value)) for m in rows],
            )
            for area, rows in sorted(by_area.items())
        ]
        rows = [
            {
                "day": timezone.localtime(m.recorded_at).date(),
                "area": ", ".join(area_labels([m.area])) if m.area else "",
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
                left_out.append(f"{label} ({date_format(when, 'DATE_FORMAT')}): {why}")
        if figures:
            pairs.append({"area": ", ".join(area_labels([area])), "figures": figures})
    return pairs, left_out


def course_report_context(plan: TreatmentPlan, *, now=None) -> dict:
    """A plan's course: sessions, products and lots, measurements over time (SVG), and
    before/after photos the patient agreed to include."""
    version = plan.protocol_version
    sessions = list(
        plan.treatment_sessions.select_related("practitioner", "room__location", "chart")
        .prefetch_related("chart__products__lot__product", map_prefetch("chart__"))
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
                "practitioner": display_name(item.practitioner),
                "areas": area_labels(chart.areas if chart else []),
                "products": [
                    {
                        "name": p.lot.product.name,
                        "lot_number": p.lot.lot_number,
                        "expiry_date": p.lot.expiry_date,
                        "volume_ml": p.volume_ml.normalize(),
                    }
                    for p in (chart.products.all() if chart else [])
                ],
                "map_thumbnails": area_thumbnails(chart),
            }
        )
    mapped = [row for row in rows if row["map_thumbnails"]]
    done = sum(1 for s in sessions if s.status == TreatmentSession.Status.COMPLETED)
    photo_pairs, photos_left_out = _report_photos(plan, [s.pk for s in sessions])
    location = sessions[0].room.location if sessions else None
    context = document_base(_("Course report"), plan.patient, location=location, now=now)
    context.update(
        # The patient's name for the treatment, in the report's language (issue 15).
        treatment=patient_texts.patient_text_for(
            version, translation.get_language() or "en"
        ).fields(version)["name"],
        protocol_number=version.number,
        areas=area_labels(plan.areas),
        planned=plan.sessions_count,
        done=done,
        status=plan.get_status_display(),
        started=rows[0]["starts_at"] if rows else None,
        sessions=rows,
        mapped_sessions=mapped,
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
