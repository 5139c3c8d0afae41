from django.db import migrations, models
from django.db.models import F, Q


def move_early_deadlines(apps, schema_editor):
    """A deadline typed before the raised date (a slip: the portal never refused it) becomes the
    raised date, so the constraint can hold; the item stays overdue as it was."""
    InputItem = apps.get_model("panel", "InputItem")
    InputItem.objects.filter(due_on__lt=F("raised_on")).update(due_on=F("raised_on"))


class Migration(migrations.Migration):
    dependencies = [("panel", "0006_invitation_answers_and_calendar_sequence")]

    operations = [
        migrations.RunPython(move_early_deadlines, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="inputitem",
            constraint=models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("raised_on")),
                name="input_due_on_not_before_raised_on",
                violation_error_message="Fristen kan ikke være før datoen innspillet ble meldt.",
            ),
        ),
    ]
