"""The translation catalogues: compiled from locale/*/LC_MESSAGES/django.po when stale (the
.mo files are build output, not committed)."""

import subprocess  # nosec B404 - msgfmt, a fixed program on fixed paths
from pathlib import Path

from django.conf import settings


def compile_catalogues() -> list[Path]:
    """Run msgfmt on every catalogue whose .mo is missing or older than its .po; return the
    ones compiled. Quiet when gettext is not installed (documents then stay in English)."""
    compiled = []
    for locale_dir in settings.LOCALE_PATHS:
        for po in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            mo = po.with_suffix(".mo")
            if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
                continue
            try:
                subprocess.run(  # nosec B603 B607 - fixed arguments, no shell
                    ["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True
                )
            except FileNotFoundError:
                return compiled
            compiled.append(po)
    return compiled
