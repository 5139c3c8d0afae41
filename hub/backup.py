"""Backups in the portal spreadsheet format: `manage.py export_all DIR`, restored by `import_data DIR`.

DIR gets one CSV per file kind of the import registry (portal.importing, the goals' sheets
included), and `extra.json` with what a sheet cannot hold: the rest of each organisation's record
(languages, activities, tags, descriptions in other languages, consent, notes, archiving, the municipalities it is
active in, its member count and needs, its premises needs), contact persons with their consent to mailings and opt-out, each meeting's
status and minutes (the panel's and the series', matched by series and date) and the meetings of
neither with their attendance, the meeting series themselves (kind, description, members), each
contact's persons met and head count, guidance cases, the surveys' settings, the grants' schemes, rounds and applications beyond their
sheets (grants/backup.py), what activities.csv
cannot hold of an activity (period, times, consultation and media fields, organisations' roles,
measures and plan items), what each input item (input.csv) led to, the premises and the resource library, the notes of
relationships and the text and meeting or activity of agreements, the regular offers (offers/backup.py); the library's files go to
`files/`. Formatted text (descriptions, activity descriptions) is plain text in the sheets, as
coordinators read it, and kept as stored (cleaned HTML) in extra.json, which restores it. Restored into an empty database, the
report figures come out identical (tests/portal/test_export_all.py).

NOT exported: user accounts, roles and organisation editors (people sign in again and are invited
again), invitations and links, organisations' own registrations (an approved one is its
organisation, exported as such; one not yet decided is an application waiting on the portal it was
sent to, with a confirmation link), the audit trail, consent history rows, listing revisions,
proposed relationships, organisations' events, attachments and logos, and annual reports (an
approved report's PDF and snapshot are kept as files by whoever published it).
"""

import json
from pathlib import Path

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from organisations.models import CONSENT_BEFORE_PORTAL_VERSION
from portal import importing

EXTRA_FILE = "extra.json"
FORMAT_VERSION = 1


def _model(label):
    # No guard: an app that is not installed is a bug, not a part "not built yet".
    return apps.get_model(label)


# --- Export ---------------------------------------------------------------------------------


