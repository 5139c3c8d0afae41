"""Which cached public pages a change in this app makes stale (portal/web/pagecache.py).

An organisation's listing is "organisation:<slug>"; the directory, its search, the embeddable
directory and /organisasjoner.json are DIRECTORY; the start page's count is PUBLISHED_COUNT; the calendar, its feeds
and the start page's coming items are CALENDAR. A change nobody outside sees (a coordinator's
note, the contact status, an unpublished organisation staying unpublished, an event waiting for
approval) invalidates nothing.
"""

from django.utils import timezone

from organisations.models import (
    ActivityCategory, Consent, Event, Language, ListingDescription, ModerationStatus, Organisation, Tag,
)
from portal.web import pagecache
from portal.web.pagecache import CALENDAR, DIRECTORY, LISTINGS, PUBLISHED_COUNT, organisation_concern

# What the public never sees of an organisation (search_text is derived from public fields).
PRIVATE_FIELDS = {
    "consent_given_by", "consent_given_on", "consent_wording", "confirmation_requested_at",
    "contact_status", "notes", "search_text", "created_at", "updated_at",
}
PUBLIC_FIELDS = tuple(
    field.attname for field in Organisation._meta.concrete_fields if field.attname not in PRIVATE_FIELDS
)
# What the calendar shows of an organisation: its name, and whether its events are public at all.
CALENDAR_FIELDS = ("name", "published_on", "archived_at")


def _public(values):
    published_on = values.get("published_on")
    return values.get("archived_at") is None and published_on is not None and published_on <= timezone.localdate()


def organisation_concerns(organisation, old):
    new = {name: getattr(organisation, name) for name in PUBLIC_FIELDS}
    if old is None:  # created or deleted: public pages change only if it is (or was) public
        if not _public(new):
            return []
        changed = set(PUBLIC_FIELDS)
    else:
        if not (_public(old) or _public(new)):
            return []
        changed = {name for name in PUBLIC_FIELDS if old.get(name) != new[name]}
        if not changed:
            return []
    concerns = [DIRECTORY, organisation_concern(organisation.slug)]
    if old is None or _public(old) != _public(new) or "kind" in changed:
        concerns.append(PUBLISHED_COUNT)
    if old and old.get("slug") and old["slug"] != organisation.slug:
        concerns.append(organisation_concern(old["slug"]))
    if changed & set(CALENDAR_FIELDS) and Event.objects.filter(organisation_id=organisation.pk).exists():
        concerns.append(CALENDAR)
    return concerns


def organisation_m2m_concerns(instance, reverse, pk_set):
    if reverse:  # a language, activity or tag gained or lost organisations
        return [DIRECTORY, LISTINGS]
    if not _public({"published_on": instance.published_on, "archived_at": instance.archived_at}):
        return []
    return [DIRECTORY, organisation_concern(instance.slug)]


def consent_concerns(consent, old):
    # Consent decides whether a listing may be public at all: its directory entry and its page.
    slug = Organisation.objects.filter(pk=consent.organisation_id).values_list("slug", flat=True).first()
    return [DIRECTORY, organisation_concern(slug)] if slug else [DIRECTORY]


def description_concerns(description, old):
    # A description in another language is on the listing, in open data and found by the search.
    organisation = Organisation.objects.filter(pk=description.organisation_id).values("slug", "published_on", "archived_at").first()
    if organisation is None or not _public(organisation):
        return []
    return [DIRECTORY, organisation_concern(organisation["slug"])]


def event_concerns(event, old):
    approved = ModerationStatus.APPROVED
    if event.status != approved and (old is None or old.get("status") != approved):
        return []  # waiting for approval, or rejected: never public
    slug = Organisation.objects.filter(pk=event.organisation_id).values_list("slug", flat=True).first()
    return [CALENDAR] + ([organisation_concern(slug)] if slug else [])


def lookup_concerns(instance, old):
    # Names shown on every card, listing and calendar entry that uses them.
    return [DIRECTORY, LISTINGS, CALENDAR]


def connect():
    pagecache.watch(Organisation, organisation_concerns, fields=PUBLIC_FIELDS)
    for relation in (Organisation.languages, Organisation.activities, Organisation.tags):
        pagecache.watch_m2m(relation.through, organisation_m2m_concerns)
    pagecache.watch(Consent, consent_concerns)
    pagecache.watch(ListingDescription, description_concerns)
    pagecache.watch(Event, event_concerns, fields=("status",))
    for model in (Language, ActivityCategory):
        pagecache.watch(model, lookup_concerns)
    # A new tag shows nowhere until an organisation has it (m2m above); a renamed or deleted one
    # (deleting takes it off the organisations without an m2m signal) shows everywhere it was.
    pagecache.watch(Tag, lookup_concerns, on_create=False)
