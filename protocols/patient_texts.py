"""Every change to a protocol version's patient wording goes through these functions, and
documents pick the wording they show here.

Invariant: a revision is written once; a correction or a new translation is the next revision
of that (version, language), and starts "to be reviewed" unless written by the seed's English
source. Documents use the newest revision in the patient's language, else the English one,
and say so on the page."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import audit
from protocols.models import ProtocolPatientText, ProtocolVersion
from protocols.models.patient_texts import TEXT_FIELDS

FALLBACK_LANGUAGE = "en"

DEFAULT_ALTERNATIVES = (
    "You do not have to have this treatment. Other options include having no treatment, "
    "looking after your skin or hair with suitable products and sun protection, and other "
    "treatments your practitioner can explain, each with its own benefits and risks. You "
    "can stop the course at any time, and stopping does not affect the care we give you."
)

# For a version no one has written patient text for yet (a clinic's own protocol).
FALLBACK_WORDS = {
    "procedure": "Your practitioner explains each step of this treatment with you before it "
    "starts.",
    "benefits": "Your practitioner explains what this treatment may do for you and how strong "
    "the evidence for it is.",
    "alternatives": DEFAULT_ALTERNATIVES,
}

# The version fields the English patient text repeats: when a revision changes one of them,
# the copied texts need a clinician's look before they are trusted again.
PATIENT_FACING_VERSION_FIELDS = ("pre_care", "aftercare", "side_effects", "consent_risk_text")


@dataclass(frozen=True)
class ChosenText:
    """The revision a document shows, and whether it is a fallback from another language."""

    text: ProtocolPatientText | None
    wanted: str

    @property
    def language(self) -> str:
        return self.text.language if self.text else FALLBACK_LANGUAGE

    @property
    def is_fallback(self) -> bool:
        return self.language != self.wanted

    @property
    def needs_review(self) -> bool:
        return bool(self.text) and not self.text.is_reviewed

    def fields(self, version: ProtocolVersion) -> dict:
        """The words to show: the revision's, or (a version that has no patient text at all)
        English built from the version's own patient-worded fields, never a blank section."""
        if self.text is not None:
            return {name: getattr(self.text, name) for name in TEXT_FIELDS}
        return english_from_version(version, keep=FALLBACK_WORDS)


def latest(version: ProtocolVersion, language: str) -> ProtocolPatientText | None:
    return (
        ProtocolPatientText.objects.filter(version=version, language=language)
        .order_by("-revision")
        .first()
    )


def patient_text_for(version: ProtocolVersion, language: str) -> ChosenText:
    """The newest revision in `language`, else in English (a visible fallback)."""
    chosen = latest(version, language)
    if chosen is None and language != FALLBACK_LANGUAGE:
        chosen = latest(version, FALLBACK_LANGUAGE)
    return ChosenText(text=chosen, wanted=language)


def review_state(version: ProtocolVersion) -> dict[str, ProtocolPatientText | None]:
    """For the card and the admin: each configured language's newest revision (None: none)."""
    texts = {
        text.language: text
        for text in ProtocolPatientText.objects.filter(version=version)
        .latest_per_language()
        .select_related("reviewed_by")
    }
    return {code: texts.get(code) for code, _name in settings.LANGUAGES}


