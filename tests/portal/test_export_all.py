"""Backups: `export_all DIR` then `import_data DIR` into an emptied registry gives back every report
figure (and the whole report JSON, where the reports app builds it)."""

import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError

from hub import backup
from portal import figures, importing
from portal.roles import DOMAIN_APPS
from reports.selectors import report_figures

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow(reason="the whole demo registry exported to the spreadsheets and imported into an empty database again"),
]

YEARS = range(2022, 2028)


def report_data():
    data = {}
    for year in YEARS:
        data[year] = {key: figures.compute(key, year) for key, _label in figures.available_figures()}
        data[year]["report"] = report_figures(year)
    return data


def _difference(before, after):
    import difflib

    dump = lambda data: json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False).splitlines()  # noqa: E731
    return "\n".join(difflib.unified_diff(dump(before), dump(after), "before", "after", lineterm="", n=2))


def empty_the_registry(keep):
    """Delete every record of the portal's apps except the reference rows their migrations made."""
    remaining = [m for label in DOMAIN_APPS for m in apps.get_app_config(label).get_models() if m not in keep]
    for _round in range(len(remaining) + 1):
        blocked = []
        for model in remaining:
            try:
                with transaction.atomic():
                    model._default_manager.all().delete()
            except (ProtectedError, RestrictedError, IntegrityError):
                blocked.append(model)
        remaining = blocked
        if not remaining:
            break
    assert not remaining, f"could not empty {remaining}"


def reference_models():
    return {m for label in DOMAIN_APPS for m in apps.get_app_config(label).get_models() if m._default_manager.exists()}


@pytest.fixture
def demo_registry(capsys):
    keep = reference_models()
    call_command("seed_demo")
    capsys.readouterr()
    return keep


def test_the_round_trip_reproduces_every_report_figure(demo_registry, tmp_path, capsys):
    from organisations.models import ContactPerson, Organisation

    before = report_data()
    assert any(value for year in before.values() for value in year.values()), "the demo data has figures"
    organisations, persons = Organisation.objects.count(), ContactPerson.objects.count()

    call_command("export_all", str(tmp_path))
    written = {path.name for path in tmp_path.iterdir()}
    assert {f"{stem}.csv" for stem in importing.available_stems()} | {"extra.json"} <= written

    empty_the_registry(keep=demo_registry)
    assert Organisation.objects.count() == 0
    assert all(not any(v for k, v in year.items() if k != "report") for year in report_data().values())

    call_command("import_data", str(tmp_path))
    capsys.readouterr()
    after = report_data()
    for year in YEARS:
        assert after[year] == before[year], _difference(before[year], after[year])
    assert (Organisation.objects.count(), ContactPerson.objects.count()) == (organisations, persons)


def survey_texts_in_other_languages():
    from surveys.models import Question, Survey

    return (
        {survey.title: survey.translations for survey in Survey.objects.exclude(translations={})},
        {(q.survey.title, q.position): q.translations for q in Question.objects.select_related("survey").exclude(translations={})},
    )


def test_an_export_of_the_restored_registry_is_the_same_export(demo_registry, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    translated = survey_texts_in_other_languages()
    assert all(translated), "the demo survey is given in English"
    backup.export_all(first)
    empty_the_registry(keep=demo_registry)
    call_command("import_data", str(first))
    assert survey_texts_in_other_languages() == translated  # survey_questions.csv cannot hold them: extra.json does
    backup.export_all(second)
    for path in first.iterdir():
        if path.suffix == ".csv":
            assert (second / path.name).read_bytes() == path.read_bytes(), path.name
    assert json.loads((second / "extra.json").read_text()) == json.loads((first / "extra.json").read_text())


def test_a_broken_extra_file_writes_nothing(demo_registry, tmp_path):
    from django.core.management.base import CommandError

    from organisations.models import Organisation

    backup.export_all(tmp_path)
    extra = json.loads((tmp_path / "extra.json").read_text())
    extra["contact_persons"].append({"organisation": "Finnes ikke", "name": "X"})
    (tmp_path / "extra.json").write_text(json.dumps(extra))
    empty_the_registry(keep=demo_registry)
    with pytest.raises(CommandError, match="unknown organisation"):
        call_command("import_data", str(tmp_path))
    assert Organisation.objects.count() == 0
