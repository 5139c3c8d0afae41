"""This app's entries in the record of processing (portal.privacy.processing)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import processing, roles

C = roles.COORDINATOR


processing.impersonal("mailings.Segment", name=_("navnet på et utvalg"))
processing.declare(
    "mailings.Segment",
    category=_("Utsendelser: hvem som laget dem"),
    fields=["created_by"],
    purpose=_("Hvem som laget utvalget."),
    seen_by=[C],
    retention=_("Så lenge utvalget finnes."),
    erasure=_("Feltet tømmes når kontoen slettes."),
)
processing.declare(
    "mailings.Mailing",
    category=_("Utsendelser: hvem som laget dem"),
    fields=["created_by", "queued_by"],
    purpose=_("Hvem som skrev og sendte utsendelsen."),
    seen_by=[C],
    retention=_("Så lenge utsendelsen finnes."),
    erasure=_("Feltet tømmes når kontoen slettes."),
)
processing.declare(
    "mailings.ContactPreference",
    category=_("Samtykke til og avmelding fra utsendelser"),
    fields=["person", "may_email", "consent_noted_by"],
    purpose=_("Bare kontaktpersoner som har samtykket og ikke meldt seg av, får utsendelser."),
    seen_by=[C, roles.ORGANISATION_EDITOR],
    retention=_("Så lenge kontaktpersonen finnes."),
    erasure=_("Slettes med kontaktpersonen; en avmeldt adresse blir stående som en nøkkelhash så den aldri får e-post igjen."),
)
processing.declare(
    "mailings.Recipient",
    category=_("Mottakere av utsendelser"),
    fields=["person"],
    purpose=_("Hvem en utsendelse gikk til, så ingen får den to ganger og svar og returer kan føres."),
    seen_by=[C],
    retention=_("Så lenge utsendelsen finnes."),
    erasure=_("Koblingen til personen fjernes når kontaktpersonen slettes."),
)
