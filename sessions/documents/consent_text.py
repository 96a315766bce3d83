"""The consent text, as plain lines stored verbatim on the ConsentRecord, and its blocks
for templates."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clinic import typography
from protocols.patient_texts import ChosenText
from sessions.documents.context import area_labels, language_name, without_source_keys


def consent_text(
    *, patient, version, chosen: ChosenText, plan=None, screening_result=None, today=None
) -> str:
    """The exact consent text, as plain lines: "# " title, "## " heading, "- " item,
    "[ ] " statement to tick, anything else a paragraph. Stored verbatim on the
    ConsentRecord; the screen and the PDF render these lines, never anything else.

    Written in the active language (consent_prepare overrides it with the patient's), with
    the protocol's patient wording from `chosen` (a ProtocolPatientText revision, or English
    with a line saying so); never the practitioner's summary or evidence."""
    today = today or timezone.localdate()
    words = chosen.fields(version)
    sessions = plan.sessions_count if plan else version.sessions_count
    areas = area_labels(plan.areas if plan else version.treatment_areas)
    interval = (
        _("every %(min)s–%(max)s days")
        % {"min": plan.interval_min_days, "max": plan.interval_max_days}
        if plan and plan.interval_min_days != plan.interval_max_days
        else (
            _("every %(days)s days") % {"days": plan.interval_min_days}
            if plan
            else str(version.interval_label)
        )
    )
    lines = [
        "# " + _("Consent to treatment") + ": " + words["name"],
        _(
            "%(name)s, born %(born)s, chart %(chart)s. Treatment: %(treatment)s (version "
            "%(number)s of the protocol). Prepared on %(day)s."
        )
        % {
            "name": patient.full_name,
            "born": date_format(patient.date_of_birth, "j F Y"),
            "chart": patient.chart_number or "—",
            "treatment": words["name"],
            "number": version.number,
            "day": date_format(today, "j F Y"),
        },
    ]
    if chosen.is_fallback:
        lines.append(
            _(
                "The %(language)s text of this treatment's description is not available yet: "
                "it is shown in English. Ask us to go through it with you."
            )
            % {"language": language_name(chosen.wanted).lower()}
        )
    lines += [
        "",
        "## " + _("The procedure"),
        words["procedure"],
        "",
        _("Areas treated: %(areas)s. Course: %(n)s sessions, %(interval)s.")
        % {
            "areas": ", ".join(typography.mid_sentence(area) for area in areas) or "—",
            "n": sessions,
            "interval": interval,
        },
        "",
        "## " + _("What is injected"),
    ]
    for component in version.blend.select_related("ingredient").order_by("position", "pk"):
        strength = component.concentration_label
        lines.append(
            "- "
            + ", ".join(
                part
                for part in (
                    _(component.ingredient.name),
                    strength,
                    _("%(ml)s mL per session")
                    % {"ml": number_format(component.volume_ml.normalize())},
                )
                if part
            )
        )
    ancillaries = list(version.ancillaries.select_related("ingredient").order_by("pk"))
    if ancillaries:
        lines += ["", "## " + _("Also used on your skin")]
        for product in ancillaries:
            lines.append("- " + ancillary_line(product))
    lines += [
        "",
        "## " + _("Expected benefits"),
        words["benefits"],
        _("Results vary from person to person and are not guaranteed."),
        "",
        "## " + _("Common side effects"),
    ]
    for item in words["side_effects"]:
        duration = item.get("usual_duration", "")
        # A colon, not brackets: a duration often carries its own "(…)".
        usually = ": " + _("usually") + f" {duration}" if duration else ""
        lines.append("- " + item["effect"] + usually)
    lines += [
        "",
        "## " + _("Risks"),
        words["risks"],
        "",
        "## " + _("Alternatives"),
        words["alternatives"],
        "",
        "## " + _("What applies to you"),
    ]
    warnings = list(screening_result.warnings) if screening_result else []
    if screening_result is None:
        lines.append(
            _("Your medical history has not been recorded yet; it is reviewed before treatment.")
        )
    elif not warnings:
        lines.append(
            _("Nothing in your medical history, as reviewed with you, affects this treatment.")
        )
    else:
        lines.append(
            _("Your practitioner has gone through these points from your medical history with you:")
        )
        for finding in warnings:
            lines.append(f"- {patient_finding_line(finding)}")
    # What screening says to the patient in plain words (pigmentation on darker skin types,
    # off-label areas, the dutasteride pregnancy interval), each once.
    for line in screening_result.patient_lines if screening_result else []:
        lines.append(f"- {line}")
    off_label = (plan.override_reasons or {}).get("off_label_area") if plan else None
    if off_label:
        lines.append(
            "- "
            + _("Off-label use discussed with you and acknowledged by your practitioner: %(why)s")
            % {"why": off_label.get("reason", "")}
        )
    lines += [
        "",
        "## " + _("Your consent"),
        "[ ] " + _("I have read this form, or it has been read to me, and I understand it."),
        "[ ] " + _("I have had the chance to ask questions, and my questions have been answered."),
        "[ ] "
        + ngettext(
            "I agree to %(n)s session of %(treatment)s as described above.",
            "I agree to a course of %(n)s sessions of %(treatment)s as described above.",
            sessions,
        )
        % {"n": sessions, "treatment": words["name"]},
        "[ ] "
        + _(
            "I understand that I can withdraw my consent at any time, and that a new or "
            "longer course, or a change in what is injected, needs a new consent."
        ),
    ]
    text = "\n".join(without_source_keys(line) for line in lines).strip() + "\n"
    return typography.for_language(text, translation.get_language())


