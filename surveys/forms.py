from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from organisations.models import ContactPerson
from portal.text.language_tags import text_direction, validate_language_tag
from surveys.languages import language_name, split_choices, translation_languages
from surveys.models import (
    CHOICE_KINDS,
    NO,
    QUESTION_TRANSLATED_FIELDS,
    SCORE_MAX,
    SCORE_MIN,
    SURVEY_TRANSLATED_FIELDS,
    YES,
    Question,
    QuestionKind,
    Survey,
    new_token,
)
from mailings.models import Segment
from mailings.selectors import receiving_persons, segment_organisations


# Tags that name the source language itself: its text is the form's own fields.
SOURCE_TAGS = frozenset({"nb", "no", "nob", "nor"})


class TranslationSet:
    """One language's fields in an editor: its tag (fixed for the site's languages, typed for
    others) and a translation of each translated field, bound to the form."""

    def __init__(self, form, key, language):
        self.form, self.key, self.language = form, key, language

    @property
    def fixed(self):
        return self.key in translation_languages()

    @property
    def legend(self):
        if self.fixed:
            return _("På %(language)s") % {"language": language_name(self.language)}
        if self.language:
            return _("På et annet språk: %(language)s") % {"language": language_name(self.language)}
        return _("På et annet språk")

    @property
    def lang(self):
        """lang/dir for the translated inputs (none while the tag is not known yet)."""
        return self.language if self.language and (self.fixed or self.form.is_valid_tag(self.language)) else ""

    @property
    def dir(self):
        return text_direction(self.lang) if self.lang else ""

    @property
    def tag_field(self):
        return None if self.fixed else self.form[f"language_{self.key}"]

    @property
    def text_fields(self):
        return [self.form[f"{name}_{self.key}"] for name in self.form.translated_fields]


class TranslatedFormMixin:
    """Translations beside the Norwegian fields, one clear set of fields per language: each of
    the site's other languages (English), each language already given, and one empty set for
    another language by its BCP 47 tag. An empty field falls back to the Norwegian one."""

    translated_fields = ()
    # How many sets for other languages are offered beyond those already given.
    spare_language_sets = 1

    def _add_translation_fields(self):
        existing = self.instance.translations if isinstance(self.instance.translations, dict) else {}
        fixed = translation_languages()
        others = [tag for tag in sorted(existing) if tag not in fixed]
        keys = [(code, code) for code in fixed]
        keys += [(f"other{number}", tag) for number, tag in enumerate(others, 1)]
        keys += [(f"other{len(others) + n}", "") for n in range(1, self.spare_language_sets + 1)]
        # A posted tag decides the set's language (a new one typed in the empty set).
        if self.is_bound:
            keys = [(key, tag if key in fixed else (self.data.get(f"language_{key}") or "").strip()) for key, tag in keys]
        self.translation_sets = []
        for key, tag in keys:
            texts = existing.get(tag, {}) if isinstance(existing.get(tag), dict) else {}
            if key not in fixed:
                self.fields[f"language_{key}"] = forms.CharField(
                    label=_("Språkkode"),
                    required=False,
                    max_length=35,
                    initial=tag,
                    help_text=_("BCP 47, for eksempel «ar», «so» eller «ku-Arab». Tøm feltene for å fjerne språket."),
                )
            for name in self.translated_fields:
                source = self.fields[name]
                field = forms.CharField(
                    label=source.label,
                    required=False,
                    max_length=getattr(source, "max_length", None),
                    widget=forms.Textarea(attrs={"rows": 3}) if isinstance(source.widget, forms.Textarea) else forms.TextInput,
                    initial=texts.get(name, ""),
                    help_text=self.translation_help(name),
                )
                self.fields[f"{name}_{key}"] = field
            self.translation_sets.append(TranslationSet(self, key, tag))
        for translation_set in self.translation_sets:
            if translation_set.lang:
                for name in self.translated_fields:
                    self.fields[f"{name}_{translation_set.key}"].widget.attrs.update(
                        {"lang": translation_set.lang, "dir": translation_set.dir}
                    )

    def translation_help(self, name):
        return ""

    @staticmethod
    def is_valid_tag(tag):
        try:
            validate_language_tag(tag)
        except ValidationError:
            return False
        return tag.split("-")[0].lower() not in SOURCE_TAGS

    @property
    def source_fields(self):
        names = set()
        for translation_set in self.translation_sets:
            names.update(field.name for field in translation_set.text_fields)
            if translation_set.tag_field is not None:
                names.add(translation_set.tag_field.name)
        return [self[name] for name in self.fields if name not in names]

    def _clean_translations(self, data):
        """Set instance.translations from the sets; errors on the fields they concern."""
        translations = {}
        seen = {}
        for translation_set in self.translation_sets:
            key = translation_set.key
            texts = {name: (data.get(f"{name}_{key}") or "").strip() for name in self.translated_fields}
            texts = {name: text for name, text in texts.items() if text}
            if translation_set.fixed:
                tag = key
            else:
                tag = (data.get(f"language_{key}") or "").strip()
                if not texts:
                    continue  # an empty set (a tag alone adds nothing; clearing the texts removes it)
                if not tag:
                    self.add_error(f"language_{key}", _("Skriv språkkoden for oversettelsen."))
                    continue
                try:
                    validate_language_tag(tag)
                except ValidationError as error:
                    self.add_error(f"language_{key}", error)
                    continue
                if tag.split("-")[0].lower() in SOURCE_TAGS:
                    self.add_error(f"language_{key}", _("Norsk er kildespråket: skriv den norske teksten i feltene øverst."))
                    continue
                if tag.lower() in seen:
                    self.add_error(f"language_{key}", _("«%(tag)s» er gitt to ganger.") % {"tag": tag})
                    continue
            seen[tag.lower()] = key
            if "choices" in texts:
                self._check_choices(data, key, texts["choices"])
            if texts:
                translations[tag] = texts
        self.instance.translations = translations

    def _check_choices(self, data, key, translated):
        source = split_choices(data.get("choices"))
        given = split_choices(translated)
        if len(given) != len(source):
            self.add_error(
                f"choices_{key}",
                _(
                    "Oversettelsen har %(given)s valg, men spørsmålet har %(source)s på norsk. "
                    "Skriv ett valg per linje, i samme rekkefølge som de norske."
                )
                % {"given": len(given), "source": len(source)},
            )


