"""This app's entries in the record of processing (portal.privacy.processing)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import processing, roles


processing.declare(
    "reports.AnnualReport",
    category=_("Årsrapporter: hvem som laget dem"),
    fields=["created_by"],
    purpose=_("Hvem som opprettet rapportutkastet."),
    seen_by=[roles.COORDINATOR],
    retention=_("Så lenge rapporten finnes (en godkjent rapport er varig)."),
    erasure=_("Feltet tømmes når kontoen slettes."),
)
processing.declare(
    "reports.ReportSending",
    category=_("Årsrapporter: hvem de ble sendt til"),
    fields=["sent_by", "named_recipients"],
    purpose=_("Hvem som sendte rapporten, og navn og e-postadresse til de navngitte mottakerne (for eksempel ledergruppen)."),
    seen_by=[roles.COORDINATOR],
    retention=_("Så lenge rapportversjonen finnes."),
    erasure=_("Kontoen tømmes når den slettes; en navngitt mottaker fjernes ved å slette utsendingen i administrasjonen."),
)
