"""relationships.csv and agreements.csv of the portal spreadsheet format (docs/domain.md).

relationships.csv: organisation, kind, other, starts_on, ends_on: "organisation is kind other"
(member of, local branch of, partner of); matched by the two organisations, the kind and the
start date, so a second import updates the end date.

agreements.csv: title, parties, starts_on, ends_on, text: parties are two or more registered
organisations (municipal services included) separated by "|"; matched by title (ignoring case)
and start date. Where an agreement was made (a meeting, an activity or an event) is kept by the
full backup (`manage.py backup`), not by the sheet.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields
from activities.resources import OrganisationNamesWidget, WithOrganisationsCell, organisations_from_cell
from networks.models import Agreement, Relationship, RelationshipKind
from organisations.resources import OrganisationByNameWidget
from portal.spreadsheets import importing
from portal.spreadsheets.widgets import (
    CodeWidget, DateWidget, PortalResource, RichTextCellWidget, code_from_cell, column,
)

RELATIONSHIP_COLUMNS = ("organisation", "kind", "other", "starts_on", "ends_on")
AGREEMENT_COLUMNS = ("title", "parties", "starts_on", "ends_on", "text")


def _organisation(value):
    try:
        return OrganisationByNameWidget().clean(value)
    except ValueError:
        return None


# After organisations.csv and activities.csv (INSTALLED_APPS order): the rows name organisations.
@importing.register("relationships")
class RelationshipResource(PortalResource):
    portal_columns = RELATIONSHIP_COLUMNS
    portal_norwegian_names = ("forbindelser", "nettverk")
    portal_norwegian_headers = dict(zip(RELATIONSHIP_COLUMNS, ("organisasjon", "forbindelse", "med", "fra", "til")))

    organisation = column("organisation", OrganisationByNameWidget())
    kind = column("kind", CodeWidget(RelationshipKind.choices))
    other = column("other", OrganisationByNameWidget())
    starts_on = column("starts_on", DateWidget())
    ends_on = column("ends_on", DateWidget())

    class Meta(PortalResource.Meta):
        model = Relationship
        fields = RELATIONSHIP_COLUMNS
        import_id_fields = ("organisation", "kind", "other", "starts_on")

    def get_instance(self, instance_loader, row):
        organisation, other = _organisation(row.get("organisation")), _organisation(row.get("other"))
        kind = code_from_cell(row.get("kind"), RelationshipKind.choices)
        try:
            starts_on = DateWidget().clean(row.get("starts_on"))
        except ValueError:
            return None
        if not (organisation and other and kind):
            return None
        return Relationship.objects.filter(organisation=organisation, kind=kind, other=other, starts_on=starts_on).order_by("pk").first()

    def get_queryset(self):
        return Relationship.objects.select_related("organisation", "other").order_by("organisation__name", "other__name", "kind", "starts_on", "pk")


class PartiesWidget(OrganisationNamesWidget):
    """The parties' names separated by "|" (read by the resource, written as activities.csv does)."""

    help_text = gettext_lazy("minst to navn på organisasjoner i registeret, skilt med |")


def parties_from_cell(value):
    parties = organisations_from_cell(value)
    if len(parties) < 2:
        raise ValueError(_("en avtale har minst to parter, skilt med | (fikk %(count)s)") % {"count": len(parties)})
    return parties


@importing.register("agreements")
class AgreementResource(WithOrganisationsCell, PortalResource):
    portal_columns = AGREEMENT_COLUMNS
    portal_norwegian_names = ("avtaler",)
    portal_norwegian_headers = dict(zip(AGREEMENT_COLUMNS, ("tittel", "parter", "fra", "til", "avtalt")))

    title = column("title")
    parties = fields.Field(column_name="parties", widget=PartiesWidget())
    starts_on = column("starts_on", DateWidget())
    ends_on = column("ends_on", DateWidget())
    text = column("text", RichTextCellWidget())

    class Meta(PortalResource.Meta):
        model = Agreement
        fields = AGREEMENT_COLUMNS
        import_id_fields = ("title", "starts_on")

    def dehydrate_parties(self, agreement):
        return PartiesWidget().render(None, obj=agreement)

    def get_instance(self, instance_loader, row):
        try:
            starts_on = DateWidget().clean(row.get("starts_on"))
        except ValueError:
            return None
        title = str(row.get("title") or "").strip()
        if not (title and starts_on):
            return None
        return Agreement.objects.filter(title__iexact=title, starts_on=starts_on).order_by("pk").first()

    organisations_column = "parties"
    formatted_field = "text"

    def read_organisations(self, value):
        return parties_from_cell(value)

    def after_save_instance(self, instance, row, **kwargs):
        from networks.services import agreement_set_parties

        agreement_set_parties(agreement=instance, parties=getattr(instance, "_portal_organisations", []))

    def get_queryset(self):
        return Agreement.objects.prefetch_related("links__organisation").order_by("starts_on", "title", "pk")

