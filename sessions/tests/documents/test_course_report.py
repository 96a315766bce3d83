"""The course report: sessions, lots, measurements with an SVG chart, only the photos the
patient agreed to, and who may read it."""

import datetime
import hashlib
import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from clinic.models import AuditEvent
from patients.models import Measurement
from protocols.tests.factories import LotFactory
from sessions.documents import course_report, svg_chart
from sessions.models import Photo
from sessions.tests.factories.charts import chart
from sessions.tests.factories.courses import library_course
from tests.support import flat, pdf_text

pytestmark = pytest.mark.django_db


# --- Course report --------------------------------------------------------------------------


def test_the_course_report_lists_sessions_lots_and_measurements_with_an_svg_chart(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan, sessions = library_course()
    for index, treatment_session in enumerate(sessions[:2]):
        chart(treatment_session, lots=[LotFactory(lot_number=f"LOT-{index}")])
        Measurement.objects.create(
            patient=plan.patient,
            treatment_session=treatment_session,
            scale="gais_practitioner",
            value=Decimal(3 - index),
            recorded_at=treatment_session.starts_at,
            recorded_by=treatment_session.practitioner,
        )
    context = course_report.course_report_context(plan)
    svg = str(context["charts"][0]["svg"])
    assert svg.startswith("<svg") and "<polyline" in svg
    text = flat(pdf_text(course_report.render_course_report(plan)))
    assert "LOT-0" in text and "LOT-1" in text
    assert "2 of 3 sessions completed" in text
    assert "GAIS" in text and "Much improved" in text


def test_the_svg_chart_escapes_its_labels():
    svg = svg_chart.svg_line_chart(
        [svg_chart.Series(label="<script>", points=[(datetime.date(2026, 1, 1), 1.0)])]
    )
    assert "<script>" not in svg


def test_the_course_report_shows_only_photos_the_patient_agreed_to(settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    plan, sessions = library_course()
    chart(sessions[0])

    def photo(moment, colour, consent):
        buffer = BytesIO()
        Image.new("RGB", (1200, 900), colour).save(buffer, "JPEG")
        raw = buffer.getvalue()
        item = Photo(
            patient=plan.patient,
            treatment_session=sessions[0],
            area="face",
            moment=moment,
            content_type="image/jpeg",
            size_bytes=len(raw),
            sha256=hashlib.sha256(raw).hexdigest(),
            consent_for_report=consent,
            uploaded_by=sessions[0].practitioner,
        )

        item.image.save("x.jpg", ContentFile(raw), save=True)
        return item

    photo("before", "red", True)
    photo("after", "blue", True)
    photo("after", "green", False)
    context = course_report.course_report_context(plan)
    figures = context["photo_pairs"][0]["figures"]
    assert [f["label"] for f in figures] == ["Before, Face", "After, Face"]
    assert all(f["src"].startswith("data:image/jpeg;base64,") for f in figures)
    data = course_report.render_course_report(plan)
    assert len(PdfReader(BytesIO(data)).pages[-1].images) >= 1 or any(
        page.images for page in PdfReader(BytesIO(data)).pages
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("practitioner", 200), ("front_desk", 403), ("clinic_admin", 200)],
)
def test_the_course_report_needs_the_clinical_record_permission(
    client, request, settings, tmp_path, persona, status
):
    settings.MEDIA_ROOT = tmp_path
    plan, sessions = library_course(book_sessions=1)
    chart(sessions[0])
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("treatments:course_report", args=[plan.pk]))
    assert response.status_code == status
    if status == 200:
        assert AuditEvent.objects.filter(action="document.printed", target_id=str(plan.pk)).exists()


def _circles_and_axis(svg: str):
    points = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)]
    grid = [float(y) for y in re.findall(r'<line x1="40" y1="([\d.]+)" x2="490"', svg)]
    labels = [float(v) for v in re.findall(r'text-anchor="end" fill="#5b6770">([\d.-]+)<', svg)]
    return points, grid, labels


@pytest.mark.parametrize("integer_ticks", [True, False])
def test_a_value_above_the_scales_top_stays_inside_the_plot_and_the_axis_reaches_it(
    integer_ticks,
):
    # 44 on a scale that ends at 40 (issue 12 found it drawn above the axis).
    days = [datetime.date(2026, 1, 1) + datetime.timedelta(days=14 * n) for n in range(3)]
    series = [svg_chart.Series(label="cm", points=list(zip(days, [38.0, 44.0, 41.0], strict=True)))]
    svg = svg_chart.svg_line_chart(series, y_min=0, y_max=40, integer_ticks=integer_ticks)
    points, grid, labels = _circles_and_axis(svg)
    assert max(labels) >= 44 and min(labels) <= 0  # the axis holds the data and the scale
    top, bottom = min(grid), max(grid)
    assert all(top <= y <= bottom for y in points)
