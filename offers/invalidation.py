"""Which cached public pages a change of an offer makes stale (portal/web/pagecache.py): an approved
offer (or one that was approved) is on /faste-tilbud/ (OFFERS), in the calendar and its feed
(CALENDAR) and on its organisation's listing; one waiting for approval is seen by nobody outside.
An organisation renamed, published, unpublished or archived changes how its offers show."""

from django.db.models.signals import post_save

from offers.models import Offer, OfferPause
from organisations.invalidation import CALENDAR_FIELDS
from organisations.models import ModerationStatus, Organisation
from portal.web import pagecache
from portal.web.pagecache import CALENDAR, organisation_concern

OFFERS = "offers"


def _concerns(organisation_id):
    slug = Organisation.objects.filter(pk=organisation_id).values_list("slug", flat=True).first()
    return [OFFERS, CALENDAR] + ([organisation_concern(slug)] if slug else [])


def offer_concerns(offer, old):
    approved = ModerationStatus.APPROVED
    if offer.status != approved and (old is None or old.get("status") != approved):
        return []
    return _concerns(offer.organisation_id)


def pause_concerns(pause, old):
    offer = Offer.objects.filter(pk=pause.offer_id).values("status", "organisation_id").first()
    if offer is None or offer["status"] != ModerationStatus.APPROVED:
        return []
    return _concerns(offer["organisation_id"])


def language_concerns(instance, reverse, pk_set):
    if reverse:  # a language gained or lost offers: rare, and only through the admin
        return [OFFERS, CALENDAR]
    return offer_concerns(instance, None)


def organisation_changed(sender, instance, created=False, raw=False, **kwargs):
    # organisations.invalidation kept the row as it was before the save (_pagecache_old).
    old = getattr(instance, "_pagecache_old", None)
    if created or raw or old is None:
        return
    if not any(old.get(name) != getattr(instance, name) for name in (*CALENDAR_FIELDS, "kind")):
        return
    # Exactly the pages that show it: an organisation without approved offers changes none of them.
    if Offer.objects.filter(organisation_id=instance.pk, status=ModerationStatus.APPROVED).exists():
        pagecache.invalidate(OFFERS, CALENDAR)


def connect():
    pagecache.watch(Offer, offer_concerns, fields=("status",))
    pagecache.watch(OfferPause, pause_concerns)
    pagecache.watch_m2m(Offer.languages.through, language_concerns)
    post_save.connect(organisation_changed, sender=Organisation, weak=False, dispatch_uid="offers-pagecache-organisation")
