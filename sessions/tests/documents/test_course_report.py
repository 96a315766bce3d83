"""The course report: sessions, lots, measurements with an SVG chart, only the photos the
patient agreed to, and who may read it."""

import datetime
import hashlib
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
