"""Writes to the registry that span more than one row."""

from django.db import transaction
from django.utils import timezone

from organisations.models import Organisation, Tag


def organisation_set_tags(*, organisation, names):
    tags = [Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name) for name in names]
    organisation.tags.set(tags)


@transaction.atomic
def organisation_save_form(*, form):
    """Save an organisation form with its many-to-many fields and tags, then the search copy."""
    organisation = form.save()
    if "tags_text" in form.cleaned_data:
        organisation_set_tags(organisation=organisation, names=form.cleaned_data["tags_text"])
    organisation.refresh_search_text()
    return organisation


def organisation_archive(*, organisation):
    organisation.archived_at = timezone.now()
    organisation.save(update_fields=["archived_at"])


def organisation_restore(*, organisation):
    organisation.archived_at = None
    organisation.save(update_fields=["archived_at"])


def organisation_get_or_create_by_name(*, name, kind):
    """The organisation of this name (any case), created with the kind when it is new."""
    name = name.strip()
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing:
        return existing, False
    return Organisation.objects.create(name=name, kind=kind), True


def contact_person_save_form(*, form, organisation):
    person = form.save(commit=False)
    person.organisation = organisation
    person.save()
    return person
