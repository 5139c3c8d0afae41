"""Demo surveys: the reference report's 2025 evaluation (its appendix, answer by answer) imported
through the portal's own spreadsheet format, and an open survey to try answering by link."""

import csv
import datetime
import io

from django.utils import timezone

REFERENCE_TITLE = "Evaluering av Erfaringspanelet og mangfoldskoordinatorrollen 2025"
INNVANDRER = "Innvandrerorganisasjon"
KOMMUNEN = "Kommunen"

REFERENCE_SURVEY = {"title": REFERENCE_TITLE, "report_year": 2025, "opens_on": "2026-01-12", "closes_on": "2026-02-27"}

# position, kind, text, shown_if
REFERENCE_QUESTIONS = [
    (1, "score", "Har kontakten med mangfoldskoordinator vært nyttig for deg? (1-5, der 5 er best)", ""),
    (2, "text", "Kan du nevne noe som har vært nyttig og/eller noe du har savnet?", ""),
    (3, "yes_no", "Har du i løpet av 2025 deltatt på ett eller flere møter i erfaringspanelet?", ""),
    (4, "score", "Har møte i erfaringspanelet vært nyttig for deg?", "3=yes"),
    (5, "text", "Hva synes du har vært bra med erfaringspanelet?", "3=yes"),
    (6, "text", "Har du forslag til hvordan møtene i erfaringspanelet kan bli bedre?", "3=yes"),
    (7, "text", "Du har ikke deltatt i erfaringspanelet. Hva skal til for at du kanskje vil delta?", "3=no"),
]

_USEFUL_ORG = [
    "Fått muligheten til å bli kjent med hyggelige folk fra andre organisasjoner. Også fått vite at det finnes så mange ulike organisasjoner som driver med mye forskjellig.",
    "Informasjoner om hvordan man søke tilskudd og flere nyttige tips for frivillige organisasjoner.",
    "Dokument med alt samlet info var en nyttig ressurs.",
    "Flere tema var presentere eller holdet av dere. Noen som skapet god for oss er info om søknad til IMDI, Valg og Valg deltakelse, presentasjon fra andre organisasjoner.",
    "Nyttige informasjon og bygge bro mellom forskjellige nasjoner, grupper og trossamfunn.",
    "Koordinatorer er veldig hyggelige og tar imot oss i møtene på en fin måte.",
    "Jeg synes at alt som blitt presentert i møtene var nyttig. Vi har blitt kjent med mange kommunale instanser, deres tjenester og hva de står til + viktige tema som er presentert, diskutert og løftet opp videre. Akkurat nå savner jeg ikke noe.",
]
_USEFUL_MUNICIPAL = [
    "Spennende med samtaler fra deltakere i erfaringspanel",
    "Deres nære kjennskap til de ulike innvandrersorganisasjonene har vært nyttig.",
    "Har så vidt møttes og fått info uformelt, og fått litt informasjon om hva dere jobber med.",
    "I hovedsak har min erfaring vært møter i erfaringspanelet, og det har jeg opplevd som nyttig. Fint å vite hvem man skal ta kontakt med i tilfelle behov.",
    "Hatt begrenset kontakt, men nyttig de gangene jeg har deltatt i møter o.l. Skulle gjerne hatt mangfoldskoordinator tettere på tjenester i ressurscenteret. Spesielt interessant opp mot f.eks. Hele familien som tiltak.",
    "Nyttig å kunne få innspill i forbindelse med behandling av IMDI-tilskudd.",
]
# The appendix prints the groups' texts side by side; the split below is our reading of it.
_GOOD_ORG = [
    "Alltid veldig koselige møter.",
    "Å møte andre frivillige organisasjoner og dele erfaringer",
    "Kjekt å treffe andre som driver med samme aktiviteter, tips og info fra Liv om tilskuddsordning.",
    "Jeg synes det er bra å møte folk som har felles frivillig interesse for et godt samfunn i byen vår.",
    "Nyttige informasjon og bygge bro mellom forskjellige nasjoner, grupper og trossamfunn.",
    "Utveksling av idéer med andre organisasjoner og måten de koordinatører velger/ presenterer tema på og deres engasjement under gruppearbeid var veldig bra.",
    "Møte ulike deltakere fra ulike land og høre hva de er opptatt av",
]
_GOOD_MUNICIPAL = [
    "Det er en fin anledning til å få møtt, og bryte ned eventuelle fordommer og stigma mot det offentlige hjelpeapparatet, samt å få høre erfaringer fra organisasjonene.",
    "Åpnet for nye tanker, og nye mulige løsninger på tvers.",
    "Erfaringspanelet har hatt en positiv utvikling og blitt et nyttig møtepunkt med relevante tema.",
]
_BETTER_ORG = [
    "Møtene bør begynne senere enn 17:30 slik at man slipper å sitte i trafikken.",
    "At møtene starter kl. 17.00 eller litt senere. Kl. 16.00 er midt i rushtiden.",
    "Litt mer engasjement og felleskap bygging.",
    "Så lenge det gå veldig fint. Hvis dere har noe kalender som vise når det planlegge arrangement det kan være nyttig å hold den dato fra vår side.",
    "Nei, jeg er fornøye med møtene som allerede vært. Jeg har alltid gledet meg til å være på erfaringspanelet.",
]
_BETTER_MUNICIPAL = [
    "At informasjon går begge veier, at organisasjonene informerer om hva de er opptatt av og hva de gjør for innbyggerne",
    "Kan det gjøre noe for å konkretisere / sikre videre oppfølging? Kan en få foreninger og tjenester i kommunen til å gjøre avtaler i løpet av panelet?",
    "Sted og tidspunkt for møte med frivilligheten er alltid en utfordring. Kan det vurderes å legge møtene til etter normal arbeidstid, eks kl. 1600 med enkel servering? Maks halvannen time. Positivt å bruke rådhuset, sentralt.",
]
_JOIN_MUNICIPAL = [
    "Ønsker gjerne å delta dersom jeg har mulighet. Flott om jeg blir invitert.",
    "Jeg har ikke hatt kapasitet til å delta i erfaringspanelet i 2025 pga store omorganiseringer i vår virksomhet og i støttesystemtjenesten.",
]


