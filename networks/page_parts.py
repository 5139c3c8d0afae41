"""What networks show on the pages of the apps below them (portal/web/page_parts.py)."""

from networks import selectors
from portal.web import page_parts


@page_parts.contribute("organisation.listing.about", template="networks/_listing.html")
def listing_networks(organisation):
    """The networks and agreements section of an organisation's public listing (three queries)."""
    return selectors.listing_networks(organisation)


@page_parts.contribute("organisation.editor.work", template="networks/_editor_section.html")
def editor_section(organisation):
    """On the editor's page of an organisation: a link to the networks it proposes for its listing."""
    return {"organisation": organisation}
