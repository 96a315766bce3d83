"""A consent record as a document: its stored text and its signature block, rendered to PDF."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clinic.pdf import render_pdf
from clinic.people import display_name
from sessions.documents.consent_text import consent_blocks
from sessions.documents.context import document_base, document_language, language_name
from sessions.models import (
    ConsentRecord,
)

CONSENT_TEMPLATE = "pdf/consent_form.html"


def consent_document_context(record: ConsentRecord, *, now=None) -> dict:
    """A consent record as a document: its stored text, and its signature block filled in
    (signed on screen: the drawing; on paper: the date and witness) or blank to print."""
    blocks = consent_blocks(record.text)
    title_block = next((b for b in blocks if b["kind"] == "title"), None)
    withdrawal = record.kind == ConsentRecord.Kind.WITHDRAWAL
    context = document_base(
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
        signature=record.signature
        if record.method in (ConsentRecord.Method.SCREEN, ConsentRecord.Method.REMOTE)
        else "",
        device=record.device,
        signed_at=timezone.localtime(record.signed_at) if record.signed_at else None,
        witness=display_name(record.witnessed_by),
        prepared_by=display_name(record.created_by),
        prepared_at=timezone.localtime(record.created_at) if record.created_at else None,
        text_language=language_name(record.language),
        text_revision=record.patient_text,
    )
    return context


def _plan_location(plan):
    first = plan.treatment_sessions.select_related("room__location").order_by("starts_at").first()
    return first.room.location if first else None


def render_consent(record: ConsentRecord) -> bytes:
    # The form is printed in the language its stored text was written in, whatever the
    # patient's preference is today.
    with translation.override(record.language or document_language(record.patient)):
        return render_pdf(CONSENT_TEMPLATE, consent_document_context(record))
