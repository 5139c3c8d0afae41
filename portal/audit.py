"""The audit trail: which records django-auditlog follows, and the reads the trail page uses.

Registered from PortalConfig.ready(). Models of apps that are not built yet are skipped, so the
registry follows whatever exists. The actor comes from auditlog's middleware (settings.MIDDLEWARE).
Anonymous survey answers are deliberately NOT followed: an entry beside them would carry an IP
address and a time that lead back to the respondent (domain.md "Privacy").
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

# (app label, model name, fields left out of the trail). Derived and bookkeeping columns say
# nothing a person changed.
AUDITED_MODELS = [
    ("organisations", "Organisation", ["search_text", "updated_at", "created_at"]),
    ("organisations", "ContactPerson", ["updated_at", "created_at"]),
    ("panel", "Meeting", ["updated_at", "created_at"]),
    ("panel", "Attendance", ["updated_at"]),
    ("panel", "MeetingSeries", ["updated_at", "created_at"]),
    ("panel", "Input", ["updated_at", "created_at"]),
    ("panel", "Minutes", ["updated_at", "created_at"]),
    # persons_met would copy people's names into the trail, beyond the reach of erasure.
    ("outreach", "Contact", ["updated_at", "created_at", "persons_met"]),
    ("outreach", "Guidance", ["updated_at", "created_at"]),
    ("surveys", "Survey", ["updated_at", "created_at"]),
    ("surveys", "SurveyQuestion", ["updated_at", "created_at"]),
    ("surveys", "Question", ["updated_at", "created_at"]),
    ("goals", "Goal", ["updated_at", "created_at"]),
    ("goals", "PlanItem", ["updated_at", "created_at"]),
    ("goals", "Measure", ["updated_at", "created_at"]),
    ("activities", "Activity", ["updated_at", "created_at"]),
    ("activities", "ActivityOrganisation", []),
    ("activities", "Premises", ["updated_at"]),
    ("activities", "Resource", ["updated_at"]),
    # Mailings and segments only: consent, opt-out and recipient rows name persons (their trail
    # would outlive erasure), and the opt-out suppression is a hash kept on purpose.
    ("mailings", "Segment", ["updated_at", "created_at"]),
    ("mailings", "Mailing", ["updated_at", "created_at"]),
    ("grants", "GrantScheme", ["updated_at", "created_at"]),
    ("grants", "GrantRound", ["updated_at", "created_at"]),
    ("grants", "GrantApplication", ["updated_at", "created_at"]),
    ("grants", "Complaint", ["updated_at", "created_at"]),
    ("grants", "UseReport", ["updated_at", "created_at"]),
    ("grants", "Attachment", []),
    ("reports", "AnnualReport", ["updated_at", "created_at", "pdf", "snapshot"]),
    ("auth", "User", ["password", "last_login"]),
]


def audited_models():
    """The audited model classes that exist in this version of the portal."""
    found = []
    for app_label, model_name, _excluded in AUDITED_MODELS:
        try:
            found.append(apps.get_model(app_label, model_name))
        except LookupError:
            continue
    return found


def register_models():
    from auditlog.registry import auditlog

    for app_label, model_name, excluded in AUDITED_MODELS:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue  # that part of the portal is not built (yet)
        if auditlog.contains(model):
            continue
        # Only the record's own columns: auditlog would otherwise list every reverse relation.
        own = [f.name for f in model._meta.concrete_fields if f.name not in excluded]
        many = [f.name for f in model._meta.many_to_many if f.name not in excluded]
        auditlog.register(model, include_fields=own, m2m_fields=many)


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


def _shown(value):
    # auditlog stores values as text; "None" and "" both mean the field was empty.
    return "–" if value in (None, "", "None") else value


def entry_rows(entries):
    """What the trail page shows per entry: the changed fields by their labels, old → new."""
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, values in (entry.changes_dict or {}).items():
            label = name
            if model is not None:
                try:
                    label = str(model._meta.get_field(name).verbose_name)
                except Exception:  # a field removed since the entry was written keeps its name
                    pass
            if isinstance(values, dict):  # a many-to-many change: {"type": "add", "objects": [...]}
                old, new = values.get("type", ""), ", ".join(str(o) for o in values.get("objects", []))
            else:
                old, new = (list(values) + [None, None])[:2] if isinstance(values, (list, tuple)) else (None, values)
            changes.append({"field": name, "label": label, "old": _shown(old), "new": _shown(new)})
        rows.append(
            {
                "entry": entry,
                "action": ACTIONS.get(entry.action, entry.action),
                "model_label": str(model._meta.verbose_name).capitalize() if model else entry.content_type.model,
                "changes": changes,
            }
        )
    return rows
