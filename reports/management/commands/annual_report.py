"""manage.py annual_report YEAR --format json|html|pdf [-o FILE] [--period START:END]

Renders the year's report: the newest version (an approved one from its frozen snapshot), or,
when the year has no report yet, a preview from the records with the default chapters.
With --period (JSON only), the figures of that period on the year's keys instead, e.g.
`--period 2024-12-01:2025-12-31` for the project's year (reports.selectors.period_figures).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from portal.reporting.periods import BadPeriod, period_from
from reports import pdf, selectors
from reports.models import AnnualReport


class Command(BaseCommand):
    help = "Render the annual report of YEAR as JSON (docs/domain.md), HTML or PDF."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--format", choices=["json", "html", "pdf"], default="json")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        parser.add_argument("--report-version", type=int, help="a version other than the newest")
        parser.add_argument("--period", help="START:END (ISO dates): the figures of this period as JSON")

    def handle(self, year, format, output=None, report_version=None, period=None, **options):
        if period is not None:
            if format != "json":
                raise CommandError("--period gives the period's figures as JSON: use --format json")
            start, _colon, end = period.partition(":")
            try:
                chosen = period_from(start, end)
            except BadPeriod as error:
                raise CommandError(str(error)) from None
            return self._write(json.dumps(selectors.period_figures(chosen), ensure_ascii=False, indent=2) + "\n", output)
        report = selectors.report_for_command(year, version=report_version)
        if report is None:
            if report_version is not None:
                raise CommandError(f"{year} has no report version {report_version}")
            report = AnnualReport(year=year, title=selectors.default_title(year))
        content = selectors.report_content(report)
        if format == "json":
            data = (json.dumps(content["figures"], cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n").encode()
        elif format == "html":
            data = pdf.render_print_html(content).encode()
        else:
            _filename, _mimetype, data = pdf.generate(report, content=content)
        if output and output != "-":
            with open(output, "wb") as handle:
                handle.write(data)
            self.stderr.write(f"{output}: {len(data)} bytes")
        else:
            sys.stdout.buffer.write(data) if format == "pdf" else self.stdout.write(data.decode(), ending="")

    def _write(self, text, output):
        if output and output != "-":
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"{output}: {len(text.encode())} bytes")
        else:
            self.stdout.write(text, ending="")
