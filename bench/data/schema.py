"""The real schema around a bulk load: on PostgreSQL the loaded tables' indexes, unique, foreign
key and exclusion constraints are set aside and rebuilt from their own definitions afterwards
(rebuilding is many times faster than updating them row by row, and re-adding a constraint
checks every row: the double-booking exclusion holds for the whole data set or the load fails).
Sequences are moved past the ids the load gave."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.core.management.color import no_style

# Primary keys stay (the other tables' rows point at them); checks are cheap per row and stay.
_SET_ASIDE = ("u", "x", "f")
# Rebuilt in this order: plain indexes, then unique and exclusion constraints, then the
# foreign keys, which read the rebuilt unique indexes of the tables they point at.
_ORDER = {"index": 0, "u": 1, "x": 1, "f": 2}


@dataclass
class SetAside:
    statements: list[tuple[str, str]] = field(default_factory=list)  # (kind, SQL)
    timings: list[tuple[float, str]] = field(default_factory=list)  # (seconds, SQL), rebuilt


def set_aside(cursor, tables: list[str]) -> SetAside:
    """Drop the loaded tables' indexes and constraints (but their primary keys and checks) and
    return what rebuilds them. Inside the load's transaction: a failure restores everything."""
    # Rows made earlier in this transaction (staff, rooms) still owe their deferred foreign-key
    # checks; PostgreSQL alters no table with checks pending, so run them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype = ANY(%s)",
        [tables, list(_SET_ASIDE)],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype <> 'f')",
        [tables],
    )
    indexes = cursor.fetchall()
    kept = SetAside()
    for table, name, kind, definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        kept.statements.append((kind, f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
    for name, definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
        kept.statements.append(("index", definition))
    kept.statements.sort(key=lambda statement: _ORDER[statement[0]])
    return kept


def rebuild(cursor, kept: SetAside, report) -> float:
    """Re-create what set_aside dropped; `report(done, total)` after each statement."""
    started = time.perf_counter()
    # Memory for sorting while an index is built; local to this transaction.
    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for done, (_, statement) in enumerate(kept.statements, start=1):
        began = time.perf_counter()
        cursor.execute(statement)
        kept.timings.append((time.perf_counter() - began, statement))
        report(done, len(kept.statements))
    return time.perf_counter() - started


def reset_sequences(connection, models) -> None:
    """Move each table's id sequence past the highest id (Django's own SQL for each backend)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
