"""The organisation number as people type it: brreg.no prints `923 609 016`, so spaces (and the
dots or hyphens some sheets use) are accepted and dropped, and the field is wide enough to hold them.
Stored as the nine digits; checked (MOD11) by organisations.validators.validate_org_number."""

import re

from django import forms
from django.db import models

_GROUPING = re.compile(r"[\s.\-\u00a0\u202f]")
# "923 609 016", "923.609.016", with room for doubled spaces; the digits alone are checked after.
TYPED_MAX_LENGTH = 20


def org_number_digits(value):
    return _GROUPING.sub("", value or "")


class OrgNumberFormField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = TYPED_MAX_LENGTH
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}

    def to_python(self, value):
        return org_number_digits(super().to_python(value))


class OrgNumberField(models.CharField):
    """A CharField of nine digits whose forms accept the number as it is printed."""

    def formfield(self, **kwargs):
        return super().formfield(**{**kwargs, "form_class": OrgNumberFormField})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
