"""Surveys: built by coordinators, answered by link, counted per respondent group.

Privacy (docs/domain.md): an anonymous Response holds nothing that leads back to the respondent —
no name, e-mail, account, link, token or IP — and its date only to the day. Named responses are
dated to the day too, so that their times cannot bracket an anonymous answer between them.

The anonymity invariant (docs/operations.md "Anonymity: the threat model"), which every door must keep:

1. Nothing derived from an open survey's answers is persisted anywhere outside the answer tables
   (Response, Answer): not in the cache, job rows or their results, PDFs, exports kept on disk,
   or the audit trail. Two stored copies taken at different times would isolate the answers given
   between them. So the results page is computed for each request and sent ``no-store``, and the
   annual report's draft PDF is rendered per download and kept nowhere while a survey of its year
   is open (``surveys.selectors.year_has_open_survey``, ``reports.pdf.draft_is_kept_nowhere``).
2. A personal link's use is recorded without a time (``PersonalLink.used_on`` is a date) and is
   never audited (``surveys.apps``: the model is exempt from the trail), so no row with a time of
   day stands beside a link. The day-batch rewrite in ``surveys.services`` deletes and re-creates
   the used links and the day's answers; neither model is audited, so it writes no timed row.
"""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from surveys.languages import SOURCE_LANGUAGE, ShownText, TranslatedMixin, split_choices, translation_for


SCORE_MIN = 1
SCORE_MAX = 5
YES = "yes"
NO = "no"


# Random ids live far above anything a sequence reaches, so the two never meet.
RANDOM_ID_FLOOR = 2**53


def random_id():
    """A primary key drawn at random: no sequence numbers web answers in the order they came."""
    # Below 2**62: SQLite continues its own numbering after the largest id, which must have room.
    return RANDOM_ID_FLOOR + secrets.randbelow(2**62 - RANDOM_ID_FLOOR)


def new_token():
    # 32 random bytes, URL-safe: a link cannot be guessed or enumerated.
    return secrets.token_urlsafe(32)


class QuestionKind(models.TextChoices):
    SCORE = "score", _("Score 1–5")
    YES_NO = "yes_no", _("Ja/nei")
    TEXT = "text", _("Fritekst")
    CHOICE = "choice", _("Ett valg")
    MULTIPLE_CHOICE = "multiple_choice", _("Flere valg")


CHOICE_KINDS = (QuestionKind.CHOICE, QuestionKind.MULTIPLE_CHOICE)

# groups_text: the respondent groups' names, one per line in the groups' order (as choices are).
SURVEY_TRANSLATED_FIELDS = ("title", "introduction", "groups_text")
QUESTION_TRANSLATED_FIELDS = ("text", "help_text", "low_label", "high_label", "choices")


