"""`{% page_parts "place" record key=value %}`: what the apps above contribute to a place of this page
(portal/web/page_parts.py)."""

from django import template

from portal.web import page_parts as parts

register = template.Library()


@register.simple_tag(takes_context=True)
def page_parts(context, place, *args, **options):
    return parts.render(place, context, *args, **options)
