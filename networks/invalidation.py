"""Which cached public pages a change here makes stale (portal/web/pagecache.py): a relationship or an
agreement is on the listing of each organisation it names, and an organisation's publication
decides whether its partners' listings name it."""

from django.db.models.signals import post_save

from networks import selectors
from networks.models import Agreement, AgreementParty, Relationship
from organisations.models import Organisation
from portal.web import pagecache
from portal.web.pagecache import organisation_concern


def _slugs(*pks):
    return list(Organisation.objects.filter(pk__in=[pk for pk in pks if pk]).values_list("slug", flat=True))


def relationship_concerns(relationship, old):
    pks = [relationship.organisation_id, relationship.other_id]
    if old:
        pks += [old.get("organisation_id"), old.get("other_id")]
    return [organisation_concern(slug) for slug in _slugs(*pks)]


def agreement_concerns(agreement, old):
    pks = AgreementParty.objects.filter(agreement_id=agreement.pk).values_list("organisation_id", flat=True)
    return [organisation_concern(slug) for slug in _slugs(*pks)]


def party_concerns(party, old):
    # A party joining or leaving changes the party list on every other party's listing too.
    pks = [party.organisation_id, *AgreementParty.objects.filter(agreement_id=party.agreement_id).values_list("organisation_id", flat=True)]
    return [organisation_concern(slug) for slug in _slugs(*pks)]


def organisation_saved(sender, instance, created=False, raw=False, **kwargs):
    # The listings that may name this organisation: published or not any more, renamed, archived.
    # (organisations.invalidation looks after the organisation's own page.) A new organisation
    # has no partners yet, and without the page cache there is nothing to invalidate: a big
    # import pays no query per row.
    if raw or created or not pagecache.enabled():
        return
    pagecache.invalidate(*(organisation_concern(slug) for slug in selectors.partner_slugs(instance)))


def connect():
    pagecache.watch(Relationship, relationship_concerns, fields=("organisation_id", "other_id"))
    pagecache.watch(Agreement, agreement_concerns)
    pagecache.watch(AgreementParty, party_concerns)
    post_save.connect(organisation_saved, sender=Organisation, weak=False, dispatch_uid="networks-partner-listings")
