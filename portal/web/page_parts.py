"""Parts of a page that an app above shows on a page of an app below it.

The arrows point down in templates too: a page of `organisations/` may not load a tag library of
`networks/` or include a template of `offers/` (tests/portal/test_layers.py checks every template).
When a lower page shows something only a higher app knows, its template names a *place* of the
floor and the higher app contributes to it, beside its own code, as pretix's template signals and
Wagtail's hooks do::

    {% load page_parts %}{% page_parts "organisation.listing.about" organisation %}   # the lower page

    @page_parts.contribute("organisation.listing.about", template="networks/_listing.html")
    def listing_networks(organisation):                                # networks/page_parts.py
        return selectors.listing_networks(organisation)                # the part's context; None: nothing

`<app>/page_parts.py` is imported when Django starts (portal.registry). The places are listed
here, so a misspelt place fails at import in the contributing app and at render in the page;
the parts of one place come in INSTALLED_APPS order.
"""

from collections import namedtuple

from django.core.exceptions import ImproperlyConfigured
from django.utils.safestring import mark_safe

from portal.app_order import in_app_order

PLACES = {
    "record.originating_input": "a plan item's, measure's, activity's or series' page: the input behind it",
    "contact_person.privacy": "a contact person's privacy record: what other apps keep about the person",
    "contact_person.line": "a contact person on the editor's record: one line of what other apps keep",
    "organisation.form": "above the coordinators' organisation form: ways to fill it in",
    "organisation.listing.about": "an organisation's public listing and its preview, after the details",
    "organisation.listing.offers": "an organisation's public listing and its preview, after the events",
    "organisation.editor.work": "the editor's page of an organisation: its work with the coordinators",
    "organisation.editor.activities": "the editor's page of an organisation, after its events",
    "organisation.directory.intro": "above the public directory of organisations",
}

Part = namedtuple("Part", "function template takes_context")
PARTS = {place: [] for place in PLACES}


def _known(place):
    if place not in PLACES:
        raise ImproperlyConfigured(f"No page part place {place!r}; the places are {', '.join(sorted(PLACES))}.")


def contribute(place, *, template, takes_context=False):
    """Decorator: `function(*args, **options)` (with the page's context first when `takes_context`)
    returns the context `template` is rendered with at `place`, or None to show nothing there."""
    _known(place)

    def decorate(function):
        PARTS[place].append(Part(function, template, takes_context))
        return function

    return decorate


def sort_in_app_order():
    for place, parts in PARTS.items():
        PARTS[place] = in_app_order(parts, lambda part: part.function.__module__)


def render(place, context, *args, **options):
    """The parts contributed to `place`, rendered as inclusion tags are: each in a context of its
    own (with the page's CSRF token), in the page's template engine."""
    _known(place)
    html = []
    for part in PARTS[place]:
        values = part.function(context, *args, **options) if part.takes_context else part.function(*args, **options)
        if values is None:
            continue
        part_context = context.new(values)
        if context.get("csrf_token") is not None:
            part_context["csrf_token"] = context["csrf_token"]
        html.append(context.template.engine.get_template(part.template).render(part_context))
    return mark_safe("".join(html))
