import json

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import ContactPerson, Event, Kind, Language, Organisation, OtherNeed, PremisesNeed
from portal.text.collation import sort_key
from portal.text.language_tags import text_direction
from portal.text.formatted import RichTextFormField
from organisations.validators import reencode_image, validate_image_dimensions, validate_logo

PUBLIC_LISTING_FIELDS = [
    "description", "description_en", "languages", "activities", "tags_text", "active_in",
    "address", "meeting_place", "meeting_times",
    "email", "phone", "website", "facebook", "instagram", "other_social", "logo",
]


class LogoMixin(forms.ModelForm):
    """A new logo is checked by its content and size, then stored as a freshly encoded PNG."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "logo" in self.fields:
            self.fields["logo"].widget.attrs.update(
                {"accept": "image/png,image/jpeg,image/gif,image/webp", "data-max-bytes": settings.LOGO_MAX_BYTES}
            )
            self.fields["logo"].help_text = _("PNG, JPEG, GIF eller WebP, høyst 2 MB.")

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            validate_logo(logo)
            validate_image_dimensions(logo)
            logo = reencode_image(logo)
        return logo


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


class EnglishDescriptionMixin(forms.ModelForm):
    """The English description's editor is marked English, so it is read and spell-checked as English."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description_en" in self.fields:
            self.fields["description_en"].widget.attrs.update({"lang": "en", "dir": "ltr"})


