"""The accessibility statement (tilgjengelighetserklæring) in the form Uutilsynet asks for: scope,
conformance status, the known deviations (WCAG success criterion, what and where, when found,
when it is to be fixed), how it was assessed, how to give feedback and where to complain.

The deviations are this project's real ones; update the list (and STATEMENT_UPDATED_ON) when one
is fixed or found."""

import datetime

from django.utils.translation import gettext_lazy as _

STATEMENT_UPDATED_ON = datetime.date(2026, 12, 1)
WCAG_VERSION = "WCAG 2.1"

DEVIATIONS = [
    {
        "criterion": "3.1.2",
        "name": _("Språk i deler av innholdet"),
        "where": _("Organisasjonenes egne beskrivelser i oppføringene"),
        "what": _(
            "En organisasjon kan bare skrive beskrivelsen sin på norsk og engelsk. Skriver den på arabisk, "
            "tigrinja, somali eller et annet språk i det norske feltet, er teksten merket som norsk, og "
            "skjermlesere leser den med norsk uttale. (Arabisk og persisk tekst vises likevel fra høyre mot "
            "venstre: retningen tas fra teksten selv.)"
        ),
        "found_on": datetime.date(2026, 11, 20),
        "fix_by": None,
    },
    {
        "criterion": "1.1.1",
        "name": _("Ikke-tekstlig innhold"),
        "where": _("Årsrapporten som PDF"),
        "what": _(
            "Diagrammet over deltagelse per år har diagrammets tittel som alternativ tekst i PDF-en, men ikke "
            "tallet for hvert år. Tallene står i nettversjonen av rapporten og i teksten for de to siste årene."
        ),
        "found_on": datetime.date(2026, 12, 1),
        "fix_by": None,
    },
    {
        "criterion": "1.3.1",
        "name": _("Informasjon og relasjoner"),
        "where": _("Årsrapporter godkjent før 1. desember 2026, som PDF"),
        "what": _(
            "En godkjent rapport lagres som PDF første gang den lastes ned og endres aldri etterpå. PDF-er som "
            "ble laget før portalen begynte å lage merkede PDF/UA-dokumenter, har ingen struktur (overskrifter, "
            "tabeller) for skjermlesere. Nettversjonen av samme rapport har full struktur."
        ),
        "found_on": datetime.date(2026, 12, 1),
        "fix_by": None,
    },
    {
        "criterion": "1.3.1",
        "name": _("Informasjon og relasjoner"),
        "where": _("Vedlegg som brukere laster opp (referater, logoer)"),
        "what": _(
            "Referater i PDF eller Word og logoer lastes opp av koordinatorer og organisasjoner. Portalen "
            "kontrollerer ikke at slike filer har tilgjengelig struktur eller alternativ tekst."
        ),
        "found_on": datetime.date(2026, 11, 20),
        "fix_by": None,
    },
]
