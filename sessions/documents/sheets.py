"""The pre-care and aftercare sheets: pure builders (session → context dict) and their
renders. Medicines go through patients.screening, which never tells anyone to stop a
prescribed blood thinner."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from clinic.pdf import render_pdf, render_pdf_many
from patients import precare, screening
from protocols import patient_texts
from sessions.documents.consent_rules import consent_problem
from sessions.documents.context import (
    appointment_details,
    area_labels,
    course_position_label,
    display_name,
    document_base,
    document_language,
    language_name,
    technique_label,
    without_source_keys,
)
from sessions.documents.map_figures import map_prefetch
from sessions.documents.map_thumbnails import area_thumbnails, lot_styles
from sessions.followups.rules import CALL_AT_ONCE_SIGNS
from sessions.models import (
    Chart,
    ChartProduct,
    DocumentHandout,
    TreatmentSession,
)

AFTERCARE_TEMPLATE = "pdf/aftercare_sheet.html"


PRECARE_TEMPLATE = "pdf/precare_sheet.html"


# When to call the clinic at once after any injection (the adverse-event triggers).
_AVOID = re.compile(
    r"^\s*(do not|don't|no |avoid|never|stop|for [^,;]+, avoid"
    r"|ne |n’|n'|pas |évitez|jamais|pendant [^,;]+, (?:évitez|continuez d’éviter))",
    re.IGNORECASE,
)


_CALL = re.compile(
    r"^\s*((contact|call|phone|tell) us\b|(contactez|appelez|prévenez|dites)-nous\b)",
    re.IGNORECASE,
)


def split_aftercare(lines) -> tuple[list[str], list[str], list[str]]:
    """Aftercare lines sorted into "what to do", "what to avoid, and for how long" and "when
    to call us" (shown in the urgent box). Every line lands somewhere: none is dropped."""
    do, avoid, call = [], [], []
    for line in lines or []:
        text = without_source_keys(line)
        (call if _CALL.match(text) else avoid if _AVOID.match(text) else do).append(text)
    return do, avoid, call


def aftercare_sheet_context(treatment_session: TreatmentSession, *, now=None) -> dict:
    """What the patient takes home after a session, written from its chart.

    Raises Chart.DoesNotExist when the session was never charted: the sheet tells what was
    done, so there is nothing to write before the chart."""
    chart = Chart.objects.prefetch_related(
        Prefetch(
            "products", queryset=ChartProduct.objects.select_related("lot__product").order_by("pk")
        ),
        map_prefetch(),
    ).get(treatment_session=treatment_session)
    products = list(chart.products.all())
    styles = lot_styles(chart)
    plan = treatment_session.plan
    version = plan.protocol_version if plan else None
    words, fallback = _patient_words(version, treatment_session.patient)
    do, avoid, call = split_aftercare(words.get("aftercare", []))
    call = [without_source_keys(line) for line in words.get("call_at_once", [])] + call
    # e.g. darker skin types; the rule table's wording is marked for translation
    do += [str(line) for line in screening.aftercare_lines(treatment_session.patient)]
    following = TreatmentSession.objects.select_related(
        "room__location", "practitioner", "plan"
    ).next_in_course(treatment_session)
    location = treatment_session.room.location
    remaining = 0
    if plan and treatment_session.sequence:
        remaining = max(plan.sessions_count - treatment_session.sequence, 0)
    review_on = None
    if plan and version and version.review_after_days and remaining == 0 and not following:
        day = timezone.localtime(treatment_session.starts_at).date()
        review_on = day + datetime.timedelta(days=version.review_after_days)
    context = document_base(_("Aftercare"), treatment_session.patient, location=location, now=now)
    context.update(
        session=appointment_details(treatment_session),
        session_label=course_position_label(treatment_session),
        treatment=words.get("name") or _("Treatment"),
        fallback_note=fallback,
        protocol_version=str(version) if version else "",
        areas=area_labels(chart.areas or (plan.areas if plan else [])),
        technique=technique_label(chart.technique or (version.technique if version else "")),
        products=[
            {
                "name": row.lot.product.name,
                "maker": row.lot.product.maker,
                "lot_number": row.lot.lot_number,
                "expiry_date": row.lot.expiry_date,
                "volume_ml": row.volume_ml.normalize(),
                "lot_style": styles[row.lot_id] if chart.map_areas.all() else None,
            }
            for row in products
        ],
        # What was done today, drawn small: only the areas treated, marks shaped by lot.
        map_thumbnails=area_thumbnails(chart, styles),
        total_volume_ml=sum((row.volume_ml for row in products), Decimal("0")).normalize(),
        normal_effects=[
            {
                "effect": without_source_keys(item.get("effect", "")),
                "duration": without_source_keys(item.get("usual_duration", "")),
            }
            for item in words.get("side_effects", [])
            if isinstance(item, dict) and item.get("effect")
        ],
        do=do,
        avoid=avoid,
        call_lines=call,
        urgent_signs=[_(sign) for sign in CALL_AT_ONCE_SIGNS],
        next_appointment=appointment_details(following),
        sessions_remaining=remaining,
        review_on=review_on,
        practitioner=display_name(treatment_session.practitioner),
    )
    return context


