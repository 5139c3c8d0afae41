"""The languages of a survey: which language its texts are shown in, and how a respondent chooses one.

Norwegian bokmål is the source: every text is written in it, and each other language is a
translation of it, field by field, falling back to the Norwegian (`shown_field`, `ShownText`). A
respondent sees the survey in the page's language (the portal's languages, settings.LANGUAGES),
or in a translation the survey has of its own texts only (`?sprak=` on a link, `tekstsprak`
posted along; `content_language`). The switch inside the form posts the form itself
(`language_switch`, `answer_in_language`), so what was typed is shown again in the new language.
"""

from django.conf import settings
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.translation import get_language

from portal.text.language_tags import text_direction

# Norwegian bokmål is the source: every text is written in it, and every other language is a
# translation of it, field by field (as LimeSurvey does per survey language).
SOURCE_LANGUAGE = "nb"


class ShownText(str):
    """A text as shown, knowing the language it is in (a translation, or the Norwegian it fell
    back to), so a page can mark it with `lang` and `dir` where it differs from the page's."""

    def __new__(cls, text, language):
        shown = super().__new__(cls, text)
        shown.language = language
        shown.direction = text_direction(language)
        return shown

    @property
    def lang_attrs(self):
        """` lang="…" dir="…"` when the text's language is not the page's, else nothing."""
        page = get_language() or SOURCE_LANGUAGE
        if self.language.lower() == page.lower():
            return ""
        return format_html(' lang="{}" dir="{}"', self.language, self.direction)

    def as_html(self):
        """The text, escaped, in a span with its language when that differs from the page's."""
        attrs = self.lang_attrs
        return format_html("<span{}>{}</span>", attrs, str(self)) if attrs else escape(str(self))


def translation_for(translations, language):
    """(tag, {field: text}) of the translation for a language tag: the exact tag, else its
    primary language ("en-GB" finds "en"); (None, {}) when there is none."""
    if not isinstance(translations, dict) or not language:
        return None, {}
    by_tag = {tag.lower(): tag for tag in translations}
    wanted = language.lower()
    tag = by_tag.get(wanted) or by_tag.get(wanted.split("-")[0])
    texts = translations.get(tag) if tag else None
    return (tag, texts) if isinstance(texts, dict) else (None, {})


def shown_field(instance, field, language):
    """A translated field in a language, falling back to the Norwegian field by field."""
    tag, texts = translation_for(instance.translations, language)
    text = (texts.get(field) or "").strip() if isinstance(texts.get(field), str) else ""
    if tag and text:
        return ShownText(text, tag)
    return ShownText(getattr(instance, field), SOURCE_LANGUAGE)


def split_choices(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class TranslatedMixin:
    """Texts in the survey's content language: `survey.shown("title")` in the page's language,
    `survey.shown("title", "ar")` in Arabic (each falling back to Norwegian)."""

    def shown(self, field, language=None):
        return shown_field(self, field, language or get_language())

    def shown_group_names(self, groups, language=None):
        """The respondent groups' names in a language, in the order of `groups` (the survey's,
        by position); the Norwegian names when the translation is missing or does not line up."""
        tag, texts = translation_for(self.translations, language or get_language())
        names = split_choices(texts.get("groups_text")) if tag and isinstance(texts.get("groups_text"), str) else []
        if len(names) != len(groups):
            return [ShownText(group.name, SOURCE_LANGUAGE) for group in groups]
        return [ShownText(name, tag) for name in names]

    @property
    def translation_languages(self):
        """The tags the texts are translated into, as written."""
        return sorted(self.translations) if isinstance(self.translations, dict) else []


def translation_languages():
    """The site's languages other than Norwegian bokmål (settings.LANGUAGES)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_name(code):
    """A language's name in the page's language ("English", "arabisk"), else its tag."""
    from django.utils.translation import get_language_info

    for candidate in (code, code.split("-")[0]):
        try:
            name = str(get_language_info(candidate.lower())["name_translated"])
        except KeyError:
            continue
        # Norwegian writes language names in lower case ("på engelsk"), English does not.
        return name.lower() if (get_language() or "").split("-")[0] in ("nb", "nn", "no") else name
    return code


def survey_only_language(survey, tag):
    """The survey's translation matching tag when it is not one of the site's languages, else None."""
    if not tag or is_page_language(tag):
        return None
    return next((own for own in survey.translation_languages if own.lower() == tag.lower()), None)


def content_language(request, survey):
    """The language of the survey's texts: one of the survey's own translations chosen by the
    respondent (`?sprak=` on a link, `tekstsprak` posted along), else the page's language."""
    wanted = request.POST.get("tekstsprak", "") if request.method == "POST" else request.GET.get("sprak", "")
    return survey_only_language(survey, wanted) or translation.get_language()


def switch_choices(survey, current):
    """(tag, name, direction) of the languages the respondent can switch to: the site's and the
    survey's own translations, each named in its own language where Django knows it."""
    tags = [code for code, _name in settings.LANGUAGES]
    tags += [tag for tag in survey.translation_languages if tag not in tags]
    choices = []
    for tag in tags:
        if tag.lower() == (current or "").lower():
            continue
        try:
            name = str(translation.get_language_info(tag.split("-")[0].lower())["name_local"])
        except KeyError:
            name = tag
        if "-" in tag and name != tag:
            name = f"{name} ({tag})"
        choices.append((tag, name[:1].upper() + name[1:], text_direction(tag)))
    return choices


def language_switch(request, survey):
    """The language chosen with the switch inside the survey form (`sprak`), or None: one of
    the site's languages, or a translation the survey has of its own texts.

    The switch posts the form itself, so what was typed comes along: the page is shown again
    in the new language with every answer as it was, and nothing is stored or checked yet."""
    if request.method != "POST":
        return None
    code = request.POST.get("sprak", "")
    if is_page_language(code):
        return code
    return survey_only_language(survey, code)


def is_page_language(language):
    """Whether the whole page can be in `language` (one of the portal's), not only the survey's texts."""
    return language in dict(settings.LANGUAGES)


def activate(request, language):
    """The page from here on in `language`, as Django's LocaleMiddleware would have set it."""
    translation.activate(language)
    request.LANGUAGE_CODE = language


def remember(response, language):
    """As Django's set_language view would: the choice holds for the pages after this one."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
