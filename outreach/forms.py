from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import ContactPerson, Organisation
from outreach.models import Contact, EventInvitation, Guidance, Outcome
from portal.text.collation import norwegian


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _choosable_organisations(form):
    """Active organisations, plus the record's own if it has since been archived (so an old
    record can still be edited)."""
    current = getattr(form.instance, "organisation_id", None)
    return Organisation.objects.filter(Q(archived_at__isnull=True) | Q(pk=current)).order_by(norwegian("name"))


def _organisation_id(form, field="organisation"):
    """The organisation the form is about: posted, given as initial, or the instance's."""
    value = form.data.get(form.add_prefix(field)) if form.is_bound else form.initial.get(field)
    if isinstance(value, Organisation):
        return value.pk
    if value in (None, "") and form.instance.pk:
        return getattr(form.instance, f"{field}_id")
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "organisation",
            "date",
            "channel",
            "direction",
            "outcome",
            "persons_met",
            "head_count",
            "note",
            "follow_up_on",
        ]
        widgets = {
            "date": DateInput(),
            "follow_up_on": DateInput(),
            "persons_met": forms.CheckboxSelectMultiple(),
            "channel": forms.RadioSelect(),
            "direction": forms.RadioSelect(),
            "outcome": forms.RadioSelect(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "follow_up_on": _("Dagen kontakten skal følges opp. Vises på oversikten til den er utført."),
            "persons_met": _("Kontaktpersonene dere møtte fysisk. Telles bare når resultatet er «Møtt»."),
        }

    def __init__(self, *args, fixed_organisation=True, compact=False, **kwargs):
        super().__init__(*args, **kwargs)
        if compact:
            # The quick entry beside the organisation's page: drop-downs keep it short.
            for name in ("channel", "direction", "outcome"):
                self.fields[name].widget = forms.Select(choices=self.fields[name].choices)
        if not self.instance.pk:
            self.fields["date"].initial = timezone.localdate()
        self.fields["organisation"].queryset = _choosable_organisations(self)
        if fixed_organisation:
            # Chosen beforehand (the search, or the organisation's page): not a 200-item select.
            self.fields["organisation"].widget = forms.HiddenInput()
        organisation_id = _organisation_id(self)
        persons = ContactPerson.objects.filter(organisation_id=organisation_id).order_by(norwegian("name"))
        if organisation_id and persons.exists():
            self.fields["persons_met"].queryset = persons
        else:
            # No one to tick: the head count is the only way to record people met.
            del self.fields["persons_met"]

    def clean(self):
        cleaned = super().clean()
        persons = cleaned.get("persons_met")
        if (persons or cleaned.get("head_count")) and cleaned.get("outcome") != Outcome.MET:
            self.add_error(
                "outcome", _("Personer møtt registreres bare når resultatet er «Møtt».")
            )
        follow_up_on, date = cleaned.get("follow_up_on"), cleaned.get("date")
        if follow_up_on and date and follow_up_on < date:
            self.add_error("follow_up_on", _("Oppfølgingen kan ikke være før kontakten."))
        return cleaned


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Søk etter organisasjon"), max_length=100, required=False)


class GuidanceForm(forms.ModelForm):
    class Meta:
        model = Guidance
        fields = [
            "date",
            "organisation",
            "person_name",
            "person_reply_to",
            "topic",
            "request",
            "status",
            "minutes_spent",
            "outcome",
        ]
        widgets = {
            "date": DateInput(),
            "request": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "organisation": _("Velg organisasjonen eller den kommunale virksomheten som spurte."),
            "person_name": _(
                "Bare når en person uten organisasjon spurte. Registrer ikke mer om personen enn navn og "
                "hvordan vi svarer."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["date"].initial = timezone.localdate()
        self.fields["organisation"].queryset = _choosable_organisations(self)
        self.fields["organisation"].required = False

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        name = (cleaned.get("person_name") or "").strip()
        reply_to = (cleaned.get("person_reply_to") or "").strip()
        if organisation and (name or reply_to):
            self.add_error(
                "person_name", _("Velg enten en organisasjon eller en person uten organisasjon, ikke begge.")
            )
        elif not organisation and not name:
            self.add_error("organisation", _("Velg hvem som spurte: en organisasjon eller en person."))
        cleaned["person_name"], cleaned["person_reply_to"] = name, reply_to
        return cleaned


class EventInvitationForm(forms.ModelForm):
    class Meta:
        model = EventInvitation
        fields = ["date", "organisation", "title", "response", "note"]
        widgets = {
            "date": DateInput(),
            "response": forms.RadioSelect(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _choosable_organisations(self)


class PersonEraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Jeg forstår at personen slettes for godt. Tallene for møtte personer beholdes uten navn."),
    )
