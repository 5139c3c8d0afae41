"""This app's entries in the record of processing (portal.processing)."""

from django.utils.translation import gettext_lazy as _

from portal import processing, roles


def declare():
    processing.declare(
        "reports.AnnualReport",
        category=_("Årsrapporter: hvem som laget dem"),
        fields=["created_by"],
        purpose=_("Hvem som opprettet rapportutkastet."),
        seen_by=[roles.COORDINATOR],
        retention=_("Så lenge rapporten finnes (en godkjent rapport er varig)."),
        erasure=_("Feltet tømmes når kontoen slettes."),
    )
