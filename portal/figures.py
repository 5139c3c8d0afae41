"""Every scalar figure of the annual report, by its key in the report JSON (docs/domain.md).

This is the one place a figure's key meets the function that computes it: the report assembles
its JSON from here (`"panel.meetings"` becomes `figures["panel"]["meetings"]`), and a goal's
computed indicator is one of these keys. Each function lives in the owning app's selectors.py
and takes the year: `f(year) -> int | None`.

How an app adds a figure: one line in its `AppConfig.ready()`::

    from portal import figures
    figures.register("grants.amount_granted", "grants.selectors.amount_granted", _("Tilskudd innvilget (kr)"))

(key = "<report group>.<name>", selector = a callable or its dotted path, label = what a
coordinator sees when choosing a goal's indicator). A selector that does not resolve fails
`manage.py check` (portal.E001); `compute` never hides an error behind None.
"""

from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured

from portal.registry import resolve


class Figure(NamedTuple):
    selector: object  # a callable `f(year)` or its dotted path
    label: str


# key → Figure, in the order the apps registered them (INSTALLED_APPS order).
FIGURES = {}
# The keys registered with periods=True: f(portal.periods.Period) counts the same over a chosen period.
PERIOD_KEYS = set()


def register(key, selector, label, *, periods=False):
    group, dot, name = key.partition(".")
    if not (group and dot and name):
        raise ImproperlyConfigured(f"figure key {key!r} must read '<group>.<name>'")
    figure = Figure(selector, label)
    if FIGURES.get(key, figure) != figure or (key in FIGURES and (key in PERIOD_KEYS) != periods):
        raise ImproperlyConfigured(f"figure {key!r} is registered twice")
    FIGURES[key] = figure
    if periods:
        PERIOD_KEYS.add(key)


def figure_function(key):
    """The selector behind a key (KeyError for an unknown key, ImportError for a bad entry)."""
    return resolve(FIGURES[key].selector)


def compute(key, year):
    return figure_function(key)(year)


def available_figures():
    """(key, label) of every registered figure."""
    return [(key, figure.label) for key, figure in FIGURES.items()]


def period_keys():
    """The keys of the figures that count over a chosen period too (registered with periods=True)."""
    return [key for key in FIGURES if key in PERIOD_KEYS]


def period_figures(period):
    """A chosen period's figures on the year's keys (docs/domain.md): every figure registered with
    periods=True under its group, with {"period": {"start", "end"}} in place of "year"."""
    data = {"period": period.as_json()}
    for key in period_keys():
        group, _dot, name = key.partition(".")
        data.setdefault(group, {})[name] = compute(key, period)
    return data
