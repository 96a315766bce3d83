"""Keep patient-link tokens out of the logs.

A link's token is its whole secret (portal/links.py) and sits in the URL path, so every access
log line, Django's "Not Found: /p/…" warnings and the dev server's request lines would
otherwise write a working key to a patient's pages into files that are kept and shipped
around. Everything that logs a path goes through `redact` first: the logging filter for
Django's handlers, and the gunicorn logger class for its access log (gunicorn.conf.py).
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

_TOKEN_IN_PATH = re.compile(r"(/p/)[^/\s?\"']+")
REDACTED = "[link]"


def redact(text: str) -> str:
    """`text` with every /p/<token> path segment replaced by /p/[link]."""
    return _TOKEN_IN_PATH.sub(rf"\g<1>{REDACTED}", text)


class RedactLinkTokens(logging.Filter):
    """A logging filter: the record's message with link tokens redacted (args folded in)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/p/" in message:
            record.msg, record.args = redact(message), None
        return True


class RedactingGunicornLogger(Logger):
    """gunicorn's logger with the request line, path and referer redacted in the access log."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
