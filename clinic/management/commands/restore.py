"""`manage.py restore DIR --yes`: replace the database and the private media with a backup
made by `manage.py backup`, then check the row counts against its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clinic import audit, backups


class Command(BaseCommand):
    help = "Restore a backup folder: REPLACES the database and the private media."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by `manage.py backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Replace the current data without asking."
        )

    def handle(self, *args, **options):
        source = Path(options["folder"]).resolve()
        if not options["yes"]:
            answer = input(f"Replace this clinic's database and files with {source}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing restored.")
        try:
            mismatches = backups.backup_restore(source=source, progress=self.stdout.write)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        audit.record(actor=None, action="backup.restored", details={"folder": str(source)})
        if mismatches:
            lines = [
                f"  {table}: expected {want}, found {got}"
                for table, (want, got) in mismatches.items()
            ]
            raise CommandError("Row counts differ from the backup's manifest:\n" + "\n".join(lines))
        self.stdout.write(
            self.style.SUCCESS(f"Restored {source}; every table's row count matches.")
        )
