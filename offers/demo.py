"""Demo regular offers: a Tigrinya language café with a summer pause (an organisation's, approved),
homework help at the learning centre (a municipal service's, saved by a coordinator) and a
proposal waiting for approval. Fictional times and places."""

import datetime

from offers.models import Offer, OfferPause
from organisations.models import Language, ModerationStatus, Organisation

T = datetime.time


def _offer(organisation, title, *, languages, pauses=(), **fields):
    offer, created = Offer.objects.get_or_create(organisation=organisation, title=title, defaults=fields)
    if created:
        offer.languages.set(Language.objects.filter(code__in=languages))
        for starts_on, ends_on in pauses:
            OfferPause.objects.create(offer=offer, starts_on=starts_on, ends_on=ends_on)
    return offer


def seed(stdout):
    year = datetime.date.today().year
    eritrean = Organisation.objects.filter(name="Eritreisk Forening i Rogaland").first()
    learning = Organisation.objects.filter(name="Sandnes læringssenter (SLS)").first()
    if eritrean:
        _offer(
            eritrean, "Språkkafé på tigrinja og norsk", kind="language_cafe", audience="everyone", languages=["ti", "no"],
            place="Sandnes bibliotek, møterom 2", weekdays="2", start_time=T(18), end_time=T(20),
            valid_from=datetime.date(year, 1, 6), valid_until=datetime.date(year + 1, 12, 15),
            pauses=[(datetime.date(year, 6, 22), datetime.date(year, 8, 9)), (datetime.date(year, 12, 22), datetime.date(year + 1, 1, 4))],
            status=ModerationStatus.APPROVED, description="<p>Øv på norsk over en kopp kaffe. Alle er velkomne.</p>",
        )
        _offer(
            eritrean, "Fotball for jenter", kind="sports", audience="youth", languages=["ti"],
            place="Giskehallen", weekdays="6", start_time=T(11), end_time=T(12, 30),
            valid_from=datetime.date(year, 1, 10), status=ModerationStatus.PENDING,
        )
    if learning:
        _offer(
            learning, "Leksehjelp", kind="homework_help", audience="children", languages=["no", "ar", "so"],
            place="Sandnes læringssenter", weekdays="13", start_time=T(15), end_time=T(17),
            valid_from=datetime.date(year, 1, 6), valid_until=datetime.date(year + 1, 6, 20),
            pauses=[(datetime.date(year, 6, 21), datetime.date(year, 8, 16))], status=ModerationStatus.APPROVED,
        )
    stdout.write(f"Regular offers: {Offer.objects.count()}.")
