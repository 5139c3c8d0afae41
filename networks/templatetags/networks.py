"""`{% load networks %}{% listing_networks organisation %}`: the networks and agreements section of
an organisation's public listing. A tag, so organisations/ needs no import of this app (it is
below it): the listing template names the tag, the tag asks the selector (three queries)."""

from django import template

from networks import selectors

register = template.Library()


@register.inclusion_tag("networks/_listing.html")
def listing_networks(organisation):
    return selectors.listing_networks(organisation)
