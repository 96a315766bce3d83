"""The benchmark's databases: the configured one (the large set), and beside it one filled
with a small network and one left empty for the follow-up sweep, made on first use."""

import os
import subprocess
import sys

import psycopg2
from django.conf import settings
from django.db import connection


def database_url(name: str | None = None) -> str:
    """The configured PostgreSQL database as a URL, or another database on the same server."""
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = db["HOST"] or "localhost"
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{name or db['NAME']}"


def _query(sql: str, params=(), dbname: str = "postgres"):
    """The first row of one statement, run in autocommit on database `dbname`."""
    db = settings.DATABASES["default"]
    link = psycopg2.connect(
        dbname=dbname,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
    )
    link.autocommit = True
    try:
        with link.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if cursor.description else None
    finally:
        link.close()


def _exists(name: str) -> bool:
    return bool(_query("SELECT 1 FROM pg_database WHERE datname = %s", [name]))


def patients_in(name: str) -> int | None:
    """How many patients the database holds; None when it does not exist or is not migrated."""
    if not _exists(name) or not _query("SELECT to_regclass('patients_patient')", (), name)[0]:
        return None
    return _query("SELECT count(*) FROM patients_patient", (), name)[0]


def manage(name: str, *arguments: str) -> None:
    """`manage.py ARGUMENTS` against database `name`, its output passed through."""
    env = {**os.environ, "DATABASE_URL": database_url(name), "SECRET_KEY": settings.SECRET_KEY}
    command = [sys.executable, "manage.py", *arguments]
    subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=True)


def prepared(name: str, *, patients: int, today: str, years: int = 5) -> str:
    """Database `name`, created, migrated and (patients > 0) filled with a bench_data network
    of that many patients over `years` of history, unless it already holds patients; returns
    its name. An existing set is migrated too: one made by an older checkout lacks the newer
    tables the pages read."""
    if not _exists(name):
        _query(f'CREATE DATABASE "{name}"')
    manage(name, "migrate", "--noinput", "-v", "0")
    if patients and not patients_in(name):
        manage(
            name,
            "bench_data",
            *("--patients", str(patients), "--years", str(years)),
            *("--seed", "1", "--today", today),
        )
    return name


def configured_name() -> str:
    return connection.settings_dict["NAME"]