class OrganisationForm(EnglishDescriptionMixin, LogoMixin, TagsMixin):
    """Everything a coordinator keeps about an organisation."""

    class Meta:
        model = Organisation
        fields = [
            "name", "kind", "org_number", "municipality", "active_in", "address", "email", "phone",
            "website", "facebook", "instagram", "other_social",
            "description", "description_en", "languages", "activities", "tags_text", "logo",
            "meeting_place", "meeting_times",
            "published_on",
            "notes",
        ]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "languages": forms.SelectMultiple(attrs={"size": 8}),
            "active_in": forms.SelectMultiple(attrs={"size": 8}),
            "activities": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Organisation.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Det finnes allerede en organisasjon med dette navnet."))
        return name

    # Not columns of the organisation: a consent typed in here is recorded as a Consent
    # (organisations.services.organisation_save_form); the consent page lists them all.
    consent_given_by = forms.CharField(
        label=_("Samtykke gitt av"), max_length=200, required=False,
        help_text=_("Hvem i organisasjonen som samtykket til en offentlig oppføring."),
    )
    consent_given_on = forms.DateField(
        label=_("Samtykke gitt"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    field_order = [
        *Meta.fields[:Meta.fields.index("published_on") + 1], "consent_given_by", "consent_given_on",
        *Meta.fields[Meta.fields.index("published_on") + 1:],
    ]

    def clean(self):
        cleaned = super().clean()
        has_consent = self.instance.pk and self.instance.consents.filter(withdrawn_at__isnull=True).exists()
        typed = cleaned.get("consent_given_by") and cleaned.get("consent_given_on")
        if cleaned.get("published_on") and not (has_consent or typed):
            self.add_error(
                "published_on",
                _("En oppføring kan bare publiseres når organisasjonens samtykke er registrert (hvem og når)."),
            )
        return cleaned


class PublicListingForm(EnglishDescriptionMixin, LogoMixin, TagsMixin):
    """What an organisation editor may propose: the public listing only.

    Validated against the organisation but never saved to it: the cleaned data becomes a
    ListingRevision that waits for a coordinator (organisations.services.listing_revision_submit).
    """

    field_order = PUBLIC_LISTING_FIELDS

    class Meta:
        model = Organisation
        fields = [f for f in PUBLIC_LISTING_FIELDS if f != "tags_text"]
        widgets = {
            "languages": forms.SelectMultiple(attrs={"size": 8}),
            "active_in": forms.SelectMultiple(attrs={"size": 8}),
            "activities": forms.CheckboxSelectMultiple,
        }


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "starts_at", "ends_at", "location", "description", "language", "audience"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "audience": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["ends_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["ends_at"].help_text = _("Kan stå tom.")

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at < timezone.now() and (not self.instance.pk or starts_at != self.instance.starts_at):
            raise forms.ValidationError(_("Arrangementet må ligge fram i tid."))
        return starts_at

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("Slutten kan ikke være før starten."))
        return cleaned


class ModerationForm(forms.Form):
    """The coordinator's decision on a proposed change or event."""

    decision = forms.ChoiceField(
        label=_("Beslutning"),
        choices=[("approve", _("Godkjenn")), ("reject", _("Avvis"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Melding til redaktøren"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sendes på e-post. Må fylles ut ved avvisning."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("message", "").strip():
            self.add_error("message", _("Skriv hvorfor endringen avvises, så redaktøren kan rette den."))
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Redaktørens e-postadresse"), max_length=254)


class AcceptInvitationForm(forms.Form):
    """The new editor's password, checked by Django's password validators."""

    password1 = forms.CharField(
        label=_("Velg passord"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Gjenta passordet"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        from django.contrib.auth import password_validation

        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Passordene er ikke like."))
        elif password1:
            try:
                password_validation.validate_password(password1, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ConsentForm(forms.Form):
    """A coordinator records the consent an organisation gave (on paper, by e-mail, in a meeting)."""

    given_by = forms.CharField(label=_("Gitt av (navn og rolle)"), max_length=200)
    given_on = forms.DateField(
        label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("Datoen kan ikke være fram i tid."))
        return given_on


class EditorConsentForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Jeg bekrefter at organisasjonen samtykker til teksten over, og at jeg kan gi samtykke på vegne av den."),
    )
    given_by = forms.CharField(label=_("Ditt navn og din rolle i organisasjonen"), max_length=200)


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone"]


SEARCH_MAX_LENGTH = 200


class DirectoryFilterForm(forms.Form):
    # A longer search is cut to the limit and the page says so (never an ignored filter).
    q = forms.CharField(label=_("Søk"), required=False)
    search_max_length = SEARCH_MAX_LENGTH
    kind = forms.ChoiceField(label=_("Type"), required=False)
    language = forms.ChoiceField(label=_("Språk"), required=False)
    municipality = forms.ChoiceField(label=_("Kommune"), required=False)

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        public_kinds = [(value, label) for value, label in Kind.choices]
        self.fields["kind"].choices = [("", _("Alle typer"))] + public_kinds
        self.fields["language"].choices = [("", _("Alle språk"))] + sorted(
            ((language.code, language.name) for language in Language.objects.only("code", "name_nb", "name_en")),
            key=lambda choice: sort_key(choice[1]),
        )
        self.fields["municipality"].choices = [("", _("Alle kommuner"))] + [(m, m) for m in municipalities]
        for name in ("kind", "language", "municipality"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.search_shortened = False

    def clean_q(self):
        query = self.cleaned_data["q"]
        if len(query) > SEARCH_MAX_LENGTH:
            self.search_shortened = True
            query = query[:SEARCH_MAX_LENGTH]
        return query


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
    # brreg.forms.OrganisationRegistryFilterForm adds Enhetsregisteret's flags (the coordinators' list).


# --- The listing's description in other languages (a formset beside either listing form) ------

# The main description is Norwegian and the English one has its own field (description_en, in the
# open data and the English pages): the formset holds every other language.
OWN_FIELD_LANGUAGES = ("no", "nb", "nn", "en")
DESCRIPTION_MAX_LENGTH = 5000
MAX_DESCRIPTIONS = 30


class DescriptionForm(forms.Form):
    language = forms.ChoiceField(label=_("Språk"))
    text = RichTextFormField(label=_("Beskrivelse"), max_length=DESCRIPTION_MAX_LENGTH)

    def __init__(self, *args, language_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Velg språk"))] + list(language_choices)
        self.fields["language"].widget.attrs["class"] = "form-select"
        # The editor is in the row's language: lang and dir of the chosen language (static/js/
        # richtext.js follows the select when it changes; dir="auto" until a language is chosen).
        code = (self.data.get(self.add_prefix("language")) if self.is_bound else None) or self.initial.get("language")
        code = code if code in dict(language_choices) else None
        self.fields["text"].widget.attrs.update(
            {"data-richtext-lang-from": self["language"].auto_id, "dir": text_direction(code) if code else "auto",
             **({"lang": code} if code else {})}
        )
        self.fields["language"].widget.attrs["data-richtext-directions"] = json.dumps(
            {value: "rtl" for value, _label in language_choices if text_direction(value) == "rtl"}
        )


def description_language_choices():
    """(code, "name (code)") of the project's languages list, less the ones with their own field."""
    return [
        (code, f"{name} ({code})")
        for code, name in Language.objects.exclude(code__in=OWN_FIELD_LANGUAGES).values_list("code", "name_nb")
    ]


class BaseDescriptionFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "descriptions")
        super().__init__(*args, **kwargs)
        self._choices = description_language_choices()

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "language_choices": self._choices}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True,
            use_required_attribute=False, language_choices=self._choices,
        )
        self.add_fields(form, None)
        return form

    def _kept(self):
        # Unchanged rows of the current descriptions are kept too; an untouched empty row is not.
        return [
            form for form in self.forms
            if not self._should_delete_form(form) and (getattr(form, "cleaned_data", None) or {}).get("language")
        ]

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self._kept():
            code = form.cleaned_data["language"]
            if code in seen:
                form.add_error("language", _("Hvert språk kan bare ha én beskrivelse."))
            seen.add(code)

    def is_complete(self):
        """Valid, or not sent at all (a form posted without the formset changes no description)."""
        return not self.is_bound or self.is_valid()

    def descriptions_or_none(self):
        """descriptions(), or None when the formset was not sent (keep the descriptions as they are)."""
        return self.descriptions() if self.is_bound else None

    def descriptions(self):
        """The rows to keep, as [{"language": code, "text": …}] (removed and empty rows left out)."""
        return [
            {"language": form.cleaned_data["language"], "text": form.cleaned_data["text"]}
            for form in self._kept()
        ]


DescriptionFormSet = forms.formset_factory(
    DescriptionForm, formset=BaseDescriptionFormSet, extra=1, can_delete=True,
    max_num=MAX_DESCRIPTIONS, validate_max=True, absolute_max=MAX_DESCRIPTIONS + 10,
)


def description_formset(data=None, *, descriptions=()):
    """The formset for these descriptions ([{"language", "text"}]), bound when `data` is given."""
    initial = [{"language": item["language"], "text": item["text"]} for item in descriptions]
    if data is not None and "descriptions-TOTAL_FORMS" not in data:
        data = None  # posted without the formset (an older page, a script): descriptions stay as they are
    return DescriptionFormSet(data, initial=initial)


# --- The organisation's own record, kept by its editors (private) ---------------------------


class OrganisationRecordForm(forms.ModelForm):
    """Member count and needs other than premises: saved at once (private, nothing to moderate)."""

    other_needs = forms.MultipleChoiceField(
        label=_("Andre behov"), choices=OtherNeed.choices, required=False, widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = ["member_count", "other_needs", "other_needs_note"]
        widgets = {"other_needs_note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"other_needs_note": _("Fortell gjerne mer om behovene, eller om et behov som ikke står i listen.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_count"].widget.attrs.update({"inputmode": "numeric", "min": 0})
        self.fields["member_count"].max_value = 10_000_000
        self.fields["member_count"].validators.append(MaxValueValidator(10_000_000))

    def clean_other_needs(self):
        chosen = self.cleaned_data["other_needs"]
        return [value for value, _label in OtherNeed.choices if value in chosen]  # the list's order


class PremisesNeedForm(forms.ModelForm):
    class Meta:
        model = PremisesNeed
        fields = ["weekday", "starts_at", "ends_at", "people", "area", "frequency", "purpose"]
        widgets = {
            "weekday": forms.Select(attrs={"class": "form-select"}),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "frequency": forms.RadioSelect,
        }
        help_texts = {
            "people": _("Hvor mange som kommer. Fyll ut dette, størrelsen eller begge."),
            "area": _("Omtrent hvor stort lokalet må være, i kvadratmeter."),
            "purpose": _("For eksempel «leksehjelp» eller «kulturkveld med dans»."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("people", "area"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": 1})
            self.fields[name].validators.append(MaxValueValidator(100_000))
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%H:%M", "%H.%M", "%H:%M:%S"]

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("Slutten må være etter starten (samme dag)."))
        if not self.errors and not cleaned.get("people") and not cleaned.get("area"):
            self.add_error("people", _("Skriv hvor mange som kommer, hvor stort lokalet må være, eller begge."))
        return cleaned