def export_all(directory):
    """Write every sheet and extra.json into directory; returns the file names written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for stem in importing.available_stems():
        # The resource's own export order (contacts by date, then as entered), which extra.json's
        # contact list follows too.
        resource = importing.resource_class(stem)()
        ordered = getattr(resource, "get_export_queryset", None)
        queryset = ordered() if ordered else None
        (directory / f"{stem}.csv").write_bytes(importing.export_bytes(stem, "csv", queryset=queryset))
        written.append(f"{stem}.csv")
    written += _export_resource_files(directory)
    extra = {"format": FORMAT_VERSION, **_extras()}
    (directory / EXTRA_FILE).write_text(json.dumps(extra, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1), encoding="utf-8")
    written.append(EXTRA_FILE)
    return written


def _extras():
    data = _extras_base()
    for section in EXTRA_SECTIONS[1:]:
        data.update(section())
    data["grants"] = _grant_extras()
    return data


def _extras_base():
    from organisations.models import ContactPerson, Organisation, PremisesNeed

    data = {"organisations": [], "contact_persons": []}
    for organisation in Organisation.objects.select_related("published_consent").prefetch_related(
        "languages", "activities", "tags", "descriptions__language"
    ).order_by("name"):
        data["organisations"].append(
            {
                "name": organisation.name,
                "address": organisation.address,
                # The formatted descriptions as stored (organisations.csv holds them as plain text).
                "description": _value(organisation, "description"),
                "description_en": _value(organisation, "description_en"),
                "facebook": organisation.facebook,
                "instagram": organisation.instagram,
                "other_social": organisation.other_social,
                "languages": [language.code for language in organisation.languages.all()],
                "activities": [activity.code for activity in organisation.activities.all()],
                "tags": [tag.name for tag in organisation.tags.all()],
                "descriptions": [{"language": d.language.code, "text": _value(d, "text")} for d in organisation.descriptions.all()],
                **_consent_in_force(organisation),
                "notes": organisation.notes,
                "archived_at": organisation.archived_at,
                # Where it is active besides where it is registered, and its own record.
                "active_in": [municipality.number for municipality in organisation.active_in.all()],
                "member_count": organisation.member_count,
                "other_needs": organisation.other_needs,
                "other_needs_note": organisation.other_needs_note,
            }
        )
    for person in ContactPerson.objects.select_related("organisation", "mailing_preference").order_by("organisation__name", "name", "pk"):
        data["contact_persons"].append(
            {"organisation": person.organisation.name, "name": person.name, "role": person.role, "email": person.email,
             "phone": person.phone, "mailing": _mailing_choice(person)}
        )
    data["premises_needs"] = [
        {"organisation": need.organisation.name, **{name: getattr(need, name) for name in PREMISES_NEED_FIELDS}}
        for need in PremisesNeed.objects.select_related("organisation").order_by("organisation__name", "weekday", "starts_at", "pk")
    ]
    return data


# A premises need as extra.json keeps it (organisations.models.PremisesNeed, by organisation name).
PREMISES_NEED_FIELDS = ("weekday", "starts_at", "ends_at", "people", "area", "frequency", "purpose", "withdrawn_on")
MAILING_CHOICE_FIELDS = ("may_email", "consent_noted_on", "opted_out_at", "opted_out_source")


def _mailing_choice(person):
    """The person's consent to mailings and opt-out (mailings.ContactPreference), or None: an
    opt-out must survive a restore. Who noted the consent is an account, which is not exported."""
    preference = getattr(person, "mailing_preference", None)
    return {name: getattr(preference, name) for name in MAILING_CHOICE_FIELDS} if preference else None


def _municipalities(numbers, organisation):
    """The municipalities by number; a number not in the shipped list is refused, never dropped."""
    from organisations.models import Municipality

    found = list(Municipality.objects.filter(number__in=numbers))
    unknown = sorted(set(numbers) - {municipality.number for municipality in found})
    if unknown:
        raise RestoreError(f"{EXTRA_FILE}: {organisation.name}: unknown municipality number {unknown[0]!r}")
    return found


def _restore_descriptions(organisation, descriptions):
    """An organisation's descriptions in other languages; a language the portal does not know is
    refused, never dropped."""
    from organisations.models import Language
    from organisations.services import organisation_set_descriptions

    known = set(Language.objects.filter(code__in=[d["language"] for d in descriptions]).values_list("code", flat=True))
    for item in descriptions:
        if item["language"] not in known:
            raise RestoreError(f"{EXTRA_FILE}: {organisation.name}: unknown language {item['language']!r}")
    organisation_set_descriptions(organisation=organisation, descriptions=descriptions)


def _grant_extras():
    from grants import backup as grants_backup
    from outreach.models import Guidance

    return grants_backup.export_extras(list(Guidance.objects.order_by("date", "pk")))


def _panel_extras():
    Meeting, Attendance = _model("panel.Meeting"), _model("panel.Attendance")
    own = ("status", "start_time", "end_time", "agenda", "minutes", "minutes_sent_to", "minutes_sent_on",
           "working_methods", "coordinators_count", "students_count", "guests_count", "others_count")
    panel, other = [], []
    for meeting in Meeting.objects.select_related("series").order_by("date", "pk"):
        fields = {name: getattr(meeting, name) for name in own}
        if meeting.kind == "panel":
            panel.append({"date": meeting.date, **fields})
        elif meeting.series_id:  # in meetings.csv with its series
            panel.append({"date": meeting.date, "series": meeting.series.name, **fields})
        else:
            attendance = [
                {"organisation": a.organisation.name, "participants": a.participants}
                for a in Attendance.objects.filter(meeting=meeting).select_related("organisation").order_by("pk")
            ]
            other.append({"kind": meeting.kind, "date": meeting.date, "title": meeting.title,
                          "location": meeting.location, **fields, "attendance": attendance})
    return {"panel_meetings": panel, "other_meetings": other}


def _outreach_extras():
    Contact, Guidance = _model("outreach.Contact"), _model("outreach.Guidance")
    contacts = [
        {
            # aligned with contacts.csv, which is written in (date, pk) order
            "date": contact.date,
            "organisation": contact.organisation.name,
            "direction": contact.direction,
            "head_count": contact.head_count,
            "follow_up_on": contact.follow_up_on,
            "follow_up_done": contact.follow_up_done,
            "persons_met": [[p.organisation.name, p.name] for p in contact.persons_met.all()],
        }
        for contact in Contact.objects.select_related("organisation")
        .prefetch_related("persons_met__organisation")
        .order_by("date", "pk")
    ]
    guidance = []
    for case in Guidance.objects.select_related("organisation").order_by("date", "pk"):
        guidance.append(
            {
                "date": case.date,
                "organisation": case.organisation.name if case.organisation_id else None,
                "person_name": case.person_name,
                "person_reply_to": case.person_reply_to,
                "topic": case.topic,
                "request": case.request,
                "status": case.status,
                "minutes_spent": case.minutes_spent,
                "outcome": case.outcome,
            }
        )
    return {"contacts": contacts, "guidance": guidance}


def _survey_extras():
    Survey = _model("surveys.Survey")
    own = ("introduction", "allow_anonymous", "min_group_size", "public_access", "translations")
    return {
        "surveys": [
            {
                "title": survey.title,
                **{name: getattr(survey, name) for name in own},
                # groups nobody has answered in yet are in no answer row
                "groups": [{"name": group.name, "position": group.position} for group in survey.groups.all()],
                # survey_questions.csv has fixed columns: the questions' other languages live here
                "question_translations": [
                    {"position": question.position, "translations": question.translations}
                    for question in survey.questions.all() if question.translations
                ],
            }
            for survey in Survey.objects.prefetch_related("groups", "questions").order_by("title")
        ]
    }


# --- Restore --------------------------------------------------------------------------------


class RestoreError(Exception):
    pass


def _consent_in_force(organisation):
    # The consent a published listing is public under (the Consent rows are the record; the
    # history rows are not exported). Restored by _restore_consent after organisations.csv.
    consent = organisation.published_consent
    if consent is None or consent.is_before_portal:
        return {"consent_given_by": "", "consent_given_on": None, "consent_wording": ""}
    return {
        "consent_given_by": consent.given_by, "consent_given_on": consent.given_on,
        "consent_wording": consent.wording, "consent_wording_version": consent.wording_version,
    }


def _restore_consent(organisation, item):
    """organisations.csv's published_on recorded the consent as given before the portal; the
    backup knows who gave it, when and to which wording: that consent takes its place."""
    from organisations.services import CONSENT_REGISTRY_VERSION, consent_record

    given_by, given_on = item.get("consent_given_by"), item.get("consent_given_on")
    if not (given_by and given_on):
        return
    before_portal = list(organisation.consents.filter(wording_version=CONSENT_BEFORE_PORTAL_VERSION))
    consent_record(
        organisation=organisation, given_by=given_by, given_on=organisation._meta.get_field("published_on").to_python(given_on),
        wording_version=item.get("consent_wording_version") or CONSENT_REGISTRY_VERSION,
        wording=item.get("consent_wording") or "",
    )
    for consent in before_portal:
        consent.delete()


def restore_directory(directory, *, user=None):
    """After import_data's sheets (the goals' among them): extra.json, if DIR holds it.
    Call inside the import's transaction so a failure here writes nothing at all."""
    directory = Path(directory)
    messages = []
    path = directory / EXTRA_FILE
    if path.exists():
        restore_extra(json.loads(path.read_text(encoding="utf-8")))
        _restore_resource_files(directory)
        messages.append(f"{EXTRA_FILE}: restored")
    return messages


