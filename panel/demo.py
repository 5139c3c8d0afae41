"""Demo panel shaped like the reference report's 2025 (§2, §3): four panel meetings in 2025 with
26 immigrant organisations represented, 9 in 2024, 13 at two or more meetings over the two
years, and the seven municipal services at two or more meetings. People are fictional."""

import datetime

from django.contrib.auth import get_user_model

from organisations.demo import IMMIGRANT, MUNICIPAL_SERVICES, VOLUNTARY, organisation_named
from organisations.models import Kind, Language, Organisation
from panel.models import (
    Attendance,
    Guest,
    InputItem,
    InputStatus,
    Invitation,
    InvitationStatus,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    SeriesKind,
    ServiceMember,
)
from panel.services import series_unique_slug, topics_from_names
from portal.text.sanitize import clean_richtext

D = datetime.date
T = datetime.time

MEETINGS = [
    # date, title, topics, working methods, guests (name, unit), coordinators, students
    (D(2024, 9, 12), "Erfaringspanelet september 2024", ["Bli kjent med kommunens tjenester"],
     ["information_sharing", "plenary"], [], 2, 0),
    (D(2024, 12, 5), "Erfaringspanelet desember 2024", ["Behov i organisasjonene"],
     ["organisation_input", "plenary"], [], 2, 0),
    (D(2025, 2, 13), "Krysskulturelt press", ["Å leve i krysskulturelt press"],
     ["guest_contributions", "group_work", "plenary"],
     [("Kari Demo", "Flexid"), ("Per Demo", "Mangfoldsrådgiver, Gand VGS")], 2, 1),
    (D(2025, 5, 15), "Barnevern og Hele familien", ["Barneverntjenesten og prosjektet Hele familien"],
     ["guest_contributions", "information_sharing", "group_work"],
     [("Ingrid Demo", "Barneverntjenesten"), ("Sara Demo", "Hele familien")], 2, 0),
    (D(2025, 8, 28), "Valg og valgdeltakelse", ["Valg og valgdeltakelse i innvandrerbefolkningen"],
     ["organisation_input", "group_work", "plenary"], [], 2, 2),
    (D(2025, 11, 20), "IMDi-tilskudd og samarbeid",
     ["IMDi-tilskudd til frivillige organisasjoner", "Samarbeidsprosjekter mellom organisasjoner"],
     ["information_sharing", "guest_contributions", "plenary"], [("Lars Demo", "IMDi Vest")], 2, 0),
]


def _attendance_plan(immigrant):
    """Meeting index → organisations. 2024: 9 organisations (0–8); 2025: 26 (4–29);
    at two or more meetings in 2024–2025: 0, 1 (both 2024 meetings), 4–8 (2024 and 2025)
    and six of 9–29 (two 2025 meetings) = 13. In the project's year, December 2024–December
    2025, all 30 came (the list of seed 000 §2.1): 0–3 and 7–8 in December 2024."""
    plan = {index: [] for index in range(len(MEETINGS))}
    plan[0] += [immigrant[i] for i in (0, 1, 4, 5, 6)]
    plan[1] += [immigrant[i] for i in (0, 1, 2, 3, 7, 8)]
    for n, organisation in enumerate(immigrant[4:]):
        plan[2 + n % 4].append(organisation)  # every one of the 26 at one 2025 meeting
    for n, organisation in enumerate(immigrant[9:15]):
        second = 2 + (n + 1) % 4
        if organisation not in plan[second]:
            plan[second].append(organisation)
        else:
            plan[2 + (n + 2) % 4].append(organisation)
    return plan


