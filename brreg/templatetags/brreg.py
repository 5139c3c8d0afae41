"""Template tags the organisation pages and the overview use to show the register's view."""

from django import template
from django.utils.translation import gettext_lazy as _

from brreg import selectors

register = template.Library()

FLAG_LABELS = {
    "not_found": _("ikke i Enhetsregisteret"),
    "bankrupt": _("konkurs"),
    "liquidation": _("under avvikling"),
    "not_in_frivillighetsregisteret": _("ikke i Frivillighetsregisteret"),
}


def _flags(standing):
    return [(key, label) for key, label in FLAG_LABELS.items() if standing and standing[key]]


@register.simple_tag
def registry_flags(organisation):
    """The flags of one organisation for a list row (registry_record must be select_related)."""
    record = selectors.current_record(organisation)
    if record is None:
        return []
    standing = {
        "not_found": not record.registered,
        "bankrupt": record.registered and record.bankrupt,
        "liquidation": record.registered and record.in_liquidation,
        "not_in_frivillighetsregisteret": record.registered and not record.in_frivillighetsregisteret,
    }
    return _flags(standing)


@register.inclusion_tag("brreg/_standing.html", takes_context=True)
def registry_standing(context, organisation):
    standing = selectors.registry_standing(organisation)
    return {
        "organisation": organisation, "standing": standing, "flags": _flags(standing),
        "is_coordinator": context.get("is_coordinator"), "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.inclusion_tag("brreg/_reminder.html", takes_context=True)
def registry_reminder(context):
    if not context.get("is_coordinator"):
        return {"due": None}
    return {"due": selectors.check_due()}