@transaction.atomic
def restore_extra(data):
    from mailings.models import ContactPreference
    from organisations.models import ActivityCategory, ContactPerson, Language, Organisation, PremisesNeed
    from organisations.services import organisation_set_tags

    if data.get("format") != FORMAT_VERSION:
        raise RestoreError(f"{EXTRA_FILE}: unknown format {data.get('format')!r}")
    organisations = {o.name.lower(): o for o in Organisation.objects.all()}

    def organisation(name):
        try:
            return organisations[name.lower()]
        except KeyError:
            raise RestoreError(f"{EXTRA_FILE}: unknown organisation {name!r}") from None

    for item in data.get("organisations", []):
        target = organisation(item["name"])
        # consent_* are _restore_consent's; active_in is set below
        own = {name: value for name, value in item.items() if not name.startswith("consent_") and name != "active_in"}
        _assign(target, {name: value if value is not None else _empty(target, name) for name, value in own.items()},
                exclude=("name",))
        target.save()
        _restore_consent(target, item)
        target.languages.set(Language.objects.filter(code__in=item.get("languages", [])))
        target.activities.set(ActivityCategory.objects.filter(code__in=item.get("activities", [])))
        organisation_set_tags(organisation=target, names=item.get("tags", []))
        target.active_in.set(_municipalities(item.get("active_in", []), target))
        _restore_descriptions(target, item.get("descriptions", []))
        target.refresh_search_text()

    persons = {}
    for item in data.get("contact_persons", []):
        person = ContactPerson.objects.create(
            organisation=organisation(item["organisation"]),
            **{name: item.get(name, "") for name in ("name", "role", "email", "phone")},
        )
        if item.get("mailing"):
            preference = ContactPreference(person=person)
            _assign(preference, item["mailing"])
            preference.save()
        persons.setdefault((item["organisation"].lower(), item["name"]), person)
    for item in data.get("premises_needs", []):
        need = PremisesNeed(organisation=organisation(item["organisation"]))
        _assign(need, item, exclude=("organisation",))
        need.save()

    Meeting, Attendance = _model("panel.Meeting"), _model("panel.Attendance")
    from panel.resources import _meeting_on

    for item in data.get("panel_meetings", []):
        meeting = _meeting_on(item["date"], item.get("series") or "")
        if meeting is None:
            where = f"«{item['series']}»" if item.get("series") else "panel"
            raise RestoreError(f"{EXTRA_FILE}: no {where} meeting on {item['date']} in meetings.csv")
        _assign(meeting, item, exclude=("date", "series"))
        meeting.save()
    for item in data.get("other_meetings", []):
        meeting = Meeting()
        _assign(meeting, item, exclude=("attendance",))
        meeting.save()
        for row in item.get("attendance", []):
            Attendance.objects.create(meeting=meeting, organisation=organisation(row["organisation"]), participants=row["participants"])

    _restore_series(data, organisation)
    _restore_activities(data, organisation)
    _restore_plan_steering(data, organisation)
    _restore_input(data)
    _restore_networks(data, organisation)
    if data.get("offers"):
        from django.core.exceptions import ValidationError

        from offers import backup as offers_backup

        try:
            offers_backup.restore(data["offers"], organisation=organisation, assign=_assign)
        except ValidationError as error:
            raise RestoreError(f"{EXTRA_FILE}: offers: {'; '.join(error.messages)}") from None

    Contact, Guidance = _model("outreach.Contact"), _model("outreach.Guidance")
    contacts = list(Contact.objects.select_related("organisation").order_by("date", "pk"))
    extras = data.get("contacts", [])
    if len(contacts) != len(extras):
        raise RestoreError(f"{EXTRA_FILE}: {len(extras)} contacts, but contacts.csv gave {len(contacts)}")
    for contact, item in zip(contacts, extras):
        if str(contact.date) != str(item["date"]) or contact.organisation.name != item["organisation"]:
            raise RestoreError(f"{EXTRA_FILE}: contacts do not line up with contacts.csv at {item['date']}")
        _assign(contact, item, exclude=("date", "organisation", "persons_met"))
        contact.save()
        contact.persons_met.set([persons[(org.lower(), name)] for org, name in item.get("persons_met", [])])
    restored_guidance = []
    for item in data.get("guidance", []):
        case = Guidance(organisation=organisation(item["organisation"]) if item.get("organisation") else None)
        _assign(case, item, exclude=("organisation",))
        case.save()
        restored_guidance.append(case)
    if data.get("grants"):
        from grants import backup as grants_backup

        try:
            grants_backup.restore_extras(data["grants"], assign=_assign, guidance_order=restored_guidance)
        except grants_backup.GrantsRestoreError as error:
            raise RestoreError(str(error)) from None

    Survey = _model("surveys.Survey")
    for item in data.get("surveys", []):
        survey = Survey.objects.filter(title=item["title"]).first()
        if survey is None:
            raise RestoreError(f"{EXTRA_FILE}: no survey {item['title']!r} in surveys.csv")
        _assign(survey, item, exclude=("title", "groups", "question_translations"))
        survey.save()
        for translated in item.get("question_translations", []):
            if not survey.questions.filter(position=translated["position"]).update(translations=translated["translations"]):
                raise RestoreError(
                    f"{EXTRA_FILE}: no question {translated['position']} of survey {item['title']!r} in survey_questions.csv"
                )
        for group in item.get("groups", []):
            existing = survey.groups.filter(name__iexact=group["name"]).first()
            if existing is None:
                survey.groups.create(name=group["name"], position=group.get("position", 0))
            elif existing.position != group.get("position", 0):
                existing.position = group.get("position", 0)
                existing.save(update_fields=["position"])


