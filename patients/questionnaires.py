"""The health questionnaire: a patient's answers kept apart from the record, the side-by-side
comparison a practitioner reads, and the review that accepts answers one by one. The review is
a history review (a new `MedicalHistoryReview` by the practitioner, now); accepted medications
and site conditions go through the same services as the staff forms."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import audit
from patients import services
from patients.models import (
    HISTORY_CONDITIONS,
    HealthQuestionnaire,
    MedicalHistoryReview,
    MedicationCatalogueEntry,
    Patient,
    PatientMedication,
    SiteCondition,
)
from patients.questionnaire_questions import CONDITION_QUESTIONS
from protocols.catalogues import Allergy, TreatmentArea


def catalogue_match(name: str) -> MedicationCatalogueEntry | None:
    """The catalogue entry a typed name means (its name or one of its other names, any case),
    or None: the medicine is then recorded as free text, unclassified, for review."""
    wanted = " ".join((name or "").split()).lower()
    if not wanted:
        return None
    for entry in MedicationCatalogueEntry.objects.only("name", "aliases"):
        if wanted == entry.name.lower() or wanted in (str(a).lower() for a in entry.aliases):
            return entry
    return None


def catalogue_names() -> list[str]:
    """Every name a patient may type for a catalogue medicine (suggestions while typing)."""
    names = set()
    for entry in MedicationCatalogueEntry.objects.only("name", "aliases"):
        names.update([entry.name, *map(str, entry.aliases or [])])
    return sorted(names, key=str.lower)


@transaction.atomic
def questionnaire_submit(*, patient: Patient, answers: dict, language: str, request=None):
    """Store what the patient answered (through their link). Writes nothing to the record.
    `answers`: conditions, allergies, allergies_other, smoking, medications [{"name",
    "dose"}], site_conditions [{"kind", "areas", "on"}], goals."""
    medications = []
    for row in answers.get("medications", []):
        name = " ".join(str(row.get("name", "")).split())[:150]
        if name:
            entry = catalogue_match(name)
            medications.append(
                {
                    "name": entry.name if entry else name,
                    "catalogue_entry": entry.pk if entry else None,
                    "dose": str(row.get("dose", ""))[:100],
                }
            )
    questionnaire = HealthQuestionnaire(
        patient=patient,
        language=language,
        conditions=list(answers.get("conditions", [])),
        allergies=list(answers.get("allergies", [])),
        allergies_other=answers.get("allergies_other", "").strip(),
        smoking=answers.get("smoking") or MedicalHistoryReview.Smoking.UNKNOWN,
        medications=medications,
        site_conditions=[_site_row(row) for row in answers.get("site_conditions", [])],
        goals=answers.get("goals", "").strip(),
    )
    questionnaire.full_clean()
    questionnaire.save()
    audit.record(
        actor=None,
        action="questionnaire.submitted",
        target=questionnaire,
        request=request,
        details={"by": "patient_link"},
    )
    return questionnaire


def _site_row(row: dict) -> dict:
    kind, areas, on = row.get("kind"), list(row.get("areas", [])), row.get("on")
    if kind not in SiteCondition.Kind.values or not areas:
        raise ValidationError(_("Say what the skin problem is and where."))
    if any(area not in TreatmentArea.values for area in areas):
        raise ValidationError(_("Choose the areas from the list."))
    if isinstance(on, datetime.date):
        on = on.isoformat()
    return {"kind": kind, "areas": areas, "on": on}


@dataclass
class Row:
    """One line of the side-by-side page: the patient's answer, the record, and whether
    accepting would change the record (only then is there a checkbox)."""

    key: str
    question: str
    answer: str
    record: str
    acceptable: bool


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def comparison(questionnaire: HealthQuestionnaire) -> list[Row]:
    """The questionnaire beside the patient's current record, field by field."""
    patient = questionnaire.patient
    history = services.current_history(patient)
    rows = []
    for tag in HISTORY_CONDITIONS:
        said = str(tag) in questionnaire.conditions
        recorded = bool(history and getattr(history, str(tag)))
        rows.append(
            Row(
                f"condition:{tag}",
                str(CONDITION_QUESTIONS[tag]),
                _yes_no(said),
                _yes_no(recorded) if history else _("Not recorded"),
                said != recorded,
            )
        )
    recorded_allergies = set(history.allergies) if history else set()
    for code, label in Allergy.choices:
        said = code in questionnaire.allergies
        recorded = code in recorded_allergies
        question = _("Allergic to: %(name)s") % {"name": label}
        rows.append(
            Row(
                f"allergy:{code}", question, _yes_no(said), _yes_no(recorded), said and not recorded
            )
        )
    other = history.allergies_other if history else ""
    rows.append(
        Row(
            "allergies_other",
            _("Other allergies"),
            questionnaire.allergies_other or "—",
            other or "—",
            bool(questionnaire.allergies_other)
            and questionnaire.allergies_other.lower() not in other.lower(),
        )
    )
    smoking = history.get_smoking_display() if history else _("Not recorded")
    rows.append(
        Row(
            "smoking",
            _("Smoking"),
            questionnaire.get_smoking_display(),
            smoking,
            questionnaire.smoking != MedicalHistoryReview.Smoking.UNKNOWN
            and questionnaire.smoking != (history.smoking if history else None),
        )
    )
    current = list(patient.medications.current().select_related("catalogue_entry"))
    for index, row in enumerate(questionnaire.medications):
        known = _medication_on_record(row, current)
        answer = row["name"] + (f" ({row['dose']})" if row.get("dose") else "")
        if row["catalogue_entry"] is None:
            answer += " · " + _("not in the catalogue")
        rows.append(
            Row(
                f"medication:{index}",
                _("Medicine or supplement"),
                answer,
                _("Already recorded") if known else _("Not recorded"),
                not known,
            )
        )
    mentioned = {m["catalogue_entry"] for m in questionnaire.medications} | {
        m["name"].lower() for m in questionnaire.medications
    }
    for medication in current:
        if (
            medication.catalogue_entry_id not in mentioned
            and medication.name.lower() not in mentioned
        ):
            rows.append(
                Row("", _("Medicine or supplement"), _("Not mentioned"), medication.name, False)
            )
    for index, row in enumerate(questionnaire.site_conditions):
        label = SiteCondition.Kind(row["kind"]).label
        areas = ", ".join(str(TreatmentArea(a).label) for a in row["areas"])
        rows.append(
            Row(
                f"site_condition:{index}",
                _("Skin problem or recent treatment"),
                f"{label} — {areas} — {row['on'] or '?'}",
                _("Not recorded"),
                bool(row["on"]),
            )
        )
    rows.append(Row("goals", _("Goals"), questionnaire.goals or "—", "", bool(questionnaire.goals)))
    return rows


