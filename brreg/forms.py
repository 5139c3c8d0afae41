from django import forms
from django.utils.translation import gettext_lazy as _

from brreg.selectors import flag_choices
from organisations.fields import OrgNumberFormField
from organisations.forms import OrganisationListFilterForm
from organisations.validators import validate_org_number

GZIP_MAGIC = b"\x1f\x8b"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Totalbestand fra Enhetsregisteret"),
        help_text=_("Filen enheter_alle.json.gz fra data.brreg.no (gzip-komprimert eller ren JSON)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        head = upload.read(512)
        upload.seek(0)
        if not (head.startswith(GZIP_MAGIC) or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"[")):
            raise forms.ValidationError(
                _("Filen er verken gzip-komprimert eller en JSON-liste. Last ned totalbestanden for enheter på nytt.")
            )
        return upload


class LookupForm(forms.Form):
    orgnr = OrgNumberFormField(
        label=_("Organisasjonsnummer"), validators=[validate_org_number],
        help_text=_("Ni siffer. Opplysningene hentes fra Enhetsregisteret."),
    )
    organisation = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)



FIELD_CHOICES = [("name", _("Navn")), ("address", _("Adresse")), ("municipality", _("Kommune"))]


class AcceptForm(forms.Form):
    """Which differences to accept: one field, or (empty) all of the organisation's."""

    field = forms.ChoiceField(choices=[("", _("Alle"))] + FIELD_CHOICES, required=False)
    next = forms.CharField(required=False, max_length=300)

    def fields_to_accept(self):
        field = self.cleaned_data.get("field")
        return [field] if field else [value for value, _label in FIELD_CHOICES]


class OrganisationRegistryFilterForm(OrganisationListFilterForm):
    """The coordinators' list of organisations, filterable by Enhetsregisteret's flags too:
    bankrupt, in liquidation, not found, not in Frivillighetsregisteret."""

    registry = forms.ChoiceField(label=_("Enhetsregisteret"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registry"].choices = flag_choices()