# --- Meeting series, activities, premises and resources --------------------------

ACTIVITY_FIELDS = ("end_date", "start_time", "end_time", "location", "public", "channels", "case", "deadline",
                   "input_sent", "outcome", "outlet", "url", "note")  # note: formatted, as stored (the sheet's is plain)
PREMISES_FIELDS = ("name", "owner", "address", "description", "capacity", "terms", "price", "how_to_book",
                   "booking_url", "contact_email", "contact_phone", "public")
RESOURCE_FIELDS = ("title", "kind", "description", "url", "public")
FILES_DIR = "files"


def _series_extras():
    MeetingSeries = _model("panel.MeetingSeries")
    return {
        "meeting_series": [
            {"name": s.name, "slug": s.slug, "kind": s.kind, "description": s.description, "public": s.public,
             "members": [m.name for m in s.members.order_by("name")],
             # Steering: the lead unit by name and the expected meetings a year (key persons are
             # contact persons, which this export leaves to the full backup).
             "lead_unit": s.lead_unit.name if s.lead_unit_id else "",
             "expected_meetings_per_year": s.expected_meetings_per_year}
            for s in MeetingSeries.objects.select_related("lead_unit").prefetch_related("members").order_by("name")
        ]
    }


def _plan_extras():
    """What plan_items.csv and plan_item_years.csv do not hold: each item's responsible unit and
    its status per year (only where set), by plan and position."""
    PlanItem, PlanItemYear = _model("goals.PlanItem"), _model("goals.PlanItemYear")
    return {
        "plan_units": [
            [item.plan_name, item.position, item.responsible_unit.name]
            for item in PlanItem.objects.filter(responsible_unit__isnull=False)
            .select_related("responsible_unit")
            .order_by("plan_name", "position")
        ],
        "plan_statuses": [
            [entry.plan_item.plan_name, entry.plan_item.position, entry.year, entry.status]
            for entry in PlanItemYear.objects.exclude(status="not_started")
            .select_related("plan_item")
            .order_by("plan_item__plan_name", "plan_item__position", "year")
        ],
    }


