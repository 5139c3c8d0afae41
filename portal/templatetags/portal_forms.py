"""`{% form_key %}`: the hidden one-time key of a create form (portal/web/formkeys.py)."""

from django import template
from django.utils.html import format_html

from portal.web import formkeys

register = template.Library()


@register.simple_tag(takes_context=True)
def form_key(context):
    request = context.get("request")
    key = formkeys.key_for(request) if request is not None else formkeys.new_key()
    return format_html('<input type="hidden" name="{}" value="{}">', formkeys.FIELD_NAME, key)
