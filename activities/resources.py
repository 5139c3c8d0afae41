"""activities.csv of the portal spreadsheet format (docs/domain.md):
date, kind, title, participants, organisations, note.

An activity is matched by date, kind and title (ignoring case), so a second import updates it.
`organisations` names registered organisations separated by "|": for a consultation they gave
input, otherwise they took part (an organisation already linked keeps its role, so a
co-organiser stays one). Export writes every organisation linked, whatever its role.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from activities.models import Activity, ActivityKind, ActivityOrganisation, ActivityRole
from organisations.resources import OrganisationByNameWidget
from portal.spreadsheets import importing
from portal.spreadsheets.widgets import (
    DateWidget, PortalResource, RichTextCellWidget, TextWidget, WholeNumberWidget, code_from_cell, column, keep_stored_formatting,
)

COLUMNS = ("date", "kind", "title", "participants", "organisations", "note")


def kind_from_cell(value):
    """A kind's code or its Norwegian label, ignoring case; None when it is neither."""
    return code_from_cell(value, ActivityKind.choices)


class ActivityKindWidget(widgets.Widget):
    choices = ActivityKind.choices  # listed on the import screen

    def clean(self, value, row=None, **kwargs):
        code = kind_from_cell(value)
        if code is None:
            raise ValueError(
                _("«%(value)s» er ikke en type aktivitet; gyldige verdier er %(allowed)s")
                % {"value": str(value or "").strip(), "allowed": ", ".join(ActivityKind.values)}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""


def optional_count_cell():
    """Empty, or a whole number ≥ 0 (XLSX gives 120.0)."""
    return WholeNumberWidget(
        message=gettext_lazy("antall deltakere må være tomt eller et helt tall, minst 0 (fikk «%(value)s»)"),
        help_text=gettext_lazy("tomt, eller et helt tall"),
    )


class OrganisationNamesWidget(widgets.Widget):
    """Names of registered organisations separated by "|" (read by the resource, written here)."""

    help_text = gettext_lazy("navn på organisasjoner i registeret, skilt med |")

    def clean(self, value, row=None, **kwargs):
        return None

    def render(self, value, obj=None, **kwargs):
        if obj is None:
            return ""
        return "|".join(sorted((link.organisation.name for link in obj.links.all()), key=str.casefold))


BY_NAME = OrganisationByNameWidget()


def organisations_from_cell(value):
    """The registered organisations named in a cell, separated by "|", each matched as a single
    name is (OrganisationByNameWidget); every unknown name is reported at once."""
    names = [name.strip() for name in str(value or "").split("|") if name.strip()]
    found, unknown = [], []
    for name in names:
        organisation = BY_NAME.find(name)
        if organisation is None:
            unknown.append(name)
        elif organisation not in found:
            found.append(organisation)
    if unknown:
        raise ValueError(
            _("ukjent organisasjon %(names)s") % {"names": ", ".join(f"«{name}»" for name in unknown)}
        )
    return found


class WithOrganisationsCell:
    """A resource whose row names registered organisations in one cell (separated by "|") and has
    one formatted-text field: the row's own columns and the names are checked together (one
    error line for the row), a formatted field whose words did not change keeps its formatting,
    and the organisations found wait on `instance._portal_organisations` for after_save_instance."""

    organisations_column = "organisations"
    formatted_field = "note"

    def read_organisations(self, value):
        return organisations_from_cell(value)

    def import_instance(self, instance, row, **kwargs):
        errors, stored = {}, {self.formatted_field: getattr(instance, self.formatted_field)}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        keep_stored_formatting(instance, stored)
        try:
            instance._portal_organisations = self.read_organisations(row.get(self.organisations_column))
        except ValueError as exc:
            errors[self.organisations_column] = [str(exc)]
        if errors:
            raise ValidationError(errors)


@importing.register("activities")
class ActivityResource(WithOrganisationsCell, PortalResource):
    portal_columns = COLUMNS
    # In the coordinators' own words (docs/domain.md): the file's Norwegian names and headers.
    portal_norwegian_names = ("aktiviteter",)
    portal_norwegian_headers = dict(zip(COLUMNS, ("dato", "type", "tittel", "deltakere", "organisasjoner", "notat")))

    date = column("date", DateWidget())
    kind = column("kind", ActivityKindWidget())
    title = column("title", TextWidget())
    participants = column("participants", optional_count_cell())
    organisations = fields.Field(column_name="organisations", widget=OrganisationNamesWidget())
    note = column("note", RichTextCellWidget())

    class Meta:
        model = Activity
        fields = COLUMNS
        import_id_fields = ("date", "kind", "title")

    def dehydrate_organisations(self, activity):
        return OrganisationNamesWidget().render(None, obj=activity)

    def get_instance(self, instance_loader, row):
        try:
            date = DateWidget().clean(row.get("date"))
        except ValueError:
            return None
        kind, title = kind_from_cell(row.get("kind")), str(row.get("title") or "").strip()
        if not (date and kind and title):
            return None
        return Activity.objects.filter(date=date, kind=kind, title__iexact=title).order_by("pk").first()

    def after_save_instance(self, instance, row, **kwargs):
        organisations = getattr(instance, "_portal_organisations", [])
        keep = {link.organisation_id: link.role for link in instance.links.all()}
        default = ActivityRole.INPUT if instance.kind == ActivityKind.CONSULTATION else ActivityRole.TAKING_PART
        ActivityOrganisation.objects.filter(activity=instance).exclude(
            organisation_id__in=[o.pk for o in organisations]
        ).delete()
        for organisation in organisations:
            if organisation.pk not in keep:
                ActivityOrganisation.objects.create(activity=instance, organisation=organisation, role=default)

    def get_queryset(self):
        return Activity.objects.prefetch_related("links__organisation").order_by("date", "kind", "title", "pk")
