"""Contraindication screening: a patient's facts against a protocol version, by the rule table
of patients/clinical_rules.py (reference §5a, §6, §7).

Facts come from the current medical-history review (conditions, allergies and their
resolution), conditions recorded at a site (they count only where the plan treats an
overlapping area), the medication history (current, and stopped within a rule's look-back),
and the patient's age, sex and Fitzpatrick type. INR readings belong to a session day, not to a
plan: `screen(session_day=...)` or `session_day_findings(patient=, day=)` apply them at booking
and check-in; a plan gets them as a note. Everything
the protocol puts on or into the patient (blend and ancillary products) is screened by
ingredient.

Severities: absolute blocks; relative and caution need the practitioner's reason (an
acknowledgement); info is shown only; review is a free-text medication to judge. A protocol
may raise a rule's severity (its absolute/relative lists, its ingredients' tags), never lower it.

Safety rule (reference §7): a prescribed anticoagulant, antiplatelet or SSRI/SNRI is flagged for
review and never turned into "stop taking it"; only non-prescribed NSAIDs and supplements get a
pause window, from the medication catalogue only (`pause_schedule`).
"""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import dates
from patients import clinical_rules as rules_table
from patients.allergies import (  # noqa: F401 (public names of patients.screening)
    AllergyConflict,
    AllergyProfile,
    allergy_conflicts,
    allergy_profile,
    current_resolution,
    version_ingredients,
)
from patients.precare import (  # noqa: F401 (public names of patients.screening)
    NEVER_STOP_CLASSES,
    PauseInstruction,
    PreCareInstruction,
    pause_schedule,
    pre_care_instructions,
)
from protocols.catalogues import ContraindicationTag, TreatmentArea

RISK_CLASS_TAGS = {
    "anticoagulant": ContraindicationTag.ANTICOAGULANT,
    "antiplatelet": ContraindicationTag.ANTIPLATELET,
    "nsaid": ContraindicationTag.NSAID,
    "ssri_snri": ContraindicationTag.SSRI_SNRI,
    "bleeding_risk_supplement": ContraindicationTag.BLEEDING_RISK_SUPPLEMENT,
    "systemic_retinoid": ContraindicationTag.RECENT_ISOTRETINOIN,
}
VITAMIN_K_ANTAGONISTS = {"warfarin", "acenocoumarol", "phenprocoumon", "fluindione"}

ABSOLUTE, RELATIVE, CAUTION, INFO = (
    rules_table.ABSOLUTE,
    rules_table.RELATIVE,
    rules_table.CAUTION,
    rules_table.INFO,
)
REVIEW = "review"
NEEDS_REASON = (RELATIVE, CAUTION, REVIEW)

SITE_KIND_TAGS = {
    "infection": "active_skin_infection",
    "herpes": "active_herpes",
    "broken_skin": "broken_skin",
    "sunburn": "sunburn",
    "laser": "recent_laser_or_peel",
    "peel": "recent_laser_or_peel",
    "filler": "recent_filler",
}
SITE_WINDOWS = {
    "laser": rules_table.LASER_PEEL_WINDOW_DAYS,
    "peel": rules_table.LASER_PEEL_WINDOW_DAYS,
}
# Areas that share skin: a condition on one counts for the other.
AREA_OVERLAPS = {("face", "periorbital"), ("neck", "submental")}


@dataclass
class Finding:
    key: str  # reasons are stored by key: the rule id (or tag, allergy tag, unclassified:<id>)
    severity: str
    label: str
    facts: list[str]
    rule: str
    rule_id: str = ""
    patient_text: str = ""
    sources: list[str] = field(default_factory=list)


@dataclass
class ScreeningResult:
    protocol: str
    findings: list[Finding] = field(default_factory=list)
    pre_care: list[PreCareInstruction] = field(default_factory=list)
    history_reviewed_at: str = ""
    advice: list[str] = field(default_factory=list)  # patient wording of info rules

    @property
    def blocks(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ABSOLUTE]

    @property
    def warnings(self) -> list[Finding]:
        """What needs an acknowledged reason before a plan: relative, caution and review."""
        return [f for f in self.findings if f.severity in NEEDS_REASON]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == INFO]

    @property
    def is_blocked(self) -> bool:
        return bool(self.blocks)

    @property
    def patient_lines(self) -> list[str]:
        """Wording for the consent and aftercare: each fired rule's patient line, once."""
        lines = [f.patient_text for f in self.findings if f.patient_text] + self.advice
        return list(dict.fromkeys(lines))

    def missing_reasons(self, reasons: dict) -> list[Finding]:
        return [f for f in self.warnings if not str(reasons.get(f.key, "")).strip()]

    def as_dict(self) -> dict:
        return {
            "protocol": self.protocol,
            "history_reviewed_at": self.history_reviewed_at,
            # Patient wording is a lazy translation until a document reads it; stored: text.
            "findings": [{**asdict(f), "patient_text": str(f.patient_text)} for f in self.findings],
            "pre_care": [asdict(p) for p in self.pre_care],
            "advice": [str(line) for line in self.advice],
        }


