"""Cell readers shared by every file of the portal spreadsheet format (docs/domain.md).

Coordinators' own sheets are welcome as they are: a date may be `YYYY-MM-DD` or `DD.MM.YYYY`
(or an XLSX date cell, or LibreOffice's `DD.MM.YYYY 00:00:00`), a whole number may be written
`12`, `12.0`, `12,00` or `321 702` (`whole_number`), and a coded value may be given as its code or as the Norwegian label the
screens show, ignoring case (`Telefon` for `phone`, `Svar` for `responded`). A value that is none
of these is refused with a message that names the values allowed. Export writes codes and ISO
dates, so an export imports back unchanged.
"""

import datetime
import re
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from portal.web.params import YEAR_MAX, YEAR_MIN

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
# LibreOffice writes a date cell that carries a time of day as "13.02.2025 00:00:00": midnight is
# still the date; any other time is not a date.
MIDNIGHT = re.compile(r"^(?P<date>\S+)(?:[ T]00:00(?::00)?)$")
# A whole number as spreadsheets write it: digits, groups of three separated by spaces
# ("321 702"), and a decimal part of one or two zeros ("12.0", "12,00": a cell formatted with
# decimals). "1.000" and "1,000" are refused: a thousands separator or a decimal comma, either
# way a guess.
WHOLE_NUMBER = re.compile(r"^(?P<digits>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]0{1,2})?$")


class TextWidget(widgets.CharWidget):
    """Cell text stripped; XLSX numbers (an org number typed as a number) become their digits."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


def whole_number(value):
    """A cell as a whole number ≥ 0: None when empty; ValueError when it is not one."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError(value)
        return value
    if isinstance(value, (float, Decimal)):
        if value != value or value < 0 or value != int(value):  # NaN, negative, fraction
            raise ValueError(value)
        return int(value)
    text = str(value).strip()
    if text == "":
        return None
    match = WHOLE_NUMBER.match(text)
    if match is None:
        raise ValueError(value)
    return int(re.sub(r"\D", "", match.group("digits")))


class WholeNumberWidget(widgets.IntegerWidget):
    """A whole-number column (`whole_number`): empty is None unless `required`; a cell that is no
    whole number, or one below `minimum` or above `maximum`, is refused with `message` (its
    `%(value)s` is the cell as typed). Written as the number."""

    def __init__(self, *, message, minimum=0, maximum=None, required=False, help_text=None):
        super().__init__()
        self.message, self.minimum, self.maximum, self.required = message, minimum, maximum, required
        if help_text is not None:
            self.help_text = help_text

    def clean(self, value, row=None, **kwargs):
        try:
            number = whole_number(value)
        except ValueError:
            number = False
        if number is None and not self.required:
            return None
        if number is None or number is False or number < self.minimum or (self.maximum is not None and number > self.maximum):
            raise ValueError(self.message % {"value": str(value if value is not None else "").strip()})
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


def year_widget(message, **kwargs):
    """A year column: a whole number from 2000 to 2100, as a year in an address (portal.web.params)."""
    return WholeNumberWidget(message=message, minimum=YEAR_MIN, maximum=YEAR_MAX, **kwargs)


class ByNameWidget(widgets.ForeignKeyWidget):
    """A record named in a cell, matched on `field` ignoring case (docs/domain.md: organisations by
    name, surveys and goals by title). Empty is None, or "mangler" when `required`; an unknown name
    is refused with `unknown` (its `%(name)s` is the name as typed)."""

    def __init__(self, model, *, unknown, field="name", required=False, help_text=None):
        super().__init__(model, field=field)
        self.unknown, self.required = unknown, required
        if help_text is not None:
            self.help_text = help_text

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            if self.required:
                raise ValueError(_("mangler"))
            return None
        match = self.find(name)
        if match is None:
            raise ValueError(self.unknown_message(name))
        return match

    def unknown_message(self, name):
        return self.unknown % {"name": name}

    def find(self, name):
        return self.model.objects.filter(**{f"{self.field}__iexact": name}).first()


def parse_date(value):
    """A cell as a date: None when empty; ValueError naming both accepted forms otherwise."""
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    midnight = MIDNIGHT.match(text)
    if midnight:
        text = midnight.group("date")
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("«%(value)s» er ikke en dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)") % {"value": value})


DATE_HELP = gettext_lazy("dato: ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ")


