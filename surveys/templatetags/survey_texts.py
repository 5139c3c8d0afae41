from django import template
from django.utils.html import conditional_escape

register = template.Library()


@register.filter
def with_lang(text):
    """A survey text, in a span with `lang`/`dir` when its language is not the page's
    (models.ShownText); any other text escaped as it is."""
    as_html = getattr(text, "as_html", None)
    return as_html() if as_html else conditional_escape(text)


@register.filter
def language_names(tags):
    """The languages of a survey's translations by name ("engelsk, ar"), in the page's language."""
    from surveys.languages import language_name

    return ", ".join(language_name(tag) for tag in tags)