def _medication_on_record(row: dict, current) -> bool:
    for medication in current:
        if row["catalogue_entry"] and medication.catalogue_entry_id == row["catalogue_entry"]:
            return True
        if medication.name.lower() == row["name"].lower():
            return True
    return False


@transaction.atomic
def questionnaire_review(
    *, questionnaire: HealthQuestionnaire, accept, by, request=None
) -> HealthQuestionnaire:
    """Accept the chosen answers into the record and close the questionnaire. Always records
    a history review by the practitioner, now (the current answers with the accepted ones
    applied): reviewing the questionnaire is reviewing the history. Refused twice, and for
    a key the comparison does not offer."""
    locked = HealthQuestionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.status != HealthQuestionnaire.Status.AWAITING_REVIEW:
        raise ValidationError(_("This questionnaire has already been reviewed."))
    offered = {row.key for row in comparison(locked) if row.acceptable}
    accept = list(dict.fromkeys(accept))
    unknown = [key for key in accept if key not in offered]
    if unknown:
        raise ValidationError(
            _("These answers cannot be accepted: %(keys)s") % {"keys": ", ".join(unknown)}
        )
    patient = locked.patient
    history = services.current_history(patient)
    data = services.history_copy(history) if history else {}
    data.setdefault("allergies", [])
    for key in accept:
        kind, _sep, name = key.partition(":")
        if kind == "condition":
            data[name] = name in locked.conditions
        elif kind == "allergy":
            data["allergies"] = [*data["allergies"], name]
        elif key == "allergies_other":
            earlier = data.get("allergies_other", "")
            data["allergies_other"] = "; ".join(filter(None, [earlier, locked.allergies_other]))
        elif key == "smoking":
            data["smoking"] = locked.smoking
    review = services.history_review_record(patient=patient, data=data, by=by, request=request)
    for key in accept:
        kind, _sep, index = key.partition(":")
        if kind == "medication":
            row = locked.medications[int(index)]
            entry = MedicationCatalogueEntry.objects.filter(pk=row["catalogue_entry"]).first()
            medication = PatientMedication(
                catalogue_entry=entry,
                free_text_name="" if entry else row["name"],
                dose=row.get("dose", ""),
                notes=_("From the patient's questionnaire"),
            )
            services.medication_add(patient=patient, medication=medication, by=by, request=request)
        elif kind == "site_condition":
            row = locked.site_conditions[int(index)]
            condition = SiteCondition(
                kind=row["kind"],
                areas=row["areas"],
                on=datetime.date.fromisoformat(row["on"]),
                notes=_("From the patient's questionnaire"),
            )
            services.site_condition_record(
                patient=patient, condition=condition, by=by, request=request
            )
    locked.status = HealthQuestionnaire.Status.REVIEWED
    locked.reviewed_by = by
    locked.reviewed_at = timezone.now()
    locked.accepted = accept
    locked.history_review = review
    locked.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "accepted", "history_review"]
    )
    audit.record(
        actor=by,
        action="questionnaire.reviewed",
        target=locked,
        request=request,
        details={"accepted": accept, "left": sorted(offered - set(accept)), "review": review.pk},
    )
    return locked


def accepted_goals(patient: Patient) -> str:
    """The goals from the patient's latest reviewed questionnaire, if the practitioner
    accepted them (the consultation form starts from them)."""
    latest = (
        patient.questionnaires.filter(status=HealthQuestionnaire.Status.REVIEWED)
        .order_by("-reviewed_at", "-pk")
        .first()
    )
    return latest.goals if latest and "goals" in latest.accepted else ""
