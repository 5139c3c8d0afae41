from django import forms
from django.forms.utils import ErrorDict
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from surveys.models import CHOICE_KINDS, NO, SCORE_MAX, SCORE_MIN, YES, Question, QuestionKind, Survey, new_token


class SurveyForm(forms.ModelForm):
    groups_text = forms.CharField(
        label=_("Respondentgrupper"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én gruppe per linje, f.eks. «Innvandrerorganisasjon» og «Kommunen». Resultatene vises per gruppe."),
    )

    class Meta:
        model = Survey
        fields = [
            "title", "introduction", "report_year", "opens_on", "closes_on",
            "allow_anonymous", "public_access", "min_group_size",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "introduction": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["groups_text"].initial = "\n".join(group.name for group in self.instance.groups.all())

    def clean_groups_text(self):
        names = [line.strip() for line in self.cleaned_data["groups_text"].splitlines() if line.strip()]
        if not names:
            raise forms.ValidationError(_("Skriv inn minst én respondentgruppe."))
        if any(len(name) > 100 for name in names):
            raise forms.ValidationError(_("Et gruppenavn kan ha høyst 100 tegn."))
        return names


def translation_languages():
    """The site's languages other than Norwegian bokmål (settings.LANGUAGES)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_name(code):
    from django.utils.translation import get_language_info

    return str(get_language_info(code)["name_translated"]).lower()


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["kind", "text", "help_text", "required", "low_label", "high_label", "choices", "shown_if_question", "shown_if_value"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        # The question in each other language of the site, beside the Norwegian text.
        translations = self.instance.translations if isinstance(self.instance.translations, dict) else {}
        fields = dict(self.fields)
        self.fields = {}
        for name, field in fields.items():
            self.fields[name] = field
            if name == "text":
                for code in translation_languages():
                    self.fields[f"text_{code}"] = forms.CharField(
                        label=_("Spørsmålet på %(language)s") % {"language": language_name(code)},
                        required=False,
                        max_length=500,
                        initial=translations.get(code, ""),
                        help_text=_("Valgfritt. Vises for dem som bruker portalen på dette språket; ellers vises den norske teksten."),
                    )
        earlier = survey.questions.exclude(kind=QuestionKind.TEXT).order_by("position")
        if self.instance.pk:
            earlier = earlier.filter(position__lt=self.instance.position)
        self.fields["shown_if_question"].queryset = earlier
        self.fields["shown_if_question"].required = False
        self.fields["shown_if_value"].help_text = _("For ja/nei: yes eller no. For score: et tall fra 1 til 5. For valg: valget.")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in CHOICE_KINDS and len([c for c in (data.get("choices") or "").splitlines() if c.strip()]) < 2:
            self.add_error("choices", _("Skriv inn minst to valg, ett per linje."))
        source = data.get("shown_if_question")
        value = (data.get("shown_if_value") or "").strip()
        if source and not value:
            self.add_error("shown_if_value", _("Velg hvilket svar som viser spørsmålet."))
        elif value and not source:
            self.add_error("shown_if_question", _("Velg spørsmålet svaret gjelder."))
        elif source:
            try:
                data["shown_if_value"] = source.normalise(value)
            except ValueError as error:
                self.add_error("shown_if_value", str(error))
        # Not a model field of the form: set on the instance that form.save() writes.
        self.instance.translations = {
            code: data[f"text_{code}"].strip() for code in translation_languages() if (data.get(f"text_{code}") or "").strip()
        }
        return data


class PersonalLinksForm(forms.Form):
    count = forms.IntegerField(label=_("Antall lenker"), min_value=1, max_value=500, initial=1)
    label = forms.CharField(label=_("Merknad"), max_length=100, required=False, help_text=_("Til eget bruk, f.eks. hvem lenkene er sendt til."))
    group = forms.ModelChoiceField(label=_("Respondentgruppe"), queryset=None, required=False, empty_label=_("Den som svarer velger"))

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = survey.groups.all()


ANONYMOUS_CHOICES = [("yes", _("Jeg svarer anonymt")), ("no", _("Jeg oppgir navn"))]
YES_NO_CHOICES = [(YES, _("Ja")), (NO, _("Nei"))]


def question_field_name(question):
    return f"q{question.pk}"


class AnswerForm(forms.Form):
    """One respondent's answers. Conditions are checked here, whatever the browser did:
    an answer to a question that is not shown is dropped; a required question that is shown
    must be answered."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, survey, link=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.link = link
        self.questions = list(survey.questions.all())
        self.groups = list(survey.groups.all())
        self.fields["key"].initial = new_token()
        self.fixed_group = link.group if link is not None and link.group_id else None
        if self.fixed_group is None and len(self.groups) == 1:
            self.fixed_group = self.groups[0]
        if self.fixed_group is None:
            self.fields["group"] = forms.ChoiceField(
                label=_("Hvem svarer du som?"),
                choices=[(str(group.pk), group.name) for group in self.groups],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": _("Velg hvem du svarer som."), "invalid_choice": _("Velg en av gruppene.")},
            )
        if survey.allow_anonymous:
            self.fields["anonymous"] = forms.ChoiceField(
                label=_("Vil du svare anonymt eller oppgi navn?"),
                choices=ANONYMOUS_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": _("Velg om du svarer anonymt eller med navn.")},
            )
        self.fields["name"] = forms.CharField(label=_("Navn"), max_length=200, required=False, widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "name"}))
        self.fields["email"] = forms.EmailField(label=_("E-post (valgfritt)"), required=False, widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}))
        for question in self.questions:
            self.fields[question_field_name(question)] = self._question_field(question)

    @staticmethod
    def _question_field(question):
        radio = forms.RadioSelect(attrs={"class": "form-check-input"})
        if question.kind == QuestionKind.SCORE:
            return forms.ChoiceField(
                label=question.shown_text,
                required=False,
                choices=[(str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)],
                widget=radio,
                error_messages={"invalid_choice": _("Velg en score fra 1 til 5.")},
            )
        if question.kind == QuestionKind.YES_NO:
            return forms.ChoiceField(
                label=question.shown_text, required=False, choices=YES_NO_CHOICES, widget=radio,
                error_messages={"invalid_choice": _("Velg ja eller nei.")},
            )
        if question.kind == QuestionKind.CHOICE and question.choice_list:
            return forms.ChoiceField(
                label=question.shown_text, required=False, choices=[(c, c) for c in question.choice_list], widget=radio,
                error_messages={"invalid_choice": _("Velg et av valgene.")},
            )
        if question.kind == QuestionKind.MULTIPLE_CHOICE and question.choice_list:
            return forms.MultipleChoiceField(
                label=question.shown_text, required=False, choices=[(c, c) for c in question.choice_list],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                error_messages={"invalid_choice": _("Velg blant valgene.")},
            )
        return forms.CharField(
            label=question.shown_text, required=False, max_length=5000,
            widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        )

    def _given(self, question):
        """The question's answer as a list of stored values ([] when not answered)."""
        value = self.cleaned_data.get(question_field_name(question))
        if value in (None, "", []):
            return []
        values = value if isinstance(value, list) else [value]
        return [question.normalise(v) for v in values if str(v).strip()]

    def clean(self):
        data = super().clean()
        shown = set()
        self.answers = []
        for question in self.questions:
            name = question_field_name(question)
            source = question.shown_if_question
            if source is not None and (source.pk not in shown or question.shown_if_value not in self._given(source)):
                # Not shown to this respondent: whatever arrived for it is dropped, errors too.
                self._errors.pop(name, None)
                data[name] = None
                continue
            shown.add(question.pk)
            if name in self._errors:
                continue
            values = self._given(question)
            if not values and question.required:
                self.add_error(name, _("Svar på dette spørsmålet."))
            self.answers.extend((question, value) for value in values)
        anonymous = data.get("anonymous") == "yes" if self.survey.allow_anonymous else False
        data["is_anonymous"] = anonymous
        if anonymous:
            # Never stored with an anonymous answer, even if typed before choosing anonymity.
            data["name"], data["email"] = "", ""
            self._errors.pop("email", None)
        elif (self.survey.allow_anonymous and data.get("anonymous") == "no") or not self.survey.allow_anonymous:
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Skriv navnet ditt, eller velg å svare anonymt.") if self.survey.allow_anonymous else _("Skriv navnet ditt."))
        if self.fixed_group is not None:
            data["respondent_group"] = self.fixed_group
        elif data.get("group"):
            data["respondent_group"] = next(g for g in self.groups if str(g.pk) == data["group"])
        return data

    def show_as_typed(self):
        """Show the posted answers again without checking them (a language switch mid-survey):
        no error is shown for a question not answered yet."""
        self._errors = ErrorDict()

    @property
    def group_field(self):
        return self["group"] if "group" in self.fields else None

    def error_links(self):
        """(anchor id, label, message) for the error summary; a radio group links to its first option."""
        links = [(None, "", message) for message in self.non_field_errors()]
        for name, field in self.fields.items():
            bound = self[name]
            for message in bound.errors:
                if name == "key":
                    links.append((None, "", _("Skjemaet er ufullstendig. Last inn siden på nytt og prøv igjen.")))
                    continue
                radio = isinstance(field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))
                label = {"group": _("Hvem svarer du som?"), "anonymous": _("Anonymt eller navn")}.get(name, field.label)
                links.append((f"{bound.auto_id}_0" if radio else bound.auto_id, label, message))
        return links

    def question_rows(self):
        """(question, bound field, source question) for the template, in order."""
        return [(question, self[question_field_name(question)]) for question in self.questions]
