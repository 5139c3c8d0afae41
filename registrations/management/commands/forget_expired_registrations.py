from django.core.management.base import BaseCommand

from registrations import services


class Command(BaseCommand):
    help = "Delete registrations whose confirmation link expired unused (run daily from cron)."

    def handle(self, *args, **options):
        deleted = services.registrations_forget_expired()
        self.stdout.write(f"{deleted} unconfirmed registrations deleted")
