"""Norway's municipalities with their numbers, shipped with the portal (no call at run time).

organisations/data/kommuner.csv is Statistics Norway's standard for municipalities
(SSB Klass, classification 131 "Standard for kommuneinndeling", the codes valid on 2026-01-01;
open data under NLOD): `kommunenummer,kommunenavn`, 357 rows. These are the numbers
Enhetsregisteret writes in a unit's `kommunenummer`. When the municipalities change, replace the
file and add a migration that calls `load` again (rows are matched by number).
"""

import csv
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "kommuner.csv"


def rows():
    """(number, name) of every municipality in the file, in the file's order."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return [(row["kommunenummer"], row["kommunenavn"]) for row in csv.DictReader(handle)]


def load(Municipality):
    """Create or rename every municipality of the file (the model class is the migration's own)."""
    known = dict(Municipality.objects.values_list("number", "name"))
    Municipality.objects.bulk_create(
        [Municipality(number=number, name=name) for number, name in rows() if number not in known]
    )
    for number, name in rows():
        if number in known and known[number] != name:
            Municipality.objects.filter(number=number).update(name=name)
