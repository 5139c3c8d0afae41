"""Bring the bench database to N published organisations (with consent), and time an import.

Usage (manage.py shell -c is avoided: plain script with Django set up):
    python scripts/bench/make_orgs.py 2000
"""

import datetime
import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
import django  # noqa: E402

django.setup()

from organisations.models import Kind, Organisation  # noqa: E402
from organisations.services import consent_record, organisation_set_published  # noqa: E402

target = int(sys.argv[1])
have = Organisation.objects.published().count()
yesterday = datetime.date.today() - datetime.timedelta(days=1)
kinds = [Kind.IMMIGRANT_ORGANISATION, Kind.FAITH_COMMUNITY, Kind.VOLUNTARY_ORGANISATION]
for i in range(have, target):
    organisation = Organisation.objects.create(
        name=f"Benkforening {i:05d}", kind=kinds[i % 3], municipality="Sandnes",
        description="Kultur, språk og leksehjelp for barn og unge.",
    )
    consent_record(organisation=organisation, given_by="Styreleder", given_on=yesterday)
    organisation_set_published(organisation=organisation, on=yesterday)
print(Organisation.objects.published().count())
