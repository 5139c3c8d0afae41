from django.core.management.base import BaseCommand, CommandError

from portal.operations import backup_archive


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database (migrated first) and the file storages."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--replace", action="store_true", help="replace a database that already holds records")

    def handle(self, file, replace=False, **options):
        try:
            manifest, written = backup_archive.restore(file, replace=replace)
        except (backup_archive.BackupError, OSError) as exc:
            raise CommandError(f"{file}: {exc}; nothing was restored") from exc
        except Exception as exc:
            if exc.__class__.__name__ == "BadZipFile":
                raise CommandError(f"{file}: not a ZIP file; nothing was restored") from exc
            raise
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"{file}: restored {rows} rows in {len(manifest['rows'])} tables and {written} files (taken {manifest['created']})")
