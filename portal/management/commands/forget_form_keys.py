from django.core.management.base import BaseCommand

from portal.web import formkeys


class Command(BaseCommand):
    help = "Forget one-time form keys older than FORM_KEY_DAYS days (run daily from cron)."

    def handle(self, *args, **options):
        deleted = formkeys.forget_expired()
        self.stdout.write(f"{deleted} form keys forgotten")