@transaction.atomic
def patient_text_add(
    *,
    version: ProtocolVersion,
    language: str,
    fields: dict,
    note: str,
    by,
    reviewed: bool = False,
    request=None,
) -> ProtocolPatientText:
    """Write the next revision of a version's patient wording in one language. Earlier
    revisions stay as they were (consents quote them). `reviewed` only for text a clinician
    wrote or checked as it is saved (the seed's English source, a reviewer's own correction)."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"language": _("This language is not configured.")})
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what this revision changes and why.")})
    # Lock the version row: two editors saving at once get revisions N and N+1, never a clash.
    ProtocolVersion.objects.select_for_update().get(pk=version.pk)
    number = (
        ProtocolPatientText.objects.filter(version=version, language=language).aggregate(
            last=Max("revision")
        )["last"]
        or 0
    ) + 1
    now = timezone.now()
    text = ProtocolPatientText(
        version=version,
        language=language,
        revision=number,
        note=note.strip(),
        created_by=by,
        created_at=now,
        **{name: fields[name] for name in TEXT_FIELDS},
    )
    if reviewed:
        text.review_status = ProtocolPatientText.Review.REVIEWED
        text.reviewed_by, text.reviewed_at = by, now
    text.full_clean(exclude=["version"])
    text.save()
    audit.record(
        actor=by,
        action="protocol.patient_text_added",
        target=version,
        request=request,
        details={"language": language, "revision": number, "reviewed": reviewed},
    )
    return text


@transaction.atomic
def patient_text_review(*, text: ProtocolPatientText, by, request=None) -> ProtocolPatientText:
    """A clinician confirms a revision reads correctly for patients. Recorded once."""
    locked = ProtocolPatientText.objects.select_for_update().get(pk=text.pk)
    if locked.is_reviewed:
        raise ValidationError(_("This text has already been reviewed."))
    locked.review_status = ProtocolPatientText.Review.REVIEWED
    locked.reviewed_by, locked.reviewed_at = by, timezone.now()
    locked.save(update_fields=["review_status", "reviewed_by", "reviewed_at"])
    audit.record(
        actor=by,
        action="protocol.patient_text_reviewed",
        target=locked.version,
        request=request,
        details={"language": locked.language, "revision": locked.revision},
    )
    return locked


def copy_forward(*, previous: ProtocolVersion, version: ProtocolVersion, by) -> list:
    """A new protocol version starts with the previous version's newest texts, each as its
    revision 1 with a note saying where it came from. When the revision changed what patients
    are told (pre-care, aftercare, side effects, risks), the English copy takes the new
    wording and every copy is marked to be reviewed."""
    changed = [
        name
        for name in PATIENT_FACING_VERSION_FIELDS
        if getattr(previous, name) != getattr(version, name)
    ]
    copies = []
    for language, source in review_state(previous).items():
        if source is None:
            continue
        fields = {name: getattr(source, name) for name in TEXT_FIELDS}
        if language == FALLBACK_LANGUAGE and changed:
            fields.update(english_from_version(version, keep=fields))
        note = _("Copied from %(version)s, %(language)s revision %(revision)s.") % {
            "version": previous,
            "language": language,
            "revision": source.revision,
        }
        if changed:
            note += " " + _(
                "This version changed %(fields)s: check that the text still matches."
            ) % {"fields": ", ".join(changed)}
        copies.append(
            patient_text_add(
                version=version,
                language=language,
                fields=fields,
                note=note,
                by=by,
                reviewed=source.is_reviewed and not changed,
            )
        )
    return copies


def english_from_version(version: ProtocolVersion, *, keep: dict | None = None) -> dict:
    """English patient fields from a version's own patient-worded fields (pre-care,
    aftercare, side effects, consent risks); "call us" lines are split from the aftercare.
    `keep` supplies what the version has no field for (procedure, benefits, alternatives)."""
    keep = keep or {}
    aftercare = [line for line in version.aftercare if not is_call_line(line)]
    call = [line for line in version.aftercare if is_call_line(line)]
    return {
        "name": keep.get("name") or version.protocol.name,
        "procedure": keep.get("procedure", ""),
        "benefits": keep.get("benefits", ""),
        "alternatives": keep.get("alternatives", ""),
        "side_effects": [
            {"effect": item["effect"], "usual_duration": item.get("usual_duration", "")}
            for item in version.side_effects
            if isinstance(item, dict) and item.get("effect")
        ],
        "risks": version.consent_risk_text,
        "pre_care": list(version.pre_care),
        "aftercare": aftercare,
        "call_at_once": call,
    }


def is_call_line(line: str) -> bool:
    """An aftercare line that says when to contact the clinic straight away."""
    start = line.strip().lower()
    return start.startswith(("contact us", "call us", "phone us", "tell us straight away"))
