"""docs/architecture.md's page map is written from the code and kept current."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import get_resolver

from clinic.management.commands.page_map import page_map


def test_the_page_map_in_the_architecture_doc_is_current():
    call_command("page_map", "--check")


def test_every_named_page_of_the_app_is_in_the_map():
    table = page_map()
    names = [
        name
        for name in get_resolver().reverse_dict
        if isinstance(name, str) and not name.startswith("admin")
    ]
    for namespace in ("patients", "protocols", "treatments"):
        for name in get_resolver().namespace_dict[namespace][1].reverse_dict:
            if isinstance(name, str):
                names.append(f"{namespace}:{name}")
    missing = [name for name in names if f"| `{name}` |" not in table]
    assert names and not missing


def test_a_stale_map_fails_the_check(tmp_path):
    stale = tmp_path / "architecture.md"
    stale.write_text("# x\n<!-- page-map:start -->\nold\n<!-- page-map:end -->\n")
    with pytest.raises(CommandError, match="stale"):
        call_command("page_map", "--check", "--file", str(stale))
