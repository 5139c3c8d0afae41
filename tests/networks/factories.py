"""Records of the networks app for tests."""

import datetime

from networks.models import Agreement, AgreementParty, Relationship


def relationship(organisation, other, kind="member", **fields):
    return Relationship.objects.create(organisation=organisation, kind=kind, other=other, **fields)


def agreement(*parties, title="Samarbeid om leksehjelp", starts_on=None, **fields):
    made = Agreement.objects.create(title=title, starts_on=starts_on or datetime.date.today(), **fields)
    for party in parties:
        AgreementParty.objects.create(agreement=made, organisation=party)
    return made
