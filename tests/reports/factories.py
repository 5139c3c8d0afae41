"""Builders for report tests: a year shaped like the reference report's 2025 (seeds/000_…),
built through the other apps' models, with records next to it that must not count."""

import datetime

from goals.models import Goal, Measure, MeasureYear, PlanItem, PlanItemYear, Source, TargetKind
from organisations.models import Kind
from outreach.models import Contact
from panel.models import Attendance, Meeting
from surveys.models import Answer, Question, RespondentGroup, Response, Survey
from tests.conftest import make_organisation
from tests.factories import attend, meeting  # noqa: F401 (the shared builders)

d = datetime.date

# The reference report's figures (2025), as docs/domain.md's JSON has them.
REFERENCE = {
    "meetings": 4,
    "organisations_represented": 26,
    "organisations_represented_previous_year": 9,
    "growth_percent": 189,
    "organisations_at_two_or_more_meetings": 13,
    "municipal_services_at_two_or_more_meetings": 7,
    "organisations_contacted": 125,
    "organisations_responded": 81,
    "published_at_year_end": 5,
}
IMMIGRANT_SCORES_Q1 = [2, 5, 5, 5, 4, 4, 5, 5, 5, 5, 3, 5, 5]  # mean 4.46… → 4.5
MUNICIPAL_SCORES_Q1 = [3, 3, 3, 4, 3, 5]  # 3.5
IMMIGRANT_SCORES_Q4 = [2, 5, 4, 5, 4, 4, 5, 5, 5, 5, 5, 5]  # 4.5
MUNICIPAL_SCORES_Q4 = [3, 5, 5, 4]  # 4.25 → 4.3 (half up, never half even)


def organisations(prefix, count, kind=Kind.IMMIGRANT_ORGANISATION, **fields):
    return [make_organisation(name=f"{prefix} {n:03d}", kind=kind, **fields) for n in range(1, count + 1)]


def build_panel(year=2025, scale=1):
    """Panel records of the year and the year before, shaped like the reference report."""
    tag = "" if year == 2025 else f" ({year})"  # two years' panels in one test do not share names
    previous = [meeting(d(year - 1, 10, 1)), meeting(d(year - 1, 12, 5))]
    current = [meeting(d(year, month, 11)) for month in (3, 6, 8, 11)]
    # 9 organisations in the year before: 1–4 at both meetings, 5–9 at one.
    orgs = organisations("Innvandrerforening" + tag, 30 * scale)
    orgs[0].kind = Kind.FAITH_COMMUNITY  # faith communities count with immigrant organisations
    orgs[0].save()
    for org in orgs[:9]:
        attend(previous[0], org, participants=2)
    for org in orgs[:4]:
        attend(previous[1], org)
    # 26 in the year: 5–30. 5–9 also came the year before, 10–13 came twice this year.
    for index, org in enumerate(orgs[4:30]):
        attend(current[index % 4], org, participants=1 + index % 3)
    for org_index in range(9, 13):
        attend(current[(org_index - 4 + 1) % 4], orgs[org_index])
    # Larger datasets: the extra organisations attend a meeting three years before only.
    if scale > 1:
        older = meeting(d(year - 3, 5, 5))
        for org in orgs[30:]:
            attend(older, org)
    # Services: 7 at two or more of the year's meetings, one at a single meeting.
    services = organisations("Kommunal tjeneste" + tag, 8, kind=Kind.MUNICIPAL_SERVICE)
    for service in services[:7]:
        attend(current[0], service)
        attend(current[2], service, participants=2)
    attend(current[1], services[7])

    # Records that must not count.
    voluntary = make_organisation(name="Frivillig Inkluderingsråd" + tag, kind=Kind.VOLUNTARY_ORGANISATION)
    for m in current:
        attend(m, voluntary)
    working_group = meeting(d(year, 9, 1), kind="working_group", title="Arbeidsgruppe")
    cancelled = meeting(d(year, 10, 1), status="cancelled", title="Avlyst panel")
    outsider = make_organisation(name="Arbeidsgruppeforening" + tag)
    attend(working_group, outsider)
    attend(cancelled, outsider)
    attend(working_group, services[7])
    next_year = meeting(d(year + 1, 1, 20))
    attend(next_year, outsider)
    attend(next_year, orgs[29])
    return {"organisations": orgs, "current_meetings": current, "services": services}


