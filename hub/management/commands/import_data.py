from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.spreadsheets import importing


class Command(BaseCommand):
    help = (
        "Import the portal spreadsheet files found in DIR (every file kind of portal.spreadsheets.importing: "
        "organisations, meetings, attendance, input, contacts, surveys, survey_questions, survey_answers, "
        "goals, goal_values, measures, plan_items, plan_item_years, activities, grant_rounds, "
        "grant_applications; .csv or .xlsx, under the English "
        "or the Norwegian name). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")

    def handle(self, directory, dry_run=False, **options):
        path = Path(directory)
        if not path.is_dir():
            raise CommandError(f"{directory}: not a directory")
        files, unread = importing.scan_directory(path)
        for name, read_instead in unread:
            if read_instead:
                self.stderr.write(f"warning: {name}: not read, {read_instead} is read for the same file")
            else:
                self.stderr.write(
                    f"warning: {name}: not a file of the portal format, not read "
                    f"(expected {', '.join(f'{stem}.csv' for stem in importing.IMPORT_FILES)}, or .xlsx, "
                    "or their Norwegian names)"
                )
        if not files:
            raise CommandError(f"{directory}: no portal files ({', '.join(importing.IMPORT_FILES)})")

        results = importing.run_import(files, dry_run=dry_run)  # all or nothing
        errors = [error for result in results for error in result.errors]
        for error in errors:
            self.stderr.write(str(error))
        if errors:
            raise CommandError(f"{len(errors)} error(s); nothing was imported")
        for result in results:
            self.stdout.write(f"{result.filename}: {result.new} new, {result.updated} updated")
        if dry_run:
            self.stdout.write("dry run: nothing was written")
