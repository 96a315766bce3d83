"""Back up and restore the whole clinic: the database (pg_dump/pg_restore for PostgreSQL, the
sqlite backup API for the embedded default) and the private media (photos, consent PDFs and
scans), with a manifest of row counts and checksums that a restore checks itself against."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
SQLITE_FILE = "db.sqlite3"
PG_DUMP_FILE = "db.dump"
MEDIA_ARCHIVE = "media.tar.gz"
SQLITE_PAGES_PER_STEP = 1024  # ~4 MiB per step: progress lines without slowing the copy

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why in plain words."""


def row_counts() -> dict[str, int]:
    """Rows per table of every installed model (many-to-many tables included)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        counts[meta.db_table] = model._base_manager.count()
    return dict(sorted(counts.items()))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _refuse_inside_a_transaction() -> None:
    # SQLite's backup API retries a locked database forever: our own open transaction would
    # hang it. Management commands run outside one; this guards other callers.
    if connection.in_atomic_block:
        raise BackupError("A backup or restore cannot run inside a database transaction.")


def _is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _pg_command(program: str, *args: str) -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    command = [program, "--no-password"]
    if db.get("HOST"):
        command += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        command += ["--port", str(db["PORT"])]
    if db.get("USER"):
        command += ["--username", str(db["USER"])]
    environment = {**os.environ}
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = str(db["PASSWORD"])  # never on the command line
    return [*command, *args], environment


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).")
    # pg_dump / pg_restore with an argument list of our own, never a shell.
    result = subprocess.run(  # nosec B603
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[-1500:]}")


def _sqlite_progress(progress: Progress, verb: str):
    def report(status, remaining, total):
        if total:
            progress(f"  database: {verb} {total - remaining}/{total} pages")

    return report


def _archive_media(target: Path, progress: Progress) -> int:
    media = Path(settings.MEDIA_ROOT)
    files = sorted(path for path in media.rglob("*") if path.is_file()) if media.exists() else []
    with tarfile.open(target, "w:gz") as archive:
        for number, path in enumerate(files, start=1):
            archive.add(path, arcname=str(path.relative_to(media)))
            if number % 200 == 0 or number == len(files):
                progress(f"  media: {number}/{len(files)} files")
    return len(files)


def backup_create(*, target: Path, progress: Progress) -> dict:
    """Write a consistent copy of the database and the private media into `target` (a new
    folder), with a manifest. Reads only: the app may keep running meanwhile."""
    _refuse_inside_a_transaction()
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: each backup goes into a folder of its own.")
    target.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    counts = row_counts()  # taken just before the copy; a restore compares against them
    if _is_sqlite():
        progress("Database (SQLite, online backup API)")
        connection.ensure_connection()
        destination = sqlite3.connect(target / SQLITE_FILE)
        try:
            connection.connection.backup(
                destination,
                pages=SQLITE_PAGES_PER_STEP,
                progress=_sqlite_progress(progress, "copied"),
            )
        finally:
            destination.close()
        database_file = SQLITE_FILE
    else:
        progress("Database (PostgreSQL, pg_dump custom format)")
        command, environment = _pg_command(
            "pg_dump",
            "--format=custom",
            "--file",
            str(target / PG_DUMP_FILE),
            str(connection.settings_dict["NAME"]),
        )
        _run(command, environment, "pg_dump")
        database_file = PG_DUMP_FILE
    progress(f"  database: {(target / database_file).stat().st_size / 1e6:.1f} MB")
    progress("Private media (photos, consent PDFs and scans)")
    file_count = _archive_media(target / MEDIA_ARCHIVE, progress)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "database_file": database_file,
        "media_archive": MEDIA_ARCHIVE,
        "media_files": file_count,
        "sha256": {name: _sha256(target / name) for name in (database_file, MEDIA_ARCHIVE)},
        "row_counts": counts,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2))
    progress(f"Done in {time.monotonic() - started:.1f} s: {target}")
    return manifest


def backup_read(source: Path) -> dict:
    """The manifest of a backup folder, after checking every file against its checksum."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} has no readable {MANIFEST}: not a Mesoplan backup.") from error
    for name, expected in manifest["sha256"].items():
        path = source / name
        if not path.exists() or _sha256(path) != expected:
            raise BackupError(f"{path} is missing or damaged (checksum differs): not restored.")
    return manifest


def backup_restore(*, source: Path, progress: Progress) -> dict:
    """Replace the database and the private media with the backup in `source`, then compare
    the row counts with the manifest. Returns {table: (expected, found)} for any mismatch."""
    _refuse_inside_a_transaction()
    manifest = backup_read(source)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; this app uses {connection.vendor}."
        )
    started = time.monotonic()
    if _is_sqlite():
        progress("Database (SQLite, online backup API)")
        connection.ensure_connection()
        origin = sqlite3.connect(source / manifest["database_file"])
        try:
            origin.backup(
                connection.connection,
                pages=SQLITE_PAGES_PER_STEP,
                progress=_sqlite_progress(progress, "restored"),
            )
        finally:
            origin.close()
    else:
        progress("Database (PostgreSQL, pg_restore in one transaction)")
        connection.close()  # pg_restore replaces the tables this connection may hold
        command, environment = _pg_command(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            str(connection.settings_dict["NAME"]),
            str(source / manifest["database_file"]),
        )
        _run(command, environment, "pg_restore")
    progress("Private media (photos, consent PDFs and scans)")
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / manifest["media_archive"], "r:gz") as archive:
        members = archive.getmembers()
        for number, member in enumerate(members, start=1):
            # The "data" filter refuses absolute paths, "..", links out and device files.
            archive.extract(member, media, filter="data")
            if number % 200 == 0 or number == len(members):
                progress(f"  media: {number}/{len(members)} files")
    found = row_counts()
    expected = manifest["row_counts"]
    mismatches = {
        table: (expected.get(table), found.get(table))
        for table in sorted(set(expected) | set(found))
        if expected.get(table) != found.get(table)
    }
    progress(f"Done in {time.monotonic() - started:.1f} s")
    return mismatches
