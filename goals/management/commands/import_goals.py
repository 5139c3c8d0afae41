from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from goals import services

EXTENSIONS = (".csv", ".xlsx")


class Command(BaseCommand):
    help = (
        "Import the goals sheets found in DIR (goals, goal_values, measures, plan_items, "
        "plan_item_years; .csv or .xlsx). All or nothing, like import_data."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")

    def handle(self, directory, dry_run=False, **options):
        path = Path(directory)
        if not path.is_dir():
            raise CommandError(f"{directory}: not a directory")
        files = []
        for stem in services.SHEETS:
            for extension in EXTENSIONS:
                candidate = path / f"{stem}{extension}"
                if candidate.exists():
                    files.append((stem, candidate.name, candidate.read_bytes()))
                    break
        if not files:
            raise CommandError(f"{directory}: no goals sheets ({', '.join(services.SHEETS)})")
        results = services.sheets_import(files=files, dry_run=dry_run)
        errors = [error for result in results for error in result.errors]
        for error in errors:
            self.stderr.write(str(error))
        if errors:
            raise CommandError(f"{len(errors)} error(s); nothing was imported")
        for result in results:
            self.stdout.write(f"{result.filename}: {result.new} new, {result.updated} updated")
        if dry_run:
            self.stdout.write("dry run: nothing was written")