def patient_finding_line(finding) -> str:
    """A screening warning as the patient reads it: the patient's own facts under the rule's
    label, never the practitioner's book-keeping (an unclassified medicine is a medicine the
    practitioner has looked at with them, not "free text outside the catalogue")."""
    if finding.key.startswith("unclassified:"):
        return _("A medicine you told us about, %(name)s: your practitioner has reviewed it.") % {
            "name": finding.label.split(": ", 1)[-1]
        }
    return f"{finding.label}: {'; '.join(finding.facts)}"


def consent_blocks(text: str) -> list[dict]:
    """The stored consent text as blocks for a template: title, heading, paragraph, items
    (consecutive "- " lines) and statements (consecutive "[ ] " lines)."""
    blocks: list[dict] = []
    for raw in (text or "").splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("# "):
            blocks.append({"kind": "title", "text": line[2:]})
        elif line.startswith("## "):
            blocks.append({"kind": "heading", "text": line[3:]})
        elif line.startswith(("- ", "[ ] ")):
            kind = "items" if line.startswith("- ") else "statements"
            item = line[2:] if kind == "items" else line[4:]
            if blocks and blocks[-1]["kind"] == kind:
                blocks[-1]["lines"].append(item)
            else:
                blocks.append({"kind": kind, "lines": [item]})
        else:
            blocks.append({"kind": "paragraph", "text": line})
    return blocks


def ancillary_line(product) -> str:
    """A product used beside the blend (a numbing cream), in words a patient reads: its role
    and ingredient only where its name does not already say them, and never a second pair of
    brackets ("Lidocaine cream (numbing cream)" needs nothing more)."""
    name = _(product.name)
    ingredient = _(product.ingredient.name)
    details = []
    if "(" not in name:
        details.append(product.get_role_display().lower())
    if ingredient.lower() not in name.lower():
        details.append(typography.mid_sentence(ingredient))
    optional = _(", only if you agree") if product.optional else ""
    if not details:
        return name + optional
    if "(" in name:
        return _("%(product)s — %(details)s%(optional)s") % {
            "product": name,
            "details": ", ".join(details),
            "optional": optional,
        }
    return _("%(product)s (%(details)s)%(optional)s") % {
        "product": name,
        "details": ", ".join(details),
        "optional": optional,
    }