class SurveyForm(TranslatedFormMixin, forms.ModelForm):
    translated_fields = SURVEY_TRANSLATED_FIELDS

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
        self._add_translation_fields()

    def clean(self):
        data = super().clean()
        self._clean_translations(data)
        names = data.get("groups_text") or []
        for translation_set in self.translation_sets:
            translated = split_choices(data.get(f"groups_text_{translation_set.key}"))
            if translated and names and len(translated) != len(names):
                self.add_error(
                    f"groups_text_{translation_set.key}",
                    _(
                        "Oversettelsen har %(given)s grupper, men undersøkelsen har %(source)s på norsk. "
                        "Skriv én gruppe per linje, i samme rekkefølge som de norske."
                    )
                    % {"given": len(translated), "source": len(names)},
                )
        return data

    def translation_help(self, name):
        if name == "groups_text":
            return _("Like mange grupper som på norsk, én per linje og i samme rekkefølge.")
        return ""

    def clean_groups_text(self):
        names = [line.strip() for line in self.cleaned_data["groups_text"].splitlines() if line.strip()]
        if not names:
            raise forms.ValidationError(_("Skriv inn minst én respondentgruppe."))
        if any(len(name) > 100 for name in names):
            raise forms.ValidationError(_("Et gruppenavn kan ha høyst 100 tegn."))
        return names


class QuestionForm(TranslatedFormMixin, forms.ModelForm):
    translated_fields = QUESTION_TRANSLATED_FIELDS

    class Meta:
        model = Question
        fields = ["kind", "text", "help_text", "required", "low_label", "high_label", "choices", "shown_if_question", "shown_if_value"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        earlier = survey.questions.exclude(kind=QuestionKind.TEXT).order_by("position")
        if self.instance.pk:
            earlier = earlier.filter(position__lt=self.instance.position)
        self.fields["shown_if_question"].queryset = earlier
        self.fields["shown_if_question"].required = False
        self.fields["shown_if_value"].help_text = _("For ja/nei: yes eller no. For score: et tall fra 1 til 5. For valg: valget på norsk.")
        self._add_translation_fields()

    def _check_choices(self, data, key, translated):
        # Choices count only for a choice question (its Norwegian choices may linger from another kind).
        if data.get("kind") in CHOICE_KINDS:
            super()._check_choices(data, key, translated)

    def translation_help(self, name):
        if name == "choices":
            return _("Like mange valg som på norsk, ett per linje og i samme rekkefølge. Svarene lagres som det norske valget.")
        return ""

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
        self._clean_translations(data)
        return data


class PersonalLinksForm(forms.Form):
    count = forms.IntegerField(label=_("Antall lenker"), min_value=1, max_value=500, initial=1)
    label = forms.CharField(label=_("Merknad"), max_length=100, required=False, help_text=_("Til eget bruk, f.eks. hvem lenkene er sendt til."))
    group = forms.ModelChoiceField(label=_("Respondentgruppe"), queryset=None, required=False, empty_label=_("Den som svarer velger"))

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = survey.groups.all()


class SurveySendForm(forms.Form):
    """To whom the coordinator sends the survey from the register: the contact persons of a
    segment's organisations, or persons chosen one by one (either or both). Only those who may be
    e-mailed (consent, not opted out, address not suppressed) receive a link."""

    segment = forms.ModelChoiceField(label=_("Målgruppe"), queryset=None, required=False, empty_label=_("Ingen"))
    persons = forms.ModelMultipleChoiceField(
        label=_("Eller velg kontaktpersoner"), queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}), help_text=_("Hold Ctrl nede for å velge flere."),
    )
    group = forms.ModelChoiceField(label=_("Respondentgruppe"), queryset=None, required=False, empty_label=_("Den som svarer velger"))

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.order_by("name")
        self.fields["persons"].queryset = (
            ContactPerson.objects.exclude(email="").select_related("organisation").order_by("organisation__name", "name")
        )
        self.fields["persons"].label_from_instance = lambda person: f"{person.name} ({person.organisation.name})"
        self.fields["group"].queryset = survey.groups.all()

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("segment") and not cleaned.get("persons"):
            raise forms.ValidationError(_("Velg en målgruppe eller minst én kontaktperson."))
        return cleaned

    def receivers(self):
        """The persons who get a link, and the number chosen who may not be e-mailed."""
        chosen = list(self.cleaned_data.get("persons") or [])
        chosen_ids = {person.pk for person in chosen}
        segment_ids = set()
        if self.cleaned_data.get("segment"):
            segment_ids = {organisation.pk for organisation in segment_organisations(self.cleaned_data["segment"])}
        may = receiving_persons(list(segment_ids | {person.organisation_id for person in chosen}))
        wanted = [person for person in may if person.organisation_id in segment_ids or person.pk in chosen_ids]
        reached = {person.pk for person in wanted}
        return wanted, len([person for person in chosen if person.pk not in reached])


