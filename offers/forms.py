import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from offers.models import TIME_OF_DAY_STARTS, WEEKDAYS, Offer, OfferAudience, TimeOfDay
from organisations.models import Language, Organisation
from portal.text.collation import norwegian, sort_key

_DATE = r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}"
_PAUSE_LINE = re.compile(rf"^\s*({_DATE})\s*(?:(?:–|-|—|til)\s*({_DATE}))?\s*$")
MAX_PAUSES = 60
# The dates an offer and its pauses may have: a calendar reads every paused day of the rule, so a
# typo such as year 9999 must not make one offer a million dates.
EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


def _parse_date(text):
    fmt = "%Y-%m-%d" if "-" in text else "%d.%m.%Y"
    return datetime.datetime.strptime(text, fmt).date()


def parse_pauses(text):
    """Lines of "24.12.2026" (one day) or "22.06.2026–09.08.2026" (a range, both days included)
    into [(from, to)]; a ValidationError names every line that is not one."""
    pauses, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _PAUSE_LINE.match(line)
        try:
            if not match:
                raise ValueError
            starts_on = _parse_date(match[1])
            ends_on = _parse_date(match[2]) if match[2] else starts_on
        except ValueError:
            errors.append(
                _("Linje %(number)s («%(line)s»): skriv en dato (24.12.2026) eller fra–til (22.06.2026–09.08.2026).")
                % {"number": number, "line": line.strip()[:40]}
            )
            continue
        if not (EARLIEST <= starts_on and ends_on <= LATEST):
            errors.append(_("Linje %(number)s: datoen må ligge mellom år %(first)s og %(last)s.")
                          % {"number": number, "first": EARLIEST.year, "last": LATEST.year})
            continue
        if ends_on < starts_on:
            errors.append(_("Linje %(number)s: sluttdatoen er før startdatoen.") % {"number": number})
            continue
        pauses.append((starts_on, ends_on))
    if len(pauses) > MAX_PAUSES:
        errors.append(_("Høyst %(count)s pauser.") % {"count": MAX_PAUSES})
    if errors:
        raise forms.ValidationError(errors)
    return pauses


def format_pauses(pauses):
    return "\n".join(
        f"{p.starts_on:%d.%m.%Y}" if p.starts_on == p.ends_on else f"{p.starts_on:%d.%m.%Y}–{p.ends_on:%d.%m.%Y}"
        for p in pauses
    )


class OfferForm(forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Ukedager"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    pauses = forms.CharField(
        label=_("Pauser og avlyste dager"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én per linje: en dato (24.12.2026) eller en periode (22.06.2026–09.08.2026)."),
    )

    class Meta:
        model = Offer
        fields = [
            "title", "kind", "audience", "languages", "place", "description",
            "weekdays", "start_time", "end_time", "valid_from", "valid_until",
        ]
        widgets = {
            "languages": forms.SelectMultiple(attrs={"size": 8}),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].queryset = Language.objects.order_by(norwegian("name_nb"))
        self.fields["languages"].help_text = _("Språkene tilbudet gis på. Hold Ctrl (Cmd på Mac) for å velge flere.")
        self.fields["valid_until"].help_text = _("Kan stå tom når tilbudet fortsetter.")
        for name in ("valid_from", "valid_until"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        if self.instance.pk:
            self.initial["weekdays"] = self.instance.weekday_numbers
            self.initial["pauses"] = format_pauses(self.instance.pauses.all())

    def clean_weekdays(self):
        return "".join(str(day) for day in sorted(set(self.cleaned_data["weekdays"])))

    def clean_pauses(self):
        return parse_pauses(self.cleaned_data["pauses"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Slutten må være etter starten."))
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        for name in ("valid_from", "valid_until"):
            if cleaned.get(name) and not EARLIEST <= cleaned[name] <= LATEST:
                self.add_error(name, _("Datoen må ligge mellom år %(first)s og %(last)s.") % {"first": EARLIEST.year, "last": LATEST.year})
                return cleaned
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("Sluttdatoen kan ikke være før startdatoen."))
        return cleaned


class StaffOfferForm(OfferForm):
    """The coordinators' form: any organisation, a municipal service first of all."""

    organisation = forms.ModelChoiceField(label=_("Organisasjon eller kommunal virksomhet"), queryset=Organisation.objects.none())
    field_order = ["organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active().order_by(norwegian("name"))
        if self.instance.pk:
            self.initial["organisation"] = self.instance.organisation_id


class OfferFilterForm(forms.Form):
    """The overview's filters (GET): anything unknown is simply not a filter."""

    hvem = forms.ChoiceField(label=_("For hvem"), required=False)
    sprak = forms.ChoiceField(label=_("Språk"), required=False)
    dag = forms.TypedChoiceField(label=_("Dag"), required=False, coerce=int, empty_value=None)
    tid = forms.ChoiceField(label=_("Tid på dagen"), required=False)

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("Alle"))]
        self.fields["hvem"].choices = every + [c for c in OfferAudience.choices if c[0] != OfferAudience.EVERYONE]
        self.fields["sprak"].choices = every + sorted(
            ((language.code, language.name) for language in languages), key=lambda choice: sort_key(choice[1])
        )
        self.fields["dag"].choices = every + [(number, str(name).capitalize()) for number, name in WEEKDAYS]
        self.fields["tid"].choices = every + [
            (value, f"{label} ({_time_span(value)})") for value, label in TimeOfDay.choices
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self):
        data = {}
        if self.is_bound:
            self.is_valid()  # a value that is not a choice is left out; the valid ones still filter
            data = self.cleaned_data
        return {
            "audience": data.get("hvem") or "", "language": data.get("sprak") or "",
            "weekday": data.get("dag"), "time_of_day": data.get("tid") or "",
        }


def _time_span(value):
    start, end = TIME_OF_DAY_STARTS[value]
    if end is None:
        return _("fra kl. %(start)s") % {"start": f"{start:%H:%M}"}
    if start == datetime.time(0):
        return _("før kl. %(end)s") % {"end": f"{end:%H:%M}"}
    return f"{start:%H:%M}–{(datetime.datetime.combine(datetime.date.min, end) - datetime.timedelta(minutes=1)).time():%H:%M}"
