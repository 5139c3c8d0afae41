"""Erasing a person, everywhere at once (pretix's data shredder is the model).

`erase(person, actor=...)` is the one erasure service: every page and command that offers erasure
calls it (the outreach person page, the retention review, `review_retention --erase`). In one
transaction it lets every app that holds something about the person remove or anonymise it (the
shredders), deletes the person, and removes the person from the audit trail: the person's own
entries are deleted, and the person's personal values (the subject's `fields`) are blanked out of
every other entry's stored values and representation. One entry that names no one records that an
erasure happened and who did it.

How an app takes part, in its AppConfig.ready():

    from portal import erasure
    erasure.subject("organisations.ContactPerson", fields=["name", "email", "phone"])  # the owner
    erasure.register("organisations.ContactPerson", "outreach.services.contact_person_shred")

A shredder is `f(*, person)` called before the person is deleted. A subject whose model or fields
do not exist, or a shredder that does not resolve, fails `manage.py check` (portal.E006).
"""

import re

from django.apps import apps
from django.db import transaction

from portal.registry import resolve

ERASED = "(slettet)"
# "app_label.ModelName" → the fields holding the person's personal values
SUBJECTS = {}
# "app_label.ModelName" → shredders, in registration order
SHREDDERS = {}


def subject(label, *, fields):
    SUBJECTS[label] = tuple(fields)


def register(label, shredder):
    if shredder not in SHREDDERS.setdefault(label, []):
        SHREDDERS[label].append(shredder)


def _scrub(value, secrets):
    if isinstance(value, str):
        for secret in secrets:
            # Ignoring case: a name typed by hand ("amina hassan, styreleder") is the same name.
            value = re.sub(re.escape(secret), ERASED, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [_scrub(item, secrets) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, secrets) for key, item in value.items()}
    return value


def _scrub_trail(*, content_type, pk, secrets):
    from auditlog.models import LogEntry

    LogEntry.objects.filter(content_type=content_type, object_pk=str(pk)).delete()
    if not secrets:
        return
    # Any other entry may have copied a value (a consent's "given by", an organisation's e-mail):
    # read the trail in batches, rewrite only the entries that hold one.
    for entry in LogEntry.objects.only("pk", "changes", "object_repr", "serialized_data").iterator(chunk_size=2000):
        fields = {}
        for name in ("changes", "object_repr", "serialized_data"):
            value = getattr(entry, name)
            scrubbed = _scrub(value, secrets)
            if scrubbed != value:
                fields[name] = scrubbed
        if fields:
            LogEntry.objects.filter(pk=entry.pk).update(**fields)


@transaction.atomic
def erase(person, *, actor=None, note=ERASED):
    """Erase the person from every table and from the audit trail (see the module docstring);
    `note` is what the one remaining entry says in place of the person."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    label = person._meta.label
    fields = SUBJECTS[label]  # KeyError: the model is not an erasure subject
    # Longer values first, so "Kari Nordmann" goes before a shorter value it contains.
    secrets = sorted({str(getattr(person, name) or "").strip() for name in fields} - {""}, key=len, reverse=True)
    secrets = [secret for secret in secrets if len(secret) >= 3]  # "Li" would blank half the trail
    for shredder in SHREDDERS.get(label, []):
        resolve(shredder)(person=person)
    content_type = ContentType.objects.get_for_model(type(person))
    pk = person.pk
    type(person).objects.filter(pk=pk).delete()
    _scrub_trail(content_type=content_type, pk=pk, secrets=secrets)
    LogEntry.objects.create(
        content_type=content_type,
        object_pk=str(pk),
        object_id=pk,
        object_repr=note,
        action=LogEntry.Action.DELETE,
        actor=actor if actor is not None and actor.is_authenticated else None,
    )


def subject_models():
    return [apps.get_model(label) for label in SUBJECTS]
