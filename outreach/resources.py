"""contacts.csv of the portal spreadsheet format (docs/domain.md): date, organisation, channel, outcome, note."""

import datetime


from organisations.models import Organisation
from organisations.resources import OrganisationByNameWidget
from outreach.models import Channel, Contact, Outcome
from portal.spreadsheets import importing
from portal.spreadsheets.widgets import CodeWidget, DateWidget, PortalResource, TextWidget, claim_first, code_from_cell, column

COLUMNS = ("date", "organisation", "channel", "outcome", "note")



@importing.register("contacts")
class ContactResource(PortalResource):
    portal_columns = COLUMNS
    # In the coordinators' own words (docs/domain.md): the file's Norwegian names and headers.
    portal_norwegian_names = ("kontakter",)
    portal_norwegian_headers = dict(zip(COLUMNS, ("dato", "organisasjon", "kanal", "utfall", "notat")))

    date = column("date", DateWidget())
    organisation = column("organisation", OrganisationByNameWidget())
    channel = column("channel", CodeWidget(Channel.choices))
    outcome = column("outcome", CodeWidget(Outcome.choices))
    note = column("note")

    class Meta:
        model = Contact
        fields = COLUMNS
        import_id_fields = ("date", "organisation", "channel", "note")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Contacts already matched by a row of this file: two identical rows are two contacts,
        # while importing the same file again updates instead of doubling the log.
        self._claimed = set()

    def get_instance(self, instance_loader, row):
        try:
            date = DateWidget().clean(row.get("date"))
        except ValueError:
            return None
        name = str(row.get("organisation") or "").strip()
        if not date or not name:
            return None
        if isinstance(date, datetime.datetime):
            date = date.date()
        return claim_first(
            self._claimed,
            Contact.objects.filter(
                date=date,
                organisation__in=Organisation.objects.filter(name__iexact=name),
                channel=code_from_cell(row.get("channel"), Channel.choices) or "",
                note=TextWidget().clean(row.get("note")),
            )
        )

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if instance.pk is None and user is not None and getattr(user, "is_authenticated", False):
            instance.created_by = user

    def after_save_instance(self, instance, row, **kwargs):
        self._claimed.add(instance.pk)

    def get_export_queryset(self, request=None):
        return Contact.objects.select_related("organisation").order_by("date", "pk")