def build_outreach(organisations_in_panel, year=2025):
    """125 immigrant organisations contacted (the 26 in the panel count), 81 responded or met."""
    contacted_only = organisations("Kontaktet forening", 44)
    responded = organisations("Svart forening", 30)
    met = organisations("Møtt forening", 25)
    for org in contacted_only:
        Contact.objects.create(organisation=org, date=d(year, 2, 1), outcome="no_response", channel="email")
    for org in responded:
        Contact.objects.create(organisation=org, date=d(year, 4, 1), outcome="no_response", channel="email")
        Contact.objects.create(organisation=org, date=d(year, 4, 3), outcome="responded", channel="phone")
    for org in met:
        Contact.objects.create(organisation=org, date=d(year, 5, 1), outcome="met", channel="meeting")
    # A panel organisation contacted as well is still one organisation.
    Contact.objects.create(organisation=organisations_in_panel[10], date=d(year, 6, 1), outcome="met")
    # Must not count: other years, other kinds.
    old = make_organisation(name="Kontaktet i fjor")
    Contact.objects.create(organisation=old, date=d(year - 1, 12, 31), outcome="met")
    Contact.objects.create(organisation=old, date=d(year + 1, 1, 1), outcome="responded")
    service = make_organisation(name="Tjeneste med kontakt", kind=Kind.MUNICIPAL_SERVICE)
    Contact.objects.create(organisation=service, date=d(year, 3, 3), outcome="met")


def build_directory(year=2025):
    for n in range(5):
        make_organisation(name=f"Publisert forening {n}", published_on=d(year, 12, 22 + n))
    for n in range(14):
        make_organisation(name=f"Publisert senere {n}", published_on=d(year + 1, 2, 1 + n))
    make_organisation(name="Frivillig publisert", kind=Kind.VOLUNTARY_ORGANISATION, published_on=d(year, 6, 1))


def build_survey(year=2025, title="Evaluering av Erfaringspanelet", extra_answers=0):
    # Closed at the end of its year, as a report's survey is when the report is written: while a
    # survey is open its results are stored nowhere (a draft's PDF is then rendered per download).
    survey = Survey.objects.create(title=title, report_year=year, min_group_size=3, closes_on=datetime.date(year, 12, 31))
    immigrant = RespondentGroup.objects.create(survey=survey, name="Innvandrerorganisasjon", position=1)
    municipal = RespondentGroup.objects.create(survey=survey, name="Kommunen", position=2)
    q1 = Question.objects.create(survey=survey, position=1, kind="score", text="Har kontakten med mangfoldskoordinator vært nyttig for deg?")
    q2 = Question.objects.create(survey=survey, position=2, kind="text", text="Kan du nevne noe som har vært nyttig?")
    q3 = Question.objects.create(survey=survey, position=3, kind="yes_no", text="Har du deltatt på møter i erfaringspanelet?")
    q4 = Question.objects.create(survey=survey, position=4, kind="score", text="Har møte i erfaringspanelet vært nyttig for deg?")

    def respond(group, anonymous, answers):
        response = Response.objects.create(
            survey=survey, group=group, anonymous=anonymous, submitted_on=d(year + 1, 1, 15),
            respondent_name="" if anonymous else "Navn Navnesen",
        )
        Answer.objects.bulk_create(Answer(response=response, question=q, value=str(v)) for q, v in answers if v is not None)

    for index, score in enumerate(IMMIGRANT_SCORES_Q1):
        yes = index < 12
        respond(
            immigrant,
            anonymous=index < 6,
            answers=[
                (q1, score),
                (q2, "Møte andre organisasjoner" if index == 0 else None),
                (q3, "yes" if yes else "no"),
                (q4, IMMIGRANT_SCORES_Q4[index] if yes else None),
            ],
        )
    for index, score in enumerate(MUNICIPAL_SCORES_Q1):
        yes = index < 4
        respond(
            municipal,
            anonymous=index == 0,
            answers=[(q1, score), (q3, "yes" if yes else "no"), (q4, MUNICIPAL_SCORES_Q4[index] if yes else None)],
        )
    for n in range(extra_answers):
        respond(immigrant, anonymous=True, answers=[(q1, 1 + n % 5), (q3, "yes"), (q4, 5)])
    return survey


def build_goals(year=2025):
    Goal.objects.create(
        title="Økt deltagelse i Erfaringspanelet",
        source=Source.GRANT,
        indicator_key="panel.organisations_represented",
        target_kind=TargetKind.PERCENT_VS_PREVIOUS_YEAR,
        target_value=50,
    )
    item = PlanItem.objects.create(
        plan_name="Plan for integrering og inkludering", chapter="Slik skal vi gjøre det", position=1,
        text="Det forventes at kommunens virksomheter samarbeider aktivt med frivillig sektor.",
    )
    PlanItemYear.objects.create(plan_item=item, year=year, achieved_text="<p>Frivillig sektor invitert inn i Erfaringspanelet.</p>")
    PlanItemYear.objects.create(plan_item=item, year=year - 1, achieved_text="<p>Tekst fra året før</p>")
    measure = Measure.objects.create(position=1, title="Erfaringspanelet")
    MeasureYear.objects.create(measure=measure, year=year, status="completed", deliverables="Fire møter i året.")


def build_reference_year(year=2025):
    panel = build_panel(year)
    build_outreach(panel["organisations"], year)
    build_directory(year)
    build_survey(year)
    build_survey(year - 1, title="Undersøkelse året før")  # must not count
    build_goals(year)
    return panel
