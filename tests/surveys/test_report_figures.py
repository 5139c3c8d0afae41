"""The reference report's appendix (seeds/000_…, end of file) reproduced by report_surveys(2025),
from imported spreadsheets and from answers given through the form."""

import pytest
from django.core.management import call_command

from surveys import selectors
from surveys.demo import REFERENCE_RESPONSES, REFERENCE_TITLE, reference_csv_files
from surveys.models import Question, Survey

pytestmark = pytest.mark.django_db

# As printed in the appendix.
INNVANDRER = {
    "name": "Innvandrerorganisasjon", "responses": 13, "anonymous": 6, "named": 7,
    1: {"answers": 13, "scores": [2, 5, 5, 5, 4, 4, 5, 5, 5, 5, 3, 5, 5], "mean": "4.5"},
    3: {"answers": 13, "yes": 12, "no": 1},
    4: {"answers": 12, "scores": [2, 5, 4, 5, 4, 4, 5, 5, 5, 5, 5, 5], "mean": "4.5"},
    7: {"answers": 0},
}
KOMMUNEN = {
    "name": "Kommunen", "responses": 6, "anonymous": 1, "named": 5,
    1: {"answers": 6, "scores": [3, 3, 3, 4, 3, 5], "mean": "3.5"},
    3: {"answers": 6, "yes": 4, "no": 2},
    4: {"answers": 4, "scores": [3, 5, 5, 4], "mean": "4.3"},  # 4.25 rounded half up
    7: {"answers": 2},
}


def write_reference_files(directory):
    for name, text in reference_csv_files().items():
        (directory / name).write_text(text, encoding="utf-8")


def assert_reference_figures(surveys, in_file_order=True):
    """in_file_order=False for answers given on the web: their ids are random (docs/operations.md
    "Anonymity"), so a score list is the same scores in an order that tells nothing."""
    assert len(surveys) == 1
    survey = surveys[0]
    assert survey["title"] == REFERENCE_TITLE
    assert survey["responses"] == 19
    assert [group["name"] for group in survey["groups"]] == ["Innvandrerorganisasjon", "Kommunen"]
    for group, expected in zip(survey["groups"], [INNVANDRER, KOMMUNEN]):
        for key in ("name", "responses", "anonymous", "named"):
            assert group[key] == expected[key], (group["name"], key)
        assert "hidden" not in group
        questions = {question["position"]: question for question in group["questions"]}
        assert [q["kind"] for q in group["questions"]] == ["score", "text", "yes_no", "score", "text", "text", "text"]
        for position in (1, 3, 4, 7):
            for key, value in expected[position].items():
                actual = questions[position][key]
                if key == "scores" and not in_file_order:
                    actual, value = sorted(actual), sorted(value)
                assert actual == value, (group["name"], position, key)
    municipal = {q["position"]: q for q in survey["groups"][1]["questions"]}
    assert "Nyttig å kunne få innspill i forbindelse med behandling av IMDI-tilskudd." in municipal[2]["texts"]
    assert any(text.startswith("Ønsker gjerne å delta") for text in municipal[7]["texts"])


def test_it_reproduces_the_appendix_from_imported_files(tmp_path):
    write_reference_files(tmp_path)
    call_command("import_data", str(tmp_path))
    assert_reference_figures(selectors.report_surveys(2025))


def test_it_leaves_out_surveys_of_other_years(tmp_path):
    write_reference_files(tmp_path)
    call_command("import_data", str(tmp_path))
    Survey.objects.create(title="Neste år", report_year=2026)
    assert [s["title"] for s in selectors.report_surveys(2025)] == [REFERENCE_TITLE]
    assert [s["title"] for s in selectors.report_surveys(2026)] == ["Neste år"]
    assert selectors.report_surveys(2024) == []


def test_it_reproduces_the_appendix_from_answers_given_through_the_form(tmp_path, client):
    # The structure comes from the files; every answer is given on the public answer page.
    files = reference_csv_files()
    (tmp_path / "surveys.csv").write_text(files["surveys.csv"], encoding="utf-8")
    (tmp_path / "survey_questions.csv").write_text(files["survey_questions.csv"], encoding="utf-8")
    call_command("import_data", str(tmp_path))
    survey = Survey.objects.get()
    survey.opens_on = survey.closes_on = None  # open today
    survey.save()
    survey.groups.create(name="Innvandrerorganisasjon", position=1)
    survey.groups.create(name="Kommunen", position=2)
    questions = {q.position: q for q in Question.objects.filter(survey=survey)}
    groups = {g.name: g for g in survey.groups.all()}
    for number, person in enumerate(REFERENCE_RESPONSES):
        page = client.get(survey.get_public_url())
        key = page.context["form"]["key"].value()
        data = {
            "key": key,
            "group": str(groups[person["group"]].pk),
            "anonymous": "yes" if person["anonymous"] else "no",
            "name": "" if person["anonymous"] else f"Person {number}",
        }
        for position, value in person["answers"].items():
            data[f"q{questions[position].pk}"] = str(value)
        response = client.post(survey.get_public_url(), data)
        assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert_reference_figures(selectors.report_surveys(2025), in_file_order=False)


@pytest.mark.parametrize("size", [3, 30])
def test_report_surveys_reads_in_a_constant_number_of_queries(django_assert_max_num_queries, size):
    from surveys.models import Answer, Response

    for n in range(2):
        survey = Survey.objects.create(title=f"Undersøkelse {n}", report_year=2025)
        group = survey.groups.create(name="Alle")
        score = Question.objects.create(survey=survey, position=1, kind="score", text="Score")
        text = Question.objects.create(survey=survey, position=2, kind="text", text="Tekst")
        for i in range(size):
            response = Response.objects.create(survey=survey, group=group, anonymous=True, submitted_on="2025-06-01")
            Answer.objects.create(response=response, question=score, value=str(1 + i % 5))
            Answer.objects.create(response=response, question=text, value=f"Tekst {i}")
    # surveys, their groups, their questions, response tallies, answers
    with django_assert_max_num_queries(5):
        figures = selectors.report_surveys(2025)
    assert [s["responses"] for s in figures] == [size, size]


def test_the_demo_seeds_the_reference_survey_and_an_open_one():
    import io

    from surveys import demo

    out = io.StringIO()
    demo.seed(out)
    assert_reference_figures(selectors.report_surveys(2025))
    open_survey = Survey.objects.get(title="Evaluering av Erfaringspanelet 2026")
    assert open_survey.state() == "open"
    assert open_survey.personal_links.count() == 3
    assert open_survey.get_public_url() in out.getvalue()
