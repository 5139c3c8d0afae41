import io
from decimal import Decimal

import openpyxl
import pytest

from goals.models import Goal, GoalValue, Measure, MeasureYear, PlanItem, PlanItemYear
from portal.spreadsheets import importing
from tests.conftest import client_for

SHEETS = ("goals", "goal_values", "measures", "plan_items", "plan_item_years")

pytestmark = pytest.mark.django_db

GOALS_HEADER = "title,source,description,indicator,baseline_year,baseline_value,target_kind,target_value,direction,position"
GOALS = "\n".join(
    [
        GOALS_HEADER,
        "Økt deltakelse i Erfaringspanelet,grant,IMDi-effektmål,panel.organisations_represented,2024,9,percent_change_vs_previous_year,50,at_least,1",
        "Fysiske møter,measure,,manual,,,absolute,40,,2",
    ]
)
PLAN_HEADER = "plan,chapter,position,text"
PLAN = "\n".join(
    [
        PLAN_HEADER,
        'Plan for integrering og inkludering 2025-2033,5 Slik skal vi gjøre det,1,"Det forventes at kommunens virksomheter samarbeider aktivt med frivillig sektor."',
        "Plan for integrering og inkludering 2025-2033,5 Slik skal vi gjøre det,2,Erfaringspanelet er en viktig møteplass.",
    ]
)


def run(stem, text, filename=None, dry_run=False):
    return importing.run_import([(stem, filename or f"{stem}.csv", text.encode("utf-8"))], dry_run=dry_run)


def errors(results):
    return [str(error) for result in results for error in result.errors]


def test_it_imports_goals_and_their_values():
    assert errors(run("goals", GOALS)) == []
    assert errors(run("goal_values", "goal,year,value,note\nfysiske møter,2025,\"50,5\",ca.\n")) == []
    participation = Goal.objects.get(title="Økt deltakelse i Erfaringspanelet")
    assert (participation.indicator_key, participation.baseline_value, participation.target_value) == (
        "panel.organisations_represented", Decimal(9), Decimal(50)
    )
    manual = Goal.objects.get(title="Fysiske møter")
    assert (manual.indicator_key, manual.direction) == ("manual", "at_least")
    assert GoalValue.objects.get().value == Decimal("50.5")


def test_every_bad_goal_row_is_reported_and_nothing_is_written():
    text = "\n".join(
        [
            GOALS_HEADER,
            "God,grant,,manual,,,absolute,5,at_least,1",
            "Ukjent tall,grant,,panel.finnes_ikke,,,absolute,5,at_least,2",
            "Feil kilde,regjeringen,,manual,,,absolute,5,at_least,3",
            "Uten utgangspunkt,own,,manual,,,percent_change_vs_baseline,5,at_least,4",
            "Feil år,own,,manual,tjue,3,absolute,5,at_least,5",
            "Feil mål,own,,manual,,,absolute,mye,at_least,6",
        ]
    )
    found = errors(run("goals", text))
    assert any(e.startswith("goals.csv:3: indicator: ") for e in found), found
    assert any(e.startswith("goals.csv:4: source: ") for e in found), found
    assert any(e.startswith("goals.csv:5: baseline_year: ") for e in found), found
    assert any(e.startswith("goals.csv:6: baseline_year: ") for e in found), found
    assert any(e.startswith("goals.csv:7: target_value: ") for e in found), found
    assert not any(e.startswith("goals.csv:2:") for e in found)
    assert Goal.objects.count() == 0


def test_a_missing_column_is_reported_on_the_header_row():
    found = errors(run("goals", "title,source\nMål,grant\n"))
    assert "goals.csv:1: indicator: kolonnen mangler" in found


