"""grant_rounds.csv and grant_applications.csv of the portal spreadsheet format (docs/domain.md).

grant_rounds.csv: year, scheme, allocation, deadline — one round per scheme and year, matched by
scheme and year; a scheme named for the first time is created.
grant_applications.csv: year, scheme, organisation, part, applied_amount, granted_amount, status,
members, participants, note — the round must exist; granted_amount set exactly when granted,
0 < granted ≤ applied. Coded values may be given as the labels the screens show.
"""


from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from grants.models import SENT_STATUSES, ApplicationStatus, GrantApplication, GrantRound, GrantScheme, Part
from organisations.resources import OrganisationByNameWidget
from portal.spreadsheets import importing
from portal.spreadsheets.widgets import (  # shared by every sheet (docs/domain.md)
    ByNameWidget, CodeWidget, DateWidget, PortalResource, TextWidget, WholeNumberWidget, claim_first, column, year_widget,
)

ROUND_COLUMNS = ("year", "scheme", "allocation", "deadline")
APPLICATION_COLUMNS = (
    "year", "scheme", "organisation", "part", "applied_amount", "granted_amount", "status", "members", "participants", "note",
)


def whole_amount():
    """Empty, or a whole number ≥ 0 (kroner, members, participants)."""
    return WholeNumberWidget(
        message=gettext_lazy("«%(value)s» er ikke et helt tall (0 eller mer)"),
        help_text=gettext_lazy("tomt, eller et helt tall"),
    )


def year_cell():
    return year_widget(gettext_lazy("«%(value)s» er ikke et årstall"), required=True, help_text=gettext_lazy("årstall"))


def _year(value):
    return year_cell().clean(value)


class SchemeByNameWidget(ByNameWidget):
    """A grant scheme by name; the rounds' sheet creates a scheme it does not know."""

    help_text = gettext_lazy("navnet på tilskuddsordningen")

    def __init__(self, create=False):
        super().__init__(GrantScheme, unknown=gettext_lazy("ukjent ordning «%(name)s»"), required=True)
        self.create = create

    def find(self, name):
        return super().find(name) or (GrantScheme.objects.create(name=name) if self.create else None)



@importing.register("grant_rounds")
class GrantRoundResource(PortalResource):
    portal_columns = ROUND_COLUMNS
    portal_help = {"allocation": gettext_lazy("hele kroner")}
    # In the coordinators' own words (docs/domain.md): the file's Norwegian names and headers.
    portal_norwegian_names = ("tilskuddsrunder",)
    portal_norwegian_headers = dict(zip(ROUND_COLUMNS, ("år", "ordning", "ramme", "frist")))

    year = column("year", year_cell())
    scheme = column("scheme", SchemeByNameWidget(create=True))
    allocation = column("allocation", whole_amount())
    deadline = column("deadline", DateWidget())

    class Meta:
        model = GrantRound
        fields = ROUND_COLUMNS
        import_id_fields = ("scheme", "year")

    def get_instance(self, instance_loader, row):
        try:
            year = _year(row.get("year"))
        except ValueError:
            return None
        name = str(row.get("scheme") or "").strip()
        return GrantRound.objects.filter(scheme__name__iexact=name, year=year).first() if name else None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            if whole_amount().clean(row.get("allocation")) is None:
                errors["allocation"] = [_("mangler (hele kroner)")]
        except ValueError:
            pass  # reported by the widget
        try:
            if DateWidget().clean(row.get("deadline")) is None:
                errors["deadline"] = [_("mangler (ÅÅÅÅ-MM-DD)")]
        except ValueError:
            pass
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def get_export_queryset(self, request=None):
        return GrantRound.objects.select_related("scheme").order_by("year", "scheme__name")


class RoundWidget(widgets.Widget):
    """The round of the row's year and scheme; it must exist."""

    help_text = gettext_lazy("årstall; runden (år og ordning) må finnes")

    def clean(self, value, row=None, **kwargs):
        year = _year(row.get("year"))
        name = str(row.get("scheme") or "").strip()
        match = GrantRound.objects.filter(scheme__name__iexact=name, year=year).select_related("scheme").first()
        if match is None:
            raise ValueError(
                _("ingen søknadsrunde «%(scheme)s» %(year)s (grant_rounds.csv)") % {"scheme": name, "year": year}
            )
        return match


