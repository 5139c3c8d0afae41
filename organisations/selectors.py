"""Reads of the registry for pages and figures (one source of truth for the directory figures)."""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.reporting import figures
from portal.text.collation import norwegian
from portal.text.sanitize import clean_richtext, richtext_to_plain_text
from organisations.models import (
    Consent,
    EditorInvitation,
    Event,
    ListingRevision,
    ModerationStatus,
    Organisation,
    PremisesNeed,
)
from portal.text.search import suggest


def directory_organisations(*, q="", kind="", language="", municipality=""):
    """Published, non-archived organisations for the public directory, ready for the cards."""
    queryset = Organisation.objects.published()
    queryset = queryset.search(q)
    if kind:
        queryset = queryset.filter(kind=kind)
    if language:
        queryset = queryset.filter(languages__code=language)
    if municipality:
        # Where it is registered, or one of the municipalities it is active in besides.
        queryset = queryset.filter(Q(municipality=municipality) | Q(active_in__name=municipality))
    return queryset.prefetch_related("languages", "activities").order_by(norwegian("name")).distinct()


def directory_suggestion(q):
    """"Mente du …": the search words corrected towards the published listings' words, or None."""
    if not q.strip():
        return None
    rows = list(Organisation.objects.published().values_list("search_text", "name"))
    return suggest(q, [text for text, _name in rows], names=[name for _text, name in rows])


def directory_municipalities():
    """The filter's choices: every municipality a published organisation is registered or active in."""
    from organisations.models import Municipality
    from portal.text.collation import sort_key

    published = Organisation.objects.published()
    registered = published.exclude(municipality="").order_by().values_list("municipality", flat=True)
    active = Municipality.objects.filter(active_organisations__in=published).order_by().values_list("name", flat=True)
    return sorted(set(registered.union(active)), key=sort_key)  # one query


def public_organisation(slug):
    return (
        Organisation.objects.published()
        .prefetch_related("languages", "activities", "tags", "active_in", _descriptions_with_language())
        .filter(slug=slug)
        .first()
    )


def _descriptions_with_language():
    """The approved descriptions in other languages, each with its language (for lang and dir)."""
    from organisations.models import ListingDescription

    return Prefetch("descriptions", queryset=ListingDescription.objects.select_related("language"))


def staff_organisations(*, q="", kind="", state=""):
    queryset = Organisation.objects.all()
    if state == "archived":
        queryset = queryset.filter(archived_at__isnull=False)
    elif state == "published":
        queryset = queryset.published()
    elif state == "unpublished":
        queryset = queryset.active().filter(Q(published_on__isnull=True) | Q(published_on__gt=timezone.localdate()))
    elif state != "all":
        queryset = queryset.active()
    if kind:
        queryset = queryset.filter(kind=kind)
    queryset = queryset.search(q)
    return queryset.annotate(contact_person_count=Count("contact_persons")).order_by(norwegian("name"))


def staff_organisation(pk):
    return (
        Organisation.objects.select_related("published_consent").prefetch_related(
            "languages", "activities", "tags", "active_in", "editors", Prefetch("contact_persons"), _descriptions_with_language(),
            Prefetch("premises_needs", queryset=PremisesNeed.objects.filter(withdrawn_on__isnull=True), to_attr="current_premises_needs"),
        )
        .filter(pk=pk)
        .first()
    )


@figures.register("directory.published_at_year_end", _("Innvandrerorganisasjoner i den offentlige katalogen ved årets slutt"))
def published_at_year_end(year):
    """directory.published_at_year_end: immigrant organisations listed on or before 31 December."""
    return Organisation.objects.immigrant().filter(published_on__lte=datetime.date(year, 12, 31)).count()


def published_today():
    """Immigrant organisations in the public directory today."""
    return Organisation.objects.immigrant().published().count()


# --- Public events (the calendar, the .ics feed and the start page read these) -------------


def _public_events_queryset(start=None, end=None):
    queryset = Event.objects.public().select_related("organisation", "language")
    if start is not None:
        # An event still running at `start` belongs to the window too.
        queryset = queryset.filter(Q(ends_at__gte=start) | Q(ends_at__isnull=True, starts_at__gte=start))
    if end is not None:
        queryset = queryset.filter(starts_at__lt=end)
    return queryset.order_by("starts_at", "pk")