def describe(widget):
    """What a column's cells may hold, for the import screen's column list: the codes and their
    labels of a coded column, else the widget's `help_text`, else "" (free text)."""
    choices = getattr(widget, "choices", None)
    if choices:
        return ", ".join(f"{code} ({label})" for code, label in choices)
    help_text = getattr(widget, "help_text", None)
    if help_text:
        return str(help_text)
    if isinstance(widget, widgets.DateWidget):
        return str(DATE_HELP)
    return ""


class DateWidget(widgets.DateWidget):
    """YYYY-MM-DD or DD.MM.YYYY in, ISO dates out."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        return parse_date(value)


def code_from_cell(value, choices):
    """The code of a cell that holds a code or its label (Norwegian, or the active language's),
    ignoring case; None when it is neither."""
    text = str(value if value is not None else "").strip().casefold()
    if not text:
        return None
    for code, label in choices:
        with translation.override("nb"):
            norwegian = str(label)
        if text in (str(code).casefold(), norwegian.casefold(), str(label).casefold()):
            return code
    return None


def allowed_values(choices):
    return ", ".join(str(code) for code, _label in choices)


class CodeWidget(widgets.CharWidget):
    """A coded value, or its Norwegian label ignoring case; the message names the codes allowed."""

    def __init__(self, choices, required=True):
        super().__init__()
        self.choices = list(choices)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        code = code_from_cell(value, self.choices)
        if code is not None:
            return code
        text = str(value if value is not None else "").strip()
        allowed = allowed_values(self.choices)
        if not text:
            if not self.required:
                return ""
            raise ValueError(_("mangler (tillatt: %(allowed)s)") % {"allowed": allowed})
        raise ValueError(_("«%(value)s» er ikke tillatt (tillatt: %(allowed)s)") % {"value": text, "allowed": allowed})

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


YES_NO = (("yes", gettext_lazy("Ja")), ("no", gettext_lazy("Nei")))


class YesNoWidget(CodeWidget):
    """yes or no (or Ja/Nei, any case) as a boolean; an empty cell is no. Written as yes/no."""

    def __init__(self):
        super().__init__(YES_NO, required=False)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):  # an XLSX TRUE/FALSE cell
            return value
        return super().clean(value, row, **kwargs) == "yes"

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


def claim_first(claimed, queryset):
    """For sheets without a key (rows matched on their values): the oldest record of `queryset`
    that no earlier row of the same file matched, marked in `claimed` (a set of pks)."""
    match = queryset.exclude(pk__in=claimed).order_by("pk").first()
    if match is not None:
        claimed.add(match.pk)
    return match


class RichTextCellWidget(widgets.CharWidget):
    """A formatted-text column (portal.text.formatted): a sheet holds readable plain text.

    In: plain text (blank lines separate paragraphs, "- " lines are a list) or pasted HTML, stored
    cleaned as the editor stores it. Out: plain text (portal.text.sanitize.richtext_to_plain_text), the
    way coordinators read and type it. The full backup (`manage.py backup`) keeps the stored HTML."""

    help_text = gettext_lazy("tekst; en tom linje skiller avsnitt, linjer som begynner med «- » blir en liste")

    def clean(self, value, row=None, **kwargs):
        from portal.text.sanitize import clean_richtext

        return clean_richtext("" if value is None else str(value).strip())

    def render(self, value, obj=None, **kwargs):
        from portal.text.sanitize import richtext_to_plain_text

        return richtext_to_plain_text(value)


def keep_stored_formatting(instance, stored):
    """After a row was read into `instance`: a formatted field whose words are what the sheet says
    keeps its stored formatting (`stored`: {field: value before the row}), so exporting and
    importing again changes nothing, though the sheet holds the text without bold or links."""
    from portal.text.sanitize import richtext_to_plain_text

    for field, before in stored.items():
        if before and richtext_to_plain_text(before) == richtext_to_plain_text(getattr(instance, field)):
            setattr(instance, field, before)


def column(name, widget=None, attribute=None, **kwargs):
    """A sheet column read into the field of its name (or `attribute`), as text unless `widget` says otherwise."""
    return fields.Field(attribute=attribute or name, column_name=name, widget=widget or TextWidget(), **kwargs)


class PortalResource(resources.ModelResource):
    """What every file of the portal format shares: each row is checked by the model's own
    validation (a bad row is one error line, docs/domain.md), and no before/after diff is kept.
    A file's columns are its Meta.fields, exported in that order (no export_order beside it)."""

    class Meta:
        clean_model_instances = True
        skip_diff = True
