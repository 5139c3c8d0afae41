from django import template
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def recurrence(offer):
    """"Hver tirsdag og torsdag kl. 18:00–20:00" in the page's language."""
    days = get_text_list([str(name) for name in offer.weekday_names], _("og"))
    return _("Hver %(days)s kl. %(start)s–%(end)s") % {
        "days": days, "start": f"{offer.start_time:%H:%M}", "end": f"{offer.end_time:%H:%M}",
    }


@register.filter
def pause_text(pause):
    if pause.starts_on == pause.ends_on:
        return date_format(pause.starts_on, "DATE_FORMAT")
    return f"{date_format(pause.starts_on, 'DATE_FORMAT')}–{date_format(pause.ends_on, 'DATE_FORMAT')}"
