"""This app's entries in the record of processing (portal.privacy.processing)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import processing, roles

C, S, E = roles.COORDINATOR, roles.COUNCIL_STAFF, roles.ORGANISATION_EDITOR


processing.impersonal("grants.GrantScheme", name=_("navnet på en tilskuddsordning"))
for label, fields in (
    ("grants.GrantApplication", ["submitted_by", "decided_by"]),
    ("grants.Attachment", ["uploaded_by"]),
    ("grants.UseReport", ["submitted_by"]),
):
    processing.declare(
        label,
        category=_("Tilskuddssøknader: hvem som sendte og avgjorde"),
        fields=fields,
        purpose=_("Saksbehandlingen av tilskudd: hvem som sendte søknaden, vedlegget eller rapporten, og hvem som avgjorde."),
        seen_by=[C, S, E],
        retention=_("Så lenge søknaden finnes (tilskuddsforvaltningens dokumentasjon)."),
        erasure=_("Slettes med søknaden."),
    )