def public_events(start=None, end=None):
    """Approved events of published organisations as plain dicts (contract with the panel's
    /kalender/ and /kalender.ics): uid, title, start, end, location, description, url."""
    return [
        {
            "uid": event.uid,
            "title": event.title,
            "start": event.starts_at,
            "end": event.ends_at,
            "location": event.location,
            "description": richtext_to_plain_text(event.description),  # the feeds and the calendar take plain text
            "url": event.get_absolute_url(),
            "organisation": event.organisation.name,
            "audience": event.get_audience_display(),
            "language": event.language.name_nb if event.language else "",
        }
        for event in _public_events_queryset(start, end)
    ]


def upcoming_public_events(limit):
    """The next approved events for the start page (hub.home)."""
    now = timezone.now()
    events = _public_events_queryset().filter(starts_at__gte=now)[:limit]
    return [
        {
            "start": event.starts_at,
            "date": timezone.localtime(event.starts_at).date(),
            "title": f"{event.title} ({event.organisation.name})",
            "url": event.get_absolute_url(),
        }
        for event in events
    ]


def organisation_public_events(organisation):
    """Upcoming (and running) approved events on an organisation's public page."""
    now = timezone.now()
    return list(
        Event.objects.filter(organisation=organisation, status=ModerationStatus.APPROVED)
        .filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now - datetime.timedelta(hours=12)))
        .select_related("language")
        .order_by("starts_at", "pk")
    )


# --- Editors, moderation and history ------------------------------------------------------

STALE_AFTER = datetime.timedelta(days=365)


def editor_organisations_overview(user):
    """The editor's organisations, each with whether a change waits for approval."""
    pending = ListingRevision.objects.filter(organisation=OuterRef("pk"), status=ModerationStatus.PENDING)
    return (
        Organisation.objects.active()
        .filter(editors=user)
        .annotate(has_pending_change=Exists(pending))
        .order_by(norwegian("name"))
    )


def editor_organisation_page(organisation):
    """What the editor's page of one organisation shows, in a fixed number of queries."""
    return {
        "pending": organisation.listing_revisions.filter(status=ModerationStatus.PENDING).first(),
        "recent": list(organisation.listing_revisions.exclude(status=ModerationStatus.PENDING)[:5]),
        "events": list(
            organisation.organisation_events.filter(
                Q(ends_at__gte=timezone.now()) | Q(starts_at__gte=timezone.now() - datetime.timedelta(days=1))
            ).select_related("language")
        ),
        "consent": organisation.consents.filter(withdrawn_at__isnull=True).first(),
    }


def moderation_queue():
    return {
        "revisions": list(
            ListingRevision.objects.filter(status=ModerationStatus.PENDING)
            .select_related("organisation", "submitted_by")
            .order_by("submitted_at")
        ),
        "events": list(
            Event.objects.filter(status=ModerationStatus.PENDING)
            .select_related("organisation", "submitted_by")
            .order_by("submitted_at")
        ),
        "stale": list(stale_listings()),
        "ready_to_publish": list(ready_to_publish()),
    }


def ready_to_publish():
    """Organisations whose consent is on record but whose listing is not public yet."""
    active_consent = Consent.objects.filter(organisation=OuterRef("pk"), withdrawn_at__isnull=True)
    today = timezone.localdate()
    return (
        Organisation.objects.active()
        .filter(Exists(active_consent))
        .filter(Q(published_on__isnull=True) | Q(published_on__gt=today))
        .order_by(norwegian("name"))
    )


def stale_listings(today=None):
    """Published listings nobody has confirmed for twelve months (never confirmed: counted from
    the day they were published)."""
    from django.db.models.functions import Coalesce

    today = today or timezone.localdate()
    return (
        Organisation.objects.published()
        .annotate(confirmed=Coalesce("last_confirmed_on", "published_on"))
        .filter(confirmed__lte=today - STALE_AFTER)
        .order_by("confirmed", norwegian("name"))
    )