class Survey(TranslatedMixin, models.Model):
    title = models.CharField(_("tittel"), max_length=200, unique=True)
    introduction = models.TextField(_("innledning"), blank=True)
    report_year = models.PositiveSmallIntegerField(
        _("rapportår"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Året i årsrapporten som resultatene hører til."),
    )
    opens_on = models.DateField(_("åpner"), null=True, blank=True)
    closes_on = models.DateField(_("stenger"), null=True, blank=True)
    allow_anonymous = models.BooleanField(
        _("kan svare anonymt"), default=True, help_text=_("Den som svarer velger selv om svaret er anonymt.")
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("minste gruppestørrelse"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("En gruppe med færre svar vises uten fordeling, så ingen anonyme svar kan pekes ut."),
    )
    public_access = models.BooleanField(
        _("åpen lenke"), default=True, help_text=_("Alle med den åpne lenken kan svare. Slå av for bare personlige lenker.")
    )
    public_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The title and introduction in other languages, {"en": {"title": "…", "introduction": "…"}}
    # (BCP 47 tags): shown to a respondent in that language; results, report and exports keep
    # the Norwegian ones.
    translations = models.JSONField(_("på andre språk"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-report_year", "title"]
        verbose_name = _("spørreundersøkelse")
        verbose_name_plural = _("spørreundersøkelser")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True) | Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("Undersøkelsen kan ikke stenge før den åpner.")})

    def get_absolute_url(self):
        return reverse("surveys:survey_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("surveys:answer", args=[self.public_token])

    def state(self, today=None):
        """'not_open', 'open' or 'closed' on the local date (both ends inclusive)."""
        today = today or timezone.localdate()
        if self.opens_on and today < self.opens_on:
            return "not_open"
        if self.closes_on and today > self.closes_on:
            return "closed"
        return "open"


class RespondentGroup(models.Model):
    """Who answers, e.g. "Innvandrerorganisasjon" or "Kommunen": results are shown per group."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("navn"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("respondentgruppe")
        verbose_name_plural = _("respondentgrupper")
        constraints = [models.UniqueConstraint("survey", Lower("name"), name="group_name_unique_per_survey")]

    def __str__(self):
        return self.name


class Question(TranslatedMixin, models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("nummer"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("spørsmål"), max_length=500)
    # The question in other languages, {"en": {"text": "…", "help_text": "…", "low_label": "…",
    # "high_label": "…", "choices": "one per line"}} (BCP 47 tags; each field optional): shown to
    # a respondent in that language. Translated choices line up one to one with the Norwegian
    # ones, and an answer is always stored as the Norwegian choice, so results, the report and
    # the exports never depend on the language the respondent used.
    translations = models.JSONField(_("spørsmålet på andre språk"), default=dict, blank=True)
    help_text = models.CharField(_("hjelpetekst"), max_length=300, blank=True)
    required = models.BooleanField(_("må besvares"), default=False)
    low_label = models.CharField(_("tekst for 1"), max_length=60, blank=True, help_text=_("For score, f.eks. «i liten grad»."))
    high_label = models.CharField(_("tekst for 5"), max_length=60, blank=True, help_text=_("For score, f.eks. «i stor grad»."))
    choices = models.TextField(_("valg"), blank=True, help_text=_("Ett valg per linje (for ett valg og flere valg)."))
    shown_if_question = models.ForeignKey(
        "self",
        # Deleting one question is refused while others depend on it (services.question_delete);
        # deleting the whole survey takes them all.
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dependent_questions",
        verbose_name=_("vises bare hvis spørsmål"),
    )
    shown_if_value = models.CharField(_("har svaret"), max_length=200, blank=True)

    class Meta:
        ordering = ["survey", "position"]
        verbose_name = _("spørsmål")
        verbose_name_plural = _("spørsmål")
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="question_position_unique_per_survey"),
            models.CheckConstraint(
                condition=Q(shown_if_question__isnull=True, shown_if_value="")
                | (Q(shown_if_question__isnull=False) & ~Q(shown_if_value="")),
                name="question_condition_complete",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.text}"

    def text_in(self, language):
        """The question in a language (a tag such as "en" or "en-GB"), else the Norwegian text."""
        return self.shown("text", language)

    @property
    def shown_text(self):
        """The question in the page's language, falling back to Norwegian."""
        return self.text_in(get_language())

    @property
    def choice_list(self):
        return split_choices(self.choices)

    def shown_choices(self, language=None):
        """[(stored Norwegian choice, the choice as shown)] in a language. A translation lines up
        one to one with the Norwegian choices; one that does not (written before the Norwegian
        ones changed) is not shown, so no label ever stands beside another choice's value."""
        canonical = self.choice_list
        tag, texts = translation_for(self.translations, language or get_language())
        translated = split_choices(texts.get("choices") if isinstance(texts.get("choices"), str) else "")
        if tag and len(translated) == len(canonical):
            return [(value, ShownText(label, tag)) for value, label in zip(canonical, translated)]
        return [(value, ShownText(value, SOURCE_LANGUAGE)) for value in canonical]

    def hint_html(self, language=None):
        """The help under the question (the score's scale, then the help text), each text marked
        with its language where that differs from the page's."""
        help_text = self.shown("help_text", language)
        parts = []
        if self.kind == QuestionKind.SCORE and (self.low_label or self.high_label):
            low, high = self.shown("low_label", language), self.shown("high_label", language)
            parts.append(
                mark_safe(
                    escape(gettext("1 = %(low)s, 5 = %(high)s."))
                    % {"low": low.as_html() if low else "1", "high": high.as_html() if high else "5"}
                )
            )
        if help_text:
            parts.append(help_text.as_html())
        return mark_safe(" ".join(parts))

    def normalise(self, raw):
        """A submitted or imported value in its stored form, or raise ValueError with the reason."""
        value = "" if raw is None else str(raw).strip()
        if isinstance(raw, float) and raw.is_integer():
            value = str(int(raw))
        if value == "":
            raise ValueError(_("mangler svar"))
        if self.kind == QuestionKind.SCORE:
            try:
                number = int(value)
            except ValueError:
                number = None
            if number is None or not SCORE_MIN <= number <= SCORE_MAX:
                raise ValueError(_("«%(value)s» er ikke en score fra 1 til 5") % {"value": value})
            return str(number)
        if self.kind == QuestionKind.YES_NO:
            lowered = value.lower()
            if lowered in (YES, "ja"):
                return YES
            if lowered in (NO, "nei"):
                return NO
            raise ValueError(_("«%(value)s» er verken yes eller no") % {"value": value})
        if self.kind in CHOICE_KINDS and self.choice_list:
            for choice in self.choice_list:
                if choice.lower() == value.lower():
                    return choice
            raise ValueError(
                _("«%(value)s» er ikke ett av valgene (tillatt: %(allowed)s)")
                % {"value": value, "allowed": ", ".join(self.choice_list)}
            )
        return value

    @property
    def is_score(self):
        return self.kind == QuestionKind.SCORE

    @property
    def condition_label(self):
        """The triggering answer as the respondent saw it ("Ja", not "yes")."""
        return self.shown_if_question.value_label(self.shown_if_value) if self.shown_if_question_id else ""

    def value_label(self, value, language=None):
        """A stored value as the respondent sees it: "Ja" for yes, a choice in the language."""
        if self.kind == QuestionKind.YES_NO:
            return {YES: _("Ja"), NO: _("Nei")}.get(value, value)
        if self.kind in CHOICE_KINDS and language:
            return dict(self.shown_choices(language)).get(value, value)
        return value


class PersonalLink(models.Model):
    """A one-answer link. It is only marked used: no answer points back to it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="personal_links")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    label = models.CharField(
        _("merknad"), max_length=100, blank=True, help_text=_("Til eget bruk, f.eks. hvem lenken er sendt til.")
    )
    group = models.ForeignKey(
        RespondentGroup, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("respondentgruppe")
    )
    # A default, not auto_now_add: the links written again after a use keep their creation time.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # A date, not a time: a timestamp would order the links by use and match them to answers.
    used_on = models.DateField(null=True, blank=True)
    # A link sent from the register (services.survey_send_to_persons): to whom, and when it was
    # sent, first opened and last reminded, each to the day only (docs/operations.md "Anonymity:
    # the threat model"). Who has answered is known this way; what an anonymous answer says is not.
    person = models.ForeignKey(
        "organisations.ContactPerson", on_delete=models.SET_NULL, null=True, blank=True, related_name="survey_links",
        verbose_name=_("sendt til"),
    )
    sent_on = models.DateField(_("sendt"), null=True, blank=True)
    opened_on = models.DateField(_("åpnet"), null=True, blank=True)
    reminded_on = models.DateField(_("påminnet"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("personlig lenke")
        verbose_name_plural = _("personlige lenker")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person"], condition=Q(person__isnull=False), name="survey_link_once_per_person"
            )
        ]

    def __str__(self):
        return self.label or self.token[:8]

    def get_absolute_url(self):
        return reverse("surveys:answer_personal", args=[self.token])


class SubmissionKey(models.Model):
    """The one-time key of a rendered answer form, stored when the form is submitted.

    A second submission of the same form hits the primary key and stores nothing. The key is
    kept apart from the response (no foreign key either way) so an anonymous response carries
    no token at all; the key itself is the primary key so no sequence orders it by time.
    """

    key = models.CharField(max_length=64, primary_key=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    used_on = models.DateField()


class Response(models.Model):
    # An answer given on the web gets a random id (services.response_submit), never the next
    # number of the sequence: ids must not bracket an anonymous answer between named ones.
    # Imported answers keep the sequence, so a spreadsheet's order (the report's score lists) stays.
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    group = models.ForeignKey(RespondentGroup, on_delete=models.CASCADE, related_name="responses")
    anonymous = models.BooleanField(_("anonym"))
    respondent_name = models.CharField(_("navn"), max_length=200, blank=True)
    respondent_email = models.EmailField(_("e-post"), blank=True)
    submitted_on = models.DateField(_("levert"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(respondent_name="", respondent_email=""),
                name="anonymous_response_has_no_identity",
            )
        ]

    def __str__(self):
        return _("Svar %(number)s") % {"number": self.pk}


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # One row per chosen value: a multiple-choice answer has several rows for one question.
    value = models.TextField(_("svar"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("svar på spørsmål")
        verbose_name_plural = _("svar på spørsmål")
        constraints = [models.CheckConstraint(condition=~Q(value=""), name="answer_value_not_empty")]
