"""Demo goals, measures and plan items: the reference annual report's effect goals (§3), the
project's measures as its chapters describe them, and plan items with the 2025 account of §11.2
(short excerpts), plus a few items of the older plan in seeds/001. Idempotent."""

from decimal import Decimal

from goals.models import Goal, GoalValue, Measure, MeasureYear, PlanItem, PlanItemYear
from portal.text.sanitize import clean_html

GOALS = [
    # title, source, indicator, baseline (year, value), target kind, target value, description
    (
        "Økt deltakelse i Erfaringspanelet", "grant", "panel.organisations_represented", (2024, 9),
        "percent_change_vs_previous_year", 50,
        "Effektmål i IMDi-tilskuddet: 50 % flere innvandrerorganisasjoner representert i panelet enn året før.",
    ),
    (
        "Organisasjoner på to eller flere møter", "own", "panel.organisations_at_two_or_more_meetings", None,
        "absolute", 10, "Organisasjonene skal komme igjen, ikke bare møte én gang.",
    ),
    (
        "Kontakt med innvandrerorganisasjonene", "grant", "outreach.organisations_responded", None,
        "absolute", 60, "Bedre oversikt over organisasjonene og kontakt med flere (rapporten §3 og §4).",
    ),
    (
        "Organisasjoner synlige på kommunens nettside", "measure", "directory.published_at_year_end", None,
        "absolute", 5, "Innvandrerorganisasjoner med egen oppføring i den offentlige katalogen (rapporten §8.1).",
    ),
    (
        "Fysiske møter med personer fra innvandrermiljø", "measure", "manual", (2024, 20),
        "absolute", 40, "Føres inn av mangfoldskoordinatorene: personer de har møtt fysisk i løpet av året.",
    ),
]
MANUAL_VALUES = {"Fysiske møter med personer fra innvandrermiljø": {2025: 50}}

MEASURES = [
    # position, title, description, 2025 status, 2025 deliverables
    (1, "Erfaringspanelet", "Møteplass mellom kommunen og innvandrerorganisasjonene, om lag fire møter i året.",
     "ongoing", "Fire møter i 2025. 26 innvandrerorganisasjoner representert."),
    (2, "Oversikt og dialog med innvandrerorganisasjoner", "Kartlegge organisasjonene og opprette kontakt med flere.",
     "ongoing", "Kontakt og dialog med 81 innvandrerorganisasjoner."),
    (3, "Veiledning og råd", "Veiledning om tilskudd, lokaler og kommunale tjenester.",
     "ongoing", "Veileder for de som vil søke tilskudd."),
    (4, "Dialog med frivillige organisasjoner", "Samarbeid med Inkluderingsrådet og Frivilligbørs.",
     "started", "Frivillige organisasjoner invitert til panelet i november."),
    (5, "Møteplasser og lokaler", "Lokaler i skolebygg og Innbyggernes hus.",
     "started", "Bistand til høringsuttalelse om utlån av lokaler i skolebygg."),
    (6, "Økt synlighet", "Innvandrerorganisasjonene på kommunens nettside.",
     "completed", "Eget område på kommunens nettside; fem organisasjoner publisert ved årsskiftet."),
    (7, "Kampanjearbeid mot diskriminering og rasisme", "Se mangfold som en ressurs.",
     "completed", "Arrangementet «Hele verden i Sandnes»."),
    (8, "Fra prosjekt til varig tiltak", "Forankre mangfoldskoordinator som fast stilling.",
     "started", "Utredning startet."),
]