def organisations_due_for_confirmation(now=None):
    """Published listings with editors whose yearly 'confirm your listing' e-mail is due: not
    confirmed for a year and not asked within the year (so the command can run daily)."""
    from django.db.models.functions import Coalesce

    now = now or timezone.now()
    today = timezone.localdate(now)
    return (
        Organisation.objects.published()
        .filter(editors__isnull=False)
        .annotate(confirmed=Coalesce("last_confirmed_on", "published_on"))
        .filter(confirmed__lte=today - STALE_AFTER)
        .filter(Q(confirmation_requested_at__isnull=True) | Q(confirmation_requested_at__lte=now - STALE_AFTER))
        .prefetch_related("editors")
        .distinct()
        .order_by(norwegian("name"))
    )


def listing_history(organisation):
    """Every kept version, newest first: approved revisions (with the listing they replaced)."""
    return list(
        organisation.listing_revisions.exclude(status=ModerationStatus.PENDING)
        .select_related("submitted_by", "reviewed_by")
        .order_by("-reviewed_at", "-pk")
    )


def invitations_and_editors(organisation):
    return {
        "editors": list(organisation.editors.order_by("email", "username")),
        "invitations": list(
            EditorInvitation.objects.filter(organisation=organisation, used_at__isnull=True, cancelled_at__isnull=True)
            .filter(expires_at__gt=timezone.now())
            .select_related("invited_by")
        ),
    }


def consent_history(organisation):
    return list(Consent.objects.filter(organisation=organisation).select_related("recorded_by", "withdrawn_by"))


# --- Showing a proposed listing: the diff and the preview ----------------------------------


def _names(model, codes, attribute="name_nb"):
    by_code = {obj.code: getattr(obj, attribute) for obj in model.objects.filter(code__in=codes)}
    return [by_code.get(code, code) for code in codes]


def _municipality_names(numbers):
    from organisations.models import Municipality

    return list(Municipality.objects.filter(number__in=numbers).values_list("name", flat=True))


def _field_label(name):
    from django.utils.translation import gettext_lazy as _

    labels = {"tags": _("stikkord"), "languages": _("språk"), "activities": _("aktiviteter"), "logo": _("logo")}
    return labels.get(name) or Organisation._meta.get_field(name).verbose_name


RICH_LISTING_FIELDS = ("description", "description_en")  # formatted text (portal.text.formatted)


def listing_diff(revision):
    """Field by field: the listing before (now, or as it was when decided) and as proposed."""
    from organisations.models import ActivityCategory, Language
    from organisations.services import LISTING_TEXT_FIELDS, listing_snapshot

    old = revision.previous if revision.previous is not None else listing_snapshot(revision.organisation)
    new = revision.data
    rows = []
    for field in LISTING_TEXT_FIELDS:
        rows.append({"field": field, "label": _field_label(field), "old": old.get(field, ""), "new": new.get(field, "")})
        if field in RICH_LISTING_FIELDS:
            rows[-1].update(is_rich=True, **({"lang": "en", "dir": "ltr"} if field == "description_en" else {}))
    for field, model in (("languages", Language), ("activities", ActivityCategory)):
        rows.append(
            {
                "field": field,
                "label": _field_label(field),
                "old": ", ".join(_names(model, old.get(field, []))),
                "new": ", ".join(_names(model, new.get(field, []))),
            }
        )
    rows.append(
        {
            "field": "active_in",
            "label": _field_label("active_in"),
            "old": ", ".join(_municipality_names(old.get("active_in", []))),
            "new": ", ".join(_municipality_names(new.get("active_in", old.get("active_in", [])))),
        }
    )
    rows.append(
        {"field": "tags", "label": _field_label("tags"), "old": ", ".join(old.get("tags", [])), "new": ", ".join(new.get("tags", []))}
    )
    rows += _description_rows(old.get("descriptions", []), new.get("descriptions", old.get("descriptions", [])))
    rows.append(
        {"field": "logo", "label": _field_label("logo"), "old": old.get("logo", ""), "new": new.get("logo", ""), "is_logo": True}
    )
    for row in rows:
        # Formatted text compares as cleaned (a version written before the editor is plain text).
        same = clean_richtext(row["old"]) == clean_richtext(row["new"]) if row.get("is_rich") else row["old"] == row["new"]
        row["changed"] = not same
        # Formatted text whose words stay the same: say so, since bold or a list is easy to miss.
        row["formatting_only"] = bool(
            row.get("is_rich") and row["changed"]
            and richtext_to_plain_text(row["old"]) == richtext_to_plain_text(row["new"])
        )
    return rows


