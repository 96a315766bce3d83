"""`manage.py check_translations`: fail when a marked string has no translation in a language
of settings.LANGUAGES, or when a catalogue is stale against the code (`make lint` runs it)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clinic.translations import SOURCE_LANGUAGE, extract_strings, problems


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        extracted = extract_strings(Path(settings.BASE_DIR))
        locale_dir = Path(settings.LOCALE_PATHS[0])
        found = []
        languages = [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]
        for code in languages:
            found += problems(locale_dir / code / "LC_MESSAGES" / "django.po", extracted)
        if found:
            shown = "\n".join(found[:50])
            more = f"\n... and {len(found) - 50} more" if len(found) > 50 else ""
            raise CommandError(f"{len(found)} translation problems:\n{shown}{more}")
        self.stdout.write(
            f"{len(extracted)} strings, translated in {', '.join(languages) or 'no language'}."
        )