def seed(stdout):
    names = [name for name, *_rest in IMMIGRANT]
    immigrant = list(Organisation.objects.filter(name__in=names))
    immigrant.sort(key=lambda organisation: names.index(organisation.name))
    services = list(Organisation.objects.filter(name__in=MUNICIPAL_SERVICES))
    voluntary = list(Organisation.objects.filter(name__in=VOLUNTARY))
    if len(immigrant) < 30:
        stdout.write("  panel: organisations demo missing, panel demo skipped")
        return

    meetings = []
    for date, title, topics, methods, guests, coordinators, students in MEETINGS:
        meeting, _created = Meeting.objects.update_or_create(
            kind=MeetingKind.PANEL,
            date=date,
            defaults={
                "title": title,
                "start_time": T(17, 30),
                "end_time": T(20, 0),
                "location": "Sandnes kulturhus, Langgata 2, Sandnes",
                "status": MeetingStatus.HELD,
                "working_methods": methods,
                "coordinators_count": coordinators,
                "students_count": students,
                "guests_count": len(guests),
                "agenda": "1. Velkommen og presentasjonsrunde\n2. Tema: " + topics[0] + "\n3. Gruppearbeid\n4. Innspill og veien videre",
                "minutes": clean_richtext(
                    f"<h2>{title}</h2><p>Mangfoldskoordinatorene ønsket velkommen.</p>"
                    f"<ul><li>Tema: {topics[0]}</li><li>Innspill fra organisasjonene ble notert og fordelt.</li></ul>"
                ),
                "minutes_sent_to": "Integreringsutvalget",
                "minutes_sent_on": date + datetime.timedelta(days=14),
                "minutes_published_on": date + datetime.timedelta(days=14),
            },
        )
        meeting.topics.set(topics_from_names(topics))
        meeting.guests.all().delete()
        for name, unit in guests:
            Guest.objects.create(meeting=meeting, name=name, unit=unit)
        meetings.append(meeting)

    plan = _attendance_plan(immigrant)
    for index, organisations in plan.items():
        for n, organisation in enumerate(organisations):
            Attendance.objects.update_or_create(
                meeting=meetings[index], organisation=organisation, defaults={"participants": 1 + n % 3}
            )
    # Municipal services: every one at two or more 2025 meetings, a few in 2024 too.
    for n, service in enumerate(services):
        for index in (2 + n % 4, 2 + (n + 1) % 4) + ((0,) if n < 3 else ()):
            Attendance.objects.update_or_create(meeting=meetings[index], organisation=service, defaults={"participants": 1})
    # November 2025: the other voluntary organisations were invited too (report §2.1).
    for organisation in voluntary:
        Attendance.objects.update_or_create(meeting=meetings[5], organisation=organisation, defaults={"participants": 1})

    # A coming meeting with invitations, for the calendar, the start page and the door.
    coming_date = max(datetime.date.today() + datetime.timedelta(days=21), D(2026, 2, 12))
    coming, _created = Meeting.objects.update_or_create(
        kind=MeetingKind.PANEL,
        date=coming_date,
        defaults={
            "title": "Diskriminering og rasisme",
            "start_time": T(17, 30),
            "end_time": T(20, 0),
            "location": "Sandnes kulturhus, Langgata 2, Sandnes",
            "status": MeetingStatus.PLANNED,
            "working_methods": ["organisation_input", "group_work"],
            "agenda": "1. Velkommen\n2. Idemyldring: diskriminering og rasisme\n3. Veien videre mot en kampanje",
        },
    )
    coming.topics.set(topics_from_names(["Diskriminering og rasisme"]))
    # The accepted ones said what the meeting needs (people, an interpreter now and then, diets).

    interpreters = list(Language.objects.filter(code__in=["ti", "ar", "so"]).order_by("code"))
    for n, organisation in enumerate(immigrant[:20] + services):
        status = (InvitationStatus.ACCEPTED, InvitationStatus.INVITED, InvitationStatus.DECLINED)[n % 3]
        needs = {}
        if status == InvitationStatus.ACCEPTED:
            needs = {
                "people_coming": 1 + n % 3,
                "interpreter_language": interpreters[n % len(interpreters)] if interpreters and n % 4 == 0 and organisation not in services else None,
                "diets": {"vegetarian": 1} if n % 2 else {"halal": 1 + n % 2},
            }
        Invitation.objects.update_or_create(meeting=coming, organisation=organisation, defaults={"status": status, **needs})

    nav = next((s for s in services if s.name == "Nav Sandnes"), services[0])
    kultur = next((s for s in services if s.name == "Kultur"), services[1])
    barnevern = next((s for s in services if s.name == "Barneverntjenesten"), services[-1])
    items = [
        (meetings[3], immigrant[12], barnevern, "Barnevern",
         "Foreldre ønsker informasjon om barnevernet på flere språk, gjerne i møter hos organisasjonene.",
         InputStatus.ANSWERED, "Barneverntjenesten kommer gjerne på besøk. Informasjon finnes nå på arabisk, tigrinja og somali.", True),
        (meetings[4], immigrant[20], kultur, "Valg",
         "Organisasjonene ønsker valgkafé på flere språk før neste valg.",
         InputStatus.IMPLEMENTED, "Kultur arrangerte valgkafé på biblioteket i samarbeid med tre organisasjoner.", True),
        (meetings[5], immigrant[25], nav, "Arbeid",
         "Vanskelig å få time hos Nav med tolk.",
         InputStatus.FORWARDED, "", False),
        (meetings[5], None, kultur, "Lokaler",
         "Flere organisasjoner mangler lokaler til aktiviteter for barn.",
         InputStatus.IN_PROGRESS, "", False),
    ]
    for meeting, raised_by, service, theme, text, status, answer, public in items:
        InputItem.objects.update_or_create(
            meeting=meeting,
            text=text,
            defaults={
                "raised_by": raised_by,
                "assigned_service": service,
                "theme": theme,
                "status": status,
                "answer": answer,
                "public": public,
                "raised_on": meeting.date,
                "due_on": meeting.date + datetime.timedelta(days=42),
                "answered_on": meeting.date + datetime.timedelta(days=30) if answer else None,
            },
        )

    staff = get_user_model().objects.filter(username="kommune").first()
    if staff:
        ServiceMember.objects.get_or_create(user=staff, organisation=nav)
    stdout.write(f"  panel: {Meeting.objects.count()} meetings, {Attendance.objects.count()} attendances")


