"""The mailing choices on the coordinators' page of an organisation (hub), as an include."""

from django import template

from mailings import selectors
from mailings.forms import OrganisationLanguageForm
from portal.privacy import roles

register = template.Library()


@register.inclusion_tag("mailings/_organisation_choices.html", takes_context=True)
def mailing_choices(context, organisation):
    """On an organisation's staff page, for coordinators: its contact persons' consent and opt-out
    for mailings, and the language it prefers them in (two queries)."""
    request = context.get("request")
    coordinator = request is not None and roles.is_coordinator(request.user)
    if not coordinator:
        return {"show": False}
    language = selectors.organisation_language(organisation)
    return {
        "show": True,
        "organisation": organisation,
        "persons": selectors.organisation_persons_with_preferences(organisation),
        "language_form": OrganisationLanguageForm(initial={"language": language}, auto_id="id_mailing_%s"),
        "csrf_token": context.get("csrf_token"),
    }
