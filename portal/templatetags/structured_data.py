"""{{ data|jsonld }}: schema.org JSON-LD as a data block.

A ``<script type="application/ld+json">`` is data, not script: browsers never run it, so the
Content-Security-Policy (script-src 'self', no inline script) needs no exception for it
(tests/browser/test_discovery.py checks that Chromium reports no violation). The JSON is escaped
like Django's json_script so no value can close the element."""

import json

from django import template
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def jsonld(data):
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