def _respondents(group, q1, attended, q4, anonymous, useful, good, better, join):
    """One dict per respondent, in the order the appendix lists the scores."""
    people = []
    q4_scores = iter(q4)
    good, better, join = iter(good), iter(better), iter(join)
    for index, score in enumerate(q1):
        answers = {1: score}
        if index < len(useful):
            answers[2] = useful[index]
        answers[3] = "yes" if attended[index] else "no"
        if attended[index]:
            answers[4] = next(q4_scores)
            for position, texts in ((5, good), (6, better)):
                text = next(texts, None)
                if text:
                    answers[position] = text
        else:
            text = next(join, None)
            if text:
                answers[7] = text
        people.append({"group": group, "anonymous": index in anonymous, "answers": answers})
    return people


# 13 from immigrant organisations (6 anonymous), 6 from the municipality (1 anonymous).
REFERENCE_RESPONSES = _respondents(
    INNVANDRER,
    q1=[2, 5, 5, 5, 4, 4, 5, 5, 5, 5, 3, 5, 5],
    attended=[True] * 10 + [False] + [True] * 2,
    q4=[2, 5, 4, 5, 4, 4, 5, 5, 5, 5, 5, 5],
    anonymous={1, 3, 5, 7, 9, 11},
    useful=_USEFUL_ORG,
    good=_GOOD_ORG,
    better=_BETTER_ORG,
    join=[],
) + _respondents(
    KOMMUNEN,
    q1=[3, 3, 3, 4, 3, 5],
    attended=[True, True, True, True, False, False],
    q4=[3, 5, 5, 4],
    anonymous={5},
    useful=_USEFUL_MUNICIPAL,
    good=_GOOD_MUNICIPAL,
    better=_BETTER_MUNICIPAL,
    join=_JOIN_MUNICIPAL,
)


