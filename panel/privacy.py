"""This app's entries in the record of processing (portal.privacy.processing)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import processing, roles

C, S = roles.COORDINATOR, roles.COUNCIL_STAFF


processing.impersonal("panel.MeetingSeries", name=_("navnet på en møteserie"))
processing.impersonal("panel.Topic", name=_("et tema for møtene"))
processing.declare(
    "panel.MeetingSeries",
    category=_("Nøkkelpersoner i møteserier"),
    fields=["key_persons"],
    purpose=_("Hvem som er organisasjonens kontakt i en møteserie (for eksempel inkluderingsteamet), så koordinatoren vet hvem som følger opp."),
    seen_by=[C],
    retention=_("Så lenge personen er kontaktperson for organisasjonen."),
    erasure=_("Fjernes fra serien når kontaktpersonen slettes eller tas ut av serien."),
)
processing.declare(
    "panel.Guest",
    category=_("Gjester på møter"),
    fields=["name", "unit"],
    purpose=_("Referatet og møtesiden viser hvem som la fram noe på møtet (for eksempel en kommunal tjeneste)."),
    seen_by=[C, S],
    retention=_("Så lenge møtet finnes (del av møtets dokumentasjon)."),
    erasure=_("Koordinatoren fjerner gjesten på møtesiden; slettes med møtet."),
)
processing.declare(
    "panel.Invitation",
    category=_("Invitasjoner til møter"),
    fields=["emailed_to", "access_needs", "diet_other", "reply_message"],
    purpose=_("Viser hvilke adresser invitasjonen ble sendt til, så koordinatoren kan følge opp svar, og hva organisasjonen sier møtet trenger (tolk, mat, tilrettelegging) så det kan bestilles. Svaret gjelder organisasjonen, ikke navngitte personer."),
    seen_by=[C],
    retention=_("Så lenge møtet finnes."),
    erasure=_("Slettes med møtet eller invitasjonen."),
)
processing.declare(
    "panel.InputItem",
    category=_("Svar på innspill"),
    fields=["answered_by", "assigned_by", "changed_by"],
    purpose=_("Hvem i kommunen som svarte på et innspill fra panelet, hvilken koordinator som sendte det til virksomheten (får e-post når det er besvart), og hvem som endret det sist (endringen vises som ny for de andre koordinatorene, ikke for den som gjorde den)."),
    seen_by=[C, S],
    retention=_("Så lenge innspillet finnes."),
    erasure=_("Slettes med innspillet."),
)
processing.declare(
    "panel.InputProposal",
    category=_("Forslag fra organisasjonene"),
    fields=["submitted_by", "decided_by"],
    purpose=_("Hvilken redaktør som sendte et innspill eller et forslag til dagsorden, og hvilken koordinator som tok det med eller svarte hvorfor ikke."),
    seen_by=[C],
    retention=_("Så lenge forslaget finnes."),
    erasure=_("Slettes med forslaget eller organisasjonen."),
)
processing.declare(
    "panel.ServiceMember",
    category=_("Kommuneansattes tilknytning til en tjeneste"),
    fields=["user"],
    purpose=_("Avgjør hvilke innspill en kommuneansatt skal svare på."),
    seen_by=[C, S],
    retention=_("Så lenge personen svarer for tjenesten."),
    erasure=_("Koordinatoren fjerner tilknytningen."),
)
processing.declare(
    "panel.InputOverviewVisit",
    category=_("Koordinatorens siste besøk på innspillsoversikten"),
    fields=["user"],
    purpose=_("Viser koordinatoren hvilke innspill som er nye, besvart eller endret siden sist."),
    seen_by=[C],
    retention=_("Så lenge brukerkontoen finnes; bare siste besøk lagres."),
    erasure=_("Slettes med brukerkontoen."),
)
