"""The grants app's documents, by WeasyPrint: the decision letter and the yearly report to IMDi.
Each entry point returns (filename, mimetype, bytes), rendered in the document's language (bokmål)."""


from django.utils import translation
from django.utils.translation import gettext_lazy as _

from grants import selectors
from portal.output.pdfua import DOCUMENT_LANGUAGE, plain_document

MIMETYPE = "application/pdf"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def decision_letter(application):
    data = plain_document("grants/pdf/decision_letter.html", {"application": application, "round": application.round})
    return f"vedtak-tilskudd-{application.round.year}-{application.pk}.pdf", MIMETYPE, data


def imdi_report(year):
    rounds = selectors.report_grants_section(year)
    data = plain_document("grants/pdf/imdi_report.html", {"year": year, "rounds": rounds})
    return f"tilskudd-rapport-imdi-{year}.pdf", MIMETYPE, data


IMDI_COLUMNS = [
    ("scheme", _("Ordning")),
    ("allocation", _("Ramme (kr)")),
    ("applications", _("Søknader")),
    ("applied_amount", _("Søkt beløp (kr)")),
    ("operating_applications", _("Driftsstøtte: innvilgede søknader")),
    ("operating_organisations", _("Driftsstøtte: organisasjoner")),
    ("operating_amount", _("Driftsstøtte: beløp (kr)")),
    ("operating_members", _("Driftsstøtte: medlemmer")),
    ("activity_applications", _("Aktivitetsstøtte: innvilgede søknader")),
    ("activity_organisations", _("Aktivitetsstøtte: organisasjoner")),
    ("activity_amount", _("Aktivitetsstøtte: beløp (kr)")),
    ("activity_participants", _("Aktivitetsstøtte: deltakere")),
    ("granted_amount", _("Innvilget i alt (kr)")),
    ("immigrant_organisations_granted", _("Innvandrerorganisasjoner med tilskudd")),
    ("unused", _("Ubrukte midler (kr)")),
    ("reports_received", _("Rapporter om bruk mottatt")),
    ("reported_participants", _("Rapporterte deltakere")),
    ("reported_unused", _("Ubrukt hos mottakerne (kr)")),
]


def imdi_rows(year):
    """One flat row per round of the year, the keys of IMDI_COLUMNS."""
    rows = []
    for item in selectors.report_grants_section(year):
        operating, activity = item["granted"]["operating"], item["granted"]["activity"]
        rows.append(
            {
                **{key: item[key] for key in ("scheme", "allocation", "applications", "applied_amount", "granted_amount",
                                               "immigrant_organisations_granted", "unused", "reports_received",
                                               "reported_participants", "reported_unused")},
                "operating_applications": operating["applications"],
                "operating_organisations": operating["organisations"],
                "operating_amount": operating["amount"],
                "operating_members": operating["members"],
                "activity_applications": activity["applications"],
                "activity_organisations": activity["organisations"],
                "activity_amount": activity["amount"],
                "activity_participants": activity["participants"],
            }
        )
    return rows


def imdi_spreadsheet(year):
    """The same figures as a spreadsheet: a header row, one row per round, number cells; written
    by the portal's one safe sheet writer (a scheme's name is text, never a formula)."""
    from portal.spreadsheets import writing

    with translation.override(DOCUMENT_LANGUAGE):
        title = str(_("Tilskudd %(year)s") % {"year": year})
        headers = [str(_("År"))] + [str(label) for _key, label in IMDI_COLUMNS]
    types = {header: writing.NUMBER for header in headers}
    types[headers[1]] = writing.TEXT  # the scheme's name (IMDI_COLUMNS[0])
    rows = [[year] + [row[key] for key, _label in IMDI_COLUMNS] for row in imdi_rows(year)]
    content = writing.table_bytes(headers, rows, "xlsx", types=types, title=title)
    return f"tilskudd-rapport-imdi-{year}.xlsx", XLSX_MIMETYPE, content
