"""Surveys in the report: groups below the survey's minimum group size are left out with a
sentence that says so and why; no table is printed with only its header; a survey without answers
says so; the participation chart starts at the project's first year."""

import re

import pytest
from django.utils.html import strip_tags

from reports import charts, pdf, selectors
from surveys.models import Answer, Question, RespondentGroup, Response, Survey
from tests.reports import factories

pytestmark = pytest.mark.django_db


def survey_with(title, responses_per_group, min_group_size=4):
    survey = Survey.objects.create(title=title, report_year=2025, min_group_size=min_group_size)
    score = Question.objects.create(survey=survey, position=1, kind="score", text="Var møtene nyttige?")
    yes_no = Question.objects.create(survey=survey, position=2, kind="yes_no", text="Kommer du igjen?")
    for position, (name, count) in enumerate(responses_per_group.items(), start=1):
        group = RespondentGroup.objects.create(survey=survey, name=name, position=position)
        for index in range(count):
            response = Response.objects.create(survey=survey, group=group, anonymous=True, submitted_on=factories.d(2025, 11, 1))
            Answer.objects.create(response=response, question=score, value=str(1 + index % 5))
            Answer.objects.create(response=response, question=yes_no, value="yes")
    return survey


def rendered():
    content = selectors.report_content(selectors.AnnualReport(year=2025, title="Årsrapport 2025"))
    return content, pdf.render_print_html(content)


def flat(html):
    return " ".join(strip_tags(html).split())


def tables(html):
    return re.findall(r"<table.*?</table>", html, flags=re.DOTALL)


def test_a_small_group_is_left_out_with_the_reason_and_the_configured_size():
    survey_with("Evaluering", {"Innvandrerorganisasjoner": 5, "Kommunalt ansatte": 3})

    content, html = rendered()

    text = flat(html)
    reason = "Grupper med 3 svar eller færre vises ikke, for å verne de som svarte. Ikke vist: «Kommunalt ansatte» (3 svar)."
    assert text.count(reason) == 2  # in the chapter and in the appendix
    evaluation = [t for t in tables(html) if "Evaluering" in t]
    assert len(evaluation) == 2
    for table in evaluation:
        assert "Innvandrerorganisasjoner" in table and "Kommunalt ansatte" not in table
        assert "<td" in table  # answers, not a header alone
    assert "Alle svarene står i vedlegget sist i rapporten." in text
    # the figures stay as docs/domain.md has them: the group is there, marked hidden
    assert [g.get("hidden", False) for g in content["figures"]["surveys"][0]["groups"]] == [False, True]


def test_a_survey_whose_groups_are_all_too_small_prints_no_table_and_no_appendix_promise():
    survey_with("Liten undersøkelse", {"Innvandrerorganisasjoner": 2, "Kommunalt ansatte": 1}, min_group_size=3)

    _content, html = rendered()

    text = flat(html)
    assert "Grupper med 2 svar eller færre vises ikke, for å verne de som svarte." in text
    assert "«Innvandrerorganisasjoner» (2 svar), «Kommunalt ansatte» (1 svar)" in text
    assert not [t for t in tables(html) if "Liten undersøkelse" in t]
    assert "Alle svarene står i vedlegget" not in text


def test_a_survey_without_answers_says_so_instead_of_an_empty_table():
    survey_with("Ubesvart", {"Innvandrerorganisasjoner": 0, "Kommunalt ansatte": 0})

    _content, html = rendered()

    text = flat(html)
    assert text.count("Undersøkelsen fikk ingen svar.") == 2  # chapter and appendix
    assert "Vi fikk 0 svar" not in text
    assert not [t for t in tables(html) if "Ubesvart" in t]


def test_the_participation_chart_starts_at_the_projects_first_year():
    organisation = factories.make_organisation(name="Adle")
    factories.meeting(factories.d(2024, 12, 10))  # the project's start
    factories.attend(factories.meeting(factories.d(2025, 3, 11)), organisation)

    content, _html = rendered()

    assert [row["year"] for row in content["panel"]["participation_by_year"]] == [2024, 2025]
    chart = charts.participation_chart(content)  # drawn at render time from those figures
    assert "2024" in chart and "2025" in chart
    assert not any(str(year) in chart for year in (2021, 2022, 2023))