def _restore_plan_steering(data, organisation):
    PlanItem, PlanItemYear = _model("goals.PlanItem"), _model("goals.PlanItemYear")
    for plan, position, unit in data.get("plan_units", []):
        if not PlanItem.objects.filter(plan_name=plan, position=position).update(responsible_unit=organisation(unit)):
            raise RestoreError(f"{EXTRA_FILE}: plan_items.csv has no item {position} of {plan!r}")
    for plan, position, year, status in data.get("plan_statuses", []):
        entry = PlanItemYear.objects.filter(plan_item__plan_name=plan, plan_item__position=position, year=year)
        if not entry.update(status=status):
            raise RestoreError(f"{EXTRA_FILE}: plan_item_years.csv has no {year} row for item {position} of {plan!r}")


def _input_extras():
    """What input.csv cannot hold: what each item led to (plan items, measures, activities, series)."""
    from panel.resources import InputResource

    items = []
    for item in InputResource().get_queryset().prefetch_related(
        "led_to_plan_items", "led_to_measures", "led_to_activities", "led_to_series"
    ):
        led_to = {
            "plan_items": [[p.plan_name, p.position] for p in item.led_to_plan_items.all()],
            "measures": [m.title for m in item.led_to_measures.all()],
            "activities": [[a.date, a.kind, a.title] for a in item.led_to_activities.all()],
            "series": [s.name for s in item.led_to_series.all()],
        }
        if any(led_to.values()):
            items.append({"meeting_date": item.meeting.date, "series": item.meeting.series.name if item.meeting.series_id else "",
                          "text": item.text, "led_to": led_to})
    return {"input": items}


