"""`manage.py check_translations` (make lint): a marked string without a French translation, or
a catalogue that no longer matches the code, fails it."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from clinic.translations import extract_strings, problems, read_catalogue

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def extracted():
    return extract_strings(Path(settings.BASE_DIR))


def copy_catalogue(tmp_path, edit=None) -> Path:
    target = tmp_path / "fr" / "LC_MESSAGES" / "django.po"
    target.parent.mkdir(parents=True)
    shutil.copy(CATALOGUE, target)
    if edit:
        target.write_text(edit(target.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def test_the_committed_french_catalogue_is_complete_and_current(extracted):
    assert problems(CATALOGUE, extracted) == []
    assert len(extracted) > 1000


def test_extracting_leaves_the_committed_catalogue_alone(extracted):
    before = CATALOGUE.stat().st_mtime_ns
    extract_strings(Path(settings.BASE_DIR))
    assert CATALOGUE.stat().st_mtime_ns == before


def test_a_missing_translation_is_named(tmp_path, extracted):
    catalogue = copy_catalogue(
        tmp_path,
        lambda text: text.replace(
            'msgid "Dashboard"\nmsgstr "Tableau de bord"', 'msgid "Dashboard"\nmsgstr ""'
        ),
    )
    assert problems(catalogue, extracted) == [f"{catalogue}: no translation: 'Dashboard'"]


def test_a_fuzzy_translation_counts_as_missing(tmp_path, extracted):
    catalogue = copy_catalogue(
        tmp_path,
        lambda text: text.replace(
            'msgid "Dashboard"\n', '#, fuzzy\n#| msgid "Dash"\nmsgid "Dashboard"\n'
        ),
    )
    assert problems(catalogue, extracted) == [
        f"{catalogue}: fuzzy, check and remove the flag: 'Dashboard'"
    ]


def test_a_string_the_code_marks_but_the_catalogue_lacks_is_stale(tmp_path, extracted):
    catalogue = copy_catalogue(
        tmp_path,
        lambda text: text.replace('msgid "Dashboard"\nmsgstr "Tableau de bord"\n', ""),
    )
    assert problems(catalogue, extracted) == [
        f"{catalogue}: not in the catalogue (run makemessages): 'Dashboard'"
    ]


def test_a_string_the_code_no_longer_marks_is_stale(tmp_path, extracted):
    catalogue = copy_catalogue(
        tmp_path, lambda text: text + '\nmsgid "Gone from the code"\nmsgstr "Disparu du code"\n'
    )
    assert problems(catalogue, extracted) == [
        f"{catalogue}: no longer in the code (run makemessages): 'Gone from the code'"
    ]


def test_a_broken_placeholder_fails_msgfmt(tmp_path, extracted):
    catalogue = copy_catalogue(
        tmp_path,
        lambda text: text.replace(
            'msgstr "Page %(number)s sur %(total)s"', 'msgstr "Page %(numero)s sur %(total)s"'
        ),
    )
    [problem] = problems(catalogue, extracted)
    assert "msgfmt --check failed" in problem


def test_a_stale_compiled_catalogue_is_named(tmp_path, extracted):
    catalogue = copy_catalogue(tmp_path)
    compiled = catalogue.with_suffix(".mo")
    compiled.write_bytes(b"")
    import os

    os.utime(compiled, (1, 1))
    assert problems(catalogue, extracted) == [
        f"{compiled}: older than the .po (run compilemessages)"
    ]


def test_plural_and_context_entries_are_read(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr "mai"\n\n'
        'msgid "%(n)s lot"\nmsgid_plural "%(n)s lots"\nmsgstr[0] "%(n)s lot"\n'
        'msgstr[1] ""\n\n'
        '#~ msgid "Old"\n#~ msgstr "Vieux"\n',
        encoding="utf-8",
    )
    may, lots = read_catalogue(po)
    assert may.key == ("month", "May", "") and may.translated
    assert lots.key == (None, "%(n)s lot", "%(n)s lots") and not lots.translated


def test_the_command_fails_on_a_missing_translation(tmp_path, settings):
    copy_catalogue(
        tmp_path,
        lambda text: text.replace(
            'msgid "Dashboard"\nmsgstr "Tableau de bord"', 'msgid "Dashboard"\nmsgstr ""'
        ),
    )
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.raises(
        CommandError, match="1 translation problems:\n.*no translation: 'Dashboard'"
    ):
        call_command("check_translations")


def test_the_command_fails_on_a_language_without_catalogue(tmp_path, settings):
    copy_catalogue(tmp_path)
    settings.LOCALE_PATHS = [tmp_path]
    settings.LANGUAGES = [*settings.LANGUAGES, ("it", "Italiano")]
    with pytest.raises(CommandError, match="it/LC_MESSAGES/django.po: missing"):
        call_command("check_translations")
