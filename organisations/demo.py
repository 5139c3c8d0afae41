"""Demo registry: the organisations named publicly in the reference annual report (§2.1),
with fictional contact details on example.org and fictional contact persons."""

import datetime

from django.contrib.auth import get_user_model

from organisations.models import ActivityCategory, ContactPerson, Kind, Language, Organisation
from organisations.services import organisation_get_or_create_by_name
from portal.text.search import fold

IMMIGRANT = [
    # name, kind, municipality, languages, activity codes
    ("Aceh Islamisk Opplæringsssenter (AIOS)", Kind.FAITH_COMMUNITY, "Sandnes", ["ace", "id"], ["10.1", "2.1"]),
    ("Adle", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["fa", "prs"], ["1.1"]),
    ("Ahmadiyya muslimsk trossamfunn", Kind.FAITH_COMMUNITY, "Sandnes", ["ur", "no"], ["10.1"]),
    ("Annai Poopathi Tamilsk kultursenter Stavanger", Kind.IMMIGRANT_ORGANISATION, "Stavanger", ["ta"], ["1.1", "2.1"]),
    ("ASSOCIATION OF ROGALAND KERALITES -ARK", Kind.IMMIGRANT_ORGANISATION, "Stavanger", ["ml", "en"], ["1.1", "1.3"]),
    ("Baha'i", Kind.FAITH_COMMUNITY, "Sandnes", ["fa", "no"], ["10.1"]),
    ("CAIR- Chinese Association in Rogaland, Stavanger Group", Kind.IMMIGRANT_ORGANISATION, "Stavanger", ["zh"], ["1.1", "1.3"]),
    ("Chin Community in Sandnes", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["cnh", "my"], ["1.3", "4.1"]),
    ("Den Vietnamesiske Flyktningforening i Stavanger", Kind.IMMIGRANT_ORGANISATION, "Stavanger", ["vi"], ["1.3"]),
    ("Eritreisk Aktivitet", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["ti"], ["1.2", "1.3"]),
    ("Eritreisk Forening i Rogaland", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["ti", "ar"], ["1.1", "7.1"]),
    ("Eritreisk Islamsk Kulturforening i Rogaland", Kind.IMMIGRANT_ORGANISATION, "Stavanger", ["ti", "ar"], ["1.1"]),
    ("Fedrenettverket", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["ar", "so", "no"], ["4.1", "6.1"]),
    ("Hindu Mamanram Rogaland", Kind.FAITH_COMMUNITY, "Sandnes", ["ta"], ["10.1", "1.1"]),
    ("Indian Tamil Association (ITHAL)", Kind.IMMIGRANT_ORGANISATION, "Stavanger", ["ta", "en"], ["1.1"]),
    ("INorge Forening (polsk)", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["pl"], ["1.3", "2.1"]),
    ("INTERESNYJ TEATRIK", Kind.IMMIGRANT_ORGANISATION, "Stavanger", ["ru", "uk"], ["1.1"]),
    ("Kongolesisk Organisasjon i Rogaland", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["fr", "ln", "sw"], ["1.1", "7.1"]),
    ("Litauisk Forening i Rogaland", Kind.IMMIGRANT_ORGANISATION, "Stavanger", ["lt"], ["1.1", "2.1"]),
    ("Muslimske Fellesråd i Rogaland", Kind.FAITH_COMMUNITY, "Stavanger", ["ar", "ur", "so"], ["10.1", "7.1"]),
    ("NIGERIAN COMMUNITY AND FRIENDS IN NORWAY (NICOFIN)", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["en", "yo", "ig"], ["1.3"]),
    ("Nor Muslim Society, Sandnes", Kind.FAITH_COMMUNITY, "Sandnes", ["ar", "ur"], ["10.1"]),
    ("Norsk Ukrainisk støtteforening TRIDENT", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["uk", "ru"], ["4.1", "4.2"]),
    ("Ny dag", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["ar", "no"], ["4.1"]),
    ("Polsk-Norsk Forening", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["pl", "no"], ["1.1", "2.1"]),
    ("Rumensk Kultursenter", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["ro"], ["1.1"]),
    ("Samikya Telugu Association of Rogaland (STAR - indisk)", Kind.IMMIGRANT_ORGANISATION, "Stavanger", ["te"], ["1.1"]),
    ("Sierra Leone Organisation Rogaland", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["en", "kri"], ["1.3", "7.1"]),
    ("Sudanese Organisation for human rights and democracy (SOHRD)", Kind.IMMIGRANT_ORGANISATION, "Stavanger", ["ar"], ["7.1"]),
    ("Sudansk forening i Rogaland", Kind.IMMIGRANT_ORGANISATION, "Sandnes", ["ar"], ["1.3"]),
]

