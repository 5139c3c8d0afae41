from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.web.forms import DATE, SearchableCheckboxes
from activities.models import Activity
from networks.models import Agreement, Relationship, RelationshipProposal
from organisations.models import Event, ModerationStatus, Organisation
from panel.models import Meeting
from portal.text.collation import norwegian

def _organisations(chosen=()):
    """Organisations still in the registry, and any archived one the record already names."""
    return Organisation.objects.filter(Q(archived_at__isnull=True) | Q(pk__in=list(chosen))).order_by(norwegian("name"))

class RelationshipForm(forms.ModelForm):
    class Meta:
        model = Relationship
        fields = ["organisation", "kind", "other", "starts_on", "ends_on", "note"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "kind": _("Les: organisasjonen er medlem av, lokallag av eller samarbeidspartner med den andre."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = [pk for pk in (self.instance.organisation_id, self.instance.other_id) if pk]
        for name in ("organisation", "other"):
            self.fields[name].queryset = _organisations(chosen)

    def clean(self):
        cleaned = super().clean()
        organisation, other, kind = cleaned.get("organisation"), cleaned.get("other"), cleaned.get("kind")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if organisation and other and organisation == other:
            self.add_error("other", _("En organisasjon kan ikke ha en forbindelse med seg selv."))
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Forbindelsen må slutte samme dag eller senere enn den starter."))
        if organisation and other and kind and not ends_on:
            # A current relationship the other way round: a partnership is one record, and
            # "A member of B" beside "B member of A" contradicts itself.
            reverse = Relationship.objects.filter(organisation=other, other=organisation, ends_on__isnull=True)
            if self.instance.pk:
                reverse = reverse.exclude(pk=self.instance.pk)
            if reverse.exists():
                self.add_error("other", _("Den andre veien er denne forbindelsen allerede registrert."))
        return cleaned

class AgreementForm(forms.ModelForm):
    parties = forms.ModelMultipleChoiceField(
        label=_("Parter"),
        queryset=Organisation.objects.none(),
        widget=SearchableCheckboxes,
        help_text=_("To eller flere: organisasjoner og kommunale virksomheter."),
    )

    class Meta:
        model = Agreement
        fields = ["title", "parties", "text", "starts_on", "ends_on", "meeting", "activity", "event"]
        widgets = {"starts_on": DATE, "ends_on": DATE}
        help_texts = {
            "title": _("Tittelen og teksten vises på de publiserte partenes oppføringer og i årsrapporten."),
            "meeting": _("Valgfritt: møtet avtalen ble inngått på."),
            "activity": _("Valgfritt: for eksempel Frivilligbørsen."),
            "event": _("Valgfritt: en organisasjons arrangement."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = list(self.instance.links.values_list("organisation_id", flat=True)) if self.instance.pk else []
        self.fields["parties"].queryset = _organisations(chosen)
        if chosen:
            self.initial.setdefault("parties", chosen)
        self.fields["meeting"].queryset = Meeting.objects.select_related("series").order_by("-date", "-pk")
        self.fields["activity"].queryset = Activity.objects.order_by("-date", "-pk")
        self.fields["event"].queryset = Event.objects.filter(
            Q(status=ModerationStatus.APPROVED) | Q(pk=self.instance.event_id or 0)
        ).select_related("organisation").order_by("-starts_at", "-pk")
        self.fields["event"].label_from_instance = lambda event: f"{event.title} ({event.organisation}, {event.starts_at:%d.%m.%Y})"

    def clean(self):
        cleaned = super().clean()
        parties = cleaned.get("parties")
        if parties is not None and len(parties) < 2:
            self.add_error("parties", _("En avtale har minst to parter."))
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Avtalen må slutte samme dag eller senere enn den starter."))
        if sum(1 for name in ("meeting", "activity", "event") if cleaned.get(name)) > 1:
            self.add_error("meeting", _("Velg høyst ett møte, én aktivitet eller ett arrangement."))
        return cleaned

class RelationshipFilterForm(forms.Form):
    organisasjon = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class RelationshipProposalForm(forms.ModelForm):
    """An editor proposes a relationship for their own organisation, with an organisation of the
    public directory (editors see nothing of the others)."""

    class Meta:
        model = RelationshipProposal
        fields = ["kind", "other", "starts_on", "message"]
        widgets = {"starts_on": DATE, "message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["other"].queryset = Organisation.objects.published().exclude(pk=organisation.pk).order_by(norwegian("name"))
        self.fields["other"].help_text = _("Organisasjoner i den offentlige katalogen.")

    def clean(self):
        cleaned = super().clean()
        kind, other = cleaned.get("kind"), cleaned.get("other")
        if kind and other and RelationshipProposal.objects.filter(
            organisation=self.organisation, kind=kind, other=other, status="pending"
        ).exists():
            self.add_error("other", _("Dette forslaget venter allerede på godkjenning."))
        return cleaned


class RejectionForm(forms.Form):
    message = forms.CharField(
        label=_("Melding til redaktøren"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Hvorfor forslaget ikke godkjennes."),
    )
