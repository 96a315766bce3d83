"""`manage.py page_map`: write the page map of docs/architecture.md from the code (every URL
name with its view, the services it calls and the templates it renders); `--check` fails
when the file is stale, so CI keeps the map true."""

from __future__ import annotations

import inspect
import re
import types
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import URLPattern, URLResolver, get_resolver

START, END = "<!-- page-map:start -->", "<!-- page-map:end -->"
# Modules whose functions are services, selectors or rules (not views, forms, Django).
SERVICE_PREFIXES = (
    "sessions.scheduling",
    "sessions.charting",
    "sessions.documents",
    "sessions.followups",
    "patients.services",
    "patients.screening",
    "patients.search",
    "patients.timeline",
    "protocols.services",
    "clinic.audit",
)
TEMPLATE = re.compile(r"[\"']([\w/]+\.(?:html|txt))[\"']")
SKIP_APPS = ("admin",)


def _patterns(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name in SKIP_APPS or entry.namespace in SKIP_APPS:
                continue
            space = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), space.strip(":"))
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern), entry.callback


def _unwrap(view):
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return view_class
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return view


def _local_callees(function, module, seen):
    """The function and the module-level helpers it calls, followed within its module."""
    if function in seen:
        return
    seen.add(function)
    yield function
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return
    for name in set(re.findall(r"\b(_?[a-z]\w*)\(", source)):
        candidate = getattr(module, name, None)
        if isinstance(candidate, types.FunctionType) and candidate.__module__ == module.__name__:
            yield from _local_callees(candidate, module, seen)


def _describe(view) -> tuple[str, list[str], list[str]]:
    target = _unwrap(view)
    module = inspect.getmodule(target)
    where = f"`{target.__module__}.{target.__qualname__}`"
    if inspect.isclass(target):
        template = getattr(target, "template_name", None)
        return where, [], [template] if template else []
    services, templates = set(), set()
    for function in _local_callees(target, module, set()):
        source = inspect.getsource(function)
        templates.update(TEMPLATE.findall(source))
        for alias, attribute in re.findall(r"(?<![.\w])([a-z_]\w*)\.([a-z_]\w*)\(", source):
            value = getattr(module, alias, None)
            if isinstance(value, types.ModuleType) and value.__name__.startswith(SERVICE_PREFIXES):
                services.add(f"{value.__name__}.{attribute}")
        for name in re.findall(r"\b([a-z_]\w*)\(", source):
            value = getattr(module, name, None)
            if (
                isinstance(value, types.FunctionType)
                and value.__module__.startswith(SERVICE_PREFIXES)
                and value.__module__ != module.__name__
            ):
                services.add(f"{value.__module__}.{value.__name__}")
    return where, sorted(services), sorted(templates)


def page_map() -> str:
    rows = [
        "| URL name | route | view | services and rules it calls | templates |",
        "|---|---|---|---|---|",
    ]
    for name, route, view in sorted(_patterns(get_resolver())):
        where, services, templates = _describe(view)
        rows.append(
            f"| `{name}` | `/{route}` | {where} | "
            + (", ".join(f"`{s}`" for s in services) or "—")
            + " | "
            + (", ".join(f"`{t}`" for t in templates) or "—")
            + " |"
        )
    return "\n".join(rows)


class Command(BaseCommand):
    help = "Write the page map in docs/architecture.md (or --check that it is current)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the file is stale.")
        parser.add_argument(
            "--file", default=str(Path(settings.BASE_DIR) / "docs" / "architecture.md")
        )

    def handle(self, *args, check, file, **options):
        path = Path(file)
        text = path.read_text()
        if START not in text or END not in text:
            raise CommandError(f"{path} has no {START} … {END} section.")
        before, rest = text.split(START, 1)
        _old, after = rest.split(END, 1)
        fresh = f"{before}{START}\n{page_map()}\n{END}{after}"
        if check:
            if fresh != text:
                raise CommandError(
                    f"{path} is stale: run `manage.py page_map` and commit the result."
                )
            self.stdout.write("The page map is current.")
            return
        path.write_text(fresh)
        self.stdout.write(f"Wrote the page map to {path}.")