# --- Facts ------------------------------------------------------------------------------


def areas_overlap(first, second) -> bool:
    first, second = set(first), set(second)
    if first & second:
        return True
    return any((a, b) in AREA_OVERLAPS or (b, a) in AREA_OVERLAPS for a in first for b in second)


def _area_labels(areas) -> str:
    return ", ".join(str(TreatmentArea(a).label) for a in areas if a in TreatmentArea.values)


def is_vitamin_k_antagonist(entry) -> bool:
    names = {entry.name.lower(), *(str(alias).lower() for alias in entry.aliases or [])}
    return bool(names & VITAMIN_K_ANTAGONISTS) or "vitamin k antagonist" in entry.source.lower()


def inr_facts(*, patient, medications, day) -> dict[str, list[str]]:
    """INR facts for a session day: on a vitamin K antagonist, the latest INR in the recent
    window above 3.5 [S4], or no INR in that window."""
    on_vka = [
        m
        for m in medications
        if m.catalogue_entry is not None and is_vitamin_k_antagonist(m.catalogue_entry)
    ]
    if not on_vka:
        return {}
    since = day - datetime.timedelta(days=rules_table.INR_RECENT_DAYS)
    reading = (
        patient.inr_readings.filter(measured_on__gte=since, measured_on__lte=day)
        .order_by("-measured_on", "-pk")
        .first()
    )
    name = on_vka[0].name
    if reading is None:
        return {
            "inr_missing": [
                _("Takes %(name)s; no INR recorded between %(since)s and %(day)s")
                % {"name": name, "since": dates.day(since), "day": dates.day(day)}
            ]
        }
    if reading.value > Decimal(rules_table.INR_LIMIT):
        return {
            "inr_above_3_5": [
                _("Takes %(name)s; INR %(value)s on %(date)s")
                % {"name": name, "value": reading.value, "date": dates.day(reading.measured_on)}
            ]
        }
    return {}