def _csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def reference_csv_files():
    """{filename: text} of surveys.csv, survey_questions.csv and survey_answers.csv."""
    answers = []
    for number, person in enumerate(REFERENCE_RESPONSES, start=1):
        for position, value in sorted(person["answers"].items()):
            answers.append([REFERENCE_TITLE, number, person["group"], "yes" if person["anonymous"] else "no", position, value])
    return {
        "surveys.csv": _csv(["title", "report_year", "opens_on", "closes_on"], [list(REFERENCE_SURVEY.values())]),
        "survey_questions.csv": _csv(
            ["survey", "position", "kind", "text", "shown_if"], [[REFERENCE_TITLE, *question] for question in REFERENCE_QUESTIONS]
        ),
        "survey_answers.csv": _csv(["survey", "response", "respondent_group", "anonymous", "position", "value"], answers),
    }


def _import_reference(stdout):
    from portal.spreadsheets import importing

    files = [(name.removesuffix(".csv"), name, text.encode()) for name, text in reference_csv_files().items()]
    results = importing.run_import(files)
    errors = [str(error) for result in results for error in result.errors]
    if errors:
        raise RuntimeError("surveys demo import failed: " + "; ".join(errors[:5]))
    stdout.write(f"Surveys: imported «{REFERENCE_TITLE}» ({len(REFERENCE_RESPONSES)} responses).")


def _open_survey(stdout):
    from surveys import services
    from surveys.models import PersonalLink, Question, QuestionKind, Survey

    today = timezone.localdate()
    survey = Survey.objects.create(
        title="Evaluering av Erfaringspanelet 2026",
        introduction="Hjelp oss å gjøre Erfaringspanelet bedre. Det tar to minutter.",
        report_year=today.year,
        opens_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=60),
        translations={"en": {
            "title": "Evaluation of the Experience Panel 2026",
            "introduction": "Help us make the Experience Panel better. It takes two minutes.",
        }},
    )
    services.survey_set_groups(survey=survey, names=[INNVANDRER, KOMMUNEN])
    Question.objects.create(
        survey=survey, position=1, kind=QuestionKind.SCORE, required=True,
        text="Har kontakten med mangfoldskoordinator vært nyttig for deg?", low_label="i liten grad", high_label="i stor grad",
        translations={"en": {
            "text": "Has the contact with the diversity coordinator been useful to you?",
            "low_label": "not much", "high_label": "very much",
        }},
    )
    attended = Question.objects.create(
        survey=survey, position=2, kind=QuestionKind.YES_NO, required=True,
        text="Har du deltatt på ett eller flere møter i erfaringspanelet i år?",
        translations={"en": {"text": "Have you taken part in one or more meetings of the Experience Panel this year?"}},
    )
    Question.objects.create(
        survey=survey, position=3, kind=QuestionKind.SCORE, required=True, shown_if_question=attended, shown_if_value="yes",
        text="Har møtene i erfaringspanelet vært nyttige for deg?", low_label="i liten grad", high_label="i stor grad",
    )
    Question.objects.create(
        survey=survey, position=4, kind=QuestionKind.MULTIPLE_CHOICE,
        text="Hvilke temaer vil du ha mer av?", choices="Tilskudd\nLokaler\nValg og deltakelse\nArbeid og kvalifisering",
        translations={"en": {
            "text": "Which topics would you like more of?",
            "choices": "Grants\nPremises\nElections and participation\nWork and qualifications",
        }},
    )
    Question.objects.create(survey=survey, position=5, kind=QuestionKind.TEXT, text="Har du forslag til hvordan møtene kan bli bedre?")
    PersonalLink.objects.bulk_create([PersonalLink(survey=survey, label=f"Demo-lenke {n}") for n in range(1, 4)])
    stdout.write(f"Surveys: open demo survey at {survey.get_public_url()}")


def seed(stdout):
    _import_reference(stdout)
    _open_survey(stdout)
