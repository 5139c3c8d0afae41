import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """A personal link keeps its creation time when it is written again after a use
    (services._mix_used_links), so the time is a default, not auto_now_add."""

    dependencies = [
        ('surveys', '0002_alter_question_shown_if_question_and_more'),
    ]

    operations = [
        migrations.AlterField(
            model_name='personallink',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
    ]