def test_plan_items_and_their_years_with_linked_goals_and_measures():
    run("goals", GOALS)
    measures = "position,title,description,year,status,deliverables\n1,Erfaringspanelet,Fire møter i året,2025,ongoing,Fire møter\n2,Nettside,,,,\n"
    assert errors(run("measures", measures)) == []
    assert errors(run("plan_items", PLAN)) == []
    years = (
        "plan,position,year,achieved,goals,measures\n"
        "Plan for integrering og inkludering 2025-2033,2,2025,<p>Fra 9 til 26</p><script>x</script>,Økt deltakelse i Erfaringspanelet,erfaringspanelet\n"
        "Plan for integrering og inkludering 2025-2033,1,2025,Frivillig sektor invitert inn i Erfaringspanelet.,,\n"
    )
    assert errors(run("plan_item_years", years)) == []

    assert [item.position for item in PlanItem.objects.all()] == [1, 2]
    entry = PlanItemYear.objects.get(plan_item__position=2)
    assert entry.achieved_text == "<p>Fra 9 til 26</p>"
    assert [goal.title for goal in entry.goals.all()] == ["Økt deltakelse i Erfaringspanelet"]
    assert [measure.title for measure in entry.measures.all()] == ["Erfaringspanelet"]
    assert Measure.objects.count() == 2
    assert MeasureYear.objects.get().deliverables == "Fire møter"


def test_a_plan_year_row_naming_an_unknown_item_or_goal_fails_the_whole_file():
    run("plan_items", PLAN)
    years = (
        "plan,position,year,achieved,goals,measures\n"
        "Plan for integrering og inkludering 2025-2033,1,2025,God rad,,\n"
        "Plan for integrering og inkludering 2025-2033,9,2025,Punkt 9 finnes ikke,,\n"
        "Plan for integrering og inkludering 2025-2033,2,2025,Ukjent mål,Finnes ikke,\n"
    )
    found = errors(run("plan_item_years", years))
    assert any(e.startswith("plan_item_years.csv:3: plan: ") for e in found), found
    assert any(e.startswith("plan_item_years.csv:4: goals: ") for e in found), found
    assert len(found) == 2
    assert PlanItemYear.objects.count() == 0


def test_dry_run_writes_nothing():
    assert errors(run("goals", GOALS, dry_run=True)) == []
    assert Goal.objects.count() == 0


def test_a_second_import_updates_rather_than_duplicates():
    run("goals", GOALS)
    run("goals", GOALS_HEADER + "\nfysiske møter,own,Endret,manual,,,absolute,45,,2\n")
    assert Goal.objects.count() == 2
    assert Goal.objects.get(title__iexact="Fysiske møter").target_value == Decimal(45)
    run("plan_items", PLAN)
    run("plan_items", PLAN_HEADER + "\nPlan for integrering og inkludering 2025-2033,5,1,Ny tekst\n")
    assert PlanItem.objects.count() == 2
    assert PlanItem.objects.get(position=1).text == "Ny tekst"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_sheet_exports_and_imports_back_unchanged(file_format):
    run("goals", GOALS)
    run("goal_values", "goal,year,value,note\nFysiske møter,2025,50,\nFysiske møter,2024,12.5,anslag\n")
    run("measures", "position,title,description,year,status,deliverables\n1,Erfaringspanelet,Fire møter,2025,ongoing,Fire møter\n2,Nettside,,,,\n")
    run("plan_items", PLAN)
    run(
        "plan_item_years",
        "plan,position,year,achieved,goals,measures\n"
        "Plan for integrering og inkludering 2025-2033,2,2025,<p>Fra 9 til 26</p>,Økt deltakelse i Erfaringspanelet|Fysiske møter,Erfaringspanelet\n",
    )

    def snapshot():
        return (
            list(Goal.objects.values_list("title", "source", "description", "indicator_key", "baseline_year", "baseline_value", "target_kind", "target_value", "direction", "position")),
            list(GoalValue.objects.values_list("goal__title", "year", "value", "note")),
            list(Measure.objects.values_list("position", "title", "description")),
            list(MeasureYear.objects.values_list("measure__title", "year", "status", "deliverables")),
            list(PlanItem.objects.values_list("plan_name", "chapter", "position", "text")),
            list(PlanItemYear.objects.values_list("plan_item__position", "year", "achieved_text")),
            sorted(PlanItemYear.goals.through.objects.values_list("goal__title", flat=True)),
            sorted(PlanItemYear.measures.through.objects.values_list("measure__title", flat=True)),
        )

    before = snapshot()
    exported = {stem: importing.export_bytes(stem, file_format) for stem in SHEETS}
    if file_format == "csv":
        assert exported["goals"].decode().splitlines()[0] == GOALS_HEADER
    for model in (PlanItemYear, PlanItem, MeasureYear, Measure, GoalValue, Goal):
        model.objects.all().delete()

    results = importing.run_import([(stem, f"{stem}.{file_format}", raw) for stem, raw in exported.items()])

    assert errors(results) == []
    assert snapshot() == before


