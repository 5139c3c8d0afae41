"""This app's entries in the record of processing (portal.privacy.processing)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import processing, roles

C = roles.COORDINATOR


processing.impersonal("surveys.RespondentGroup", name=_("navnet på en respondentgruppe"))
processing.declare(
    "surveys.Response",
    category=_("Svar på undersøkelser"),
    fields=["respondent_name", "respondent_email", "answers"],
    purpose=_("Undersøkelsenes resultater i årsrapporten; navn og e-post bare når respondenten selv valgte å svare med navn."),
    seen_by=[C],
    retention=_("Så lenge undersøkelsen finnes. Et anonymt svar lagres uten noe som leder tilbake til respondenten."),
    erasure=_("Slettes med undersøkelsen; et navngitt svar slettes av koordinatoren på forespørsel."),
)
processing.declare(
    "surveys.PersonalLink",
    category=_("Personlige svarlenker"),
    fields=["label", "person"],
    purpose=_("En lenke som gir ett svar; merknaden er koordinatorens egen (for eksempel hvem lenken ble sendt til). En lenke sendt fra registeret vet hvem den gikk til, så bare de som ikke har svart får påminnelse."),
    seen_by=[C],
    retention=_("Så lenge undersøkelsen finnes; en brukt lenke vet bare datoen, ikke svaret."),
    erasure=_("Slettes med undersøkelsen; når kontaktpersonen slettes, vet lenken ikke lenger hvem den gikk til."),
)
# docs/domain.md "Privacy": council staff never read personal survey links or single answers.
processing.withhold_from_council_staff("surveys.PersonalLink", "surveys.Response", "surveys.Answer", "surveys.SubmissionKey")