MUNICIPAL_SERVICES = [
    "Mestringsenheten", "Kultur", "Nav Sandnes", "Sandnes læringssenter (SLS)",
    "Ressurssenter for barn og familie", "Senter for flerspråklige barn og unge (FBU)", "Barneverntjenesten",
]
VOLUNTARY = [
    "Sandnes Inkluderingsråd", "Antirasistisk senter Stavanger", "For Alle Sandnes",
    "Språkverkstedet/nabolaget", "BÅDEOG",
]

# Five listed by the end of 2025, nineteen by February 2026 (reference report §8.1).
PUBLISHED_2025 = datetime.date(2025, 12, 22)
PUBLISHED_2026 = datetime.date(2026, 2, 16)

FIRST_NAMES = ["Kari", "Ola", "Ingrid", "Per", "Sara", "Ali", "Maria", "Jonas", "Amina", "Lars"]


def organisation_named(name, kind):
    """The organisation of that name (in any case), made when missing: for the demos of the apps
    that name partners of their own."""
    organisation = Organisation.objects.filter(name__iexact=name).first()
    if organisation is None:
        organisation, _created = organisation_get_or_create_by_name(name=name, kind=kind)
    return organisation


def _site(name):
    from django.utils.text import slugify

    return slugify(fold(name))[:40] + ".example.org"


DEMO_ARABIC = "جمعية ثقافية تجمع الأعضاء في ساندنس والمنطقة للأنشطة الثقافية والاجتماعية للكبار والصغار."
DEMO_TIGRINYA = "ማሕበር ኤርትራውያን ኣብ ሮጋላንድ።"


def seed(stdout):
    from organisations.services import organisation_set_descriptions

    languages = {lang.code: lang for lang in Language.objects.all()}
    categories = {cat.code: cat for cat in ActivityCategory.objects.all()}
    editor = get_user_model().objects.filter(username="redaktor").first()
    for index, (name, kind, municipality, langs, acts) in enumerate(IMMIGRANT):
        published_on = PUBLISHED_2025 if index % 6 == 0 else (PUBLISHED_2026 if index % 3 != 2 else None)
        site = _site(name)
        organisation, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "municipality": municipality,
                "email": f"post@{site}",
                "phone": f"+47 400 00 {index:03d}",
                "website": f"https://{site}/",
                "description": f"{name} samler medlemmer i {municipality} og omegn til kultur, fellesskap og aktiviteter for store og små.",
            },
        )
        _publish(organisation, published_on, "Styreleder (demo)")
        organisation.languages.set([languages[c] for c in langs if c in languages])
        organisation.activities.set([categories[c] for c in acts if c in categories])
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        ContactPerson.objects.get_or_create(
            organisation=organisation,
            name=f"{first} Demo-{index + 1}",
            defaults={"role": "Styreleder", "email": f"leder@{site}", "phone": f"+47 900 00 {index:03d}"},
        )
        if published_on and "ar" in langs and not organisation.descriptions.exists():
            # A description in Arabic, so the demo shows a listing laid out right to left.
            organisation_set_descriptions(organisation=organisation, descriptions=[{"language": "ar", "text": DEMO_ARABIC}])
        organisation.refresh_search_text()
        if editor and name == "Eritreisk Forening i Rogaland":
            organisation.editors.add(editor)
    for name in MUNICIPAL_SERVICES:
        Organisation.objects.update_or_create(
            name=name, defaults={"kind": Kind.MUNICIPAL_SERVICE, "municipality": "Sandnes", "email": f"post@{_site(name)}"}
        )
    for index, name in enumerate(VOLUNTARY):
        organisation, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": Kind.VOLUNTARY_ORGANISATION,
                "municipality": "Sandnes" if "Stavanger" not in name else "Stavanger",
                "email": f"post@{_site(name)}",
                "description": f"{name} er en frivillig organisasjon med tiltak for og med innvandrere.",
            },
        )
        _publish(organisation, PUBLISHED_2026 if index < 2 else None, "Daglig leder (demo)")
    _seed_editing(editor)
    seed_record()
    stdout.write(f"  organisations: {Organisation.objects.count()}")


