import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0006_listing_descriptions'),
    ]

    operations = [
        migrations.AddField(
            model_name='organisation',
            name='published_consent',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.consent', verbose_name='samtykke for publiseringen'),
        ),
    ]