def _restore_input(data):
    from activities.models import Activity
    from goals.models import Measure, PlanItem
    from panel.models import InputItem, MeetingSeries
    from panel.resources import _meeting_on

    for entry in data.get("input", []):
        meeting = _meeting_on(entry["meeting_date"], entry.get("series") or "")
        item = InputItem.objects.filter(meeting=meeting, text=entry["text"]).first() if meeting else None
        if item is None:
            raise RestoreError(f"{EXTRA_FILE}: no input {entry['text'][:40]!r} of {entry['meeting_date']} in input.csv")
        led_to = entry.get("led_to", {})
        item.led_to_plan_items.set(
            [p for plan, position in led_to.get("plan_items", []) for p in PlanItem.objects.filter(plan_name=plan, position=position)]
        )
        item.led_to_measures.set(Measure.objects.filter(title__in=led_to.get("measures", [])))
        item.led_to_activities.set(
            [a for date, kind, title in led_to.get("activities", [])
             for a in Activity.objects.filter(date=date, kind=kind, title__iexact=title).order_by("pk")[:1]]
        )
        item.led_to_series.set(MeetingSeries.objects.filter(name__in=led_to.get("series", [])))


def _activity_extras():
    Activity = _model("activities.Activity")
    from activities.models import Premises, Resource

    activities = [
        {
            "date": a.date, "kind": a.kind, "title": a.title,
            **{name: _value(a, name) for name in ACTIVITY_FIELDS},
            "roles": [[link.organisation.name, link.role] for link in a.links.all()],
            "measures": [m.title for m in a.measures.all()],
            "plan_items": [[item.plan_name, item.position] for item in a.plan_items.all()],
        }
        for a in Activity.objects.prefetch_related("links__organisation", "measures", "plan_items").order_by("date", "pk")
    ]
    premises = [{name: getattr(p, name) for name in PREMISES_FIELDS} for p in Premises.objects.order_by("name", "pk")]
    resources = [
        {**{name: getattr(r, name) for name in RESOURCE_FIELDS}, "file": r.file.name or "",
         "languages": [lang.code for lang in r.languages.all()]}
        for r in Resource.objects.prefetch_related("languages").order_by("title", "pk")
    ]
    return {"activities": activities, "premises": premises, "resources": resources}


