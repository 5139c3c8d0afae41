"""The audit trail: which records django-auditlog follows, and the reads the trail page uses.

Every model of the project's own apps is either audited or exempted with a stated reason; a
system check enumerates the models and fails `manage.py check` on one that is neither
(portal.E004), on an entry naming a model that does not exist (portal.E003) and on an exemption
without a reason (portal.E005). The actor comes from auditlog's middleware (settings.MIDDLEWARE).

How an app adds a model: one line in its `AppConfig.ready()`::

    from portal.privacy import audit
    audit.register("grants.Grant", exclude=["updated_at"])          # coordinators' work: audited
    audit.exempt("grants.GrantRate", _("Satser lest inn fra en fil hvert år"))  # not, and why

Only the record's own columns and many-to-many fields are followed, less `exclude`. Leave out
what says nothing a person changed (timestamps, derived text) and what would copy personal data
beyond the reach of erasure. Anonymous survey answers are exempt and must stay so: an entry beside
them would carry a time that leads back to the respondent (docs/domain.md "Privacy").
"""

import json

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.text.formatted import RichTextField
from portal.text.sanitize import richtext_to_plain_text

# "app_label.ModelName" → fields left out of the trail, in registration order.
AUDITED = {}
# "app_label.ModelName" → why the model is not audited.
EXEMPT = {}


def _model(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None  # reported by the system check (portal.E003), never skipped silently


def register(label, *, exclude=()):
    """Follow a model in the audit trail (call from the owning app's AppConfig.ready())."""
    from auditlog.registry import auditlog

    if label in AUDITED and AUDITED[label] != tuple(exclude):
        raise ImproperlyConfigured(f"audited model {label!r} is registered twice")
    AUDITED[label] = tuple(exclude)
    model = _model(label)
    if model is None or auditlog.contains(model):
        return
    own = [f.name for f in model._meta.concrete_fields if f.name not in exclude]
    many = [f.name for f in model._meta.many_to_many if f.name not in exclude]
    auditlog.register(model, include_fields=own, m2m_fields=many)


def exempt(label, reason):
    """Leave a model out of the audit trail, saying why (shown by the system check)."""
    EXEMPT[label] = reason


def audited_models():
    """The audited model classes, in registration order."""
    return [model for model in (_model(label) for label in AUDITED) if model is not None]


def model_choices():
    """(value, label) for the trail page's model filter: 'app_label.model'."""
    return [("", _("Alle typer"))] + [
        (f"{model._meta.app_label}.{model._meta.model_name}", str(model._meta.verbose_name).capitalize())
        for model in audited_models()
    ]


def log_entries(*, model=""):
    """Entries newest first, with the actor and the content type in the same query."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if model:
        app_label, _dot, model_name = model.partition(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name).first()
        entries = entries.filter(content_type=content_type) if content_type else entries.none()
    return entries


def filter_form_class():
    from django import forms

    class AuditFilterForm(forms.Form):
        model = forms.ChoiceField(label=_("Type post"), required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["model"].choices = model_choices()
            self.fields["model"].widget.attrs["class"] = "form-select"

    return AuditFilterForm


ACTIONS = {0: _("Opprettet"), 1: _("Endret"), 2: _("Slettet"), 3: _("Lest")}


EMPTY = "–"


def _readable_json(data, model):
    """A JSON value (e.g. a survey's texts per language) as words: keys that name a field of the
    record by its label, nested objects in brackets, empty parts left out."""
    if isinstance(data, dict):
        parts = []
        for key, value in data.items():
            if value in ("", None, [], {}):
                continue
            try:
                key = str(model._meta.get_field(key).verbose_name) if model is not None else key
            except FieldDoesNotExist:  # not a field name: a language tag, a choice, …
                pass
            shown = _readable_json(value, model)
            parts.append(f"{key} ({shown})" if isinstance(value, dict) else f"{key}: {shown}")
        return "; ".join(parts) or EMPTY
    if isinstance(data, list):
        return ", ".join(_readable_json(value, model) for value in data) or EMPTY
    return str(data)


def _shown(value, field=None):
    """A stored value as a person reads it: auditlog keeps text ("planned", "True", "[]"), so a
    choice shows its label, a yes/no field Ja/Nei, a JSON value its words, and an empty value
    (None, "", an empty list) a dash."""
    if value in (None, "", "None", "[]", "{}"):
        return EMPTY
    if field is not None and field.get_internal_type() == "JSONField":
        try:
            return _readable_json(json.loads(value), field.model)
        except (TypeError, ValueError):
            return value
    if field is not None:
        if isinstance(field, RichTextField):  # formatted text: its words, not its tags
            return richtext_to_plain_text(value) or EMPTY
        if getattr(field, "choices", None):
            labels = {str(key): label for key, label in field.flatchoices}
            if str(value) in labels:
                return str(labels[str(value)])
        if field.get_internal_type() == "BooleanField" and str(value) in ("True", "False"):
            return str(_("Ja") if str(value) == "True" else _("Nei"))
    return value


def entry_rows(entries):
    """What the trail page shows per entry: the changed fields by their labels, old → new."""
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, values in (entry.changes_dict or {}).items():
            label, field = name, None
            if model is not None:
                try:
                    field = model._meta.get_field(name)
                    label = str(field.verbose_name)
                except Exception:  # a field removed since the entry was written keeps its name
                    field = None
            if isinstance(values, dict):  # a many-to-many change: {"type": "add", "objects": [...]}
                old, new = values.get("type", ""), ", ".join(str(o) for o in values.get("objects", []))
            else:
                old, new = (list(values) + [None, None])[:2] if isinstance(values, (list, tuple)) else (None, values)
            changes.append({"field": name, "label": label, "old": _shown(old, field), "new": _shown(new, field)})
        rows.append(
            {
                "entry": entry,
                "action": ACTIONS.get(entry.action, entry.action),
                "model_label": str(model._meta.verbose_name).capitalize() if model else entry.content_type.model,
                "changes": changes,
            }
        )
    return rows
