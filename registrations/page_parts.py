"""What registrations show on the pages of the apps below them (portal/web/page_parts.py)."""

from portal.web import page_parts


@page_parts.contribute("organisation.directory.intro", template="registrations/_directory_offer.html")
def directory_offer():
    """Above the directory: an organisation not in it can register itself."""
    return {}
