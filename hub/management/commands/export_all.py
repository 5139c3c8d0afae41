from pathlib import Path

from django.core.management.base import BaseCommand

from portal.spreadsheets import importing


class Command(BaseCommand):
    help = (
        "Write every file kind of the portal spreadsheet format into DIR (one CSV each, the columns "
        "of docs/domain.md), which `import_data DIR` reads back unchanged. A transfer format for "
        "coordinators, not a backup: `backup FILE` keeps everything."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, directory, **options):
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        for stem in importing.available_stems():
            # The resource's own export order (e.g. contacts by date, then as entered).
            resource = importing.resource_class(stem)()
            ordered = getattr(resource, "get_export_queryset", None)
            (target / f"{stem}.csv").write_bytes(importing.export_bytes(stem, "csv", queryset=ordered() if ordered else None))
            self.stdout.write(f"wrote {target / f'{stem}.csv'}")
