"""`manage.py backup [--to DIR]`: a consistent copy of the database and the private media
(docs/deploy.md says how often and where to keep it)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clinic import audit, backups


class Command(BaseCommand):
    help = "Back up the database and the private media (photos, consent PDFs, scans)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            help="An empty or new folder (default: BACKUP_DIR/<UTC date and time>).",
        )

    def handle(self, *args, **options):
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        target = Path(options["to"] or Path(settings.BACKUP_DIR) / stamp).resolve()
        try:
            manifest = backups.backup_create(target=target, progress=self.stdout.write)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        audit.record(
            actor=None,
            action="backup.created",
            details={"folder": str(target), "media_files": manifest["media_files"]},
        )
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows} rows and {manifest['media_files']} files to {target}. "
                "It holds patient data: encrypt it and keep a copy off this machine."
            )
        )
