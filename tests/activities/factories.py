"""Builders for activity records."""

import datetime

from activities.models import Activity, ActivityOrganisation


def activity(kind, date, title=None, participants=None, organisations=(), role="taking_part", **fields):
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    record = Activity.objects.create(kind=kind, date=date, title=title or f"{kind} {date}", participants=participants, **fields)
    for organisation in organisations:
        ActivityOrganisation.objects.create(activity=record, organisation=organisation, role=role)
    return record
