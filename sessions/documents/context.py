"""What every patient document shares: the clinic's header, the patient's identity, the
document language, and protocol text cleaned for patients."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clinic.pdf import STATIC_DIR, static_file_for
from clinic.people import display_name
from protocols.catalogues import Technique, TreatmentArea
from sessions.models import (
    TreatmentSession,
)

_SOURCE_KEYS = re.compile(r"\s*\[[A-Z]{1,3}\d{1,3}\](?:\[[A-Z]{1,3}\d{1,3}\])*")


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


def language_name(code: str) -> str:
    """A language's name in the active language ("French", « français »)."""
    names = dict(settings.LANGUAGES)
    return str(names.get(code, code))


def document_base(title: str, patient, *, location=None, now=None) -> dict:
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


def area_labels(codes) -> list[str]:
    labels = []
    for code in codes or []:
        try:
            labels.append(str(TreatmentArea(code).label))
        except ValueError:
            labels.append(str(code))
    return labels


def technique_label(code: str) -> str:
    try:
        return str(Technique(code).label)
    except ValueError:
        return code or ""


def appointment_details(treatment_session: TreatmentSession | None) -> dict | None:
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
        "practitioner": display_name(treatment_session.practitioner),
    }


def course_position_label(treatment_session) -> str:
    if treatment_session.sequence and treatment_session.plan_id:
        return _("Session %(n)s of %(total)s") % {
            "n": treatment_session.sequence,
            "total": treatment_session.plan.sessions_count,
        }
    return str(treatment_session.get_kind_display())
