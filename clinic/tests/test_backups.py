"""Backup and restore: a backup restored into an empty database gives back the same rows, and
every consent PDF still matches the SHA-256 recorded when it was rendered."""

import shutil
import sqlite3

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from clinic import backups
from sessions.documents import consents
from sessions.models import ConsentRecord
from sessions.tests.factories.consents import library_consent


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _clinic_with_consents():
    library_consent("screen")
    library_consent("paper")
    records = ConsentRecord.objects.exclude(pdf="")
    assert records.count() == 2
    assert all(consents.consent_verify(record) == consents.VERIFIED for record in records)


def _empty_the_database():
    if connection.vendor == "sqlite":
        empty = sqlite3.connect(":memory:")
        empty.backup(connection.connection)  # page-for-page: no tables left
        empty.close()
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    assert connection.introspection.table_names() == []


def _backup_then_restore_into_an_empty_database(media, tmp_path):
    _clinic_with_consents()
    before = backups.row_counts()
    assert before["treatments_consentrecord"] == 2 and before["auth_user"] > 0
    folder = tmp_path / "backup"
    call_command("backup", to=str(folder), stdout=(out := _Capture()))
    assert "Database (" in out.text and "media: " in out.text

    _empty_the_database()
    shutil.rmtree(media)

    call_command("restore", str(folder), yes=True, stdout=(out := _Capture()))
    assert "every table's row count matches" in out.text
    after = backups.row_counts()
    # The restore itself is audited after the copy: one row more there, nowhere else.
    assert after.pop("clinic_auditevent") == before.pop("clinic_auditevent") + 1
    assert after == before
    records = ConsentRecord.objects.exclude(pdf="")
    assert records.count() == 2
    assert all(consents.consent_verify(record) == consents.VERIFIED for record in records)
    assert ConsentRecord.objects.exclude(scan="").count() == 1


class _Capture:
    def __init__(self):
        self.text = ""

    def write(self, text, *args, **kwargs):
        self.text += text + "\n"

    def flush(self):
        pass


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_into_an_empty_database(media, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path (the embedded default)")
    _backup_then_restore_into_an_empty_database(media, tmp_path)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_restores_into_an_empty_database(media, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://...")
    _backup_then_restore_into_an_empty_database(media, tmp_path)


@pytest.mark.django_db(transaction=True)  # as in real use: no transaction open around it
def test_a_damaged_backup_is_refused_before_anything_is_replaced(media, tmp_path):
    _clinic_with_consents()
    folder = tmp_path / "backup"
    call_command("backup", to=str(folder), stdout=_Capture())
    archive = folder / backups.MEDIA_ARCHIVE
    archive.write_bytes(archive.read_bytes()[:-10])
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(folder), yes=True, stdout=_Capture())
    assert ConsentRecord.objects.count() == 2


def test_a_backup_never_writes_into_a_folder_that_holds_files(media, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", to=str(tmp_path / "busy"), stdout=_Capture())


def test_restoring_something_that_is_not_a_backup_says_so(tmp_path):
    with pytest.raises(CommandError, match="not a Mesoplan backup"):
        call_command("restore", str(tmp_path), yes=True)


@pytest.mark.django_db
def test_a_backup_inside_a_transaction_is_refused_rather_than_hanging(media, tmp_path):
    with pytest.raises(backups.BackupError, match="inside a database transaction"):
        backups.backup_create(target=tmp_path / "b", progress=lambda line: None)
