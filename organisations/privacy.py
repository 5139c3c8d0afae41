"""This app's entries in the record of processing (portal.privacy.processing)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import erasure, processing, roles

C, S, E = roles.COORDINATOR, roles.COUNCIL_STAFF, roles.ORGANISATION_EDITOR
WORK_TRAIL = _("Hvem som registrerte eller behandlet saken, så koordinatorene kan følge opp arbeidet.")
WHILE_KEPT = _("Så lenge posten finnes.")


processing.declare(
    "organisations.Organisation",
    category=_("Organisasjonenes offentlige kontaktopplysninger og redaktører"),
    fields=["email", "phone", "address", "editors"],
    purpose=_("Den offentlige katalogen viser hvordan organisasjonen kan nås (med samtykke); "
              "redaktørene er kontoene som får foreslå endringer i oppføringen."),
    seen_by=[processing.PUBLIC, C, S, E],
    retention=_("Så lenge organisasjonen er i registeret; kontaktopplysningene vises offentlig bare mens samtykket gjelder."),
    erasure=_("Redaktøren eller koordinatoren endrer eller tømmer feltene; en redaktør fjernes på redaktørsiden."),
)
processing.impersonal("organisations.Organisation", name=_("organisasjonens navn, ikke en person"))
processing.impersonal("organisations.Tag", name=_("et stikkord for aktiviteter"))
processing.impersonal("organisations.Municipality", name=_("en kommunes navn"))
processing.declare(
    "organisations.ContactPerson",
    category=_("Kontaktpersoner i organisasjonene"),
    fields=["name", "role", "email", "phone"],
    purpose=_("Koordinatorene holder kontakt med organisasjonene og inviterer dem til panelet; "
              "organisasjonens redaktører holder listen over sine egne kontaktpersoner oppdatert."),
    seen_by=[C, E],
    retention=_("Så lenge personen er organisasjonens kontakt; gjennomgås når ingenting har skjedd på flere år."),
    erasure=_("Slettes med slettetjenesten (personvernsiden, eller når en redaktør fjerner personen), "
              "også i revisjonssporet og i samtykkene personen ga."),
)
processing.declare(
    "organisations.EditorInvitation",
    category=_("Invitasjoner til redaktører"),
    fields=["email", "invited_by", "accepted_by"],
    purpose=_("En engangslenke lar organisasjonen få en redaktørkonto; adressen er den lenken ble sendt til."),
    seen_by=[C],
    retention=WHILE_KEPT,
    erasure=_("Slettes med organisasjonen."),
)
processing.declare(
    "organisations.ListingRevision",
    category=_("Foreslåtte endringer i oppføringer"),
    fields=["submitted_by", "reviewed_by"],
    purpose=WORK_TRAIL,
    seen_by=[C, E],
    retention=WHILE_KEPT,
    erasure=_("Slettes med organisasjonen."),
)
processing.declare(
    "organisations.Consent",
    category=_("Samtykke til offentlig oppføring"),
    fields=["given_by", "given_by_user", "recorded_by", "withdrawn_by"],
    purpose=_("Dokumenterer hvem som samtykket til den offentlige oppføringen, når og til hvilken tekst, og hvem som trakk det tilbake."),
    seen_by=[C, E],
    retention=_("Så lenge organisasjonen er i registeret, også etter tilbaketrekking (sporet av hva som ble avtalt)."),
    erasure=_("Navnet i «gitt av» erstattes når kontaktpersonen slettes med slettetjenesten; samtykket slettes med organisasjonen."),
)
processing.declare(
    "organisations.Event",
    category=_("Organisasjonenes arrangementer"),
    fields=["submitted_by", "reviewed_by"],
    purpose=WORK_TRAIL,
    seen_by=[C, E],
    retention=WHILE_KEPT,
    erasure=_("Redaktøren sletter arrangementet; det slettes med organisasjonen."),
)
# A contact person is erased everywhere by portal.privacy.erasure.erase; these are their personal values.
erasure.subject("organisations.ContactPerson", fields=["name", "email", "phone"])
# docs/domain.md "Privacy": council staff never read contact persons or editor invitations.
processing.withhold_from_council_staff("organisations.ContactPerson", "organisations.EditorInvitation")
