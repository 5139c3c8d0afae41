"""`{% originating_input record %}`: the input items behind a plan item, measure, activity or
series, on those records' own pages. The pages of goals and activities show it through this tag,
so those apps need not import the panel (which sits above them: its input items point to them)."""

from django import template

from panel import selectors

register = template.Library()


@register.inclusion_tag("panel/_originating_input.html", takes_context=True)
def originating_input(context, record, public=False):
    """`public`: only the items shown at /innspill/, linked there (one query). Nothing for a record
    not saved yet, or of a kind input does not lead to (the goals' shared form shows goals too)."""
    led_to = record is not None and record.pk is not None and hasattr(record, "originating_input")
    return {
        "originating_input": selectors.originating_input(record, public=public) if led_to else [],
        "public_links": public,
        "is_coordinator": context.get("is_coordinator", False),
    }
