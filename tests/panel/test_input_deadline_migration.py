"""The migration that brought in the deadline rule: items saved before it with a deadline before
their raised date (the portal never refused one) get the raised date as deadline, so the
constraint holds; every other item keeps its deadline."""

import datetime

import pytest

from tests.migrating import Migrator

BEFORE = [("panel", "0006_invitation_answers_and_calendar_sequence")]
RULE = [("panel", "0007_input_due_on_not_before_raised_on")]


@pytest.mark.slow(reason="migrates a database back and forward again")
@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_only_early_deadlines_to_the_raised_date():
    migrator = Migrator()
    old = migrator.migrate(BEFORE).apps
    Meeting, InputItem = old.get_model("panel", "Meeting"), old.get_model("panel", "InputItem")
    meeting = Meeting.objects.create(kind="panel", date=datetime.date(2025, 5, 15), title="Vårmøtet")
    raised = datetime.date(2025, 5, 15)
    early = InputItem.objects.create(meeting=meeting, text="Frist før meldt", raised_on=raised, due_on=datetime.date(2025, 5, 1))
    same = InputItem.objects.create(meeting=meeting, text="Frist samme dag", raised_on=raised, due_on=raised)
    later = InputItem.objects.create(meeting=meeting, text="Frist senere", raised_on=raised, due_on=datetime.date(2025, 6, 30))
    none = InputItem.objects.create(meeting=meeting, text="Uten frist", raised_on=raised)

    new = migrator.migrate(RULE).apps.get_model("panel", "InputItem")
    due = dict(new.objects.values_list("pk", "due_on"))
    assert due == {early.pk: raised, same.pk: raised, later.pk: datetime.date(2025, 6, 30), none.pk: None}

    migrator.migrate_to_the_end()
