"""Formatted text written in a word-processor-like editor (django-prose-editor, served from static/).

One configuration for every formatted field (minutes, report chapters, organisation descriptions,
event texts): paragraphs, two heading levels, bold, italic, lists and links, nothing else.

- ``RichTextField`` is a model field stored as a plain ``TextField`` (migrations see a TextField);
  its form field is ``RichTextFormField``, so admin and model forms get the editor and the cleaning.
- ``RichTextFormField`` cleans what it receives with ``portal.text.sanitize.clean_richtext`` — the one
  sanitize-on-save path.
- Paths that bypass forms (``manage.py restore``, imports, fixtures) store what they are given, so
  pages and PDFs render formatted text through the ``richtext`` template filter
  (``{% load richtext %}{{ value|richtext }}``), which cleans again at render.

The editor is started by ``static/js/richtext.js`` (an ES module importing the package's editor
bundle by relative URL: no import map, no inline script or style, so the strict CSP holds).
"""

import json

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import ProseEditorWidget

from portal.text.sanitize import clean_richtext

EXTENSIONS = {
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}
# A chapter of the annual report may hold simple tables and footnotes too (static/js/richtext.js
# defines Footnote; portal.text.sanitize.clean_report_text keeps what these write).
REPORT_EXTENSIONS = {
    **EXTENSIONS,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Footnote": True,
}
PRESET = "portal"
# The editor's own button names are English; these are ours, translated like every other string.
# Keys: the menu items' data-name, and the phrases the link dialog asks window.gettext for.
LABELS = {
    "paragraph": _("Avsnitt"),
    "heading2": _("Overskrift"),
    "heading3": _("Underoverskrift"),
    "bulletList": _("Punktliste"),
    "orderedList": _("Nummerert liste"),
    "orderedListProperties": _("Listeinnstillinger"),
    "bold": _("Fet"),
    "italic": _("Kursiv"),
    "link": _("Sett inn lenke"),
    "unlink": _("Fjern lenke"),
    "footnote": _("Fotnote (merk teksten som skal stå nederst på siden)"),
    "table": _("Sett inn tabell"),
    "history:undo": _("Angre"),
    "history:redo": _("Gjør om"),
    "blockType": _("Avsnittstype"),
    "toolbar": _("Formatering"),
    "Edit Link": _("Rediger lenke"),
    "URL": _("Adresse (URL)"),
    "Title": _("Tittel"),
    "Update": _("Lagre"),
    "Cancel": _("Avbryt"),
    "Insert": _("Sett inn"),
}
HELP_TEXT = _("Avsnitt, overskrifter, fet og kursiv skrift, lister og lenker. Tekst limt inn fra Word renses.")
REPORT_HELP_TEXT = _(
    "Avsnitt, overskrifter og underoverskrifter, fet og kursiv skrift, lister, lenker, enkle tabeller og fotnoter: "
    "skriv fotnotens tekst der noten hører hjemme, merk den og trykk på fotnoteknappen. Tekst limt inn fra Word renses."
)


class RichTextWidget(ProseEditorWidget):
    """The editor on a <textarea>: without JavaScript the textarea itself still works."""

    extensions = EXTENSIONS

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 12, **(attrs or {})}, config={"extensions": self.extensions}, preset=PRESET)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-richtext-labels"] = json.dumps({key: str(label) for key, label in LABELS.items()})
        return context

    @property
    def media(self):
        return forms.Media(
            css={"all": ["django_prose_editor/material-icons.css", "django_prose_editor/editor.css", "css/richtext.css"]},
            # The labels script is a classic one: it runs before the module and its editor bundle.
            js=["js/richtext-labels.js", forms.Script("js/richtext.js", type="module")],
        )


class RichTextFormField(forms.CharField):
    widget = RichTextWidget

    def __init__(self, *args, **kwargs):
        kwargs.pop("widget", None)  # admin passes its textarea; the editor replaces it
        if not kwargs.get("help_text"):
            kwargs["help_text"] = HELP_TEXT
        super().__init__(*args, widget=RichTextWidget, **kwargs)

    def clean(self, value):
        return clean_richtext(super().clean(value))


class ReportTextWidget(RichTextWidget):
    extensions = REPORT_EXTENSIONS


class ReportTextFormField(RichTextFormField):
    """A chapter of the annual report: the editor with tables and footnotes, cleaned to match."""

    def __init__(self, *args, **kwargs):
        kwargs["help_text"] = kwargs.get("help_text") or REPORT_HELP_TEXT
        super().__init__(*args, **kwargs)
        self.widget = ReportTextWidget()

    def clean(self, value):
        from portal.text.sanitize import clean_report_text

        return clean_report_text(forms.CharField.clean(self, value))


class RichTextField(models.TextField):
    """A TextField whose forms use the editor and store cleaned HTML."""

    def formfield(self, **kwargs):
        kwargs.pop("widget", None)
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs


def convert_plain_text_migration(app_label, model_name, *fields):
    """A data migration operation turning plain text of these fields into paragraphs and lists.
    Only plain text is touched (HTML is left as it is); going back leaves the HTML (no-op)."""
    from django.db import migrations

    from portal.text.sanitize import looks_like_plain_text, plain_text_to_html

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for field in fields:
            rows = model.objects.exclude(**{field: ""}).only("pk", field)
            for row in rows.iterator():
                value = getattr(row, field)
                if value and looks_like_plain_text(value):
                    model.objects.filter(pk=row.pk).update(**{field: plain_text_to_html(value)})

    return migrations.RunPython(forward, migrations.RunPython.noop)
