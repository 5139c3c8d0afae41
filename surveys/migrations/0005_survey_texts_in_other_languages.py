"""Survey titles and introductions in other languages, and every translated text of a question
(help text, scale labels, choices) beside its text: Question.translations goes from
{"en": "the question"} to {"en": {"text": "the question", …}}."""

from django.db import migrations, models


def texts_per_field(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    for question in Question.objects.exclude(translations={}).only("pk", "translations"):
        converted = to_fields(question.translations)
        if converted != question.translations:
            Question.objects.filter(pk=question.pk).update(translations=converted)


def texts_only(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    for question in Question.objects.exclude(translations={}).only("pk", "translations"):
        converted = {
            tag: texts.get("text", "") for tag, texts in (question.translations or {}).items()
            if isinstance(texts, dict) and texts.get("text")
        }
        Question.objects.filter(pk=question.pk).update(translations=converted)


def to_fields(translations):
    """{"en": "text"} as {"en": {"text": "text"}}; entries already per field are kept, empty ones dropped."""
    if not isinstance(translations, dict):
        return {}
    converted = {}
    for tag, value in translations.items():
        if isinstance(value, str) and value.strip():
            converted[tag] = {"text": value.strip()}
        elif isinstance(value, dict) and value:
            converted[tag] = value
    return converted


class Migration(migrations.Migration):

    dependencies = [
        ("surveys", "0004_question_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="translations",
            field=models.JSONField(blank=True, default=dict, verbose_name="på andre språk"),
        ),
        migrations.RunPython(texts_per_field, texts_only),
    ]
