from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hub import backup
from portal import importing


class Command(BaseCommand):
    help = (
        "Import the portal spreadsheet files found in DIR (organisations, meetings, attendance, "
        "contacts, surveys, survey_questions, survey_answers; .csv or .xlsx). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")

    def handle(self, directory, dry_run=False, **options):
        path = Path(directory)
        if not path.is_dir():
            raise CommandError(f"{directory}: not a directory")
        files = importing.files_in_directory(path)
        if not files:
            raise CommandError(f"{directory}: no portal files ({', '.join(importing.IMPORT_FILES)})")
        unsupported = [name for stem, name, _raw in files if importing.resource_class(stem) is None]
        if unsupported:
            raise CommandError(f"this version of the portal cannot import {', '.join(unsupported)} yet")

        with transaction.atomic():  # the sheets and a backup's extras (hub.backup) all or nothing
            results = importing.run_import(files, dry_run=dry_run)
            errors = [error for result in results for error in result.errors]
            for error in errors:
                self.stderr.write(str(error))
            if errors:
                raise CommandError(f"{len(errors)} error(s); nothing was imported")
            for result in results:
                self.stdout.write(f"{result.filename}: {result.new} new, {result.updated} updated")
            if not dry_run:
                try:
                    for message in backup.restore_directory(path):
                        self.stdout.write(message)
                except backup.RestoreError as exc:
                    raise CommandError(f"{exc}; nothing was imported") from exc
        if dry_run:
            self.stdout.write("dry run: nothing was written")
