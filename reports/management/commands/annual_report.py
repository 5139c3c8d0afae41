"""manage.py annual_report YEAR --format json|html|pdf [-o FILE]

Renders the year's report: the newest version (an approved one from its frozen snapshot), or,
when the year has no report yet, a preview from the records with the default chapters.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from reports import pdf, selectors
from reports.models import AnnualReport


class Command(BaseCommand):
    help = "Render the annual report of YEAR as JSON (docs/domain.md), HTML or PDF."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--format", choices=["json", "html", "pdf"], default="json")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        parser.add_argument("--report-version", type=int, help="a version other than the newest")

    def handle(self, year, format, output=None, report_version=None, **options):
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
