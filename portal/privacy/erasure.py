"""Erasing a person, everywhere at once (pretix's data shredder is the model).

`erase(person, actor=...)` is the one erasure service: every page and command that offers erasure
calls it (the outreach person page, the retention review, `review_retention --erase`). In one
transaction it lets every app that holds something about the person remove or anonymise it (the
shredders), deletes the person, and removes the person from the audit trail: the person's own
entries are deleted, and the person's personal values (the subject's `fields`) are blanked out of
every other entry's stored values and representation. One entry that names no one records that an
erasure happened and who did it.

How an app takes part: the owner declares the subject in its privacy.py, and each app that holds
something about the person marks its shredder in its services.py::

    erasure.subject("organisations.ContactPerson", fields=["name", "email", "phone"])  # privacy.py

    @erasure.shredder(ContactPerson)  # services.py
    def contact_person_shred(*, person):
        ...

A shredder is `f(*, person)` called before the person is deleted, in INSTALLED_APPS order. A
subject whose model or fields do not exist, or a shredder for a model that is not a subject, fails
`manage.py check` (portal.E006).

A person may also stand inside a record that stays (the guidance log keeps a case in the year's
figures after the person without organisation who asked is erased): such a subject is declared
with `kept=True`; its shredders blank the person out of the record, which is not deleted.

Where a person's values can stand beyond the subject's own row, `erase` reaches them too:

- the audit trail: the person's own entries are deleted, and their values are blanked out of every
  other entry's stored values, representation, change text and additional data;
- the free text of their organisation's records: every text field of the organisation and of every
  record that points at it (contact-log notes, guidance cases, delivery errors, …) loses the
  person's name, e-mail and phone wherever they appear, the phone however it is spaced;
- what an app registers as a shredder (delivery rows, consents, guidance cases).
"""

import re

from django.apps import apps
from django.db import transaction

from portal.privacy.forgetting import database_forget_overwritten
from portal.app_order import in_app_order

ERASED = "(slettet)"
# "app_label.ModelName" → the fields holding the person's personal values
SUBJECTS = {}
# "app_label.ModelName" → the fields of a person held inside a record that stays (kept=True)
PERSONS_IN_RECORDS = {}
# "app_label.ModelName" → shredders (functions), in INSTALLED_APPS order
SHREDDERS = {}
_PHONE = re.compile(r"[\d\s().+-]+")


def subject(label, *, fields, kept=False):
    (PERSONS_IN_RECORDS if kept else SUBJECTS)[label] = tuple(fields)


def shredder(model):
    """Decorator: the function `f(*, person)` removes what its app holds about a `model` person
    (a model class) before `erase` deletes the person."""

    def decorator(function):
        shredders = SHREDDERS.setdefault(model._meta.label, [])
        where = _where(function)
        # A module imported again (a test's reload) replaces its function, never adds a second.
        shredders[:] = [known for known in shredders if _where(known) != where] + [function]
        return function

    return decorator


def _where(function):
    return f"{function.__module__}.{function.__qualname__}"


def sort_in_app_order():
    for label, shredders in SHREDDERS.items():
        SHREDDERS[label] = in_app_order(shredders, lambda function: function.__module__)


def person_values(person):
    """The person's personal values (the subject's fields), longest first, none shorter than 3
    characters ("Li" would blank half the trail)."""
    label = person._meta.label
    fields = PERSONS_IN_RECORDS[label] if label in PERSONS_IN_RECORDS else SUBJECTS[label]
    values = {str(getattr(person, name) or "").strip() for name in fields} - {""}
    return sorted((value for value in values if len(value) >= 3), key=len, reverse=True)


def pattern(values, *, whole_words=False):
    """One regular expression finding any of the values, ignoring case; a phone number also as
    typed with other spacing or a country code (+47 912 34 567 = 91234567). With whole_words a
    name is not found inside a longer word (free text); the audit trail's stored values are
    searched without that limit. None when there is nothing to find."""
    alternatives = []
    for value in values:
        if len(value) < 3:
            continue
        escaped = re.escape(value)
        alternatives.append(rf"(?<!\w){escaped}(?!\w)" if whole_words else escaped)
        digits = re.sub(r"\D", "", value)
        if _PHONE.fullmatch(value) and len(digits) >= 5:
            if digits.startswith("0047"):
                digits = digits[4:]
            elif digits.startswith("47") and len(digits) == 10:
                digits = digits[2:]
            alternatives.append(r"(?<!\d)(?:(?:\+|00)\s*47[\s.-]*)?" + r"[\s.-]*".join(digits) + r"(?!\d)")
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def redact(text, values):
    """Free text with the person's values (name, e-mail, phone) replaced by ERASED."""
    found = pattern(values, whole_words=True)
    return _scrub(text, found) if found is not None else text


