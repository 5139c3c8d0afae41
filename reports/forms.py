from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models import ReportSection


class NewReportForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class SectionForm(forms.ModelForm):
    class Meta:
        model = ReportSection
        fields = ["heading", "level", "body", "generated"]


class ApproveForm(forms.Form):
    approved_by_body = forms.CharField(label=_("Godkjent av"), max_length=200, initial=_("Erfaringspanelet"))
    approved_on = forms.DateField(
        label=_("Dato for godkjenning"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
