"""What the Brønnøysund app shows on the pages of the apps below it (portal/web/page_parts.py)."""

from portal.web import page_parts


@page_parts.contribute("organisation.form", template="brreg/_lookup_offer.html", takes_context=True)
def lookup_offer(context):
    """Above the organisation form: fetch the unit by its number from Enhetsregisteret."""
    return {"form": context.get("form"), "organisation": context.get("organisation")}
