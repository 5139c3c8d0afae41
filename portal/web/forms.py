from django import forms
from django.utils.translation import gettext_lazy as _

# The date and time inputs of the browser, and many check boxes with a search box: for any app's forms.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SearchableCheckboxes(forms.CheckboxSelectMultiple):
    """Check boxes, so one plain click never drops the earlier choices (a multi-select's Ctrl-click
    did); static/js/choices.js adds a search box above them and keeps the chosen ones in view."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"data-choice-search": _("Søk i listen"), **(attrs or {})})

    class Media:
        js = ["js/choices.js"]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Fil"),
        required=False,
        help_text=_("Med «Ut fra filnavnet» må filen hete som i listen, på norsk eller engelsk (for eksempel møter.xlsx eller meetings.csv)."),
    )
    file = forms.FileField(label=_("Regneark (CSV eller XLSX)"))

    def __init__(self, *args, stems=(), **kwargs):
        from portal.spreadsheets import importing

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Ut fra filnavnet"))] + [
            (stem, " / ".join(f"{name}.csv" for name in (*importing.norwegian_names(stem)[:1], stem))) for stem in stems
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Filen må være .csv eller .xlsx."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Filen er større enn 5 MB."))
        return upload

    def clean(self):
        from portal.spreadsheets import importing

        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None and not cleaned.get("kind"):
            stem = importing.stem_for_filename(upload.name)
            if stem is None:
                self.add_error(
                    "kind",
                    _("«%(name)s» er ikke navnet på en av filene. Velg hvilken fil det er, eller gi filen et av navnene i listen.")
                    % {"name": upload.name},
                )
            else:
                cleaned["kind"] = stem
        return cleaned


class PeriodForm(forms.Form):
    """A period besides the calendar year, e.g. the project's year 1 December 2024 – 31 December 2025
    (portal.reporting.periods). Both empty: no period (`cleaned_data["period"]` is None)."""

    fra = forms.DateField(label=_("Periode fra og med"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    til = forms.DateField(label=_("Periode til og med"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        from portal.reporting.periods import BadPeriod, period_from

        cleaned = super().clean()
        if self.errors:
            return cleaned
        start, end = cleaned.get("fra"), cleaned.get("til")
        if not start and not end:
            cleaned["period"] = None
            return cleaned
        try:
            cleaned["period"] = period_from(start, end)
        except BadPeriod as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned
