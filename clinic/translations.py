"""Reading gettext catalogues and checking them against the code (`manage.py
check_translations`, run by `make lint`).

A catalogue is complete when every string the code marks has a translation that is neither
empty nor fuzzy, and current when it holds exactly the strings the code marks today (what a
fresh `makemessages` would extract). Only the standard library and the gettext tools that
makemessages and compilemessages already need.
"""

from __future__ import annotations

import ast
import subprocess  # nosec B404: msgfmt from gettext, fixed arguments, no shell
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.commands import makemessages

SOURCE_LANGUAGE = "en"  # msgids are English: English needs no catalogue


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def key(self) -> tuple[str | None, str, str]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def translated(self) -> bool:
        return not self.fuzzy and bool(self.msgstr) and all(self.msgstr)

    def label(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return f"{context}{self.msgid!r}"


def read_catalogue(path: Path) -> list[Entry]:
    """The live entries of a .po/.pot file (no header, no obsolete `#~` entries)."""
    entries, current, target = [], Entry(), None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        starts_entry = line.startswith("#") or line.startswith(("msgctxt ", "msgid "))
        if starts_entry and target == "msgstr":  # the previous entry is complete
            entries.append(current)
            current, target = Entry(), None
        if line.startswith("#"):
            current.fuzzy = current.fuzzy or (line.startswith("#,") and "fuzzy" in line)
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if target == "msgstr":
                current.msgstr[-1] += value
            elif target:
                setattr(current, target, getattr(current, target) + value)
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr"):
                current.msgstr.append(value)
                target = "msgstr"
            else:
                setattr(current, keyword, value)
                target = keyword
    if target == "msgstr":
        entries.append(current)
    return [entry for entry in entries if entry.msgid]  # the header's msgid is ""


class _ExtractTo(makemessages.Command):
    """makemessages, writing its template into `self.output_dir` instead of LOCALE_PATHS."""

    output_dir: str = ""

    def find_files(self, root):
        files = super().find_files(root)
        self.locale_paths = [self.output_dir]
        self.default_locale_path = self.output_dir
        for translatable in files:
            translatable.locale_dir = self.output_dir
        return files


def extract_strings(base_dir: Path) -> list[Entry]:
    """What a fresh makemessages finds in the code now (nothing under base_dir changes)."""
    import os

    with tempfile.TemporaryDirectory(prefix="messages-") as output_dir:
        command = _ExtractTo()
        command.output_dir = output_dir
        previous = Path.cwd()
        os.chdir(base_dir)
        try:
            command.run_from_argv(
                ["manage.py", "makemessages", "--locale", "xx", "--keep-pot", "--verbosity", "0"]
            )
        finally:
            os.chdir(previous)
        return read_catalogue(Path(output_dir) / "django.pot")


def problems(catalogue: Path, extracted: list[Entry]) -> list[str]:
    """Everything wrong with one language's catalogue, as lines a person can act on."""
    if not catalogue.exists():
        return [f"{catalogue}: missing (run makemessages -l <code> and translate it)"]
    entries = read_catalogue(catalogue)
    found = []
    for entry in entries:
        if entry.fuzzy:
            found.append(f"{catalogue}: fuzzy, check and remove the flag: {entry.label()}")
        elif not entry.translated:
            found.append(f"{catalogue}: no translation: {entry.label()}")
    have = {entry.key for entry in entries}
    marked = {entry.key: entry for entry in extracted}
    for key in sorted(set(marked) - have, key=str):
        found.append(f"{catalogue}: not in the catalogue (run makemessages): {marked[key].label()}")
    by_key = {entry.key: entry for entry in entries}
    for key in sorted(have - set(marked), key=str):
        found.append(
            f"{catalogue}: no longer in the code (run makemessages): {by_key[key].label()}"
        )
    checked = subprocess.run(  # nosec B603 B607: gettext's msgfmt, no shell, fixed arguments
        ["msgfmt", "--check", "--output-file=/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    if checked.returncode:
        found.append(f"{catalogue}: msgfmt --check failed:\n{checked.stderr.strip()}")
    compiled = catalogue.with_suffix(".mo")
    if compiled.exists() and compiled.stat().st_mtime < catalogue.stat().st_mtime:
        found.append(f"{compiled}: older than the .po (run compilemessages)")
    return found
