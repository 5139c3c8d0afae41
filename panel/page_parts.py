"""What the panel shows on the pages of the apps below it (portal/web/page_parts.py)."""

from panel import selectors
from portal.web import page_parts


@page_parts.contribute("record.originating_input", template="panel/_originating_input.html", takes_context=True)
def originating_input(context, record, public=False):
    """The input items behind a plan item, measure, activity or series. `public`: only the items
    shown at /innspill/, linked there (one query). Nothing for a record not saved yet, or of a kind
    input does not lead to (the goals' shared form shows goals too)."""
    if record is None or record.pk is None or not hasattr(record, "originating_input"):
        return None
    items = selectors.originating_input(record, public=public)
    if not items:
        return None
    return {"originating_input": items, "public_links": public, "is_coordinator": context.get("is_coordinator", False)}


@page_parts.contribute("organisation.editor.work", template="panel/_editor_section.html")
def editor_section(organisation):
    """On the editor's page of an organisation: a link to the input it has given at the meetings,
    and what that input led to."""
    return {"organisation": organisation}
