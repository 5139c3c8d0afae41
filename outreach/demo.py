"""Demo outreach shaped like the reference report §4 and §4.1: most immigrant organisations
contacted in 2025, about two thirds answered or met, guidance on grant applications and premises,
celebrations and members' meetings attended and some weekend invitations declined. Fictional
notes and people only."""

import datetime

from django.utils import timezone

from organisations.models import IMMIGRANT_KINDS, Organisation
from outreach.models import (
    Channel,
    Contact,
    Direction,
    EventInvitation,
    Guidance,
    GuidanceStatus,
    GuidanceTopic,
    InvitationResponse,
    Outcome,
)

CHANNELS = [Channel.EMAIL, Channel.PHONE, Channel.SMS, Channel.EMAIL, Channel.MEETING]

INVITATIONS = [
    # organisation, date, title, response
    ("Kongolesisk Organisasjon i Rogaland", datetime.date(2025, 6, 30), "Feiring av Kongos nasjonaldag", InvitationResponse.ATTENDED),
    ("Norsk Ukrainisk støtteforening TRIDENT", datetime.date(2025, 8, 23), "Familiedag", InvitationResponse.ATTENDED),
    ("Aceh Islamisk Opplæringsssenter (AIOS)", datetime.date(2025, 10, 4), "Konsert med indonesisk musikk", InvitationResponse.ATTENDED),
    ("Eritreisk Forening i Rogaland", datetime.date(2025, 3, 12), "Medlemsmøte", InvitationResponse.ATTENDED),
    ("Hindu Mamanram Rogaland", datetime.date(2025, 11, 5), "Medlemsmøte", InvitationResponse.ATTENDED),
    ("Sudansk forening i Rogaland", datetime.date(2025, 5, 17), "Grillfest (lørdag)", InvitationResponse.DECLINED),
    ("Polsk-Norsk Forening", datetime.date(2025, 9, 14), "Høstfest (søndag)", InvitationResponse.DECLINED),
    ("Chin Community in Sandnes", datetime.date(2025, 12, 6), "Julefeiring (lørdag)", InvitationResponse.DECLINED),
]

GUIDANCE = [
    # organisation name or None, date, topic, minutes, status, request, outcome
    ("Fedrenettverket", datetime.date(2025, 2, 10), GuidanceTopic.GRANT_APPLICATION, 90, GuidanceStatus.DONE,
     "Søknad om IMDi-tilskudd til frivillige organisasjoner.", "Søknaden ble sendt før fristen."),
    ("Ny dag", datetime.date(2025, 2, 18), GuidanceTopic.GRANT_APPLICATION, 60, GuidanceStatus.DONE,
     "Hvordan beskrive aktivitetene i søknaden.", "Fikk veilederen for IMDi-tilskudd."),
    ("Sierra Leone Organisation Rogaland", datetime.date(2025, 3, 3), GuidanceTopic.GRANT_APPLICATION, 45, GuidanceStatus.DONE,
     "Budsjett i tilskuddssøknad.", "Budsjettet ble satt opp sammen."),
    ("Rumensk Kultursenter", datetime.date(2025, 4, 22), GuidanceTopic.PREMISES, 60, GuidanceStatus.DONE,
     "Trenger lokaler til språkkurs for barn.", "Satt i kontakt med bydelshuset."),
    ("Litauisk Forening i Rogaland", datetime.date(2025, 9, 8), GuidanceTopic.PREMISES, 30, GuidanceStatus.IN_PROGRESS,
     "Lokaler i skolebygg på kveldstid.", ""),
    ("Adle", datetime.date(2025, 6, 12), GuidanceTopic.MUNICIPAL_SERVICES, 30, GuidanceStatus.DONE,
     "Hvem i kommunen svarer på spørsmål om barnehageplass?", "Vist videre til rett tjeneste."),
    ("Kultur", datetime.date(2025, 5, 6), GuidanceTopic.COOPERATION, 45, GuidanceStatus.DONE,
     "Ønsker kontakt med organisasjoner til planarbeid.", "Fikk kontakt med fem organisasjoner."),
    ("Nav Sandnes", datetime.date(2025, 10, 14), GuidanceTopic.COOPERATION, 30, GuidanceStatus.DONE,
     "Innspill om informasjon på flere språk.", "Tatt opp i Erfaringspanelet."),
    (None, datetime.date(2025, 11, 20), GuidanceTopic.OTHER, 20, GuidanceStatus.DONE,
     "Vil starte en forening.", "Fikk informasjon om registrering i Frivillighetsregisteret."),
]


def seed(stdout):
    immigrant = list(Organisation.objects.filter(kind__in=IMMIGRANT_KINDS).prefetch_related("contact_persons").order_by("name"))
    count = 0
    for index, organisation in enumerate(immigrant):
        # Everyone contacted in early 2025; two in three answered; one in three met in person.
        first = datetime.date(2025, 1 + index % 10, 3 + index % 20)
        outcome = Outcome.NO_RESPONSE if index % 3 == 2 else (Outcome.MET if index % 3 == 0 else Outcome.RESPONDED)
        contact, created = Contact.objects.get_or_create(
            organisation=organisation,
            date=first,
            channel=CHANNELS[index % len(CHANNELS)] if outcome != Outcome.MET else Channel.MEETING,
            defaults={
                "direction": Direction.OUTGOING if index % 4 else Direction.INCOMING,
                "outcome": outcome,
                "head_count": 1 + index % 3 if outcome == Outcome.MET else 0,
                "note": "Informert om Erfaringspanelet og den offentlige katalogen.",
            },
        )
        if created and outcome == Outcome.MET:
            contact.persons_met.set(organisation.contact_persons.all())
        count += created
        if index % 3 == 2:
            # A reminder a month later, mostly unanswered (the report's "no response" share).
            _, created = Contact.objects.get_or_create(
                organisation=organisation,
                date=first + datetime.timedelta(days=30),
                channel=Channel.SMS,
                defaults={"outcome": Outcome.RESPONDED if index % 2 else Outcome.NO_RESPONSE, "note": "Påminnelse."},
            )
            count += created
    today = timezone.localdate()
    for index, organisation in enumerate(immigrant[:4]):
        # Recent contacts whose follow-up is due around today, so the dashboard has work in it.
        _, created = Contact.objects.get_or_create(
            organisation=organisation,
            date=today - datetime.timedelta(days=10 + index),
            channel=Channel.PHONE,
            defaults={
                "outcome": Outcome.RESPONDED,
                "note": "Lovet å sende oppdatert styreliste.",
                "follow_up_on": today + datetime.timedelta(days=index * 3 - 3),
            },
        )
        count += created
    by_name = {organisation.name: organisation for organisation in Organisation.objects.all()}
    for name, date, title, response in INVITATIONS:
        if name in by_name:
            EventInvitation.objects.get_or_create(
                organisation=by_name[name], date=date, title=title, defaults={"response": response}
            )
    for name, date, topic, minutes, status, request, outcome in GUIDANCE:
        organisation = by_name.get(name) if name else None
        if name and organisation is None:
            continue
        person = {} if organisation else {"person_name": "Demo Person", "person_reply_to": "demo.person@example.org"}
        Guidance.objects.get_or_create(
            organisation=organisation,
            date=date,
            topic=topic,
            defaults={"minutes_spent": minutes, "status": status, "request": request, "outcome": outcome, **person},
        )
    stdout.write(
        f"  outreach: {Contact.objects.count()} contacts, {Guidance.objects.count()} guidance, "
        f"{EventInvitation.objects.count()} invitations"
    )