def patient_facts(
    *, patient, history, medications, today=None, areas=None, ingredient_classes=()
) -> dict[str, list[str]]:
    """Fact key -> the sentences that state why the patient has it, for a day and the areas
    treated (None: every area)."""
    day = today or timezone.localdate()
    medications = list(medications)
    facts: dict[str, list[str]] = {rules_table.ALWAYS: []}

    def add(tag, sentence):
        facts.setdefault(str(tag), []).append(sentence)

    if history is not None:
        reviewed = _("medical history reviewed %(date)s") % {"date": dates.day(history.reviewed_at)}
        for tag in history.conditions():
            sentence = f"{ContraindicationTag(tag).label} ({reviewed})"
            if tag in ("active_skin_infection", "sunburn", "recent_laser_or_peel"):
                sentence += " — " + _("recorded without a site, so it counts for every area")
            add(tag, sentence)
        profile = allergy_profile(patient=patient, history=history)
        if profile.unresolved:
            add(
                "allergy_unresolved",
                _("Allergies recorded as free text: “%(text)s” (%(reviewed)s)")
                % {"text": profile.free_text.strip(), "reviewed": reviewed},
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
    # Look-back: a systemic retinoid stopped within the window still counts.
    since = day - datetime.timedelta(days=rules_table.SYSTEMIC_RETINOID_WINDOW_DAYS)
    current_ids = {m.pk for m in medications}
    for medication in patient.medications.filter(
        catalogue_entry__risk_class="systemic_retinoid", stopped_on__gte=since
    ).select_related("catalogue_entry"):
        if medication.pk in current_ids and medication.stopped_on is None:
            continue
        add(
            "recent_isotretinoin",
            _("Took %(name)s until %(date)s (less than 6 months before %(day)s)")
            % {
                "name": medication.name,
                "date": dates.day(medication.stopped_on),
                "day": dates.day(day),
            },
        )
    for condition in patient.site_conditions.all():
        if condition.on > day or (condition.resolved_on and condition.resolved_on <= day):
            continue
        window = SITE_WINDOWS.get(condition.kind)
        if window is not None and (day - condition.on).days > window:
            continue
        if areas is not None and not areas_overlap(condition.areas, areas):
            continue
        add(
            SITE_KIND_TAGS[condition.kind],
            _("%(kind)s at %(areas)s (%(date)s)")
            % {
                "kind": condition.get_kind_display(),
                "areas": _area_labels(condition.areas),
                "date": dates.day(condition.on),
            },
        )
    age = patient.age_on(day)
    if age < rules_table.AGE_MIN:
        add(ContraindicationTag.UNDER_18, _("Age %(age)s") % {"age": age})
    if age > rules_table.AGE_MAX:
        add(ContraindicationTag.AGE_OVER_75, _("Age %(age)s") % {"age": age})
    if has_darker_skin_type(patient):
        add(
            ContraindicationTag.FITZPATRICK_IV_VI,
            _("Fitzpatrick type %(type)s") % {"type": patient.get_fitzpatrick_type_display()},
        )
    if patient.sex != "male":
        add(rules_table.CAN_BECOME_PREGNANT, _("Sex recorded: %(sex)s") % {"sex": patient.sex})
    return facts


def has_darker_skin_type(patient) -> bool:
    """Fitzpatrick IV–VI: the post-inflammatory hyperpigmentation caution applies (§6)."""
    return (patient.fitzpatrick_type or 0) >= 4


def aftercare_lines(patient) -> list[str]:
    """What the aftercare sheet adds for this patient from the rule table (plain words)."""
    if has_darker_skin_type(patient):
        return [rules_table.BY_ID["fitzpatrick_iv_vi"].patient]
    return []


# --- Screening ------------------------------------------------------------------------------


def _stronger(first: str, second: str) -> str:
    order = rules_table.SEVERITY_ORDER
    return first if order[first] >= order[second] else second


def screen(
    *, patient, version, history, medications, today=None, areas=None, session_day=None
) -> ScreeningResult:
    """Screen the patient's facts on a day (default today) against one protocol version for the
    areas treated (default: the version's areas). Pure: no writes.

    With `session_day` (booking, check-in, chart), the facts are those of that day and the
    warfarin INR rules apply at their full severity (INR > 3.5 blocks the day). Without it (a
    plan), an INR problem is only a note: a plan months ahead is not judged on today's INR."""
    day = session_day or today or timezone.localdate()
    areas = list(areas) if areas is not None else list(version.treatment_areas)
    medications = list(medications)
    used = version_ingredients(version)
    classes = {ingredient.ingredient_class for ingredient, _where in used}
    facts = patient_facts(
        patient=patient, history=history, medications=medications, today=day, areas=areas
    )
    if version.on_label_areas:
        outside = [a for a in areas if a not in version.on_label_areas]
        if outside:
            facts["off_label_area"] = [
                _("Plan treats %(areas)s; %(protocol)s is on-label only for %(label)s")
                % {
                    "areas": _area_labels(outside),
                    "protocol": version.protocol.name,
                    "label": _area_labels(version.on_label_areas),
                }
            ]
    result = ScreeningResult(
        protocol=str(version),
        history_reviewed_at=history.reviewed_at.isoformat() if history else "",
    )
    # Protocol severities: its lists, and tags its ingredients carry (e.g. dutasteride).
    raised: dict[str, tuple[str, str]] = {}
    for tag in version.relative_contraindications:
        raised[tag] = (RELATIVE, _("%(protocol)s lists this as a relative contraindication."))
    for tag in version.absolute_contraindications:
        raised[tag] = (ABSOLUTE, _("%(protocol)s lists this as an absolute contraindication."))
    for ingredient, where in used:
        for tag in ingredient.contraindication_tags or []:
            if not tag.startswith("allergy_"):
                raised[tag] = (
                    ABSOLUTE,
                    _("%(where)s contains %(ingredient)s, which this rules out.")
                    % {"where": where, "ingredient": ingredient.name},
                )

    # Allergies: to an ingredient of anything used is absolute, naming ingredient and product.
    profile = allergy_profile(patient=patient, history=history)
    conflicts = allergy_conflicts(profile, used)
    allergy_rule = rules_table.BY_ID["allergy_component"]
    by_key: dict[str, list[AllergyConflict]] = {}
    for conflict in conflicts:
        by_key.setdefault(conflict.key, []).append(conflict)
    for key, items in by_key.items():
        result.findings.append(
            Finding(
                key=key,
                severity=ABSOLUTE,
                label=_("Allergy: %(allergy)s") % {"allergy": items[0].allergy},
                facts=[item.sentence() for item in items],
                rule=_("Do not use %(products)s: it contains %(ingredients)s. %(rule)s")
                % {
                    "products": ", ".join(dict.fromkeys(item.product for item in items)),
                    "ingredients": ", ".join(dict.fromkeys(item.ingredient for item in items)),
                    "rule": str(allergy_rule.practitioner),
                },
                rule_id=allergy_rule.id,
                patient_text=allergy_rule.patient,
                sources=list(allergy_rule.sources),
            )
        )

    fired = {}
    consumed = set()
    for rule in rules_table.RULES:
        if rule.id == "allergy_component":
            continue
        present = [fact for fact in rule.facts if fact in facts]
        if not present:
            continue
        if rule.areas and not areas_overlap(rule.areas, areas):
            continue
        if rule.ingredient_classes and not classes & set(rule.ingredient_classes):
            continue
        severity, why = rule.severity, str(rule.practitioner)
        notes = []
        for fact in present:
            if fact in raised and _stronger(raised[fact][0], rule.severity) == raised[fact][0]:
                severity = _stronger(raised[fact][0], severity)
                note = raised[fact][1] % {"protocol": version}
                if note not in notes:
                    notes.append(note)
        why = " ".join([why, *notes])
        consumed.update(present)
        # A one-fact rule keeps its tag's label (what consents have always printed).
        label = str(rule.title)
        if len(rule.facts) == 1 and present[0] in ContraindicationTag.values:
            label = str(ContraindicationTag(present[0]).label)
        fired[rule.id] = Finding(
            key=rule.id,
            severity=severity,
            label=label,
            facts=[s for fact in present for s in facts[fact]],
            rule=why,
            rule_id=rule.id,
            patient_text=rule.patient,
            sources=list(rule.sources),
        )
    for rule_id, finding in fired.items():
        rule = rules_table.BY_ID[rule_id]
        if rule.superseded_by and rule.superseded_by in fired:
            continue
        if rules_table.ALWAYS in rule.facts and finding.severity == INFO:
            if rule.patient:
                result.advice.append(rule.patient)
            if not rule.areas:
                continue  # general advice: not a finding about this patient
            finding.facts = [_("Plan treats %(areas)s") % {"areas": _area_labels(areas)}]
        result.findings.append(finding)
    # Tags a protocol lists that no rule covers still count, as the protocol says.
    for tag, (severity, why) in raised.items():
        if tag in facts and tag not in consumed and tag in ContraindicationTag.values:
            result.findings.append(
                Finding(
                    key=tag,
                    severity=severity,
                    label=str(ContraindicationTag(tag).label),
                    facts=facts[tag],
                    rule=why % {"protocol": version} if "%(protocol)s" in why else why,
                )
            )
    for finding in session_day_findings(patient=patient, day=day, medications=medications):
        if session_day is None:
            finding.severity = INFO
            finding.rule = _(
                "%(rule)s For the plan this is a note: each session day is checked."
            ) % {"rule": finding.rule}
        result.findings.append(finding)
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
    order = {ABSOLUTE: 0, RELATIVE: 1, REVIEW: 2, CAUTION: 3, INFO: 4}
    result.findings.sort(key=lambda f: order[f.severity])
    result.pre_care = pre_care_instructions(medications)
    return result


def session_day_findings(*, patient, day, medications=None) -> list[Finding]:
    """What blocks or warns for one session day regardless of protocol (warfarin INR today):
    for booking and check-in. `medications`: the current ones (default: read)."""
    if medications is None:
        medications = patient.medications.current().select_related("catalogue_entry")
    findings = []
    for tag, sentences in inr_facts(
        patient=patient, medications=list(medications), day=day
    ).items():
        rule = rules_table.BY_ID[tag]
        findings.append(
            Finding(
                key=rule.id,
                severity=rule.severity,
                label=str(rule.title),
                facts=sentences,
                rule=str(rule.practitioner),
                rule_id=rule.id,
                sources=list(rule.sources),
            )
        )
    return findings
