"""This app's entries in the record of processing (portal.privacy.processing)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import processing, roles


processing.declare(
    "offers.Offer",
    category=_("Organisasjonenes faste tilbud"),
    fields=["submitted_by", "reviewed_by"],
    purpose=_("Hvem som registrerte eller behandlet saken, så koordinatorene kan følge opp arbeidet."),
    seen_by=[roles.COORDINATOR, roles.ORGANISATION_EDITOR],
    retention=_("Så lenge posten finnes."),
    erasure=_("Redaktøren eller koordinatoren sletter tilbudet; det slettes med organisasjonen."),
)
