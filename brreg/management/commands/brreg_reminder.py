"""manage.py brreg_reminder: say when the yearly check against Enhetsregisteret is due (for cron)."""

from django.core.management.base import BaseCommand

from brreg.selectors import check_due


class Command(BaseCommand):
    help = "Skriver en påminnelse når registeret ikke er kontrollert mot Enhetsregisteret det siste året."

    def handle(self, *args, **options):
        due = check_due()
        if due is None:
            return
        if due["last"] is None:
            self.stdout.write("Registeret er aldri kontrollert mot Enhetsregisteret. Kjør brreg_import.")
        else:
            self.stdout.write(
                f"Registeret ble sist kontrollert mot Enhetsregisteret {due['last']:%d.%m.%Y}. Kjør brreg_import."
            )