def _publish(organisation, published_on, given_by):
    """Published demo listings have their consent on record, as every published listing must."""
    from organisations.services import active_consent, consent_record, organisation_set_published

    if published_on and active_consent(organisation) is None:
        consent_record(organisation=organisation, given_by=given_by, given_on=published_on)
    organisation_set_published(organisation=organisation, on=published_on)


def _seed_editing(editor):
    """Consent records for the published listings, a few events for the calendar, and one change
    waiting in the coordinators' queue, so every editing screen has something to show."""
    from django.utils import timezone

    from organisations.models import Audience, Event, ListingRevision, ModerationStatus
    from organisations.services import listing_snapshot

    Organisation.objects.filter(published_on=PUBLISHED_2026).update(last_confirmed_on=PUBLISHED_2026)

    eritrean = Organisation.objects.filter(name="Eritreisk Forening i Rogaland").first()
    polish = Organisation.objects.filter(name="Polsk-Norsk Forening").first()
    today = timezone.localdate()
    tigrinya = Language.objects.filter(code="ti").first()
    polish_language = Language.objects.filter(code="pl").first()

    def at(days, hour):
        return timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour)))

    events = [
        (eritrean, "Kulturkveld med eritreisk mat og musikk", 9, 18, 22, "Sandnes kulturhus", tigrinya, Audience.OPEN, ModerationStatus.APPROVED),
        (eritrean, "Leksehjelp for barn og unge", 16, 17, 19, "Sandnes bibliotek", None, Audience.OPEN, ModerationStatus.APPROVED),
        (eritrean, "Årsmøte", 30, 18, 20, "Foreningens lokaler", tigrinya, Audience.MEMBERS, ModerationStatus.PENDING),
        (polish, "Polsk folkedans for nybegynnere", 12, 19, 21, "Langgata 1, Sandnes", polish_language, Audience.OPEN, ModerationStatus.APPROVED),
    ]
    for organisation, title, days, start, end, location, language, audience, status in events:
        if organisation is None:
            continue
        Event.objects.get_or_create(
            organisation=organisation,
            title=title,
            defaults={
                "starts_at": at(days, start),
                "ends_at": at(days, end),
                "location": location,
                "language": language,
                "audience": audience,
                "status": status,
                "description": f"{title}. Fiktivt demoarrangement.",
                "submitted_by": editor,
            },
        )
    if eritrean and not eritrean.listing_revisions.exists():
        data = listing_snapshot(eritrean)
        data.update(
            description=eritrean.description + " Vi har også leksehjelp hver onsdag.",
            meeting_place="Sandnes bibliotek, møterom 2",
            meeting_times="Onsdager kl. 17–19",
            logo_change="keep",
            descriptions=[*data["descriptions"], {"language": "ti", "text": DEMO_TIGRINYA}],
        )
        ListingRevision.objects.create(organisation=eritrean, data=data, submitted_by=editor, status=ModerationStatus.PENDING)


def seed_record(stdout=None):
    """Where a few organisations are active besides where they are registered, and one
    organisation's own record (member count, needs, premises needs), so the directory's filter,
    the editor's record page and the coordinators' premises sum show something."""
    from organisations.models import Municipality, PremisesNeed

    sandnes = Municipality.objects.filter(number="1108").first()
    for name in ("Annai Poopathi Tamilsk kultursenter Stavanger", "Eritreisk Islamsk Kulturforening i Rogaland"):
        organisation = Organisation.objects.filter(name=name).first()
        if organisation and sandnes:
            organisation.active_in.add(sandnes)
    eritrean = Organisation.objects.filter(name="Eritreisk Forening i Rogaland").first()
    if eritrean is None or eritrean.premises_needs.exists():
        return
    eritrean.member_count, eritrean.other_needs = 140, ["storage", "volunteers"]
    eritrean.other_needs_note = "Et låsbart skap til kostymer og trommer."
    eritrean.save(update_fields=["member_count", "other_needs", "other_needs_note"])
    PremisesNeed.objects.create(organisation=eritrean, weekday=2, starts_at=datetime.time(17), ends_at=datetime.time(19),
                                people=25, purpose="Leksehjelp")
    PremisesNeed.objects.create(organisation=eritrean, weekday=5, starts_at=datetime.time(16), ends_at=datetime.time(22),
                                people=120, area=200, frequency="monthly", purpose="Kulturkveld med mat og musikk")
