"""Contraindication screening: a patient's facts against a protocol version.

Facts come from the current medical-history review (conditions, structured allergies), the
current medications (their catalogue risk class) and the date of birth. Each fact raises a
contraindication tag. The protocol version lists absolute and relative tags, and each
ingredient of its blend carries tags of its own (an allergy to a component is absolute).

- absolute: blocks the plan; the result says which fact meets which rule;
- relative: needs the practitioner's acknowledgement with a reason;
- review: something screening cannot classify (a free-text medication) — the practitioner
  reviews it, with a reason, like a relative warning.

Safety rule (domain reference §7): a prescribed anticoagulant, antiplatelet or SSRI is flagged
for review and never turned into "stop taking it"; only non-prescribed NSAIDs and supplements
get a pause window, in `pre_care`.
"""

from dataclasses import asdict, dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from protocols.catalogues import Allergy, ContraindicationTag

RISK_CLASS_TAGS = {
    "anticoagulant": ContraindicationTag.ANTICOAGULANT,
    "antiplatelet": ContraindicationTag.ANTIPLATELET,
    "nsaid": ContraindicationTag.NSAID,
    "ssri_snri": ContraindicationTag.SSRI_SNRI,
    "bleeding_risk_supplement": ContraindicationTag.BLEEDING_RISK_SUPPLEMENT,
    "systemic_retinoid": ContraindicationTag.RECENT_ISOTRETINOIN,
}
# Never told to stop, whatever the catalogue says about how they are usually obtained.
NEVER_STOP_CLASSES = {"anticoagulant", "antiplatelet", "ssri_snri", "systemic_retinoid"}

ABSOLUTE, RELATIVE, REVIEW = "absolute", "relative", "review"


@dataclass
class Finding:
    key: str  # the tag, or "unclassified:<id>" for review items; reasons are stored by key
    severity: str
    label: str
    facts: list[str]
    rule: str


@dataclass
class PreCareInstruction:
    medication: str
    text: str
    stop_before_days: int | None


@dataclass
class ScreeningResult:
    protocol: str
    findings: list[Finding] = field(default_factory=list)
    pre_care: list[PreCareInstruction] = field(default_factory=list)
    history_reviewed_at: str = ""

    @property
    def blocks(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ABSOLUTE]

    @property
    def warnings(self) -> list[Finding]:
        """What needs an acknowledged reason before a plan: relative and review findings."""
        return [f for f in self.findings if f.severity in (RELATIVE, REVIEW)]

    @property
    def is_blocked(self) -> bool:
        return bool(self.blocks)

    def missing_reasons(self, reasons: dict) -> list[Finding]:
        return [f for f in self.warnings if not str(reasons.get(f.key, "")).strip()]

    def as_dict(self) -> dict:
        return {
            "protocol": self.protocol,
            "history_reviewed_at": self.history_reviewed_at,
            "findings": [asdict(f) for f in self.findings],
            "pre_care": [asdict(p) for p in self.pre_care],
        }


def patient_facts(*, patient, history, medications, today=None) -> dict[str, list[str]]:
    """Tag -> the sentences that state why the patient has it."""
    today = today or timezone.localdate()
    facts: dict[str, list[str]] = {}

    def add(tag, sentence):
        facts.setdefault(str(tag), []).append(sentence)

    if history is not None:
        reviewed = _("medical history reviewed %(date)s") % {
            "date": timezone.localtime(history.reviewed_at).date().isoformat()
        }
        for tag in history.conditions():
            add(tag, f"{ContraindicationTag(tag).label} ({reviewed})")
        for code in history.allergies:
            add(
                code,
                _("Allergy recorded: %(allergy)s (%(reviewed)s)")
                % {"allergy": Allergy(code).label, "reviewed": reviewed},
            )
    for medication in medications:
        entry = medication.catalogue_entry
        if entry is None or entry.risk_class not in RISK_CLASS_TAGS:
            continue
        how = _("prescribed") if medication.is_prescribed else _("not prescribed")
        add(
            RISK_CLASS_TAGS[entry.risk_class],
            _("Takes %(name)s (%(how)s)") % {"name": medication.name, "how": how},
        )
    age = patient.age_on(today)
    if age < 18:
        add(ContraindicationTag.UNDER_18, _("Age %(age)s") % {"age": age})
    return facts


def screen(*, patient, version, history, medications, today=None) -> ScreeningResult:
    """Screen the patient's current facts against one protocol version (pure: no writes)."""
    medications = list(medications)
    facts = patient_facts(patient=patient, history=history, medications=medications, today=today)
    result = ScreeningResult(
        protocol=str(version),
        history_reviewed_at=history.reviewed_at.isoformat() if history else "",
    )
    # Ingredient tags first: an allergy to something in the syringe is always absolute.
    ingredient_rules: dict[str, list[str]] = {}
    for component in version.blend.all():
        for tag in component.ingredient.contraindication_tags:
            ingredient_rules.setdefault(tag, []).append(component.ingredient.name)
    seen = set()
    for tag, ingredients in ingredient_rules.items():
        if tag in facts:
            seen.add(tag)
            result.findings.append(
                Finding(
                    key=tag,
                    severity=ABSOLUTE,
                    label=str(ContraindicationTag(tag).label),
                    facts=facts[tag],
                    rule=_("The blend contains %(ingredients)s, which this rules out.")
                    % {"ingredients": ", ".join(ingredients)},
                )
            )
    for severity, tags in (
        (ABSOLUTE, version.absolute_contraindications),
        (RELATIVE, version.relative_contraindications),
    ):
        for tag in tags:
            if tag in facts and tag not in seen:
                seen.add(tag)
                kind = _("an absolute") if severity == ABSOLUTE else _("a relative")
                result.findings.append(
                    Finding(
                        key=tag,
                        severity=severity,
                        label=str(ContraindicationTag(tag).label),
                        facts=facts[tag],
                        rule=_("%(protocol)s lists this as %(kind)s contraindication.")
                        % {"protocol": version, "kind": kind},
                    )
                )
    for medication in medications:
        if medication.is_unclassified:
            result.findings.append(
                Finding(
                    key=f"unclassified:{medication.pk}",
                    severity=REVIEW,
                    label=_("Unclassified medication: %(name)s") % {"name": medication.name},
                    facts=[_("Recorded as free text, not from the catalogue.")],
                    rule=_("Screening cannot judge it: review it before planning."),
                )
            )
    result.pre_care = pre_care_instructions(medications)
    return result


def pre_care_instructions(medications) -> list[PreCareInstruction]:
    """What the patient is told about each risky medicine before a session."""
    instructions = []
    for medication in medications:
        entry = medication.catalogue_entry
        if entry is None or entry.risk_class == "none":
            continue
        never_stop = medication.is_prescribed or entry.risk_class in NEVER_STOP_CLASSES
        if never_stop:
            text = _(
                "Keep taking %(name)s unless the doctor who prescribed it tells you otherwise; "
                "we have noted it and your practitioner will review it with you."
            ) % {"name": medication.name}
            days = None
        elif entry.stop_before_days:
            days = entry.stop_before_days
            text = _(
                "Stop taking %(name)s %(days)s days before your session, unless a doctor "
                "prescribed it to you."
            ) % {"name": medication.name, "days": days}
        else:
            continue
        instructions.append(PreCareInstruction(medication.name, text, days))
    return instructions
