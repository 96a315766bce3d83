"""Aftercare on the phone: the sheet of a signed chart as a page and its stored PDF, and
"I have read it", which marks the handout acknowledged (sessions.documents.handouts)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.links import portal_link_complete
from sessions.documents import handout_pdfs, handouts, sheets
from sessions.models import DocumentHandout, TreatmentSession

AFTERCARE = DocumentHandout.Kind.AFTERCARE
# Stored on the handout (acknowledged_how): the clinic's record, in its own words.
HOW = "Confirmed by the patient on their aftercare link"


def about_latest_charted_session(patient) -> dict:
    """What a staff-sent aftercare link is about: the patient's latest signed chart."""
    treatment_session = (
        TreatmentSession.objects.filter(patient=patient, chart__signed_at__isnull=False)
        .order_by("-starts_at", "-pk")
        .first()
    )
    if treatment_session is None:
        raise ValidationError(_("No signed chart yet: there is no aftercare sheet to send."))
    return {"treatment_session": treatment_session}


def aftercare_page_context(link) -> dict:
    """The sheet's content (sessions.documents.sheets, the same words as the PDF), in the
    language active now (the patient's), and whether it was confirmed already."""
    treatment_session = TreatmentSession.objects.select_related(
        "patient", "practitioner", "room__location", "plan__protocol_version__protocol"
    ).get(pk=link.treatment_session_id)
    handout = DocumentHandout.objects.filter(
        treatment_session=treatment_session, kind=AFTERCARE
    ).first()
    return {
        "sheet": sheets.aftercare_sheet_context(treatment_session),
        "acknowledged_at": handout.acknowledged_at if handout else None,
    }


def aftercare_pdf(link) -> bytes:
    """The stored sheet (rendered and stored the first time: handout_pdfs)."""
    return handout_pdfs.handout_pdf(treatment_session=link.treatment_session, kind=AFTERCARE)


@transaction.atomic
def aftercare_acknowledge(*, link, request=None) -> DocumentHandout:
    """The patient read the sheet: the link is used up (LinkClosed if it already was) and the
    handout becomes acknowledged; a sheet never printed counts as e-mailed first."""
    portal_link_complete(link=link, request=request)
    treatment_session = link.treatment_session
    handout = DocumentHandout.objects.filter(
        treatment_session=treatment_session, kind=AFTERCARE
    ).first()
    if handout is None or handout.status == DocumentHandout.Status.DRAFT:
        handouts.handout_mark_given(
            treatment_session=treatment_session,
            kind=AFTERCARE,
            channel=DocumentHandout.Channel.EMAILED,
            by=None,
            request=request,
        )
    if handout is not None and handout.status == DocumentHandout.Status.ACKNOWLEDGED:
        return handout
    return handouts.handout_acknowledge(
        treatment_session=treatment_session, kind=AFTERCARE, how=HOW, by=None, request=request
    )
