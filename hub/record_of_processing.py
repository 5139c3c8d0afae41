"""The record of processing (behandlingsprotokoll) as the coordinators read it.

Generated, never written by hand: each row is one model's declaration (portal.privacy.processing, made in
the app's privacy.py), read together with the registries that say what the code does with
the data: whether changes go into the audit trail (portal.privacy.audit), whether the erasure service
erases it and which apps it cleans up in (portal.privacy.erasure), what happens to a field pointing at a
person or an account when they are deleted (the field's own on_delete), and which records the
retention review lists (hub.retention).
"""

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hub import retention
from portal.privacy import audit, erasure, processing


def _field_label(model, name):
    field = model._meta.get_field(name)
    if field.auto_created and not field.concrete:  # a reverse relation (a response's answers)
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def _on_delete_notes(model, declaration):
    notes = []
    for name in declaration.fields:
        field = model._meta.get_field(name)
        if not field.is_relation or field.related_model is None or (field.auto_created and not field.concrete):
            continue
        target = str(field.related_model._meta.verbose_name)
        label = _field_label(model, name)
        if field.many_to_many:
            notes.append(_("«%(field)s»: koblingen fjernes når en %(target)s slettes.") % {"field": label, "target": target})
            continue
        on_delete = field.remote_field.on_delete
        if on_delete is models.SET_NULL:
            notes.append(_("«%(field)s» tømmes når en %(target)s slettes.") % {"field": label, "target": target})
        elif on_delete is models.CASCADE:
            notes.append(_("Posten slettes når en %(target)s den gjelder, slettes.") % {"target": target})
        elif on_delete is models.PROTECT:
            notes.append(_("En %(target)s kan ikke slettes mens posten finnes.") % {"target": target})
    return notes


def _audit_note(label, declaration):
    if label in audit.AUDITED:
        left_out = [name for name in declaration.fields if name in audit.AUDITED[label]]
        if left_out:
            return _("Endringer føres i revisjonssporet, uten feltene %(fields)s.") % {"fields": ", ".join(left_out)}
        return _("Endringer føres i revisjonssporet.")
    if label in audit.EXEMPT:
        return _("Ikke i revisjonssporet: %(reason)s") % {"reason": audit.EXEMPT[label]}
    return ""


def _erasure_notes(label, model):
    notes = []
    if label in erasure.SUBJECTS:
        cleaned = sorted({shredder.__module__.split(".")[0] for shredder in erasure.SHREDDERS.get(label, [])})
        notes.append(
            _("Slettetjenesten sletter personen og fjerner verdiene (%(fields)s) fra revisjonssporet.")
            % {"fields": ", ".join(_field_label(model, name) for name in erasure.SUBJECTS[label])}
        )
        if cleaned:
            notes.append(_("Slettingen rydder også i: %(apps)s.") % {"apps": ", ".join(cleaned)})
    if model is retention.inactive_contact_persons().model:
        notes.append(
            _("Listes for gjennomgang og sletting etter %(years)s år uten aktivitet (personvernsiden, PORTAL_CONTACT_RETENTION_YEARS).")
            % {"years": retention.retention_years()}
        )
    return notes


def record_rows():
    """One row per declared model: what the record of processing shows."""
    rows = []
    for model, declaration in processing.declared_models():
        label = model._meta.label
        audit_note = _audit_note(label, declaration)
        rows.append(
            {
                "label": label,
                "category": declaration.category,
                "where": capfirst(model._meta.verbose_name_plural),
                "fields": [_field_label(model, name) for name in declaration.fields],
                "purpose": declaration.purpose,
                "seen_by": [processing.AUDIENCES[audience] for audience in declaration.seen_by],
                "retention": declaration.retention,
                "erasure": declaration.erasure,
                "from_code": [*_erasure_notes(label, model), *_on_delete_notes(model, declaration), *([audit_note] if audit_note else [])],
            }
        )
    return rows