PLAN_2025 = "Plan for integrering og inkludering 2025-2033"
CHAPTER_5 = "5 Slik skal vi gjøre det"
PLAN_ITEMS = [
    # position, plan text (excerpt), 2025 account (excerpt), linked goals, linked measures
    (1, "Det forventes at kommunens virksomheter samarbeider aktivt med frivillig sektor.",
     "Frivillig sektor invitert inn i Erfaringspanelet.", [], [4]),
    (2, "Inkluderingsrådet, etablert av frivillige organisasjoner … et samarbeidsforum … kommunen deltar aktivt i samarbeidet.",
     "Mangfoldskoordinatorer (MK) møter fast på nettverkssamlingene til Inkluderingsrådet og rekrutterer innvandrerorganisasjoner til å bli med.", [], [4]),
    (3, "Utvikle og forenkle digitale søknads- og rapporteringsskjema for alle kommunale tilskuddsordninger.",
     "MK utarbeidet en veileder for de som vil søke tilskudd.", [], [3]),
    (4, "Kommunen tilbyr utlån/utleie av kommunale lokaler til ulike organisasjoner og aktiviteter.",
     "MK informerer om muligheter til å låne lokaler og har bistått i høringsuttalelse om lokaler i skolebygg.", [], [5]),
    (5, "Kommunen har etablert et prosjekt, Mangfold og inkludering i Sandnes, … for å forbedre tilgjengeligheten til informasjon og tjenester for innvandrerbefolkningen.",
     "Informasjon om innvandrerorganisasjoner, Erfaringspanel og mangfoldskoordinatorer er lettere tilgjengelig gjennom eget område på kommunens nettside.",
     ["Organisasjoner synlige på kommunens nettside"], [6]),
    (6, "Som en del av prosjektet er det ansatt en mangfoldskoordinator, som skal bidra til veiledning, brobygging og bedre formidling av informasjon.",
     "MK har hatt fysiske møter med ca. 50 personer fra innvandrermiljø og kontakt og dialog med 81 innvandrerorganisasjoner.",
     ["Fysiske møter med personer fra innvandrermiljø", "Kontakt med innvandrerorganisasjonene"], [2]),
    (7, "Erfaringspanelet er en viktig møteplass for dialog mellom kommunen og innvandrerorganisasjoner.",
     "<p>Deltakelse i Erfaringspanelet økt fra 9 organisasjoner representert i 2024, til 26 i 2025. MK legger vinn på å følge opp alle saker.</p>",
     ["Økt deltakelse i Erfaringspanelet", "Organisasjoner på to eller flere møter"], [1]),
    (8, "Kommunen skal bruke egne informasjonskanaler og møteplasser til å formidle kunnskap om demokratiske rettigheter, valg og politisk deltakelse.",
     "Erfaringspanelet hadde tema valg og valgdeltakelse på et av sine møter, og MK bidro til et oppslag i lokalavisen.", [], [1]),
]

# The older plan in seeds/001 ("Plan for inkludering og integrering"): items followed without an account yet.
PLAN_OLD = "Plan for inkludering og integrering"
OLD_ITEMS = [
    (1, "Tiltak informasjon", "For å bedre muligheten til å nå ut med nødvendig informasjon etablerer og videreutvikler vi våre internettsider."),
    (2, "Tiltak informasjon", "Informasjonsmateriell i papirformat bearbeides og deles ut ved servicekontor, bibliotek og aktuelle tjenester."),
    (3, "Møteplasser", "Kommunen legger til rette for at det skal være fysiske møteplasser for innbyggere i alle aldre."),
    (4, "Samfunnsdeltakelse", "Innvandrerrådet i Sandnes skal sikre at innvandreres interesser blir ivaretatt i kommunen."),
]


def seed(stdout):
    goals = {}
    for position, (title, source, indicator, baseline, kind, target, description) in enumerate(GOALS, start=1):
        goals[title], _ = Goal.objects.update_or_create(
            title=title,
            defaults={
                "source": source,
                "indicator_key": indicator,
                "baseline_year": baseline[0] if baseline else None,
                "baseline_value": Decimal(baseline[1]) if baseline else None,
                "target_kind": kind,
                "target_value": Decimal(target),
                "description": description,
                "position": position,
            },
        )
    for title, values in MANUAL_VALUES.items():
        for year, value in values.items():
            GoalValue.objects.update_or_create(goal=goals[title], year=year, defaults={"value": Decimal(value)})

    measures = {}
    for position, title, description, status, deliverables in MEASURES:
        measures[position], _ = Measure.objects.update_or_create(
            title=title, defaults={"position": position, "description": description}
        )
        MeasureYear.objects.update_or_create(
            measure=measures[position], year=2025, defaults={"status": status, "deliverables": deliverables}
        )

    for position, text, achieved, goal_titles, measure_positions in PLAN_ITEMS:
        item, _ = PlanItem.objects.update_or_create(
            plan_name=PLAN_2025, position=position, defaults={"chapter": CHAPTER_5, "text": text}
        )
        entry, _ = PlanItemYear.objects.update_or_create(
            plan_item=item, year=2025, defaults={"achieved_text": clean_html(achieved)}
        )
        entry.goals.set([goals[title] for title in goal_titles])
        entry.measures.set([measures[number] for number in measure_positions])
    for position, chapter, text in OLD_ITEMS:
        PlanItem.objects.update_or_create(plan_name=PLAN_OLD, position=position, defaults={"chapter": chapter, "text": text})

    stdout.write(
        f"  goals: {Goal.objects.count()} goals, {Measure.objects.count()} measures, {PlanItem.objects.count()} plan items"
    )