def _scrub(value, found):
    if isinstance(value, str):
        return found.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub(item, found) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, found) for key, item in value.items()}
    return value


_TRAIL_FIELDS = ("changes", "changes_text", "object_repr", "serialized_data", "additional_data")


def _scrub_trail(*, content_type, pk, values):
    from auditlog.models import LogEntry

    LogEntry.objects.filter(content_type=content_type, object_pk=str(pk)).delete()
    found = pattern(values)
    if found is None:
        return
    # Any other entry may have copied a value (a consent's "given by", an organisation's e-mail,
    # a contact-log note): read the trail in batches, rewrite only the entries that hold one.
    for entry in LogEntry.objects.only("pk", *_TRAIL_FIELDS).iterator(chunk_size=2000):
        fields = {}
        for name in _TRAIL_FIELDS:
            value = getattr(entry, name)
            scrubbed = _scrub(value, found)
            if scrubbed != value:
                fields[name] = scrubbed
        if fields:
            LogEntry.objects.filter(pk=entry.pk).update(**fields)


def _text_fields(model, *, skip=()):
    from django.db import models

    return [
        field for field in model._meta.concrete_fields
        if field.get_internal_type() in ("CharField", "TextField")
        and not field.unique and not field.choices and not isinstance(field, models.SlugField)
        and field.name not in skip
    ]


def _scrub_organisation_records(organisation, values):
    """The person's values out of the free text of their organisation and of every record that
    points at it. Written with update(): no audit entry copies the old text again."""
    found = pattern(values, whole_words=True)
    if found is None:
        return
    # The organisation's own name is its key (a one-person business may carry a person's name).
    targets = [(type(organisation), "pk", _text_fields(type(organisation), skip=("name",)))]
    for relation in organisation._meta.related_objects:
        if relation.one_to_many or relation.one_to_one:
            targets.append((relation.related_model, relation.field.name, _text_fields(relation.related_model)))
    for model, lookup, fields in targets:
        if not fields:
            continue
        names = [field.name for field in fields]
        rows = model._base_manager.filter(**{lookup: organisation.pk}).values_list("pk", *names)
        for pk, *texts in rows.iterator(chunk_size=2000):
            changed = {}
            for field, text in zip(fields, texts):
                if text and found.search(text):
                    new = found.sub(ERASED, text)
                    changed[field.name] = new[: field.max_length] if field.max_length else new
            if changed:
                model._base_manager.filter(pk=pk).update(**changed)


@transaction.atomic
def erase(person, *, actor=None, note=ERASED):
    """Erase the person from every table and from the audit trail (see the module docstring);
    `note` is what the one remaining entry says in place of the person."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    label = person._meta.label
    kept = label in PERSONS_IN_RECORDS
    values = person_values(person)  # KeyError: the model is not an erasure subject
    organisation = getattr(person, "organisation", None)
    for shred in SHREDDERS.get(label, []):
        shred(person=person)
    if organisation is not None:
        _scrub_organisation_records(organisation, values)
    content_type = ContentType.objects.get_for_model(type(person))
    pk = person.pk
    if not kept:
        type(person).objects.filter(pk=pk).delete()
    _scrub_trail(content_type=content_type, pk=pk, values=values)
    LogEntry.objects.create(
        content_type=content_type,
        object_pk=str(pk),
        object_id=pk,
        object_repr=note,
        action=LogEntry.Action.UPDATE if kept else LogEntry.Action.DELETE,
        actor=actor if actor is not None and actor.is_authenticated else None,
    )
    # The rows' versions from before the erasure leave no copy in the database's files either.
    database_forget_overwritten()


def subject_models():
    return [apps.get_model(label) for label in SUBJECTS]
