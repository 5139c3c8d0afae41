import datetime

from offers.models import Offer, OfferPause
from organisations.models import Language, ModerationStatus


def offer(organisation, *, title="Språkkafé", kind="language_cafe", audience="everyone", languages=("ti",),
          weekdays="2", start="18:00", end="20:00", valid_from="2027-01-05", valid_until="2027-12-14",
          status=ModerationStatus.APPROVED, pauses=(), place="Sandnes bibliotek", **fields):
    item = Offer.objects.create(
        organisation=organisation, title=title, kind=kind, audience=audience, weekdays=weekdays,
        start_time=datetime.time.fromisoformat(start), end_time=datetime.time.fromisoformat(end),
        valid_from=datetime.date.fromisoformat(valid_from),
        valid_until=datetime.date.fromisoformat(valid_until) if valid_until else None,
        status=status, place=place, **fields,
    )
    item.languages.set(Language.objects.filter(code__in=languages))
    for starts_on, ends_on in pauses:
        OfferPause.objects.create(
            offer=item, starts_on=datetime.date.fromisoformat(starts_on), ends_on=datetime.date.fromisoformat(ends_on)
        )
    return item