def _network_extras():
    """What relationships.csv and agreements.csv cannot hold: a relationship's note, an
    agreement's formatted text as stored and the panel or series meeting or the activity it was
    made at (an organisation's event is not in the backup, so neither is that link)."""
    Relationship, Agreement = _model("networks.Relationship"), _model("networks.Agreement")
    relationships = [
        {"organisation": r.organisation.name, "kind": r.kind, "other": r.other.name, "starts_on": r.starts_on, "note": r.note}
        for r in Relationship.objects.select_related("organisation", "other").exclude(note="").order_by("pk")
    ]
    agreements = []
    for a in Agreement.objects.select_related("meeting__series", "activity").order_by("starts_on", "pk"):
        item = {"title": a.title, "starts_on": a.starts_on, "text": _value(a, "text")}
        if a.meeting_id and a.meeting.kind in ("panel", "series"):
            item["meeting"] = {"date": a.meeting.date, "series": a.meeting.series.name if a.meeting.series_id else ""}
        if a.activity_id:
            item["activity"] = {"date": a.activity.date, "kind": a.activity.kind, "title": a.activity.title}
        agreements.append(item)
    return {"relationships": relationships, "agreements": agreements}


def _restore_networks(data, organisation):
    Relationship, Agreement = _model("networks.Relationship"), _model("networks.Agreement")
    Activity = _model("activities.Activity")
    from panel.resources import _meeting_on

    for item in data.get("relationships", []):
        found = Relationship.objects.filter(
            organisation=organisation(item["organisation"]), kind=item["kind"], other=organisation(item["other"]),
            starts_on=item.get("starts_on"),
        ).update(note=item.get("note") or "")
        if not found:
            raise RestoreError(f"{EXTRA_FILE}: no relationship {item['organisation']!r} {item['kind']} {item['other']!r} in relationships.csv")
    for item in data.get("agreements", []):
        agreement = Agreement.objects.filter(title__iexact=item["title"], starts_on=item["starts_on"]).order_by("pk").first()
        if agreement is None:
            raise RestoreError(f"{EXTRA_FILE}: no agreement {item['title']!r} from {item['starts_on']} in agreements.csv")
        _assign(agreement, {"text": item.get("text") or ""})
        if item.get("meeting"):
            agreement.meeting = _meeting_on(item["meeting"]["date"], item["meeting"].get("series") or "")
        if item.get("activity"):
            made = item["activity"]
            agreement.activity = Activity.objects.filter(date=made["date"], kind=made["kind"], title__iexact=made["title"]).order_by("pk").first()
        agreement.save()


def _export_resource_files(directory):
    Resource = _model("activities.Resource")
    written = []
    for resource in Resource.objects.exclude(file="").order_by("pk"):
        target = directory / FILES_DIR / resource.file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        with resource.file.open("rb") as source:
            target.write_bytes(source.read())
        written.append(f"{FILES_DIR}/{resource.file.name}")
    return written


def _restore_series(data, organisation):
    MeetingSeries = _model("panel.MeetingSeries")
    from panel.services import series_unique_slug

    for item in data.get("meeting_series", []):
        series = MeetingSeries.objects.filter(name__iexact=item["name"]).first() or MeetingSeries(name=item["name"])
        _assign(series, item, exclude=("name", "slug", "members", "lead_unit"))
        series.lead_unit = organisation(item["lead_unit"]) if item.get("lead_unit") else None
        if not series.pk or series.slug != item.get("slug"):
            wanted = item.get("slug") or ""
            clash = MeetingSeries.objects.filter(slug=wanted).exclude(pk=series.pk).exists()
            series.slug = wanted if wanted and not clash else series_unique_slug(series.name, exclude_pk=series.pk)
        series.save()
        series.members.set([organisation(name) for name in item.get("members", [])])


