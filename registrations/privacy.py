"""This app's entries in the record of processing (portal.privacy.processing)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import processing, roles


processing.declare(
    "registrations.Registration",
    category=_("Organisasjoners egen registrering: kontaktperson og konto"),
    fields=["contact_name", "contact_email", "contact_phone", "user", "decided_by"],
    purpose=_("Organisasjonen melder seg inn i registeret; adressen bekreftes før en konto lages, og "
              "koordinatorene godkjenner, slår sammen eller avviser registreringen og svarer søkeren."),
    seen_by=[roles.COORDINATOR, processing.SELF],
    retention=_("Ubekreftede registreringer slettes når lenken er utløpt (48 timer). Ved behandlingen flyttes "
                "kontaktpersonen til organisasjonens kontaktpersoner (ved godkjenning eller sammenslåing), og navn, "
                "e-post og telefon tømmes i registreringen; de står heller ikke i revisjonssporet."),
    erasure=_("Etter godkjenning slettes personen som kontaktperson med slettetjenesten; kontoen slettes som andre "
              "kontoer, og en konto som ble laget for en avvist registrering, slettes med avvisningen."),
)
processing.impersonal(
    "registrations.Registration",
    name=_("organisasjonens navn, ikke en person"),
    address=_("organisasjonens adresse fra Enhetsregisteret eller søkeren"),
)
