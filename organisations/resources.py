"""organisations.csv of the portal spreadsheet format (docs/domain.md)."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.no import orgnr

from organisations.models import Kind, Organisation
from portal.spreadsheets import importing
from portal.text.collation import norwegian
from portal.spreadsheets.widgets import ByNameWidget, CodeWidget, DateWidget, PortalResource, RichTextCellWidget, TextWidget, column, keep_stored_formatting


class OrgNumberWidget(TextWidget):
    help_text = gettext_lazy("tomt, eller 9 siffer (mellomrom tillatt)")

    def clean(self, value, row=None, **kwargs):
        # "974 760 673" and "974760673" are the same number; validation happens on the model.
        return orgnr.compact(super().clean(value, row, **kwargs))


class OrganisationByNameWidget(ByNameWidget):
    """An organisation named in a cell: matched by name (docs/domain.md), case-insensitively."""

    help_text = gettext_lazy("navnet på en organisasjon i registeret (eller i organisasjoner-filen)")

    def __init__(self):
        super().__init__(Organisation, unknown=gettext_lazy("ukjent organisasjon «%(name)s»"))


COLUMNS = ("name", "org_number", "kind", "municipality", "email", "phone", "website", "description", "published_on")


def _consent_withdrawn(organisation):
    """A withdrawn consent on record and none in force."""
    if organisation.pk is None:
        return False
    consents = organisation.consents.all()
    return consents.filter(withdrawn_at__isnull=False).exists() and not consents.filter(withdrawn_at__isnull=True).exists()


@importing.register("organisations")
class OrganisationResource(PortalResource):
    portal_columns = COLUMNS
    # In the coordinators' own words (docs/domain.md): the file's Norwegian names and headers.
    portal_norwegian_names = ("organisasjoner",)
    portal_norwegian_headers = dict(zip(COLUMNS, (
        "navn", "organisasjonsnummer", "type", "kommune", "e-post", "telefon", "nettside", "beskrivelse", "publisert",
    )))

    name = column("name")
    org_number = column("org_number", OrgNumberWidget())
    kind = column("kind", CodeWidget(Kind.choices))
    municipality = column("municipality")
    email = column("email")
    phone = column("phone")
    website = column("website")
    description = column("description", RichTextCellWidget())
    published_on = column("published_on", DateWidget())

    class Meta:
        model = Organisation
        fields = COLUMNS
        import_id_fields = ("name",)

    def get_instance(self, instance_loader, row):
        # Matched by name, ignoring case, so a re-typed capital letter updates, not duplicates.
        # lower(name) = lower(…) uses the index of the unique constraint; `iexact` scans the
        # table (LIKE / UPPER), which made a 50,000-row import quadratic. The statement is
        # written out: building it through the ORM took a third of each new row's time, and
        # most rows of a big sheet are new (only a match is then read through the ORM).
        name = str(row.get("name") or "").strip()
        if not name:
            return None
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {connection.ops.quote_name(Organisation._meta.db_table)} WHERE LOWER(name) = LOWER(%s)", [name])
            found = cursor.fetchone()
        return None if found is None else Organisation.objects.get(pk=found[0])

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Every column is validated as on the screens, but what a row cannot break is not asked of
        # the database again: three queries a row, most of a 50,000-row import's time. The name's
        # constraint is the lookup above (a row updates the one organisation with its name or
        # makes a name no row has); the consent check sees the stored published date only
        # (import_instance holds the sheet's back); the address name is no column (save() makes
        # a free one). The database still enforces all three, and the row's savepoint makes a
        # breach that row's error.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude={*errors, "slug"}, validate_unique=validate_unique, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    # published_on: docs/domain.md says no listing is public without a consent record, whichever door
    # it comes through. The sheet's date is held back from the row (so the database's check
    # constraint never sees a listing without consent) and set after the save through the one
    # writer of the published state, which records a missing consent as given before the portal,
    # by the importing coordinator.
    # A consent before the portal is never invented over a withdrawal: an organisation that has
    # withdrawn its consent (and given no new one) is not republished by an older sheet; the row
    # is reported instead.
    def import_instance(self, instance, row, **kwargs):
        current, stored = instance.published_on, {"description": instance.description}
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            instance._imported_published_on, instance.published_on = instance.published_on, current
        keep_stored_formatting(instance, stored)
        if instance._imported_published_on is not None and _consent_withdrawn(instance):
            raise ValidationError({"published_on": [_(
                "organisasjonen har trukket tilbake samtykket sitt, så oppføringen publiseres ikke før et nytt "
                "samtykke er registrert (la feltet stå tomt)"
            )]})

    def after_save_instance(self, instance, row, **kwargs):
        from organisations.services import organisation_set_published

        super().after_save_instance(instance, row, **kwargs)
        user = kwargs.get("user")
        organisation_set_published(
            organisation=instance,
            on=instance._imported_published_on,
            recorded_by=user if user is not None and user.is_authenticated else None,
            before_portal=True,
        )

    def get_queryset(self):
        # What export writes (export() reads get_queryset): names in Norwegian order.
        return Organisation.objects.order_by(norwegian("name"))

    def get_export_queryset(self, request=None):
        return self.get_queryset()

