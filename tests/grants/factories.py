"""Builders for the grants tests: schemes, rounds and applications in any state."""

import datetime

from grants.models import ApplicationStatus, GrantApplication, GrantRound, GrantScheme, Part


def scheme(name="Tilskudd til frivillig virksomhet i lokalsamfunn", funder="IMDi", **fields):
    return GrantScheme.objects.get_or_create(name=name, defaults={"funder": funder, "criteria": "Møteplasser på tvers", **fields})[0]


def grant_round(year=2025, allocation=321702, scheme_name=None, **fields):
    fields.setdefault("deadline", datetime.date(year, 3, 1))
    fields.setdefault("published", True)
    the_scheme = scheme(scheme_name, funder=fields.pop("funder", "Sandnes kommune")) if scheme_name else scheme()
    return GrantRound.objects.create(scheme=the_scheme, year=year, allocation=allocation, **fields)


def application(grant_round, organisation, *, part=Part.ACTIVITY, applied=10000, status=ApplicationStatus.RECEIVED,
                granted=None, members=None, participants=None, **fields):
    return GrantApplication.objects.create(
        round=grant_round,
        organisation=organisation,
        part=part,
        project=fields.pop("project", "Sommerfest"),
        applied_amount=applied,
        status=status,
        granted_amount=granted,
        members=members,
        participants=participants,
        **fields,
    )


def granted(grant_round, organisation, *, part, applied, amount, heads):
    heads_field = {"members": heads} if part == Part.OPERATING else {"participants": heads}
    return application(grant_round, organisation, part=part, applied=applied, status=ApplicationStatus.GRANTED, granted=amount, **heads_field)
