"""A model's table as the generator fills it: the columns come from the model's own fields, so a
renamed field fails loudly here and a new column takes its default (or stops the run, named)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time

from django.core.exceptions import ImproperlyConfigured
from django.db import models

NULL = r"\N"
# Callable defaults that give the same value every time (a fresh empty list or dict, ""):
# any other callable (timezone.now, uuid4) would make the data set differ from run to run.
_REPEATABLE_DEFAULTS = (list, dict, str)


def copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format (the same for SQLite: the run's digest)."""
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | dict):
        return _escape(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return str(value)


def _escape(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t")
        return text.replace("\n", "\\n").replace("\r", "\\r")
    return text


def _text_or_null(value) -> str:
    return NULL if value is None else _escape(value)


def _str_or_null(value) -> str:
    return NULL if value is None else str(value)


def _iso_or_null(value) -> str:
    return NULL if value is None else value.isoformat()


_INTEGERS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "DecimalField",
}
_TEXTS = {
    "CharField",
    "TextField",
    "EmailField",
    "SlugField",
    "FileField",
    "GenericIPAddressField",
    "URLField",
}
_MOMENTS = {"DateTimeField", "DateField", "TimeField"}


def _converter(field: models.Field) -> str:
    """The name of the fastest formatter that is right for this column."""
    kind = field.get_internal_type()
    if field.is_relation:
        kind = field.target_field.get_internal_type()
    if kind in _INTEGERS:
        return "_str_or_null" if field.null else "str"
    if kind in _TEXTS:
        return "_text_or_null"
    if kind in _MOMENTS:
        return "_iso_or_null"
    return "copy_text"  # booleans, JSON: rare enough for the general path


class Table:
    """The columns a generator gives (by field name, in its tuples' order) followed by every
    other concrete field at its default."""

    def __init__(self, model: type[models.Model], fields: list[str], label: str = ""):
        self.model = model
        self.name = model._meta.db_table
        self.label = label or str(model._meta.verbose_name_plural)
        by_name = {}
        for field in model._meta.concrete_fields:
            by_name[field.name] = by_name[field.attname] = field
        unknown = [name for name in fields if name not in by_name]
        if unknown:
            raise ImproperlyConfigured(
                f"bench_data writes {model._meta.label}.{', '.join(unknown)}, which the model "
                "no longer has: update bench/data to the model."
            )
        self.given = [by_name[name] for name in fields]
        self.rest = [field for field in model._meta.concrete_fields if field not in self.given]
        self.rest_values = [self._default(field) for field in self.rest]
        self.fields = self.given + self.rest
        self.columns = [field.column for field in self.fields]
        self.line = self._line_formatter()

    def _default(self, field: models.Field):
        if field.primary_key:
            raise ImproperlyConfigured(f"bench_data gives every {self.name} row its id.")
        if (
            field.has_default()
            and callable(field.default)
            and (field.default not in _REPEATABLE_DEFAULTS)
        ):
            raise ImproperlyConfigured(
                f"{self.model._meta.label}.{field.name} defaults to {field.default!r}, which "
                "changes from run to run: bench_data must give it a value."
            )
        value = field.get_default()
        if value is None and not field.null:
            raise ImproperlyConfigured(
                f"{self.model._meta.label}.{field.name} is required and has no default: "
                "bench_data must give it a value."
            )
        return value

    def _line_formatter(self) -> Callable[[tuple], str]:
        # One generated function per table: an f-string with a formatter chosen per column is
        # 3-4x faster than a loop over values, and millions of rows pass through it.
        parts = [f"{{{_converter(field)}(r[{i}])}}" for i, field in enumerate(self.given)]
        if self.rest:
            parts.append("{_rest}")
        source = "def line(r):\n    return f'" + "\\t".join(parts) + "\\n'\n"
        namespace = {
            "copy_text": copy_text,
            "_text_or_null": _text_or_null,
            "_str_or_null": _str_or_null,
            "_iso_or_null": _iso_or_null,
            "_rest": "\t".join(copy_text(value) for value in self.rest_values),
        }
        exec(compile(source, f"<bench_data {self.name}>", "exec"), namespace)  # nosec B102
        return namespace["line"]

    def full_row(self, row: tuple) -> tuple:
        """The row with the defaults appended, as the model's fields order them."""
        return (*row, *self.rest_values)
