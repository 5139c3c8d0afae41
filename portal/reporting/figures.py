"""Every scalar figure of the annual report, by its key in the report JSON (docs/domain.md).

This is the one place a figure's key meets the function that computes it: the report assembles
its JSON from here (`"panel.meetings"` becomes `figures["panel"]["meetings"]`), and a goal's
computed indicator is one of these keys. Each function lives in the owning app's selectors.py,
takes the year (`f(year) -> int | None`) and is registered by a decorator on its definition::

    from portal.reporting import figures

    @figures.register("grants.amount_granted", _("Tilskudd innvilget (kr)"))
    def amount_granted(year):
        ...

(key = "<report group>.<name>", label = what a coordinator sees when choosing a goal's
indicator; periods=True when `f(portal.reporting.periods.Period)` counts the same over a chosen period).
The floor imports every app's selectors.py when Django starts (portal.registry.discover); code
that needs a particular figure's key asks for it by the function, `figures.key_of(selector)`, so
a misspelt name fails at import, and `compute` never hides an error behind None.
"""

from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured

from portal.app_order import in_app_order


class Figure(NamedTuple):
    selector: object  # the callable `f(year)`
    label: str


# key → Figure, in INSTALLED_APPS order and, within an app, in the order its selectors are written.
FIGURES = {}
# The keys registered with periods=True: f(portal.reporting.periods.Period) counts the same over a chosen period.
PERIOD_KEYS = set()


def register(key, label, *, periods=False):
    """Decorator: the selector computes the figure `key` ("<group>.<name>")."""
    group, dot, name = key.partition(".")
    if not (group and dot and name):
        raise ImproperlyConfigured(f"figure key {key!r} must read '<group>.<name>'")

    def decorator(selector):
        if not callable(selector):
            raise ImproperlyConfigured(f"figure {key!r} must decorate a function, not {selector!r}")
        figure = Figure(selector, label)
        known = FIGURES.get(key)
        if known is not None and (_where(known.selector) != _where(selector) or (key in PERIOD_KEYS) != periods):
            raise ImproperlyConfigured(
                f"figure {key!r} is registered twice: by {_where(known.selector)} and by {_where(selector)}"
            )
        FIGURES[key] = figure
        if periods:
            PERIOD_KEYS.add(key)
        return selector

    return decorator


def _where(selector):
    return f"{selector.__module__}.{selector.__qualname__}"


def sort_in_app_order():
    """Put FIGURES in app order (in place: other modules hold the dict)."""
    ordered = in_app_order(FIGURES.items(), lambda item: item[1].selector.__module__)
    FIGURES.clear()
    FIGURES.update(ordered)


def key_of(selector):
    """The key a selector is registered under: how code names one figure, by its function.

    Raises ImproperlyConfigured for a function that computes no figure, so a module asking for
    one at import time fails when it is imported."""
    for key, figure in FIGURES.items():
        if figure.selector is selector:
            return key
    raise ImproperlyConfigured(
        f"{_where(selector)} is not a figure: decorate it with @figures.register(key, label) in its selectors.py"
    )


def figure_function(key):
    """The selector behind a key (KeyError for an unknown key)."""
    return FIGURES[key].selector


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
