"""surveys.csv, survey_questions.csv and survey_answers.csv of the portal spreadsheet format (docs/domain.md).

survey_answers.csv has one row per answer; the rows sharing a `response` value are one
respondent. The whole file is read before any row is imported (before_import), so a row can be
judged against the other rows of its respondent: the same group and anonymity on every row, a
conditional question answered only when the respondent gave the triggering answer.
"""

import re
from collections import defaultdict
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from surveys import selectors, services
from portal.spreadsheets import importing
from portal.spreadsheets.widgets import (
    ByNameWidget, CodeWidget, DateWidget, PortalResource, TextWidget, WholeNumberWidget, column, whole_number,
)
from surveys.models import Answer, Question, QuestionKind, Response, Survey

SURVEY_COLUMNS = ("title", "report_year", "opens_on", "closes_on")
QUESTION_COLUMNS = ("survey", "position", "kind", "text", "shown_if")
ANSWER_COLUMNS = ("survey", "response", "respondent_group", "anonymous", "position", "value")
SHOWN_IF = re.compile(r"^\s*(\d+)\s*=\s*(.+?)\s*$")


def whole_number_cell():
    return WholeNumberWidget(message=gettext_lazy("«%(value)s» er ikke et helt tall"), help_text=gettext_lazy("helt tall"))


class SurveyByTitleWidget(ByNameWidget):
    """A survey named in a cell: matched by title (docs/domain.md), ignoring case."""

    help_text = gettext_lazy("tittelen på en undersøkelse")

    def __init__(self):
        super().__init__(Survey, field="title", unknown=gettext_lazy("ukjent undersøkelse «%(name)s»"), required=True)


def parse_yes_no(value):
    lowered = str(value or "").strip().lower()
    if lowered in ("yes", "ja"):
        return True
    if lowered in ("no", "nei"):
        return False
    raise ValueError(_("«%(value)s» er verken yes eller no") % {"value": value})


def _position_text(text):
    """A whole number as written ("2", or "2,0" from a re-saved sheet) → "2"; else as it is."""
    try:
        number = whole_number(text)
    except ValueError:
        return text
    return text if number is None else str(number)


def _yes_no_or_none(value):
    try:
        return parse_yes_no(value)
    except ValueError:
        return None


@importing.register("surveys")
class SurveyResource(PortalResource):
    portal_columns = SURVEY_COLUMNS
    # In the coordinators' own words (docs/domain.md): the file's Norwegian names and headers.
    portal_norwegian_names = ("undersøkelser", "undersokelser")
    portal_norwegian_headers = dict(zip(SURVEY_COLUMNS, ("tittel", "rapportår", "åpner", "stenger")))

    title = column("title", TextWidget())
    report_year = column("report_year", whole_number_cell())
    opens_on = column("opens_on", DateWidget())
    closes_on = column("closes_on", DateWidget())

    class Meta:
        model = Survey
        fields = SURVEY_COLUMNS
        import_id_fields = ("title",)

    def get_instance(self, instance_loader, row):
        title = str(row.get("title") or "").strip()
        return Survey.objects.filter(title__iexact=title).first() if title else None

    def get_export_queryset(self, request=None):
        return Survey.objects.order_by("title")


@importing.register("survey_questions")
class SurveyQuestionResource(PortalResource):
    portal_columns = QUESTION_COLUMNS
    # In the coordinators' own words (docs/domain.md): the file's Norwegian names and headers.
    portal_norwegian_names = ("spørsmål", "sporsmal")
    portal_norwegian_headers = dict(zip(QUESTION_COLUMNS, ("undersøkelse", "nummer", "type", "tekst", "vises hvis")))
    portal_help = {"shown_if": gettext_lazy("tomt, eller NUMMER=SVAR (vises bare når spørsmål NUMMER har det svaret)")}

    survey = column("survey", SurveyByTitleWidget())
    position = column("position", whole_number_cell())
    kind = column("kind", CodeWidget(QuestionKind.choices))
    text = column("text", TextWidget())
    shown_if = column("shown_if", TextWidget(), attribute="shown_if_raw")

    class Meta:
        model = Question
        fields = QUESTION_COLUMNS
        import_id_fields = ("survey", "position")

    def get_instance(self, instance_loader, row):
        title = str(row.get("survey") or "").strip()
        try:
            position = whole_number_cell().clean(row.get("position"))
        except ValueError:
            return None
        if not title or position is None:
            return None
        return Question.objects.filter(survey__title__iexact=title, position=position).first()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        raw = getattr(instance, "shown_if_raw", "") or ""
        instance.shown_if_question, instance.shown_if_value = None, ""
        if raw and "survey" not in errors and "position" not in errors and instance.position:
            match = SHOWN_IF.match(raw)
            source = None
            if match is None:
                errors["shown_if_raw"] = ValidationError(_("«%(value)s» er ikke på formen NUMMER=SVAR") % {"value": raw})
            else:
                source_position = int(match.group(1))
                if source_position >= instance.position:
                    errors["shown_if_raw"] = ValidationError(_("kan bare vise til et tidligere spørsmål"))
                else:
                    source = Question.objects.filter(survey=instance.survey, position=source_position).first()
                    if source is None:
                        errors["shown_if_raw"] = ValidationError(
                            _("undersøkelsen har ikke spørsmål %(position)s") % {"position": source_position}
                        )
            if source is not None:
                try:
                    instance.shown_if_value = source.normalise(match.group(2))
                    instance.shown_if_question = source
                except ValueError as error:
                    errors["shown_if_raw"] = ValidationError(str(error))
        super().validate_instance(instance, errors, validate_unique)

    def dehydrate_survey(self, question):
        return question.survey.title

    def dehydrate_shown_if(self, question):
        if question.shown_if_question_id is None:
            return ""
        return f"{question.shown_if_question.position}={question.shown_if_value}"

    def get_export_queryset(self, request=None):
        return Question.objects.select_related("survey", "shown_if_question").order_by("survey__title", "position")


