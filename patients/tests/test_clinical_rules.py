"""The rule table against the reference: every §6/§7/§5a row is covered, every source key
exists, the generated doc is current, and no wording tells a patient to stop a prescribed drug."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from patients import clinical_rules as table

REFERENCE = Path(settings.BASE_DIR) / "docs" / "reference" / "mesotherapy-reference.md"
HEADINGS = {"§6": r"^## 6\. ", "§7": r"^## 7\. ", "§5a": r"^### 5a\. "}


def reference_rows(section: str) -> list[str]:
    """First cells of the table rows of one section of the reference."""
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(HEADINGS[section], line))
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("## ") or line.startswith("### "):
            break
        if line.startswith("|") and not line.startswith("|---"):
            rows.append(line.strip("|").split("|")[0].strip())
    return rows[1:]  # without the header row


def source_keys() -> set[str]:
    """Keys defined in the reference list (lines "- [T32] ...", with inline "[T32b]" too)."""
    keys = set()
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("- ["):
            keys.update(re.findall(r"\[([A-Za-z0-9-]+)\]", line))
    return keys


@pytest.mark.parametrize("section", ["§6", "§7", "§5a"])
def test_every_reference_row_is_covered_by_named_rules(section):
    rows = reference_rows(section)
    assert len(rows) > 10
    mapping = table.REFERENCE_ROWS[section]
    missing = [row for row in rows if row not in mapping]
    assert missing == [], f"rows of {section} with no rule: {missing}"
    stale = [row for row in mapping if row not in rows]
    assert stale == [], f"mapped rows no longer in the reference: {stale}"
    for row in rows:
        covered = mapping[row]
        if isinstance(covered, str):
            # Only §5a rows that are protocol content (dose, course...) may be "not a rule".
            assert section == "§5a" and covered.startswith("not a rule: "), row
            continue
        assert covered, row
        for rule_id in covered:
            assert rule_id in table.BY_ID, f"{row}: unknown rule {rule_id}"


def test_every_rule_is_sourced_from_the_reference_and_well_formed():
    keys = source_keys()
    assert {"T32", "S4", "P20"} <= keys
    ids = [rule.id for rule in table.RULES]
    assert len(ids) == len(set(ids))
    for rule in table.RULES:
        assert rule.sources, rule.id
        assert set(rule.sources) <= keys, (rule.id, set(rule.sources) - keys)
        assert rule.severity in table.SEVERITY_ORDER, rule.id
        assert rule.facts and rule.practitioner and rule.title, rule.id
        assert not rule.superseded_by or rule.superseded_by in table.BY_ID
    covered = {r for rows in table.REFERENCE_ROWS.values() for v in rows.values() for r in v}
    covered = {r for r in covered if r in table.BY_ID}
    assert covered == set(ids), set(ids) - covered


def test_no_patient_wording_tells_anyone_to_stop_a_prescribed_drug():
    for rule in table.RULES:
        text = rule.patient.lower()
        assert not re.search(r"\bstop\b", text) or "unless" in text, rule.id


def test_the_generated_doc_is_current():
    call_command("clinical_rules_doc", "--check")


def test_the_doc_check_fails_when_the_doc_is_stale(tmp_path, monkeypatch):
    from patients.management.commands import clinical_rules_doc

    stale = tmp_path / "clinical-rules.md"
    stale.write_text("# old\n", encoding="utf-8")
    monkeypatch.setattr(clinical_rules_doc, "DOC_PATH", stale)
    with pytest.raises(CommandError, match="stale"):
        call_command("clinical_rules_doc", "--check")
    call_command("clinical_rules_doc")
    call_command("clinical_rules_doc", "--check")
