"""Demo of the work beyond the panel, shaped like the reference report's chapters 5–9 (seed 000):
the Frivilligbørs working group with its partners, the inclusion team (KUN's programme, seed 004:
meets at least twice a year), the network gatherings of Inkluderingsrådet, the consultation on
premises in school buildings, the newspaper article, the Facebook campaign and HELE VERDEN I
SANDNES with 120 people, a course; premises and the resource library. Names are the ones the
reference report lists publicly; nobody's personal data."""

import datetime

from activities.models import Activity, ActivityOrganisation, ActivityRole, Premises, Resource
from goals.models import Measure
from organisations.models import Kind, Language, Organisation
from organisations.demo import organisation_named

D = datetime.date
T = datetime.time


def _activity(kind, date, title, links=(), **fields):
    activity, _created = Activity.objects.get_or_create(kind=kind, date=date, title=title, defaults=fields)
    for organisation, role in links:
        ActivityOrganisation.objects.get_or_create(activity=activity, organisation=organisation, defaults={"role": role})
    return activity


def seed(stdout):
    council = organisation_named("Sandnes Inkluderingsråd", Kind.VOLUNTARY_ORGANISATION)
    culture = organisation_named("Kultur", Kind.MUNICIPAL_SERVICE)
    immigrant = list(Organisation.objects.filter(kind=Kind.IMMIGRANT_ORGANISATION).order_by("name")[:8])

    # The records the 2025 report tells in subchapters of their own (seed 000 §7.1, §9); the
    # meeting series of §5.1, §5.2 are seeded just before, by panel.demo.seed_series.
    campaign_measure = Measure.objects.filter(title__icontains="kampanje").first()
    event = _activity(
        "own_event", D(2025, 10, 29), "HELE VERDEN I SANDNES", [(council, ActivityRole.CO_ORGANISER), (culture, ActivityRole.CO_ORGANISER)]
        + [(o, ActivityRole.TAKING_PART) for o in immigrant[:6]],
        participants=120, location="Sandnes rådhus", public=True, start_time=T(17, 0), end_time=T(20, 0),
        note="<p>Arrangementet markerte kampanjens budskap om at mangfold er en ressurs. Folk fikk oppleve musikk, "
        "dans og mat fra alle verdens hjørner.</p>",
        report_year=2025,
        report_text="<p>Parallelt med arrangementet hadde utvalg for helse- og sosialtjenester møte i rådhuset. Slik "
        "ble det kulturelle mangfoldet også synlig for politikerne.</p>",
    )
    campaign = _activity(
        "campaign", D(2025, 9, 1), "Mangfold er en ressurs (Facebook-kampanje)", [(culture, ActivityRole.CO_ORGANISER)],
        end_date=D(2025, 10, 29), channels="Facebook (Mestringsenheten), delinger, e-post til samarbeidspartnere",
        note="<p>Her ble det kulturelle mangfoldet i Sandnes feiret, og det ble invitert til fest: HELE VERDEN I SANDNES.</p>",
        report_year=2025, report_heading="Facebook-kampanjen «Mangfold er en ressurs»",
    )
    if campaign_measure:
        event.measures.add(campaign_measure)
        campaign.measures.add(campaign_measure)
    _activity(
        "consultation", D(2025, 10, 1), "Lokaler i skolebygg for frivillige organisasjoner",
        [(o, ActivityRole.INPUT) for o in immigrant[:6]] + [(council, ActivityRole.INPUT)],
        case="Sandnes Eiendom: å gjøre lokaler i skolebygg bedre tilgjengelige for frivillige organisasjoner.",
        deadline=D(2025, 11, 1), input_sent="Innspill fra innvandrerorganisasjonene i høringsuttalelsen fra Inkluderingsrådet.",
        outcome="Saken behandles politisk i 2026.",
        note="<p>Flere av innvandrerorganisasjonene formulerte innspill til høringsuttalelsen fra Inkluderingsrådet.</p>",
        report_year=2025, report_heading="Lokaler i skolebygg",
    )
    _activity("media", D(2025, 9, 9), "«Politikerne må begynne å snakke med oss istedenfor om oss»",
              [(o, ActivityRole.TAKING_PART) for o in immigrant[:4]], outlet="Sandnesposten", url="https://example.org/sandnesposten")
    for month, title in ((3, "Inkluderingsrådets møteplass (vår)"), (9, "Inkluderingsrådets møteplass (høst)"), (12, "Inkluderingsrådets julemøteplass")):
        _activity("network_meeting", D(2025, month, 12), title, [(council, ActivityRole.CO_ORGANISER)] + [(o, ActivityRole.TAKING_PART) for o in immigrant[:3]])
    _activity("course", D(2026, 2, 10), "Kurs i å søke tilskudd", participants=14, public=True, start_time=T(18, 0), end_time=T(20, 0),
              location="Sandnes læringssenter")

    Premises.objects.get_or_create(
        name="Bydelshuset Lura", defaults={"owner": "Sandnes kommune", "address": "Lurahammaren 1 (demo)", "capacity": 60,
                                          "terms": "free", "how_to_book": "Send e-post med dato, tid og antall personer.",
                                          "contact_email": "bydelshus@example.org"},
    )
    Premises.objects.get_or_create(
        name="Skolebygg etter skoletid", defaults={"owner": "Sandnes Eiendom", "terms": "agreement",
                                                  "how_to_book": "Søk gjennom kommunens bookingløsning.",
                                                  "booking_url": "https://example.org/booking"},
    )
    guide, _created = Resource.objects.get_or_create(
        title="Veileder: søke tilskudd", defaults={"kind": "link", "url": "https://example.org/tilskudd",
                                                  "description": "Trinn for trinn gjennom søknaden om driftstilskudd og aktivitetstilskudd."},
    )
    guide.languages.set(Language.objects.filter(code__in=["no", "en", "ar", "ti"]))
    collected, _created = Resource.objects.get_or_create(
        title="Alt samlet: informasjon for organisasjoner", defaults={"kind": "guide", "description": "Kontaktpunkter, lokaler, tilskudd og frister samlet på ett sted."},
    )
    collected.languages.set(Language.objects.filter(code__in=["no", "en"]))
    stdout.write(
        f"  activities: {Activity.objects.count()} activities, "
        f"{Premises.objects.count()} premises, {Resource.objects.count()} resources"
    )