ANONYMOUS_CHOICES = [("yes", _("Jeg svarer anonymt")), ("no", _("Jeg oppgir navn"))]
YES_NO_CHOICES = [(YES, _("Ja")), (NO, _("Nei"))]


def question_field_name(question):
    return f"q{question.pk}"


class AnswerForm(forms.Form):
    """One respondent's answers. Conditions are checked here, whatever the browser did:
    an answer to a question that is not shown is dropped; a required question that is shown
    must be answered."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, survey, link=None, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.link = link
        # The language of the survey's own texts (languages.content_language): the page's, or a
        # translation the survey has beyond the site's languages. Values stay the Norwegian ones.
        self.language = language or get_language()
        self.questions = list(survey.questions.all())
        self.groups = list(survey.groups.all())
        self.fields["key"].initial = new_token()
        self.fixed_group = link.group if link is not None and link.group_id else None
        if self.fixed_group is None and len(self.groups) == 1:
            self.fixed_group = self.groups[0]
        if self.fixed_group is None:
            self.fields["group"] = forms.ChoiceField(
                label=_("Hvem svarer du som?"),
                # The groups' names in the survey's language (marked lang="nb" where they fall back).
                choices=[
                    (str(group.pk), name)
                    for group, name in zip(self.groups, survey.shown_group_names(self.groups, self.language))
                ],
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

    def _question_field(self, question):
        label = question.shown("text", self.language)
        radio = forms.RadioSelect(attrs={"class": "form-check-input"})
        if question.kind == QuestionKind.SCORE:
            return forms.ChoiceField(
                label=label,
                required=False,
                choices=[(str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)],
                widget=radio,
                error_messages={"invalid_choice": _("Velg en score fra 1 til 5.")},
            )
        if question.kind == QuestionKind.YES_NO:
            return forms.ChoiceField(
                label=label, required=False, choices=YES_NO_CHOICES, widget=radio,
                error_messages={"invalid_choice": _("Velg ja eller nei.")},
            )
        if question.kind == QuestionKind.CHOICE and question.choice_list:
            return forms.ChoiceField(
                label=label, required=False, choices=question.shown_choices(self.language), widget=radio,
                error_messages={"invalid_choice": _("Velg et av valgene.")},
            )
        if question.kind == QuestionKind.MULTIPLE_CHOICE and question.choice_list:
            return forms.MultipleChoiceField(
                label=label, required=False, choices=question.shown_choices(self.language),
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                error_messages={"invalid_choice": _("Velg blant valgene.")},
            )
        return forms.CharField(
            label=label, required=False, max_length=5000,
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
        """Each question with its bound field and its texts in the survey's language, in order."""
        rows = []
        for question in self.questions:
            field = self[question_field_name(question)]
            condition = ""
            if question.shown_if_question_id:
                value = question.shown_if_question.value_label(question.shown_if_value, self.language)
                condition = value.as_html() if hasattr(value, "as_html") else value
            rows.append(
                {"question": question, "field": field, "text": field.field.label,
                 "hint": question.hint_html(self.language), "condition": condition}
            )
        return rows