def _patient_words(version, patient) -> tuple[dict, str]:
    """The version's patient wording in the active document language (English where it has
    none, with the sentence that says so), and that sentence or ""."""
    if version is None:
        return {}, ""
    chosen = patient_texts.patient_text_for(version, translation.get_language() or "en")
    note = ""
    if chosen.is_fallback:
        note = _(
            "The %(language)s text of these instructions is not available yet: they are shown "
            "in English. Ask us if anything is unclear."
        ) % {"language": language_name(chosen.wanted).lower()}
    return chosen.fields(version), note


WHAT_TO_BRING = [
    gettext_noop("This sheet, and any questions you want to ask"),
    gettext_noop("A list of every medicine and supplement you take, with the doses"),
    gettext_noop("Any letter from your doctor about your medicines"),
    gettext_noop("A hair band or clip if the treatment is on the face, neck or scalp"),
]


def precare_sheet_context(treatment_session: TreatmentSession, *, now=None) -> dict:
    """Before a booked session: only what applies to this patient — the protocol's pre-care
    lines and one instruction per risky medicine they take (never "stop" for a prescribed
    blood thinner, antiplatelet or SSRI: `precare.pause_schedule`)."""
    patient = treatment_session.patient
    plan = treatment_session.plan
    version = plan.protocol_version if plan else None
    medications = list(patient.medications.current().select_related("catalogue_entry"))
    # One source per substance: the catalogue's window, dated from today (never a start date
    # in the past: the text then says the pause has started and what to do).
    schedule = precare.pause_schedule(
        medications=medications,
        session_day=timezone.localtime(treatment_session.starts_at).date(),
        today=timezone.localtime(now).date() if now else None,
    )
    words, fallback = _patient_words(version, patient)
    context = document_base(
        _("Before your session"), patient, location=treatment_session.room.location, now=now
    )
    context.update(
        session=appointment_details(treatment_session),
        session_label=course_position_label(treatment_session),
        treatment=words.get("name") or _("Your appointment"),
        fallback_note=fallback,
        areas=area_labels(plan.areas if plan else []),
        medicines=[
            {
                "name": item.medication,
                "text": item.text,
                "keep_taking": item.stop_before_days is None,
                "window_started": item.stop_before_days is not None and not item.can_be_met,
            }
            for item in schedule
        ],
        protocol_lines=[without_source_keys(line) for line in words.get("pre_care", [])],
        what_to_bring=[_(line) for line in WHAT_TO_BRING],
        consent_needed=bool(plan and consent_problem(treatment_session, signed_only=True)),
    )
    return context


HANDOUT_KINDS = {
    DocumentHandout.Kind.AFTERCARE: (AFTERCARE_TEMPLATE, aftercare_sheet_context),
    DocumentHandout.Kind.PRECARE: (PRECARE_TEMPLATE, precare_sheet_context),
}


def render_handout(treatment_session: TreatmentSession, kind: str) -> bytes:
    """A fresh render of the sheet, in the patient's language. What is handed out is the
    stored copy (sessions/documents/handout_pdfs.py); this is how it is made."""
    template, builder = HANDOUT_KINDS[kind]
    with translation.override(document_language(treatment_session.patient)):
        return render_pdf(template, builder(treatment_session))


def render_aftercare_sheet(treatment_session: TreatmentSession) -> bytes:
    return render_handout(treatment_session, DocumentHandout.Kind.AFTERCARE)


def render_precare_sheet(treatment_session: TreatmentSession) -> bytes:
    return render_handout(treatment_session, DocumentHandout.Kind.PRECARE)


def render_batch(items: list[tuple[str, TreatmentSession]], *, progress=None) -> bytes:
    """Several sheets (kind, session) in one PDF, each in its patient's language."""

    def parts():
        for kind, treatment_session in items:
            template, builder = HANDOUT_KINDS[kind]
            with translation.override(document_language(treatment_session.patient)):
                yield template, {**builder(treatment_session), "in_batch": True}

    return render_pdf_many(parts(), progress=progress)
