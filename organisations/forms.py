from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import ContactPerson, Kind, Language, Organisation

PUBLIC_LISTING_FIELDS = [
    "description", "description_en", "languages", "activities", "tags_text",
    "address", "email", "phone", "website", "facebook", "instagram", "other_social", "logo",
]


class TagsMixin(forms.ModelForm):
    tags_text = forms.CharField(
        label=_("Stikkord"),
        required=False,
        help_text=_("Egne stikkord for aktiviteter, skilt med komma."),
        max_length=500,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(tag.name for tag in self.instance.tags.all())

    def clean_tags_text(self):
        names = [name.strip() for name in self.cleaned_data["tags_text"].split(",") if name.strip()]
        if any(len(name) > 60 for name in names):
            raise forms.ValidationError(_("Et stikkord kan ha høyst 60 tegn."))
        return list(dict.fromkeys(names))[:20]


class OrganisationForm(TagsMixin):
    """Everything a coordinator keeps about an organisation."""

    class Meta:
        model = Organisation
        fields = [
            "name", "kind", "org_number", "municipality", "address", "email", "phone",
            "website", "facebook", "instagram", "other_social",
            "description", "description_en", "languages", "activities", "tags_text", "logo",
            "published_on", "consent_given_by", "consent_given_on", "consent_wording",
            "contact_status", "notes",
        ]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "consent_given_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "languages": forms.SelectMultiple(attrs={"size": 8}),
            "activities": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "consent_wording": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Organisation.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Det finnes allerede en organisasjon med dette navnet."))
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("published_on") and not (cleaned.get("consent_given_by") and cleaned.get("consent_given_on")):
            self.add_error(
                "published_on",
                _("En oppføring kan bare publiseres når organisasjonens samtykke er registrert (hvem og når)."),
            )
        return cleaned


class PublicListingForm(TagsMixin):
    """What an organisation editor may change: the public listing only."""

    class Meta:
        model = Organisation
        fields = [f for f in PUBLIC_LISTING_FIELDS if f != "tags_text"]
        widgets = {
            "languages": forms.SelectMultiple(attrs={"size": 8}),
            "activities": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone"]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    language = forms.ChoiceField(label=_("Språk"), required=False)
    municipality = forms.ChoiceField(label=_("Kommune"), required=False)

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        public_kinds = [(value, label) for value, label in Kind.choices]
        self.fields["kind"].choices = [("", _("Alle typer"))] + public_kinds
        self.fields["language"].choices = [("", _("Alle språk"))] + [
            (code, name) for code, name in Language.objects.values_list("code", "name_nb")
        ]
        self.fields["municipality"].choices = [("", _("Alle kommuner"))] + [(m, m) for m in municipalities]
        for name in ("kind", "language", "municipality"):
            self.fields[name].widget.attrs["class"] = "form-select"


class OrganisationListFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Alle typer"))] + list(Kind.choices))
    state = forms.ChoiceField(
        label=_("Vis"),
        required=False,
        choices=[
            ("", _("Aktive")),
            ("published", _("Publiserte")),
            ("unpublished", _("Ikke publiserte")),
            ("archived", _("Arkiverte")),
            ("all", _("Alle")),
        ],
    )