@importing.register("grant_applications")
class GrantApplicationResource(PortalResource):
    portal_columns = APPLICATION_COLUMNS
    portal_help = {
        "scheme": gettext_lazy("navnet på tilskuddsordningen"),
        "applied_amount": gettext_lazy("hele kroner, mer enn 0"),
        "granted_amount": gettext_lazy("hele kroner når status er granted (høyst søkt beløp), ellers tomt"),
    }
    # In the coordinators' own words (docs/domain.md): the file's Norwegian names and headers.
    portal_norwegian_names = ("tilskuddssøknader", "tilskuddssoknader")
    portal_norwegian_headers = dict(zip(APPLICATION_COLUMNS, (
        "år", "ordning", "organisasjon", "del", "søkt beløp", "innvilget beløp", "status", "medlemmer", "deltakere", "notat",
    )))

    year = fields.Field(column_name="year", attribute="round", widget=RoundWidget(), readonly=False)
    scheme = fields.Field(column_name="scheme", readonly=True)
    organisation = column("organisation", OrganisationByNameWidget())
    part = column("part", CodeWidget(Part.choices))
    applied_amount = column("applied_amount", whole_amount())
    granted_amount = column("granted_amount", whole_amount())
    status = column("status", CodeWidget([(s.value, s.label) for s in SENT_STATUSES]))
    members = column("members", whole_amount())
    participants = column("participants", whole_amount())
    note = column("note")

    class Meta:
        model = GrantApplication
        fields = APPLICATION_COLUMNS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Applications already matched by a row of this file: two identical rows are two
        # applications, while importing the same file again updates instead of doubling them.
        self._claimed = set()

    def dehydrate_year(self, application):
        return application.round.year

    def dehydrate_scheme(self, application):
        return application.round.scheme.name

    def get_instance(self, instance_loader, row):
        try:
            grant_round = RoundWidget().clean(None, row)
            organisation = OrganisationByNameWidget().clean(row.get("organisation"))
            part = CodeWidget(Part.choices).clean(row.get("part"))
            applied = whole_amount().clean(row.get("applied_amount"))
        except ValueError:
            return None
        if organisation is None:
            return None
        return claim_first(
            self._claimed,
            GrantApplication.objects.filter(
                round=grant_round, organisation=organisation, part=part, applied_amount=applied,
                note=TextWidget().clean(row.get("note")),
            )
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "organisation" not in errors and instance.organisation_id is None:
            errors["organisation"] = [_("mangler")]
        status, granted, applied = instance.status, instance.granted_amount, instance.applied_amount
        if "applied_amount" not in errors and not applied:
            errors["applied_amount"] = [_("mangler eller er 0 (hele kroner, mer enn 0)")]
        if "status" not in errors and "granted_amount" not in errors:
            if status == ApplicationStatus.GRANTED:
                if not granted:
                    errors["granted_amount"] = [_("må fylles ut med mer enn 0 når status er granted")]
                elif applied and granted > applied:
                    errors["granted_amount"] = [_("%(granted)s er mer enn søkt beløp %(applied)s") % {"granted": granted, "applied": applied}]
            elif granted is not None:
                errors["granted_amount"] = [_("skal være tom når status ikke er granted")]
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        self._claimed.add(instance.pk)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None and instance.submitted_at is None:
            from django.utils import timezone

            instance.submitted_at = timezone.now()
            user = kwargs.get("user")
            if user is not None and getattr(user, "is_authenticated", False):
                instance.submitted_by = user
            instance.channel = "paper"

    def get_export_queryset(self, request=None):
        # Drafts are the organisations' own until sent: not part of the format.
        return (
            GrantApplication.objects.filter(status__in=SENT_STATUSES)
            .select_related("round__scheme", "organisation")
            .order_by("round__year", "round__scheme__name", "organisation__name", "pk")
        )
