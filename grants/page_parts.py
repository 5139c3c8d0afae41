"""What grants show on the pages of the apps below them (portal/web/page_parts.py)."""

from portal.web import page_parts


@page_parts.contribute("organisation.editor.work", template="grants/_editor_section.html")
def editor_section(organisation):
    """On the editor's page of an organisation: a link to its grant applications and decisions."""
    return {"organisation": organisation}
