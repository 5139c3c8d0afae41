from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal.privacy import roles

# (url name, label, description, roles that see it): the staff navigation and the dashboard's
# cards. How an app adds a section: one row here. Every URL name is reversed by a system check
# (hub.E003), so a renamed or missing page fails `manage.py check` rather than vanishing.
STAFF_SECTIONS = [
    ("organisations:staff_list", _("Organisasjoner"), _("Registeret: søk, filtrer, rediger, arkiver."), "staff"),
    ("organisations:moderation_queue", _("Godkjenning"), _("Endringer og arrangementer fra organisasjonene som venter."), "coordinator"),
    ("registrations:queue", _("Registreringer"), _("Organisasjoner som har registrert seg selv: godkjenn, slå sammen eller avvis."), "coordinator"),
    ("panel:meeting_list", _("Erfaringspanelet"), _("Møter, invitasjoner, oppmøte og referat."), "staff"),
    ("panel:input_list", _("Innspill"), _("Oppfølging av innspill fra panelet."), "staff"),
    ("panel:series_list", _("Møteserier"), _("Arbeidsgrupper, inkluderingsteam og andre møter enn panelet."), "staff"),
    ("offers:staff_list", _("Faste tilbud"), _("Språkkafeer, leksehjelp, kurs og annet som skjer hver uke, og de som venter på godkjenning."), "staff"),
    ("activities:list", _("Aktiviteter"), _("Egne arrangementer, kampanjer, høringer, medieoppslag, nettverk og kurs."), "staff"),
    ("activities:premises_manage", _("Lokaler og ressurser"), _("Lokaler organisasjonene kan låne, og ressursbiblioteket."), "coordinator"),
    ("networks:agreement_list", _("Nettverk og avtaler"), _("Forbindelser mellom organisasjoner, og avtaleregisteret."), "staff"),
    ("outreach:dashboard", _("Kontakt og veiledning"), _("Kontaktlogg, veiledning og oppfølging."), "staff"),
    ("mailings:mailing_list", _("Utsendelser"), _("E-post til organisasjonene etter utvalg, med samtykke og avmelding."), "staff"),
    ("surveys:survey_list", _("Spørreundersøkelser"), _("Lag undersøkelser og se resultater."), "staff"),
    ("grants:dashboard", _("Tilskudd"), _("Søknadsrunder, søknader, vedtak og rapporten til IMDi."), "staff"),
    ("goals:goal_list", _("Mål og plan"), _("Effektmål, planpunkter og tiltak."), "staff"),
    ("reports:report_list", _("Årsrapporter"), _("Årsrapporten som nettside og PDF."), "staff"),
    ("audit_log", _("Endringslogg"), _("Hvem endret hva i registeret, panelet, undersøkelsene og rapportene."), "coordinator"),
    ("retention", _("Personvern"), _("Kontaktpersoner som har vært inaktive lenge: gjennomgang og sletting."), "coordinator"),
    ("brreg:overview", _("Enhetsregisteret"), _("Kontroll av registeret mot Enhetsregisteret: konkurs, avvikling, navn og adresse."), "coordinator"),
    ("job_list", _("Bakgrunnsjobber"), _("E-post, PDF-er og importer som kjører i bakgrunnen, og de som feilet."), "coordinator"),
    ("import", _("Import og eksport"), _("Regneark inn og ut i portalens format."), "coordinator"),
]


# What a section offers council staff, who read (docs/domain.md "Who uses it"): their dashboard
# promises only what they can do.
COUNCIL_STAFF_DESCRIPTIONS = {
    "organisations:staff_list": _("Registeret: søk og les om organisasjonene."),
    "panel:meeting_list": _("Møter og oppmøte."),
    "panel:input_list": _("Innspill fra panelet, og svar på dem som gjelder din enhet."),
    "outreach:dashboard": _("Kontakt og veiledning i tall."),
    "mailings:mailing_list": _("Utsendelser som er sendt."),
    "surveys:survey_list": _("Resultatene av undersøkelsene."),
    "goals:goal_list": _("Effektmål, planpunkter og tiltak."),
    "networks:agreement_list": _("Les nettverkene og avtaleregisteret."),
    "reports:report_list": _("Årsrapporten som nettside og PDF."),
}


def staff_navigation(user):
    if not roles.is_staff_member(user):
        return []
    coordinator = roles.is_coordinator(user)
    sections = []
    for url_name, label, description, audience in STAFF_SECTIONS:
        if audience == "coordinator" and not coordinator:
            continue
        if not coordinator:
            description = COUNCIL_STAFF_DESCRIPTIONS.get(url_name, description)
        sections.append({"url": reverse(url_name), "label": label, "description": description})
    return sections


def portal(request):
    # An error page (a bad Host header, too many fields) can render before the authentication
    # middleware has run: there is no request.user yet, and the page must still answer 400.
    from django.contrib.auth.models import AnonymousUser

    user = getattr(request, "user", None) or AnonymousUser()
    coordinator = roles.is_coordinator(user)
    return {
        "portal_municipality": settings.PORTAL_MUNICIPALITY,
        "portal_project_name": settings.PORTAL_PROJECT_NAME,
        "portal_contact_email": settings.PORTAL_CONTACT_EMAIL,
        "staff_sections": staff_navigation(user),
        "is_coordinator": coordinator,
        "is_staff_member": roles.is_staff_member(user),
        # The staff area named for who uses it: council staff are not coordinators.
        "staff_area_label": _("Koordinator") if coordinator else _("Kommuneansatt"),
        # On a page in another language, the element holding text typed in Norwegian (a record's
        # title, place, description) says so: `<p{{ nb_lang }}>`. Empty on a Norwegian page.
        "nb_lang": "" if (translation.get_language() or "nb").split("-")[0] in ("nb", "no") else mark_safe(' lang="nb"'),
    }
