"""The regular offers in the spreadsheet export's extra.json (hub/backup.py, `export_all` and
`import_data`): every offer with its organisation's name, its rule, languages, pauses and
moderation state. Who sent it in and who decided are accounts, which the export leaves out."""

from offers.models import Offer, OfferPause
from organisations.models import Language

FIELDS = (
    "title", "kind", "audience", "place", "description", "weekdays", "start_time", "end_time",
    "valid_from", "valid_until", "status", "submitted_at", "reviewed_at", "review_message",
)


def extras(value):
    """{"offers": [...]}; `value(instance, name)` gives a field as the export writes it."""
    return {
        "offers": [
            {
                "organisation": offer.organisation.name,
                **{name: value(offer, name) for name in FIELDS},
                "languages": sorted(language.code for language in offer.languages.all()),
                "pauses": [[pause.starts_on, pause.ends_on] for pause in offer.pauses.all()],
            }
            for offer in Offer.objects.select_related("organisation").prefetch_related("languages", "pauses")
            .order_by("organisation__name", "title", "valid_from", "pk")
        ]
    }


def restore(items, *, organisation, assign):
    """Each offer back, matched by organisation, title and first day (a second import updates it)."""
    for item in items:
        owner = organisation(item["organisation"])
        offer = (
            Offer.objects.filter(organisation=owner, title=item["title"], valid_from=item["valid_from"]).order_by("pk").first()
            or Offer(organisation=owner)
        )
        assign(offer, item, exclude=("organisation", "languages", "pauses"))
        offer.full_clean(exclude=["organisation"])
        offer.save()
        offer.languages.set(Language.objects.filter(code__in=item.get("languages", [])))
        offer.pauses.all().delete()
        for starts_on, ends_on in item.get("pauses", []):
            pause = OfferPause(offer=offer)
            assign(pause, {"starts_on": starts_on, "ends_on": ends_on})
            pause.save()
