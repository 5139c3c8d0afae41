from django.core.management.base import BaseCommand

from hub import retention


class Command(BaseCommand):
    help = (
        "List contact persons inactive for PORTAL_CONTACT_RETENTION_YEARS years (no edit, no logged "
        "contact, no attendance of their organisation); with --erase, erase the listed persons."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, help="override PORTAL_CONTACT_RETENTION_YEARS")
        parser.add_argument("--erase", action="store_true", help="erase every listed person")

    def handle(self, years=None, erase=False, **options):
        years = retention.retention_years() if years is None else years
        persons = list(retention.inactive_contact_persons(years=years))
        cutoff = retention.cutoff_date(years=years)
        self.stdout.write(f"{len(persons)} contact person(s) inactive since before {cutoff:%Y-%m-%d} ({years} years):")
        for person in persons:
            self.stdout.write(
                f"  #{person.pk} {person.name} ({person.organisation.name}), "
                f"last activity {retention.last_activity(person):%Y-%m-%d}"
            )
        if erase and persons:
            erased = retention.contact_persons_erase(persons=persons)
            self.stdout.write(self.style.SUCCESS(f"{erased} contact person(s) erased."))
        elif persons:
            self.stdout.write("Run again with --erase to erase them.")
