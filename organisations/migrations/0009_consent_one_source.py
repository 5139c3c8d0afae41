from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0008_consent_records_from_registry_fields'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='organisation',
            name='consent_given_by',
        ),
        migrations.RemoveField(
            model_name='organisation',
            name='consent_given_on',
        ),
        migrations.RemoveField(
            model_name='organisation',
            name='consent_wording',
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.CheckConstraint(condition=models.Q(('published_on__isnull', True), ('published_consent__isnull', False), _connector='OR'), name='published_listing_has_consent', violation_error_message='En oppføring kan bare publiseres når organisasjonens samtykke er registrert.'),
        ),
    ]
