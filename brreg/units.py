"""What the portal reads from one unit (Enhet) of Enhetsregisteret, in the register's own JSON shape.

The shape is the public OpenAPI description (brreg/openAPI, specs/enhetsregisteret.json, schema
`Enhet`) plus the fields docs/domain.md names that the live API sends beside it (`konkursdato`,
`slettedato`, `hjemmeside`). Pure functions: the bulk import, the lookup by number and the tests
share them.
"""

import datetime

ORG_NUMBER_KEY = "organisasjonsnummer"


def _date(value):
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _text(value, limit):
    return value.strip()[:limit] if isinstance(value, str) else ""


def unit_facts(unit):
    """The RegistryRecord fields for a unit dict (missing or odd values become empty, never errors)."""
    form = unit.get("organisasjonsform") if isinstance(unit.get("organisasjonsform"), dict) else {}
    address = unit.get("forretningsadresse") if isinstance(unit.get("forretningsadresse"), dict) else {}
    lines = address.get("adresse") if isinstance(address.get("adresse"), list) else []
    return {
        "name": _text(unit.get("navn"), 250),
        "form_code": _text(form.get("kode"), 10),
        "form_description": _text(form.get("beskrivelse"), 200),
        "street": _text(", ".join(line for line in lines if isinstance(line, str) and line.strip()), 300),
        "postal_code": _text(address.get("postnummer"), 10),
        "postal_place": _text(address.get("poststed"), 100),
        "municipality": _text(address.get("kommune"), 100),
        "municipality_number": _text(address.get("kommunenummer"), 4),
        "website": _text(unit.get("hjemmeside"), 250),
        "in_frivillighetsregisteret": unit.get("registrertIFrivillighetsregisteret") is True,
        "bankrupt": unit.get("konkurs") is True,
        "bankrupt_on": _date(unit.get("konkursdato")),
        "under_liquidation": unit.get("underAvvikling") is True,
        "under_forced_dissolution": unit.get("underTvangsavviklingEllerTvangsopplosning") is True,
        "deleted_on": _date(unit.get("slettedato")),
    }


def same_text(a, b):
    """docs/domain.md: a name differs when it differs ignoring case and spacing."""
    return "".join((a or "").split()).casefold() == "".join((b or "").split()).casefold()


def readable(value):
    """The register writes places in capitals ("SANDNES", "NORD-ODAL"); the portal does not."""
    return value.title() if value and value.isupper() else value
