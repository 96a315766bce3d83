"""Consent builders: a signature drawn as the pad sends it, a consent signed on screen (its PDF
rendered after commit) and a signed paper consent on file."""

import base64
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from pypdf import PdfWriter

from sessions.documents import consents as consent_services
from sessions.tests.factories.courses import library_course


def signature_png(size=(600, 200), draw=True) -> str:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if draw:
        ImageDraw.Draw(image).line(
            [(40, 150), (200, 40), (380, 160), (560, 60)], fill="black", width=5
        )
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def paper_scan(name="scan.pdf") -> SimpleUploadedFile:
    """A real one-page PDF, as a scanner writes it."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def sign(record, by, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        consent_services.consent_sign_on_screen(
            record=record, signature_data_url=signature_png(), by=by
        )
    record.refresh_from_db()
    return record


def consent_on_file(plan, by):
    """A signed paper consent covering the plan, as the front desk records it."""
    record = consent_services.consent_prepare(patient=plan.patient, plan_or_version=plan, by=by)
    return consent_services.consent_mark_signed_on_paper(record=record, by=by)


def library_consent(signed=None):
    """A consent for a reference-library plan: unsigned, or signed "screen" or "paper" with
    its PDF rendered."""
    plan, _sessions = library_course(book_sessions=0)
    user = plan.created_by
    record = consent_services.consent_prepare(patient=plan.patient, plan_or_version=plan, by=user)
    if signed == "screen":
        consent_services.consent_sign_on_screen(
            record=record, signature_data_url=signature_png(), by=user
        )
        consent_services.consent_pdf_render(record_id=record.pk)
    elif signed == "paper":
        consent_services.consent_mark_signed_on_paper(
            record=record, scan_file=paper_scan(), by=user
        )
        consent_services.consent_pdf_render(record_id=record.pk)
    return record