def test_xlsx_numbers_are_read_as_numbers():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(GOALS_HEADER.split(","))
    sheet.append(["Mål", "own", None, "manual", 2024, 9.0, "percent_change_vs_baseline", 50, "at_least", 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    results = importing.run_import([("goals", "goals.xlsx", buffer.getvalue())])
    assert errors(results) == []
    goal = Goal.objects.get()
    assert (goal.baseline_year, goal.baseline_value, goal.target_value) == (2024, Decimal(9), Decimal(50))


def test_the_portal_import_screen_takes_the_goals_sheets(client, coordinator):
    client = client_for(client, coordinator)
    bad = io.BytesIO((GOALS_HEADER + "\nMål,grant,,panel.finnes_ikke,,,absolute,5,at_least,1\n").encode())
    bad.name = "goals.csv"
    response = client.post("/koordinator/import/", {"kind": "goals", "file": bad, "import": "1"})
    assert "goals.csv:2: indicator:" in response.content.decode()
    assert Goal.objects.count() == 0

    good = io.BytesIO(GOALS.encode())
    good.name = "goals.csv"
    response = client.post("/koordinator/import/", {"kind": "goals", "file": good, "import": "1"})
    assert response.status_code == 302
    assert Goal.objects.count() == 2

    response = client.get("/koordinator/eksport/goals.csv")
    assert response["Content-Disposition"] == 'attachment; filename="goals.csv"'
    assert "Økt deltakelse i Erfaringspanelet,grant" in response.getvalue().decode()


@pytest.mark.parametrize("user_fixture", ["council_staff", "editor"])
def test_only_coordinators_import_and_export(client, request, user_fixture):
    client = client_for(client, request.getfixturevalue(user_fixture))
    assert client.get("/koordinator/import/").status_code == 403
    assert client.get("/koordinator/eksport/goals.csv").status_code == 403


def test_import_data_reads_the_goals_sheets_all_or_nothing(tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    (tmp_path / "goals.csv").write_text(GOALS, encoding="utf-8")
    (tmp_path / "plan_items.csv").write_text(PLAN_HEADER + "\nPlan,5,tre,Tekst\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    assert "plan_items.csv:2: position: " in capsys.readouterr().err
    assert Goal.objects.count() == 0  # the good goals.csv is rolled back with the bad file

    (tmp_path / "plan_items.csv").write_text(PLAN, encoding="utf-8")
    call_command("import_data", str(tmp_path))
    assert (Goal.objects.count(), PlanItem.objects.count()) == (2, 2)


def test_coded_columns_take_the_labels_the_screens_show():
    sheet = "\n".join([
        GOALS_HEADER,
        "Flere i panelet,Effektmål i tilskuddet,,manual,,,ET BESTEMT TALL,40,høyst (lavere er bedre),1",
    ]) + "\n"
    measures = "position,title,description,year,status,deliverables\n1,Møteplass,,2025,Pågår,\n"
    results = importing.run_import([("goals", "goals.csv", sheet.encode()), ("measures", "measures.csv", measures.encode())])
    assert [str(error) for result in results for error in result.errors] == []
    goal = Goal.objects.get()
    assert (goal.source, goal.target_kind, goal.direction) == ("grant", "absolute", "at_most")
    assert MeasureYear.objects.get().status == "ongoing"


def test_a_whole_number_is_read_as_in_every_other_sheet():
    """The goals sheets read years and positions with the portal's one whole-number reader: a
    spreadsheet's "12,00" or "2 025" is the number, as in the attendance or grants sheets."""
    from goals.resources import position_cell, year_cell

    assert position_cell().clean("12,00") == 12 and year_cell().clean("2 025") == 2025
    with pytest.raises(ValueError, match="«1999» er ikke et årstall."):
        year_cell().clean("1999")
    with pytest.raises(ValueError, match=r"«-1» er ikke et heltall \(0 eller mer\)."):
        position_cell().clean("-1")
