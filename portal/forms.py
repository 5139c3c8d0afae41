from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Fil"))
    file = forms.FileField(label=_("Regneark (CSV eller XLSX)"))

    def __init__(self, *args, stems=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(stem, f"{stem}.csv") for stem in stems]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Filen må være .csv eller .xlsx."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Filen er større enn 5 MB."))
        return upload
