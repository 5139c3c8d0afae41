"""What mailings show on the pages of the apps below them (portal/web/page_parts.py)."""

from mailings import selectors
from portal.web import page_parts


@page_parts.contribute("contact_person.privacy", template="mailings/_person_status.html")
def person_status(person):
    """On a contact person's privacy record: what the portal keeps about their mailings."""
    return {"person": person, "preference": selectors.person_preference(person)}


@page_parts.contribute("contact_person.line", template="mailings/_preference_status.html")
def preference_line(person):
    """Beside a contact person on the editor's record: their consent to mailings, in a line (no
    query where the page selected `mailing_preference` with the person; a person without one has
    none)."""
    return {"preference": getattr(person, "mailing_preference", None)}
