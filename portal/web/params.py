"""What a request asks for through its address, read the same way on every page.

- `?aar=2025`: the year a page shows (`chosen_year`); outside 2000–2100 or not a number it names
  no year, and the page shows its default (this year, or all years).
- `?organisasjon=12` and the like: a record a form starts with (`preselected`).
- `?next=…` / a form's `next`: where to go afterwards (`safe_next`), only when it is this site.
"""

from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

YEAR_MIN, YEAR_MAX = 2000, 2100


class YearForm(forms.Form):
    """?aar=, the one year parameter of every page."""

    aar = forms.IntegerField(label=_("År"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False)


def this_year():
    return timezone.localdate().year


def chosen_year(request, default=this_year):
    """The year in ?aar=, or `default` (a value, or a callable for it) when there is none or it
    is not a plausible year."""
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["aar"]:
        return form.cleaned_data["aar"]
    return default() if callable(default) else default


def with_year(url, year):
    """The address `url` showing `year` (?aar=)."""
    return f"{url}?{urlencode({'aar': year})}"


def check_year(year):
    """A year in a path: outside 2000–2100 it names nothing (and would not fit the column)."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404


def preselected(request, **fields):
    """A form's initial values from the address, for a link that preselects a record
    (`?organisasjon=12`): {field: the parameter's value} for each `field=parameter` whose value is
    a whole number; anything else preselects nothing."""
    return {field: request.GET[param] for field, param in fields.items() if request.GET.get(param, "").isdigit()}


def is_ours(request, url):
    """Whether `url` points into this site (so it is safe to send the user there)."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request, target, default):
    """`target` when it points into this site, else `default`."""
    return target if is_ours(request, target) else default
