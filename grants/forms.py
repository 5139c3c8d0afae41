from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import ApplicationStatus, Attachment, Complaint, GrantApplication, GrantRound, GrantScheme, Part, UseReport
from organisations.models import Organisation
from portal.text.collation import norwegian
from portal.privacy.files import ACCEPT_ATTRIBUTE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SchemeForm(forms.ModelForm):
    class Meta:
        model = GrantScheme
        fields = ["name", "funder", "purpose", "criteria", "offers_operating", "offers_activity"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}), "criteria": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        data = super().clean()
        if not data.get("offers_operating") and not data.get("offers_activity"):
            raise forms.ValidationError(_("Ordningen må gi driftsstøtte, aktivitetsstøtte eller begge."))
        return data


class RoundForm(forms.ModelForm):
    class Meta:
        model = GrantRound
        fields = ["scheme", "year", "allocation", "opens_on", "deadline", "report_due_on", "announcement", "published"]
        widgets = {
            "opens_on": DateInput(),
            "deadline": DateInput(),
            "report_due_on": DateInput(),
            "announcement": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Oppgi et årstall mellom 2000 og 2100."))
        return year

    def clean(self):
        data = super().clean()
        opens_on, deadline = data.get("opens_on"), data.get("deadline")
        if opens_on and deadline and opens_on > deadline:
            self.add_error("opens_on", _("Runden må åpne før søknadsfristen."))
        return data


class ApplicationForm(forms.ModelForm):
    """What the organisation applies for. Members count for operating support, expected
    participants for activity support."""

    class Meta:
        model = GrantApplication
        fields = ["part", "project", "description", "applied_amount", "members", "participants"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, grant_round, submitting=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.grant_round = grant_round
        # A draft may be incomplete; what the assessment needs is asked for when it is sent.
        self.submitting = submitting
        self.fields["part"].choices = [(part.value, part.label) for part in grant_round.scheme.parts()]
        self.fields["applied_amount"].widget.attrs["min"] = 1

    def clean(self):
        data = super().clean()
        part = data.get("part") if self.submitting else None
        if part == Part.OPERATING and data.get("members") is None:
            self.add_error("members", _("Oppgi antall medlemmer for driftsstøtte."))
        if part == Part.ACTIVITY and data.get("participants") is None:
            self.add_error("participants", _("Oppgi forventet antall deltakere for aktivitetsstøtte."))
        if part == Part.ACTIVITY and not data.get("project"):
            self.add_error("project", _("Gi tiltaket et navn."))
        if data.get("applied_amount") == 0:
            self.add_error("applied_amount", _("Søkt beløp må være minst 1 kr."))
        return data


class PaperApplicationForm(ApplicationForm):
    class Meta(ApplicationForm.Meta):
        fields = ["organisation"] + ApplicationForm.Meta.fields + ["note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active().order_by(norwegian("name"))


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = GrantApplication
        fields = ["assessment"]
        widgets = {"assessment": forms.Textarea(attrs={"rows": 5})}


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("vedtak"),
        choices=[(s.value, s.label) for s in (ApplicationStatus.GRANTED, ApplicationStatus.REFUSED, ApplicationStatus.WITHDRAWN)],
        widget=forms.RadioSelect,
    )
    granted_amount = forms.IntegerField(label=_("innvilget beløp (kr)"), required=False, min_value=1, max_value=2_000_000_000)
    reason = forms.CharField(label=_("begrunnelse"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    decided_on = forms.DateField(label=_("vedtaksdato"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application

    def clean(self):
        data = super().clean()
        status, amount = data.get("status"), data.get("granted_amount")
        if status == ApplicationStatus.GRANTED:
            if amount is None:
                self.add_error("granted_amount", _("Oppgi innvilget beløp."))
            elif amount > self.application.applied_amount:
                self.add_error("granted_amount", _("Innvilget beløp kan ikke være større enn søkt beløp."))
        elif amount is not None:
            self.add_error("granted_amount", _("Beløp oppgis bare når søknaden innvilges."))
        if status == ApplicationStatus.REFUSED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Et avslag må begrunnes."))
        return data


class PaymentForm(forms.ModelForm):
    class Meta:
        model = GrantApplication
        fields = ["paid_on", "paid_amount"]
        widgets = {"paid_on": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("paid_on") is None:
            self.add_error("paid_on", _("Oppgi utbetalingsdato."))
        amount = data.get("paid_amount")
        if amount is None:
            self.add_error("paid_amount", _("Oppgi utbetalt beløp."))
        elif self.instance.granted_amount is not None and amount > self.instance.granted_amount:
            self.add_error("paid_amount", _("Utbetalt beløp kan ikke være større enn innvilget beløp."))
        return data


class ComplaintForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = ["received_on", "grounds"]
        widgets = {"received_on": DateInput(), "grounds": forms.Textarea(attrs={"rows": 4})}


class ComplaintOutcomeForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = ["outcome", "outcome_on", "outcome_note"]
        widgets = {"outcome_on": DateInput(), "outcome_note": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("outcome") and data["outcome"] != Complaint.Outcome.PENDING and not data.get("outcome_on"):
            self.add_error("outcome_on", _("Oppgi når klagen ble avgjort."))
        return data


class GuidanceLinkForm(forms.Form):
    guidance = forms.ModelMultipleChoiceField(
        label=_("veiledning gitt på søknaden"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guidance"].queryset = choices
        self.fields["guidance"].label_from_instance = lambda g: f"{g.date:%d.%m.%Y} – {g.get_topic_display()}"


class UseReportForm(forms.ModelForm):
    class Meta:
        model = UseReport
        fields = ["what_was_done", "participants", "amount_used", "unused_amount"]
        widgets = {"what_was_done": forms.Textarea(attrs={"rows": 6})}

    def clean(self):
        data = super().clean()
        if not (data.get("what_was_done") or "").strip():
            self.add_error("what_was_done", _("Fortell hva tilskuddet ble brukt til."))
        granted = self.instance.application.granted_amount or 0
        used, unused = data.get("amount_used"), data.get("unused_amount")
        if used is None:
            self.add_error("amount_used", _("Oppgi hvor mye som ble brukt."))
        if used is not None and unused is not None and used + unused != granted:
            self.add_error("unused_amount", _("Brukt og ubrukt beløp skal til sammen bli det innvilgede beløpet (%(amount)s kr).") % {"amount": granted})
        return data


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["kind", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})}


