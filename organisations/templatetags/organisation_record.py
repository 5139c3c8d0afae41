"""Showing the organisation's own record (organisations.models.OtherNeed codes as words)."""

from django import template

from organisations.models import OtherNeed

register = template.Library()


@register.filter
def other_need_labels(codes):
    labels = dict(OtherNeed.choices)
    return [str(labels[code]) for code in codes or [] if code in labels]
