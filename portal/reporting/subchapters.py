"""Records the coordinators mark as worth a subchapter of a year's annual report (a network or
working group, a consultation, an own event, a campaign, a media mention).

The mark lives on the record itself, so the report depends on the records and never the other way
round: the report asks each app for the year's marked records and builds one subchapter from each
(its description, dates, partners, participants and outcome), with the coordinators' own paragraph
where they wrote one.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.text.formatted import RichTextField

FIELDS = ["report_year", "report_heading", "report_text"]


class WorthASubchapter(models.Model):
    report_year = models.PositiveSmallIntegerField(
        _("underkapittel i årsrapporten for"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Året da dette skal ha et eget underkapittel i årsrapporten. Tomt: inget underkapittel."),
    )
    report_heading = models.CharField(
        _("overskrift i årsrapporten"), max_length=200, blank=True, help_text=_("Tomt: navnet eller tittelen.")
    )
    report_text = RichTextField(
        _("eget avsnitt i årsrapporten"), blank=True,
        help_text=_("Koordinatorenes egen tekst, vist først i underkapittelet."),
    )

    class Meta:
        abstract = True


def subchapter_head(record, name):
    """The part every subchapter has, whatever the record: heading and the coordinators' paragraph."""
    return {"heading": record.report_heading or name, "text": record.report_text}
