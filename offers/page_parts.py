"""What regular offers show on the pages of the apps below them (portal/web/page_parts.py)."""

from offers import selectors
from portal.web import page_parts


@page_parts.contribute("organisation.listing.offers", template="offers/_listing_section.html")
def listing_offers(organisation):
    """The organisation's approved, current regular offers on its listing; nothing when none."""
    offers = selectors.organisation_public_offers(organisation)
    return {"offers": offers} if offers else None


@page_parts.contribute("organisation.editor.activities", template="offers/_editor_section.html")
def editor_section(organisation):
    """On the editor's page of an organisation: a link to its regular offers."""
    return {"organisation": organisation}