def _description_rows(old, new):
    """One diff row per language in either version: "beskrivelse (arabisk)", with lang and dir."""
    from django.utils.translation import gettext as _

    from organisations.models import Language
    from portal.text.language_tags import text_direction

    old_text = {item["language"]: item["text"] for item in old}
    new_text = {item["language"]: item["text"] for item in new}
    codes = sorted({*old_text, *new_text})
    names = dict(Language.objects.filter(code__in=codes).values_list("code", "name_nb"))
    return [
        {
            "field": f"description:{code}",
            "label": _("beskrivelse (%(language)s)") % {"language": names.get(code, code)},
            "old": old_text.get(code, ""),
            "new": new_text.get(code, ""),
            "lang": code,
            "dir": text_direction(code),
            "is_rich": True,
        }
        for code in codes
    ]


class _Related(list):
    """A list that answers `.all()` like a related manager, for the shared listing template."""

    def all(self):
        return self


def _preview_descriptions(organisation, data):
    """The proposal's descriptions in other languages as unsaved rows (the approved ones when the
    proposal predates them), ordered as the public page orders them."""
    from organisations.models import Language, ListingDescription

    if "descriptions" not in data:
        return _Related(organisation.descriptions.select_related("language"))
    languages = {language.code: language for language in Language.objects.filter(code__in=[i["language"] for i in data["descriptions"]])}
    rows = [
        ListingDescription(language=languages[item["language"]], text=item["text"])
        for item in data["descriptions"] if item["language"] in languages
    ]
    return _Related(sorted(rows, key=lambda row: row.language.name_nb))


class ListingPreview:
    """The organisation as the public will see it once the revision is approved: the public
    template renders this exactly as it renders an Organisation."""

    def __init__(self, organisation, revision):
        from organisations.models import ActivityCategory, Language, Municipality, Tag
        from organisations.services import LISTING_TEXT_FIELDS

        self._organisation = organisation
        data = revision.data
        for field in LISTING_TEXT_FIELDS:
            setattr(self, field, data.get(field, ""))
        self.languages = _Related(Language.objects.filter(code__in=data.get("languages", [])))
        self.activities = _Related(ActivityCategory.objects.filter(code__in=data.get("activities", [])))
        self.tags = _Related(Tag(name=name) for name in data.get("tags", []))
        self.active_in = (
            _Related(Municipality.objects.filter(number__in=data["active_in"])) if "active_in" in data
            else _Related(organisation.active_in.all())
        )
        self.descriptions = _preview_descriptions(organisation, data)
        change = data.get("logo_change", "keep")
        if change == "new" and revision.logo:
            self.logo = revision.logo
            self.logo_url = reverse("organisations:revision_logo", args=[revision.pk])
        elif change == "clear":
            self.logo, self.logo_url = None, ""
        else:
            self.logo, self.logo_url = organisation.logo, organisation.logo_url

    def __getattr__(self, name):
        # Everything the editor cannot change (name, kind, municipality …) comes from the registry.
        return getattr(self._organisation, name)


# --- Open data (/organisasjoner.json) and the embeddable directory ----------------------------

# The listing's public fields (what /organisasjoner/<slug>/ shows). Never contact persons, notes,
# consent records, editors or anything else a coordinator keeps about an organisation.
OPEN_DATA_FIELDS = (
    "name", "slug", "kind", "municipality", "description", "description_en", "address", "email", "phone",
    "website", "facebook", "instagram", "other_social", "meeting_place", "meeting_times", "org_number",
)


