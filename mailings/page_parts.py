"""What mailings show on the pages of the apps below them (portal/web/page_parts.py)."""

from django.core.exceptions import ObjectDoesNotExist

from mailings import selectors
from portal.web import page_parts


@page_parts.contribute("contact_person.privacy", template="mailings/_person_status.html")
def person_status(person):
    """On a contact person's privacy record: what the portal keeps about their mailings."""
    return {"person": person, "preference": selectors.person_preference(person)}


@page_parts.contribute("contact_person.line", template="mailings/_preference_status.html")
def preference_line(person):
    """Beside a contact person on the editor's record: their consent to mailings, in a line (the
    page's own query brings the preference along, when it selects it)."""
    try:
        preference = person.preference
    except ObjectDoesNotExist:
        preference = None
    return {"preference": preference}
