from django.core.management.base import BaseCommand

from portal.operations import backup_archive


class Command(BaseCommand):
    help = "Write a backup of the whole portal (every table and every stored file) to FILE (a ZIP)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        manifest = backup_archive.backup(file)
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"{file}: {rows} rows in {len(manifest['rows'])} tables, {len(manifest['files'])} files")
