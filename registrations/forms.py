from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from organisations.consent import CONSENT_WORDING
from organisations.fields import OrgNumberFormField
from organisations.forms import AcceptInvitationForm as ConfirmForm  # noqa: F401 (the same set-password step)
from organisations.models import Kind, Organisation
from organisations.validators import validate_org_number
from registrations.models import Registration

# Municipal services are the municipality's own units: coordinators add them, they do not register.
REGISTRATION_KINDS = [(value, label) for value, label in Kind.choices if value != Kind.MUNICIPAL_SERVICE]
HONEYPOT = "nettsted_2"


class NumberForm(forms.Form):
    orgnr = OrgNumberFormField(
        label=_("Organisasjonsnummer"), validators=[validate_org_number],
        help_text=_("Ni siffer, med eller uten mellomrom, slik det står i Brønnøysundregistrene (for eksempel 923 609 016)."),
    )


class RegistrationForm(forms.ModelForm):
    """Everything but what Enhetsregisteret gave: with a number, name, municipality and address
    come from the register and are not fields here (`with_number`)."""

    consent_given = forms.BooleanField(
        required=False, label=CONSENT_WORDING,
        help_text=_("Uten samtykke blir organisasjonen registrert hos koordinatorene, men ikke vist i den offentlige katalogen."),
    )
    confirm_different = forms.BooleanField(
        required=False, label=_("Vi er en annen organisasjon enn den med lignende navn"),
    )
    # A field people never see (portal.css hides it off screen): software that fills in every field fills it.
    nettsted_2 = forms.CharField(
        required=False, label=_("La dette feltet stå tomt"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Registration
        fields = [
            "name", "municipality", "address", "kind", "description", "languages", "activities", "website",
            "contact_name", "contact_email", "contact_phone", "consent_given",
        ]
        labels = {
            "name": _("Organisasjonens navn"),
            "description": _("Hva gjør organisasjonen?"),
            "contact_name": _("Ditt navn"),
            "contact_email": _("Din e-postadresse"),
            "contact_phone": _("Ditt telefonnummer"),
            "languages": _("Språk dere bruker med deltakerne"),
            "activities": _("Aktiviteter"),
        }
        help_texts = {
            "description": _("Noen setninger om hvem dere er og hva dere tilbyr. Vises i katalogen når dere samtykker."),
            "contact_email": _("Vi sender en lenke hit for å bekrefte adressen. Den blir brukernavnet ditt som redaktør."),
            "contact_name": _("Kontaktpersonen vises aldri offentlig."),
            "languages": _("Hold inne Ctrl (Cmd på Mac) for å velge flere."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "languages": forms.SelectMultiple(attrs={"size": 8}),
            "activities": forms.CheckboxSelectMultiple,
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, with_number=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = REGISTRATION_KINDS
        self.fields["kind"].initial = None
        for required in ("description", "contact_name", "contact_email"):
            self.fields[required].required = True
        if with_number:
            for field in ("name", "municipality", "address"):
                del self.fields[field]
        else:
            self.fields["municipality"].required = True
        self.show_confirm_different = False
        self.similar_public, self.duplicate_of = [], None

    @property
    def honeypot_filled(self):
        return bool(self.data.get(HONEYPOT))


class RefuseForm(forms.Form):
    message = forms.CharField(
        label=_("Melding til søkeren"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        help_text=_("Sendes på e-post. Si hvorfor, og hva organisasjonen eventuelt kan gjøre."),
    )


class MergeForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), label=_("Organisasjon i registeret"), widget=forms.RadioSelect,
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=[c.pk for c in candidates])
        self.fields["organisation"].label_from_instance = lambda org: format_html(
            "{} <span class=\"text-body-secondary\">({})</span>", org.name, org.org_number or org.get_kind_display()
        )
