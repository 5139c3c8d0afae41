"""This app's entries in the record of processing (portal.privacy.processing)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import erasure, processing, roles

C, S = roles.COORDINATOR, roles.COUNCIL_STAFF


processing.declare(
    "outreach.Contact",
    category=_("Kontaktloggen"),
    fields=["persons_met", "note", "created_by"],
    purpose=_("Koordinatorenes oppfølging av organisasjonene, og årsrapportens tall for kontakt og svar."),
    seen_by=[C],
    retention=_("Så lenge kontakten teller i en årsrapport; personene som ble møtt, følger kontaktpersonens lagringstid."),
    erasure=_("En slettet kontaktperson fjernes fra kontaktene (tallene beholdes som anonyme hoder); notatet redigeres av koordinatoren."),
)
processing.declare(
    "outreach.Guidance",
    category=_("Veiledningsloggen"),
    fields=["person_name", "person_reply_to", "request", "created_by"],
    purpose=_("Veiledning til organisasjoner og privatpersoner (søknader, lokaler), og årsrapportens veiledningstall."),
    seen_by=[C],
    retention=_("Navn og svaradresse til en privatperson trengs bare mens saken er åpen."),
    erasure=_("Koordinatoren sletter personens navn og svaradresse på saken; saken blir stående i årets tall."),
)
processing.declare(
    "outreach.EventInvitation",
    category=_("Invitasjoner fra organisasjonene"),
    fields=["created_by"],
    purpose=_("Hvem som registrerte invitasjonen."),
    seen_by=[C],
    retention=_("Så lenge posten finnes."),
    erasure=_("Slettes med invitasjonen."),
)
# A person without organisation in a guidance case: erased from the case, which stays.
erasure.subject("outreach.Guidance", fields=["person_name", "person_reply_to"], kept=True)
# docs/domain.md "Privacy": council staff never read the guidance log (names of private persons).
processing.withhold_from_council_staff("outreach.Guidance")
