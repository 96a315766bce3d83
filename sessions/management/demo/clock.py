"""Run the real services as if it were an earlier moment of the demo's four weeks.

The services stamp `timezone.now()` (a chart signed, a session completed, the follow-ups
that completion schedules, audit events). Charting last month's sessions at today's time would
date every signature and measurement today and schedule their follow-ups from today; replaying
each step at its own moment keeps every rule of the app (consent before the session, lot expiry
on the session's day, follow-up delays) and the dates a clinic would see."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime
from unittest import mock

from django.apps import apps
from django.utils import timezone

_real_now = timezone.now


def _fields_defaulting_to_now():
    """Model fields declared `default=timezone.now`: they hold the function itself, so
    patching the module attribute does not reach them."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.default is _real_now:
                yield field


@contextmanager
def as_of(moment: datetime) -> Iterator[None]:
    """Inside the block, `timezone.now()` (and so `localdate()`, auto_now and
    default=timezone.now fields) reads `moment`, advancing as real time passes."""
    offset = moment - _real_now()

    def shifted_now():
        return _real_now() + offset

    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(timezone, "now", shifted_now))
        for field in _fields_defaulting_to_now():
            stack.enter_context(mock.patch.object(field, "_get_default", shifted_now))
        yield
