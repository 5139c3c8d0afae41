from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityKind, ActivityRole, Premises, Resource, ResourceKind
from goals.models import Measure, PlanItem
from organisations.models import Organisation
from portal.reporting import subchapters
from portal.text.collation import norwegian
from portal.web.forms import DATE, TIME, SearchableCheckboxes
from portal.web.params import YearForm


def _organisations_field(label, help_text=""):
    return forms.ModelMultipleChoiceField(
        label=label,
        required=False,
        queryset=Organisation.objects.none(),
        widget=SearchableCheckboxes,
        help_text=help_text,
    )


class ActivityForm(forms.ModelForm):
    co_organisers = _organisations_field(_("Medarrangører"), _("Bedrifter er organisasjoner av typen Næringsliv."))
    taking_part = _organisations_field(_("Organisasjoner som deltok"))
    gave_input = _organisations_field(_("Organisasjoner som ga innspill (høring)"))

    class Meta:
        model = Activity
        fields = [
            "kind", "title", "date", "end_date", "start_time", "end_time", "location", "participants", "public",
            "note", "channels", "case", "deadline", "input_sent", "outcome", "outlet", "url", "measures", "plan_items", *subchapters.FIELDS,
        ]
        widgets = {
            "date": DATE,
            "end_date": DATE,
            "deadline": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "case": forms.Textarea(attrs={"rows": 3}),
            "input_sent": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.CheckboxSelectMultiple,
            "plan_items": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = []
        if self.instance.pk:
            chosen = list(self.instance.links.values_list("organisation_id", flat=True))
            by_role = {}
            for organisation_id, role in self.instance.links.values_list("organisation_id", "role"):
                by_role.setdefault(role, []).append(organisation_id)
            self.initial.setdefault("co_organisers", by_role.get(ActivityRole.CO_ORGANISER, []))
            self.initial.setdefault("taking_part", by_role.get(ActivityRole.TAKING_PART, []))
            self.initial.setdefault("gave_input", by_role.get(ActivityRole.INPUT, []))
        from django.db.models import Q

        organisations = Organisation.objects.filter(Q(archived_at__isnull=True) | Q(pk__in=chosen)).order_by(norwegian("name"))
        for name in ("co_organisers", "taking_part", "gave_input"):
            self.fields[name].queryset = organisations
        self.fields["measures"].queryset = Measure.objects.order_by("position", "title")
        self.fields["plan_items"].queryset = PlanItem.objects.order_by("plan_name", "position")
        self.fields["participants"].widget.attrs.update({"min": 0, "max": 100000})

    def clean_participants(self):
        value = self.cleaned_data.get("participants")
        if value is not None and value > 100000:
            raise forms.ValidationError(_("Antall deltakere kan være høyst 100 000."))
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Aktiviteten må slutte etter at den starter."))
        if end and not start:
            self.add_error("start_time", _("Oppgi når aktiviteten starter."))
        date, end_date = cleaned.get("date"), cleaned.get("end_date")
        if date and end_date and end_date < date:
            self.add_error("end_date", _("Perioden må slutte samme dag eller senere enn den starter."))
        if cleaned.get("public") and cleaned.get("kind") in (ActivityKind.CONSULTATION, ActivityKind.MEDIA):
            self.add_error("public", _("Høringer og medieoppslag vises ikke i kalenderen."))
        return cleaned


class ActivityFilterForm(YearForm):  # ?aar=, as on every page
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Alle typer"))] + list(ActivityKind.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class PremisesForm(forms.ModelForm):
    class Meta:
        model = Premises
        fields = [
            "name", "owner", "address", "description", "capacity", "terms", "price", "how_to_book",
            "booking_url", "contact_email", "contact_phone", "public",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "how_to_book": forms.Textarea(attrs={"rows": 3})}


class ResourceForm(forms.ModelForm):

    class Meta:
        model = Resource
        fields = ["title", "kind", "description", "languages", "file", "url", "public"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "languages": forms.SelectMultiple(attrs={"size": 8}),
        }

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        has_file = bool(cleaned.get("file"))
        if kind == ResourceKind.LINK and not cleaned.get("url"):
            self.add_error("url", _("En lenke må ha en nettadresse."))
        if kind == ResourceKind.FILE and not has_file:
            self.add_error("file", _("Last opp filen."))
        if kind == ResourceKind.GUIDE and not (has_file or cleaned.get("url") or cleaned.get("description")):
            self.add_error("description", _("En veileder trenger en tekst, en fil eller en lenke."))
        return cleaned
