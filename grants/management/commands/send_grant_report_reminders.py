"""Remind organisations of their report on the use of a grant.

Safe to run every day (cron): a report not yet delivered is reminded when its due date is a week
away or past, and then at most once a week until it is delivered.
"""

from django.core.management.base import BaseCommand

from grants import selectors, services


class Command(BaseCommand):
    help = "E-mail the editors of organisations whose report on the use of a grant is due or overdue."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list who would be reminded, send nothing")

    def handle(self, dry_run=False, **options):
        reports = list(selectors.use_reports_due_for_reminder())
        for report in reports:
            if dry_run:
                self.stdout.write(f"  {report.application.organisation.name}: {report.application.round}, due {report.due_on}")
                continue
            services.use_report_remind(report=report)
        verb = "would remind" if dry_run else "reminded"
        self.stdout.write(f"{len(reports)} report(s) {verb}.")
