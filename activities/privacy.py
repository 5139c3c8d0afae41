"""This app's entries in the record of processing (portal.privacy.processing)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import processing, roles


processing.declare(
    "activities.Premises",
    category=_("Kontakt for lokaler"),
    fields=["address", "contact_email", "contact_phone"],
    purpose=_("Hvor og hos hvem organisasjonene kan bestille lokaler."),
    seen_by=[roles.COORDINATOR, roles.COUNCIL_STAFF],
    retention=_("Så lenge lokalet er i oversikten."),
    erasure=_("Koordinatoren endrer eller sletter lokalet."),
)
processing.impersonal("activities.Premises", name=_("navnet på et lokale"))