@importing.register("survey_answers")
class SurveyAnswerResource(PortalResource):
    spreadsheet_types = {"position": "number"}  # XLSX cell types beside the widgets' (portal.spreadsheets.writing)
    """One row per answer; the rows with the same (survey, response) make one Response."""

    portal_columns = ANSWER_COLUMNS
    # In the coordinators' own words (docs/domain.md): the file's Norwegian names and headers.
    portal_norwegian_names = ("svar",)
    portal_norwegian_headers = dict(zip(ANSWER_COLUMNS, ("undersøkelse", "besvarelse", "gruppe", "anonym", "nummer", "verdi")))
    portal_help = {
        "survey": gettext_lazy("tittelen på en undersøkelse"),
        "response": gettext_lazy("samme verdi på alle radene til én besvarelse"),
        "respondent_group": gettext_lazy("gruppen personen svarer som"),
        "anonymous": gettext_lazy("yes (Ja), no (Nei)"),
        "position": gettext_lazy("spørsmålets nummer"),
        "value": gettext_lazy("svaret: score 1–5, yes/no (Ja/Nei), tekst eller et av valgene"),
    }

    survey = column("survey", TextWidget(), attribute="survey_title")
    response = column("response", TextWidget(), attribute="response_key")
    respondent_group = column("respondent_group", TextWidget(), attribute="group_name")
    anonymous = column("anonymous", TextWidget(), attribute="anonymous_raw")
    position = column("position", TextWidget(), attribute="position_raw")
    value = column("value", TextWidget(), attribute="value_raw")

    class Meta:
        model = Answer
        fields = ANSWER_COLUMNS
        import_id_fields = ()
        clean_model_instances = False

    def get_instance(self, instance_loader, row):
        return None  # answers are only ever added

    # --- Whole-file reading -------------------------------------------------------------

    @staticmethod
    def _text(value):
        return TextWidget().clean(value)

    def before_import(self, dataset, **kwargs):
        self._surveys = {}
        self._had_responses = {}
        self._responses = {}
        self._seen = set()
        self._first = {}  # (survey, response) → (row number, group, anonymous) of its first row
        self._given = defaultdict(lambda: defaultdict(list))  # (survey, response) → position → values
        for number, row in enumerate(dataset.dict, start=2):
            key = (self._text(row.get("survey")).lower(), self._text(row.get("response")))
            self._first.setdefault(
                key, (number, self._text(row.get("respondent_group")).lower(), self._text(row.get("anonymous")).lower())
            )
            position, value = _position_text(self._text(row.get("position"))), self._text(row.get("value"))
            if position and value:
                self._given[key][position].append(value)

    def _survey(self, title):
        lowered = title.lower()
        if lowered not in self._surveys:
            survey = Survey.objects.filter(title__iexact=title).prefetch_related("questions").first()
            self._surveys[lowered] = survey
            if survey is not None:
                self._had_responses[survey.pk] = survey.responses.exists()
                survey.questions_by_position = {question.position: question for question in survey.questions.all()}
        return self._surveys[lowered]

    def _condition_met(self, question, key):
        source = question.shown_if_question
        if source is None:
            return True
        for raw in self._given[key].get(str(source.position), []):
            try:
                if source.normalise(raw) == question.shown_if_value:
                    return True
            except ValueError:
                continue
        return False

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})

        def fail(attribute, message):
            errors.setdefault(attribute, ValidationError(message))

        title = getattr(instance, "survey_title", "") or ""
        response_key = getattr(instance, "response_key", "") or ""
        group_name = getattr(instance, "group_name", "") or ""
        position_raw = getattr(instance, "position_raw", "") or ""
        value_raw = getattr(instance, "value_raw", "") or ""
        survey = None
        if not title:
            fail("survey_title", _("mangler"))
        else:
            survey = self._survey(title)
            if survey is None:
                fail("survey_title", _("ukjent undersøkelse «%(title)s»") % {"title": title})
            elif self._had_responses[survey.pk]:
                fail(
                    "survey_title",
                    _("«%(title)s» har allerede svar i portalen; svar kan bare importeres til en undersøkelse uten svar")
                    % {"title": survey.title},
                )
        if not response_key:
            fail("response_key", _("mangler"))
        if not group_name:
            fail("respondent_group", _("mangler"))
        anonymous = None
        try:
            anonymous = parse_yes_no(getattr(instance, "anonymous_raw", ""))
        except ValueError as error:
            fail("anonymous_raw", str(error))

        key = (title.lower(), response_key)
        first_number, first_group, first_anonymous = self._first.get(key, (None, "", ""))
        if group_name and first_group and group_name.lower() != first_group:
            fail("group_name", _("svar %(response)s har en annen gruppe på rad %(row)s") % {"response": response_key, "row": first_number})
        first_anonymous = _yes_no_or_none(first_anonymous)
        if anonymous is not None and first_anonymous is not None and anonymous != first_anonymous:
            fail("anonymous_raw", _("svar %(response)s har en annen verdi på rad %(row)s") % {"response": response_key, "row": first_number})

        question, value = None, None
        if position_raw or value_raw:
            try:
                position = whole_number(position_raw)
            except ValueError:
                position = None
            if position is None:
                fail("position_raw", _("mangler") if not position_raw else _("«%(value)s» er ikke et helt tall") % {"value": position_raw})
            if survey is not None and position is not None:
                question = survey.questions_by_position.get(position)
                if question is None:
                    fail("position_raw", _("undersøkelsen har ikke spørsmål %(position)s") % {"position": position})
            if question is not None and value_raw:
                if question.kind == QuestionKind.SCORE:
                    value_raw = _position_text(value_raw)  # a score written "4,0" is 4
                try:
                    value = question.normalise(value_raw)
                except ValueError as error:
                    fail("value_raw", str(error))
                seen = (key, question.position, value if question.kind == QuestionKind.MULTIPLE_CHOICE else None)
                if seen in self._seen:
                    fail("position_raw", _("svar %(response)s har allerede svart på spørsmål %(position)s") % {"response": response_key, "position": question.position})
                self._seen.add(seen)
                if not self._condition_met(question, key):
                    source = question.shown_if_question
                    fail(
                        "value_raw",
                        _("spørsmål %(position)s vises bare når spørsmål %(source)s er «%(value)s»")
                        % {"position": question.position, "source": source.position, "value": source.value_label(question.shown_if_value)},
                    )
        if errors:
            raise ValidationError(errors)
        # Validation writes nothing: the row's Response is made when the row is saved.
        instance.response_plan = (key, survey, group_name, anonymous)
        instance.question = question
        instance.value = value or ""
        instance.no_answer = question is None or not value

    def _response_for(self, key, survey, group_name, anonymous):
        """The Response of the file's (survey, response) rows, created with its first saved row."""
        response = self._responses.get(key)
        if response is None:
            response = Response.objects.create(
                survey=survey,
                group=services.group_get_or_create(survey=survey, name=group_name),
                anonymous=anonymous,
                submitted_on=survey.closes_on or timezone.localdate(),
            )
            self._responses[key] = response
        return response

    def save_instance(self, instance, is_create, row, **kwargs):
        instance.response = self._response_for(*instance.response_plan)
        if getattr(instance, "no_answer", False):
            return  # a respondent who skipped the question: the response is stored, no answer
        super().save_instance(instance, is_create, row, **kwargs)

    # --- Export -----------------------------------------------------------------------
    # The sheet has a row per answer and one empty row for a response without answers, so what it
    # exports are the responses (selectors.answer_export_rows makes their rows); the fields read the
    # same attributes the import fills.

    def get_queryset(self):
        return Response.objects.all()

    def iter_queryset(self, queryset):
        attributes = [self.fields[name].attribute for name in ANSWER_COLUMNS]
        for row in selectors.answer_export_rows(responses=queryset):
            yield SimpleNamespace(**dict(zip(attributes, row)))
