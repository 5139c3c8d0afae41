"""This app's entries in the record of processing (portal.privacy.processing)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import processing, roles


processing.impersonal("brreg.RegistryRecord", name=_("enhetens navn i Enhetsregisteret"))
processing.declare(
    "brreg.ImportRun",
    category=_("Kontroller mot Enhetsregisteret: hvem som startet dem"),
    fields=["created_by"],
    purpose=_("Hvem som startet kontrollen."),
    seen_by=[roles.COORDINATOR],
    retention=_("Så lenge kjøringen finnes."),
    erasure=_("Feltet tømmes når kontoen slettes."),
)