def open_data_records(absolute):
    """Exactly the published listings as docs/domain.md's open-data records, in six queries.

    `absolute(path)` makes a full URL. Plain rows, not model instances: at 2,000 organisations
    prefetching three many-to-many relations into instances took two seconds (one related
    manager and queryset per organisation and relation), longer than wrk's timeout."""
    from django.core.files.storage import default_storage

    from organisations.models import Organisation as Org

    published = Organisation.objects.published()
    rows = list(
        published.order_by(norwegian("name")).values("pk", *OPEN_DATA_FIELDS, "logo", "last_confirmed_on")
    )
    related = {name: {} for name in ("languages", "activities", "tags")}
    for name, through, column, order in (  # each in its model's own order, as before
        ("languages", Org.languages.through, "language__code", "language__name_nb"),
        ("activities", Org.activities.through, "activitycategory__code", "activitycategory_id"),
        ("tags", Org.tags.through, "tag__name", "tag__name"),
    ):
        pairs = (
            through.objects.filter(organisation__in=published)
            .order_by(order, "pk")
            .values_list("organisation_id", column)
        )
        for organisation_id, value in pairs:
            related[name].setdefault(organisation_id, []).append(value)
    # Where it is active besides where it is registered (docs/domain.md: `active_in`), by name.
    related["active_in"] = {}
    for organisation_id, number, name in (
        Org.active_in.through.objects.filter(organisation__in=published)
        .order_by("municipality__name", "pk")
        .values_list("organisation_id", "municipality__number", "municipality__name")
    ):
        related["active_in"].setdefault(organisation_id, []).append({"number": number, "name": name})
    # More public fields, as docs/domain.md's record allows ("public fields …"): the approved
    # descriptions in other languages, each with its BCP 47 tag and writing direction.
    from organisations.models import ListingDescription
    from portal.text.language_tags import text_direction

    descriptions = {}
    for organisation_id, code, text in (
        ListingDescription.objects.filter(organisation__in=published)
        .order_by("language__name_nb", "pk")
        .values_list("organisation_id", "language__code", "text")
    ):
        descriptions.setdefault(organisation_id, []).append(
            {"language": code, "direction": text_direction(code), "text": richtext_to_plain_text(text)}
        )
    placeholder = "0-slug-0"
    listing_url = absolute(reverse("organisations:detail", args=[placeholder]))
    records = []
    for row in rows:
        pk = row["pk"]
        record = {field: row[field] for field in OPEN_DATA_FIELDS}
        for field in RICH_LISTING_FIELDS:  # open data is plain text (paragraphs by blank lines, "- " items)
            record[field] = richtext_to_plain_text(record[field])
        record["url"] = listing_url.replace(placeholder, row["slug"])
        record["logo"] = absolute(default_storage.url(row["logo"])) if row["logo"] else ""
        record["languages"] = related["languages"].get(pk, [])
        record["activities"] = related["activities"].get(pk, [])
        record["tags"] = related["tags"].get(pk, [])
        record["descriptions"] = descriptions.get(pk, [])
        record["active_in"] = related["active_in"].get(pk, [])
        record["last_confirmed_on"] = row["last_confirmed_on"].isoformat() if row["last_confirmed_on"] else None
        records.append(record)
    return records