def _restore_activities(data, organisation):
    Activity = _model("activities.Activity")
    from activities.models import ActivityOrganisation, Premises, Resource
    from goals.models import Measure, PlanItem
    from organisations.models import Language

    for item in data.get("activities", []):
        activity = Activity.objects.filter(date=item["date"], kind=item["kind"], title__iexact=item["title"]).order_by("pk").first()
        if activity is None:
            raise RestoreError(f"{EXTRA_FILE}: no activity {item['title']!r} on {item['date']} in activities.csv")
        _assign(activity, item, exclude=("date", "kind", "title", "roles", "measures", "plan_items"))
        activity.save()
        for name, role in item.get("roles", []):
            ActivityOrganisation.objects.update_or_create(activity=activity, organisation=organisation(name), defaults={"role": role})
        activity.measures.set(Measure.objects.filter(title__in=item.get("measures", [])))
        activity.plan_items.set(
            [p for plan, position in item.get("plan_items", []) for p in PlanItem.objects.filter(plan_name=plan, position=position)]
        )
    for item in data.get("premises", []):
        premises = Premises()
        _assign(premises, item)
        premises.save()
    for item in data.get("resources", []):
        resource = Resource()
        _assign(resource, item, exclude=("file", "languages"))
        resource.file.name = item.get("file") or ""
        resource.save()
        resource.languages.set(Language.objects.filter(code__in=item.get("languages", [])))


def _restore_resource_files(directory):
    """The library's files back into media storage under their own names (after restore_extra)."""
    Resource = _model("activities.Resource")
    from django.core.files.base import ContentFile

    for resource in Resource.objects.exclude(file="").order_by("pk"):
        source = Path(directory) / FILES_DIR / resource.file.name
        if not source.is_file():
            raise RestoreError(f"{FILES_DIR}/{resource.file.name}: missing from the backup")
        storage, name = resource.file.storage, resource.file.name
        if not storage.exists(name):  # the same name as before, so links to it keep working
            saved = storage.save(name, ContentFile(source.read_bytes()))
            if saved != name:
                Resource.objects.filter(pk=resource.pk).update(file=saved)


def _empty(instance, name):
    field = instance._meta.get_field(name)
    return None if field.null else ""


def _value(instance, name):
    """A field's value for extra.json: formatted text as the editor stores it (cleaned, plain text
    from before the editor as paragraphs), so a restored registry exports the same file again."""
    from portal.richtext import RichTextField
    from portal.sanitize import clean_richtext

    value = getattr(instance, name)
    return clean_richtext(value) if isinstance(instance._meta.get_field(name), RichTextField) else value


def _assign(instance, item, *, exclude=()):
    """Set the record's own fields from JSON values (ISO date strings become dates again);
    formatted text is cleaned as the editor's form cleans it (a backup file is input too)."""
    from portal.richtext import RichTextField
    from portal.sanitize import clean_richtext

    fields = {f.name: f for f in instance._meta.concrete_fields}
    for name, value in item.items():
        if name in fields and name not in exclude:
            field = fields[name]
            value = value if field.get_internal_type() == "JSONField" else field.to_python(value)
            setattr(instance, name, clean_richtext(value) if isinstance(field, RichTextField) else value)


def _offer_extras():
    from offers import backup as offers_backup

    return offers_backup.extras(_value)


# What extra.json holds, one function per part, each returning its top-level keys (the first, the
# organisations', also starts the dictionary). How an app adds to the backup: a file kind
# registered in portal.importing is exported and restored with no further step; what a sheet
# cannot hold gets a function here and its restore in restore_extra. Checked by hub.E002.
EXTRA_SECTIONS = [
    _extras_base, _panel_extras, _outreach_extras, _survey_extras, _series_extras, _activity_extras, _plan_extras,
    _input_extras, _network_extras, _offer_extras,
]
