"""Remind invited organisations that have not answered, a few days before the meeting.

Safe to run every day (cron, as the other reminders in docs/operations.md): each unanswered invitation
of a planned meeting in the next --days days is reminded once, by the job worker (one job per
meeting, its progress on the meeting's invitations page).
"""

from itertools import groupby

from django.core.management.base import BaseCommand

from panel import services


class Command(BaseCommand):
    help = "E-mail a reminder, with the answer links, to invited organisations that have not answered."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=services.REMINDER_DAYS_BEFORE, help="remind for meetings this many days ahead (default %(default)s)"
        )
        parser.add_argument("--dry-run", action="store_true", help="list who would be reminded, send nothing")

    def handle(self, days, dry_run=False, **options):
        invitations = list(services.invitations_due_for_reminder(days=days))
        for meeting, group in groupby(invitations, key=lambda invitation: invitation.meeting):
            group = list(group)
            for invitation in group:
                self.stdout.write(f"  {meeting.date:%Y-%m-%d} {meeting.title}: {invitation.organisation.name}")
            if not dry_run:
                services.invitation_reminders_start(meeting=meeting, invitation_ids=[invitation.pk for invitation in group])
        verb = "would be reminded" if dry_run else "queued for a reminder"
        self.stdout.write(f"{len(invitations)} invitation(s) {verb}.")