def listing_structured_data(organisation, events, absolute):
    """schema.org Organization (with its coming events) for the listing page's JSON-LD."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": absolute(organisation.get_absolute_url()),
    }
    optional = {
        "description": richtext_to_plain_text(organisation.description),
        "email": organisation.email,
        "telephone": organisation.phone,
        "address": organisation.address,
        "logo": absolute(organisation.logo_url) if organisation.logo_url else "",
        "sameAs": [link for link in (organisation.website, organisation.facebook, organisation.instagram) if link],
    }
    data.update({key: value for key, value in optional.items() if value})
    if events:
        data["event"] = [
            {
                "@type": "Event",
                "name": event.title,
                "startDate": timezone.localtime(event.starts_at).isoformat(),
                **({"endDate": timezone.localtime(event.ends_at).isoformat()} if event.ends_at else {}),
                "location": {"@type": "Place", "name": event.location or organisation.name},
                # (the listing's own address: event.get_absolute_url() would fetch the organisation again)
                "url": absolute(f"{organisation.get_absolute_url()}#arrangement-{event.pk}"),
                "organizer": {"@type": "Organization", "name": organisation.name},
            }
            for event in events
        ]
    return data


def waiting_counts(today=None):
    """What waits for a coordinator (the dashboard): listing changes and events waiting for
    approval, and published listings not confirmed for twelve months (three queries)."""
    return {
        "revisions": ListingRevision.objects.filter(status=ModerationStatus.PENDING).count(),
        "events": Event.objects.filter(status=ModerationStatus.PENDING).count(),
        "stale": stale_listings(today).count(),
    }


# --- The organisation's own record and the premises needs -------------------------------------


def editor_record_page(organisation):
    """The editor's record page: contact persons with their mailing choice, and the premises
    needs (two queries)."""
    persons = list(organisation.contact_persons.select_related("mailing_preference").order_by(norwegian("name"), "pk"))
    needs = list(organisation.premises_needs.all())
    return {
        "persons": persons,
        "needs": [need for need in needs if need.withdrawn_on is None],
        "withdrawn_needs": [need for need in needs if need.withdrawn_on is not None],
    }


def _band(start, end, label):
    return {"start": start, "end": end, "label": label}


def time_bands():
    """The parts of the day the premises needs are summed by (a need counts in every band it overlaps)."""
    from django.utils.translation import gettext_lazy as _

    return [
        _band(datetime.time(0, 0), datetime.time(12, 0), _("før kl. 12")),
        _band(datetime.time(12, 0), datetime.time(17, 0), _("kl. 12–17")),
        _band(datetime.time(17, 0), None, _("etter kl. 17")),
    ]


def current_premises_needs():
    """The needs that count: not withdrawn, of organisations in the registry (not archived)."""
    from organisations.models import PremisesNeed

    return list(
        PremisesNeed.objects.current().select_related("organisation").order_by("weekday", "starts_at", norwegian("organisation__name"), "pk")
    )


def premises_needs_by_weekday(needs=None):
    """The sum of the premises needs per weekday and part of the day, every cell present (one
    query): how many organisations (each once), how many needs, people and square metres (summed
    over the needs that give them). A need from 15 to 19 counts after 12 and after 17."""
    from organisations.models import Weekday

    needs = current_premises_needs() if needs is None else needs
    rows = []
    for weekday, weekday_label in Weekday.choices:
        for band in time_bands():
            inside = [
                need for need in needs
                if need.weekday == weekday and (band["end"] is None or need.starts_at < band["end"]) and need.ends_at > band["start"]
            ]
            rows.append(
                {
                    "weekday": weekday_label,
                    "band": band["label"],
                    "organisations": len({need.organisation_id for need in inside}),
                    "needs": len(inside),
                    "people": sum(need.people or 0 for need in inside),
                    "area": sum(need.area or 0 for need in inside),
                }
            )
    return rows


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def premises_needs_spreadsheet(today, *, detailed=False):
    """The sum by weekday (or, `detailed`, the needs behind it) as a spreadsheet with Norwegian
    headers, through the portal's one safe sheet writer (an organisation's text is never a
    formula): (filename, mimetype, bytes)."""
    from django.conf import settings
    from django.utils import translation
    from django.utils.translation import gettext as _

    from portal.spreadsheets import writing

    needs = current_premises_needs()
    with translation.override(settings.LANGUAGE_CODE):
        if detailed:
            title, name = _("Lokalbehov"), "lokalbehov"
            headers = [_("Organisasjon"), _("Ukedag"), _("Fra"), _("Til"), _("Personer"), _("Kvadratmeter"), _("Hvor ofte"), _("Bruk")]
            rows = [
                [need.organisation.name, need.get_weekday_display(), need.starts_at.strftime("%H:%M"),
                 need.ends_at.strftime("%H:%M"), need.people, need.area, need.get_frequency_display(), need.purpose]
                for need in needs
            ]
            numbers = headers[4:6]
        else:
            title, name = _("Lokalbehov per ukedag"), "lokalbehov-per-ukedag"
            headers = [_("Ukedag"), _("Tid på dagen"), _("Organisasjoner"), _("Behov"), _("Personer"), _("Kvadratmeter")]
            rows = [
                [str(row["weekday"]), str(row["band"]), row["organisations"], row["needs"], row["people"], row["area"]]
                for row in premises_needs_by_weekday(needs)
            ]
            numbers = headers[2:]
    content = writing.table_bytes(headers, rows, "xlsx", types={h: writing.NUMBER for h in numbers}, title=title)
    return f"{name}-{today.isoformat()}.xlsx", XLSX_MIMETYPE, content


def other_needs_summary():
    """Per need of the list (organisations.models.OtherNeed), the organisations in the registry
    (not archived) that have said they have it, by name (one query)."""
    from organisations.models import OtherNeed

    chosen = {value: [] for value, _label in OtherNeed.choices}
    for name, needs in Organisation.objects.active().order_by(norwegian("name")).values_list("name", "other_needs"):
        for value in needs or []:
            if value in chosen:
                chosen[value].append(name)
    return [{"label": label, "organisations": chosen[value]} for value, label in OtherNeed.choices if chosen[value]]