# --- The meeting series beyond the panel --------------------------------------------------------
# The working group, the inclusion team, Inkluderingsrådet's network and a brainstorm (the reference
# report's §5.1, §5.2; seed 000 and 004), seeded after goals and before the activities
# (hub's seed_demo), with the organisations the activities name too.


def _series(name, kind, description, members, public=True, **fields):
    series = MeetingSeries.objects.filter(name=name).first() or MeetingSeries.objects.create(
        name=name, slug=series_unique_slug(name), kind=kind, description=description, public=public, **fields
    )
    series.members.set(members)
    return series


def _meeting(series, date, title, attendance, start=None, end=None, location=""):
    meeting, _created = Meeting.objects.get_or_create(
        series=series, date=date,
        defaults={"kind": MeetingKind.SERIES, "title": title, "start_time": start, "end_time": end, "location": location,
                  "status": MeetingStatus.HELD if date < datetime.date.today() else MeetingStatus.PLANNED},
    )
    for organisation, participants in attendance:
        Attendance.objects.get_or_create(meeting=meeting, organisation=organisation, defaults={"participants": participants})
    return meeting


def seed_series(stdout):
    council = organisation_named("Sandnes Inkluderingsråd", Kind.VOLUNTARY_ORGANISATION)
    for_all = organisation_named("For Alle Sandnes", Kind.VOLUNTARY_ORGANISATION)
    business = organisation_named("Næringsforeningen", Kind.BUSINESS)
    hotel = organisation_named("Quality Hotel Residence", Kind.BUSINESS)
    culture = organisation_named("Kultur", Kind.MUNICIPAL_SERVICE)
    immigrant = list(Organisation.objects.filter(kind=Kind.IMMIGRANT_ORGANISATION).order_by("name")[:8])

    _series(
        "Sandnes Inkluderingsråd", SeriesKind.NETWORK,
        "Sandnes Inkluderingsråd er en fellesorganisasjon for 21 frivillige organisasjoner som jobber med sosial "
        "velferd i Sandnes kommune. De fleste har sitt hovedfokus innen rus, fysisk helse, innvandrere, ensomhet og fattigdom.",
        [council] + immigrant[:3], public=False, report_year=2025,
        report_text="<p>I etterkant av at Sandnes Inkluderingsråd deltok på et møte i Erfaringspanelet, har flere "
        "innvandrerorganisasjoner deltatt på møteplassen til Inkluderingsrådet. Slik blir de og arbeidet deres mer synlig "
        "for store deler av befolkningen i Sandnes.</p>",
    )
    bors = _series(
        "Arbeidsgruppe Frivilligbørs", SeriesKind.WORKING_GROUP,
        "Planlegger den første Frivilligbørs i Sandnes, 16. april 2026.", [council, for_all, business, hotel, culture],
        report_year=2025, report_heading="Frivilligbørs",
        report_text="<p>Et medlem i Erfaringspanelet spurte om vi kunne få til et frivillighetstorg i Sandnes. "
        "Mangfoldskoordinatorene tok ideen videre til Inkluderingsrådet, og høsten 2025 kom en arbeidsgruppe i gang "
        "med å planlegge den første Frivilligbørs i Sandnes.</p>",
    )
    _meeting(bors, D(2025, 9, 18), "Oppstart av arbeidsgruppen", [(council, 2), (for_all, 1), (business, 1), (culture, 1)],
             T(9, 0), T(10, 30), "Rådhuset")
    _meeting(bors, D(2025, 11, 20), "Planlegging av Frivilligbørs", [(council, 2), (hotel, 1), (business, 1), (culture, 1)],
             T(9, 0), T(10, 30), "Quality Hotel Residence")
    team = _series(
        "Inkluderingsteam", SeriesKind.INCLUSION_TEAM,
        "Møtes minst to ganger i året og rapporterer årlig (KUN).", immigrant[:4] + [culture],
    )
    _meeting(team, D(2025, 5, 15), "Inkluderingsteamet vår", [(o, 1) for o in immigrant[:3]] + [(culture, 1)], T(12, 0), T(13, 30))
    _meeting(team, D(2025, 11, 6), "Inkluderingsteamet høst", [(o, 1) for o in immigrant[1:4]] + [(culture, 2)], T(12, 0), T(13, 30))
    brainstorm = _series("Idémyldring om diskriminering", SeriesKind.BRAINSTORM, "", [], public=False)
    _meeting(brainstorm, D(2025, 12, 4), "Idémyldring: diskriminering og rasisme", [(o, 1) for o in immigrant[2:7]])

    stdout.write(f"  panel: {MeetingSeries.objects.count()} meeting series")
