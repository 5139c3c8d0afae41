"""Once a year, ask each published organisation's editors to confirm the listing.

Safe to run every day (cron): an organisation is asked only when nobody has confirmed its
listing for a year and it was not already asked within the year.
"""

from django.core.management.base import BaseCommand

from organisations import selectors, services


class Command(BaseCommand):
    help = "E-mail the editors of listings not confirmed for a year (once a year per listing)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list who would be asked, send nothing")

    def handle(self, dry_run=False, **options):
        organisations = list(selectors.organisations_due_for_confirmation())
        sent = 0
        for organisation in organisations:
            if dry_run:
                self.stdout.write(f"  {organisation.name}: {len(organisation.editors.all())} editor(s)")
                continue
            sent += services.listing_request_confirmation(organisation=organisation)
        verb = "would ask" if dry_run else "asked"
        self.stdout.write(f"{len(organisations)} listing(s) {verb}; {sent} e-mail(s) sent.")
