"""manage.py brreg_import FILE [--format json]: check the registry against Enhetsregisteret's bulk file."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from brreg.services import RegistryFileError, registry_import


class Command(BaseCommand):
    help = (
        "Leser totalbestanden fra Enhetsregisteret (enheter_alle.json.gz, gzip eller ikke) som en strøm og "
        "lagrer hva registeret sier om hver organisasjon med organisasjonsnummer."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: finnes ikke")

        def progress(units, position):
            if options["verbosity"] >= 2:
                self.stderr.write(f"{units} enheter lest")

        try:
            summary = registry_import(path=path, progress=progress)
        except RegistryFileError as error:
            raise CommandError(f"{path}: {error}") from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(f"{summary['entities_read']} enheter lest, {summary['matched']} organisasjoner funnet.")
        labels = {
            "not_found": "Ikke funnet",
            "bankrupt": "Konkurs",
            "liquidation": "Under avvikling eller tvangsoppløsning",
            "not_in_frivillighetsregisteret": "Ikke i Frivillighetsregisteret",
            "name_differs": "Annet navn i registeret",
        }
        for key, label in labels.items():
            if summary[key]:
                self.stdout.write(f"{label}: {', '.join(summary[key])}")
