from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from mailings.models import Mailing, MailingAttachment, MailingLanguage, Segment
from portal.text.collation import norwegian
from portal.privacy.files import ACCEPT_ATTRIBUTE
from mailings.selectors import is_suppressed
from organisations.models import ActivityCategory, ContactPerson, Kind, Language, Organisation
from panel.models import Meeting, MeetingSeries
from grants.models import GrantRound

BODY_HELP = _(
    "Avsnitt, overskrifter, fet og kursiv skrift, lister og lenker. Tekst limt inn fra Word renses. "
    "Skriv {organisasjon} der organisasjonens navn skal stå."
)


class SegmentForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("Typer"), choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    municipalities = forms.MultipleChoiceField(
        label=_("Kommuner"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Segment
        fields = [
            "name",
            "kinds",
            "languages",
            "municipalities",
            "activities",
            "attended_year",
            "attended_series",
            "not_contacted_months",
            "invited_meeting",
            "grant_round",
        ]
        widgets = {
            "languages": forms.SelectMultiple(attrs={"size": 6}),
            "activities": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "languages": _("Organisasjoner som bruker minst ett av språkene."),
            "activities": _("Organisasjoner med minst én av aktivitetene."),
            "attended_year": _("Organisasjoner som var til stede på et møte i Erfaringspanelet (eller møteserien under) dette året."),
            "attended_series": _("Tom: Erfaringspanelet. Gjelder bare sammen med året over."),
            "not_contacted_months": _("Organisasjoner uten logget kontakt de siste månedene."),
            "invited_meeting": _("Organisasjoner som er invitert til møtet og ikke har svart."),
            "grant_round": _("Organisasjoner som har sendt en søknad i runden (utkast teller ikke)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        municipalities = (
            Organisation.objects.active().exclude(municipality="").values_list("municipality", flat=True).distinct()
        )
        chosen = list(self.instance.municipalities or []) if self.instance.pk else []
        self.fields["municipalities"].choices = [(name, name) for name in sorted(set(municipalities) | set(chosen))]
        self.fields["languages"].queryset = Language.objects.order_by("name_nb")
        self.fields["activities"].queryset = ActivityCategory.objects.order_by("pk")

        self.fields["attended_series"].queryset = MeetingSeries.objects.order_by(norwegian("name"))
        self.fields["attended_series"].empty_label = _("Erfaringspanelet")
        self.fields["invited_meeting"].queryset = Meeting.objects.filter(
            date__gte=timezone.localdate().replace(year=timezone.localdate().year - 2)
        ).order_by("-date")

        self.fields["grant_round"].queryset = GrantRound.objects.select_related("scheme").order_by("-year", "scheme__name")
        self.fields["attended_year"].widget.attrs.update({"min": 2000, "max": 2100})
        self.fields["not_contacted_months"].widget.attrs.update({"min": 1, "max": 120})

    def clean_attended_year(self):
        year = self.cleaned_data.get("attended_year")
        if year is not None and not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Skriv et år mellom 2000 og 2100."))
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("attended_series") and not cleaned.get("attended_year"):
            self.add_error("attended_year", _("Skriv året møteserien gjelder."))
        return cleaned

    def clean_not_contacted_months(self):
        months = self.cleaned_data.get("not_contacted_months")
        if months is not None and not 1 <= months <= 120:
            raise forms.ValidationError(_("Skriv et antall måneder mellom 1 og 120."))
        return months


class MailingForm(forms.ModelForm):
    class Meta:
        model = Mailing
        fields = ["segment", "subject", "body", "subject_en", "body_en"]
        help_texts = {
            "subject": _("Skriv {organisasjon} der organisasjonens navn skal stå."),
            "body": BODY_HELP,
            "subject_en": _("Organisasjoner som foretrekker engelsk får den engelske teksten når den er fylt ut."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].required = True
        self.fields["segment"].empty_label = _("Velg et utvalg")

    def clean_body(self):
        # Already cleaned by the editor's field (portal.text.formatted); an editor left with only empty
        # paragraphs cleans to nothing.
        body = self.cleaned_data.get("body", "")
        if not body.strip():
            raise forms.ValidationError(_("Skriv en tekst."))
        return body

    def clean(self):
        cleaned = super().clean()
        subject_en, body_en = cleaned.get("subject_en", "").strip(), cleaned.get("body_en", "").strip()
        if bool(subject_en) != bool(body_en):
            self.add_error("body_en" if subject_en else "subject_en", _("Fyll ut både emne og tekst på engelsk, eller ingen av dem."))
        return cleaned


class OrganisationLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Språk for utsendelser"), choices=MailingLanguage.choices)


class AttachmentForm(forms.ModelForm):
    """One file for a mailing; all of a mailing's files together stay within ATTACHMENT_MAX_BYTES
    (each goes to every recipient)."""

    class Meta:
        model = MailingAttachment
        fields = ["file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})}

    def __init__(self, *args, mailing, **kwargs):
        super().__init__(*args, **kwargs)
        self.mailing = mailing

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is None:
            return uploaded
        used = sum(self.mailing.attachments.values_list("size", flat=True))
        limit = settings.ATTACHMENT_MAX_BYTES
        if used + uploaded.size > limit:
            raise forms.ValidationError(
                _("Vedleggene blir for store til sammen (høyst %(limit)s per utsendelse).")
                % {"limit": filesizeformat(limit)}
            )
        return uploaded


class EditorContactPersonForm(forms.ModelForm):
    """A contact person as the organisation's editor keeps them, with the person's own consent to
    mailings. The box is never ticked for anyone: an editor records a yes the person gave, and a
    person who has opted out (or whose address is suppressed) cannot be signed up again here."""

    receives_mailings = forms.BooleanField(
        label=_("Personen har selv sagt ja til å få utsendelser fra mangfoldskoordinatorene på e-post"),
        required=False,
        help_text=_("Kryss bare av når personen har sagt ja. Personen kan melde seg av med lenken i hver utsendelse."),
    )

    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, preference=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.preference = preference
        field = self.fields["receives_mailings"]
        field.initial = bool(preference and preference.receives_mailings)
        if preference is not None and preference.opted_out_at is not None:
            # Withdrawal stands: only the person, through the coordinators, can take it back.
            field.disabled = True
            field.help_text = _(
                "Personen har meldt seg av utsendelsene (%(when)s). Bare personen selv kan be koordinatorene om å få dem igjen."
            ) % {"when": date_format(timezone.localtime(preference.opted_out_at).date(), "DATE_FORMAT")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("receives_mailings") and not self.fields["receives_mailings"].disabled:
            email = cleaned.get("email")
            already = bool(self.preference and self.preference.receives_mailings)
            if not email:
                self.add_error("email", _("Skriv e-postadressen utsendelsene skal gå til."))
            elif not already and is_suppressed(email):
                self.add_error(
                    "receives_mailings",
                    _("Denne adressen er meldt av utsendelsene. Bare personen selv kan be koordinatorene om å få dem igjen."),
                )
        return cleaned
