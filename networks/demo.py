"""Demo of the networks and agreements (seed 000 §5): Sandnes Inkluderingsråd as the umbrella of
voluntary and immigrant organisations, and the Frivilligbørs cooperation agreement made in its
working group. Names are the ones the reference report lists publicly; nobody's personal data."""

import datetime

from networks.models import Agreement, Relationship, RelationshipKind
from networks.services import agreement_set_parties
from organisations.models import Organisation
from panel.models import Meeting

D = datetime.date

MEMBERS = [
    ("For Alle Sandnes", D(2023, 1, 1)),
    ("Eritreisk Forening i Rogaland", D(2025, 12, 1)),
    ("Fedrenettverket", D(2026, 1, 15)),
    ("Kongolesisk Organisasjon i Rogaland", None),
]


def seed(stdout):
    by_name = {o.name: o for o in Organisation.objects.all()}
    council = by_name.get("Sandnes Inkluderingsråd")
    if council is None:
        return
    for name, starts_on in MEMBERS:
        if name in by_name:
            Relationship.objects.get_or_create(
                organisation=by_name[name], kind=RelationshipKind.MEMBER, other=council, defaults={"starts_on": starts_on}
            )
    if "Antirasistisk senter Stavanger" in by_name:
        Relationship.objects.get_or_create(
            organisation=by_name["Antirasistisk senter Stavanger"], kind=RelationshipKind.PARTNER, other=council,
            defaults={"starts_on": D(2025, 11, 20)},
        )
    parties = [by_name[name] for name in (
        "Sandnes Inkluderingsråd", "For Alle Sandnes", "Næringsforeningen", "Quality Hotel Residence", "Kultur",
    ) if name in by_name]
    agreement, created = Agreement.objects.get_or_create(
        title="Samarbeid om Frivilligbørs Sandnes 2026",
        starts_on=D(2025, 11, 20),
        defaults={
            "ends_on": D(2026, 4, 30),
            "text": "<p>Partene arrangerer den første Frivilligbørs i Sandnes 16. april 2026. Hotellet stiller lokaler, "
                    "Næringsforeningen rekrutterer bedrifter, og mangfoldskoordinatorene rekrutterer innvandrerorganisasjoner.</p>",
            "meeting": Meeting.objects.filter(series__name="Arbeidsgruppe Frivilligbørs", date=D(2025, 11, 20)).first(),
        },
    )
    if created:
        agreement_set_parties(agreement=agreement, parties=parties)
    if {"Eritreisk Forening i Rogaland", "Sandnes læringssenter (SLS)"} <= set(by_name):
        homework, created = Agreement.objects.get_or_create(
            title="Leksehjelp på tigrinja", starts_on=D(2026, 1, 12),
            defaults={"text": "<p>Læringssenteret låner ut to klasserom mandager kl. 17–19; foreningen stiller med leksehjelpere.</p>"},
        )
        if created:
            agreement_set_parties(
                agreement=homework, parties=[by_name["Eritreisk Forening i Rogaland"], by_name["Sandnes læringssenter (SLS)"]]
            )
    stdout.write(f"  networks: {Relationship.objects.count()} relationships, {Agreement.objects.count()} agreements")
