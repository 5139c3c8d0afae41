from django.core.management.base import BaseCommand

from hub import backup


class Command(BaseCommand):
    help = (
        "Write every record into DIR in the portal spreadsheet format (one CSV per file kind) plus "
        "extra.json for what a sheet cannot hold; `import_data DIR` restores it into an empty "
        "database. User accounts, roles and editors are not exported (see hub/backup.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, directory, **options):
        for name in backup.export_all(directory):
            self.stdout.write(f"wrote {directory.rstrip('/')}/{name}")
        self.stdout.write("Not exported: user accounts, roles, organisation editors, invitations, the audit trail.")
