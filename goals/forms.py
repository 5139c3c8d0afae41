from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Kind, Organisation
from goals.models import MANUAL, Goal, GoalValue, Measure, MeasureYear, PlanItem, PlanItemYear
from portal.reporting import figures
from portal.web.params import YEAR_MAX, YEAR_MIN



def indicator_choices():
    """Every figure of the report (docs/domain.md) and "typed in per year"."""
    return [(MANUAL, _("Føres inn for hånd for hvert år"))] + [(key, label) for key, (_d, label) in figures.FIGURES.items()]


def _accept_decimal_comma(form, *names):
    """Norwegian users type 12,5: localized number fields read the comma."""
    for name in names:
        field = form.fields[name]
        field.localize = True
        # A text input: a type=number input would refuse the localized value «12,5» it is given.
        field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        field.widget.is_localized = True


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("År"))
        super().__init__(min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


class YearSelectForm(forms.Form):
    aar = YearField(label=_("Vis år"))  # ?aar=, the one year parameter of every page


class GoalForm(forms.ModelForm):
    indicator_key = forms.ChoiceField(
        label=_("Indikator"),
        help_text=_("Et av tallene i årsrapporten, eller et tall dere fører inn for hvert år."),
    )

    class Meta:
        model = Goal
        fields = [
            "title", "source", "description", "indicator_key", "baseline_year", "baseline_value",
            "target_kind", "target_value", "direction", "position",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_key"].choices = indicator_choices()
        self.fields["baseline_year"].widget.attrs.update({"min": YEAR_MIN, "max": YEAR_MAX})
        _accept_decimal_comma(self, "baseline_value", "target_value")

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if Goal.objects.filter(title__iexact=title).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Det finnes allerede et mål med denne tittelen."))
        return title


class GoalValueForm(forms.ModelForm):
    year = YearField()

    class Meta:
        model = GoalValue
        fields = ["year", "value", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _accept_decimal_comma(self, "value")


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["plan_name", "chapter", "position", "text", "responsible_unit"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = Organisation.objects.active().filter(
            kind=Kind.MUNICIPAL_SERVICE
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        plan, position = cleaned.get("plan_name"), cleaned.get("position")
        if plan and position is not None:
            clash = PlanItem.objects.filter(plan_name=plan, position=position).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("position", _("Planen har allerede et punkt med dette nummeret."))
        return cleaned


class PlanItemYearForm(forms.ModelForm):
    class Meta:
        model = PlanItemYear
        fields = ["status", "achieved_text", "goals", "measures"]
        widgets = {
            "achieved_text": forms.Textarea(attrs={"rows": 5}),
            "goals": forms.CheckboxSelectMultiple,
            "measures": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "achieved_text": _("Enkel HTML er lov (avsnitt, lister, lenker, uthevet). Alt annet fjernes."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out, the status stays as it was (a new year's item starts as not started).
        self.fields["status"].required = False


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["position", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MeasureYearForm(forms.ModelForm):
    class Meta:
        model = MeasureYear
        fields = ["status", "deliverables"]
        widgets = {"deliverables": forms.Textarea(attrs={"rows": 4})}
