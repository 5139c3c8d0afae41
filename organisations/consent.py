"""The wording an organisation consents to before its listing is public.

Changing the text means a new organisations.services.CONSENT_WORDING_VERSION: each Consent
keeps the exact wording and version it was given to.
"""

from django.utils.translation import gettext_lazy as _

CONSENT_WORDING = _(
    "Vi samtykker til at organisasjonens navn, beskrivelse, aktiviteter, språk, offentlige "
    "kontaktopplysninger, logo og arrangementer vises offentlig i Mangfoldsportalens katalog og "
    "kalender. Kontaktpersoner vises aldri offentlig. Samtykket kan trekkes tilbake når som helst, "
    "og oppføringen fjernes da straks fra katalogen."
)
