"""manage.py brreg_import FILE --format json: the contract of docs/domain.md "Brønnøysund"."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from brreg.models import RegistryRecord
from tests.brreg.factories import unit, valid_numbers, write_bulk
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    """Portal organisations, one per situation the register can report."""
    n = valid_numbers(10)
    orgs = {
        "ok": make_organisation(name="Sandnes Somaliske Forening", org_number=n[0]),
        "bankrupt": make_organisation(name="Konkursen AS", org_number=n[1]),
        "dissolving": make_organisation(name="Avviklingslaget", org_number=n[2]),
        "forced": make_organisation(name="Tvangslaget", org_number=n[3]),
        "renamed": make_organisation(name="Gammelt Navn", org_number=n[4]),
        "missing": make_organisation(name="Borte Forening", org_number=n[5]),
        "not_frivillig": make_organisation(name="Utenfor Frivillig", org_number=n[6]),
        "deleted": make_organisation(name="Slettet Lag", org_number=n[7]),
        "spacing": make_organisation(name="Eritreisk  kulturforening", org_number=n[8]),
        "no_number": make_organisation(name="Uten Nummer"),
    }
    units = [
        unit(n[0], "SANDNES SOMALISKE FORENING", adresse=["Langgata 12"]),
        unit(n[1], "KONKURSEN AS", konkurs=True, konkursdato="2025-09-01", kode="AS", beskrivelse="Aksjeselskap"),
        unit(n[2], "AVVIKLINGSLAGET", avvikling=True),
        unit(n[3], "TVANGSLAGET", tvang=True),
        unit(n[4], "NYTT NAVN FORENING"),
        # n[5] is not in the file at all
        unit(n[6], "UTENFOR FRIVILLIG", frivillig=False),
        unit(n[7], "SLETTET LAG", slettedato="2024-06-30"),
        unit(n[8], "ERITREISK KULTURFORENING", kommune="STAVANGER", kommunenummer="1103"),
        unit(n[9], "IKKE I PORTALEN"),  # a unit the portal does not hold: read, never matched
    ]
    return orgs, units


def run(path):
    out = io.StringIO()
    call_command("brreg_import", str(path), "--format", "json", stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


EXPECTED = {
    "entities_read": 9,
    "matched": 7,
    "not_found": ["Borte Forening", "Slettet Lag"],
    "bankrupt": ["Konkursen AS"],
    "liquidation": ["Avviklingslaget", "Tvangslaget"],
    "not_in_frivillighetsregisteret": ["Utenfor Frivillig"],
    "name_differs": ["Gammelt Navn"],
}


@pytest.mark.parametrize("gzipped", [True, False], ids=["gzip", "plain"])
def test_it_prints_the_contract_json_as_last_line(tmp_path, registry, gzipped):
    path = write_bulk(tmp_path / ("enheter.json.gz" if gzipped else "enheter.json"), registry[1], gzipped=gzipped)
    assert run(path) == EXPECTED


def test_it_stores_what_the_register_says_with_the_date(tmp_path, registry):
    orgs, units = registry
    run(write_bulk(tmp_path / "enheter.json.gz", units))
    today = datetime.date.today()
    records = {r.organisation_id: r for r in RegistryRecord.objects.all()}
    assert set(records) == {o.pk for key, o in orgs.items() if key != "no_number"}
    assert all(r.checked_on == today for r in records.values())

    bankrupt = records[orgs["bankrupt"].pk]
    assert (bankrupt.bankrupt, bankrupt.bankrupt_on, bankrupt.form_code, bankrupt.form_description) == (
        True, datetime.date(2025, 9, 1), "AS", "Aksjeselskap")
    assert records[orgs["dissolving"].pk].under_liquidation and not records[orgs["dissolving"].pk].under_forced_dissolution
    assert records[orgs["forced"].pk].under_forced_dissolution and records[orgs["forced"].pk].in_liquidation
    assert records[orgs["renamed"].pk].name == "NYTT NAVN FORENING"
    missing = records[orgs["missing"].pk]
    assert (missing.found, missing.registered, missing.name) == (False, False, "")
    deleted = records[orgs["deleted"].pk]
    assert (deleted.found, deleted.deleted_on, deleted.registered) == (True, datetime.date(2024, 6, 30), False)
    assert records[orgs["not_frivillig"].pk].in_frivillighetsregisteret is False
    ok = records[orgs["ok"].pk]
    assert (ok.in_frivillighetsregisteret, ok.bankrupt, ok.in_liquidation) == (True, False, False)
    assert (ok.street, ok.postal_code, ok.postal_place, ok.municipality, ok.municipality_number) == (
        "Langgata 12", "4306", "SANDNES", "SANDNES", "1108")
    assert ok.portal_address == "Langgata 12, 4306 Sandnes"
    assert records[orgs["spacing"].pk].portal_municipality == "Stavanger"


def test_a_second_run_replaces_the_first(tmp_path, registry):
    orgs, units = registry
    run(write_bulk(tmp_path / "a.json.gz", units))
    healed = [unit(u["organisasjonsnummer"], u["navn"]) for u in units]  # no longer bankrupt
    summary = run(write_bulk(tmp_path / "b.json.gz", healed))
    assert summary["bankrupt"] == []
    assert RegistryRecord.objects.get(organisation=orgs["bankrupt"]).bankrupt is False
    assert RegistryRecord.objects.count() == 9


@pytest.mark.parametrize("content", [b"", b"{\"not\": \"an array\"}", b"[{\"organisasjonsnummer\": \"1\"", b"[]",
                                     b"\x1f\x8b\x08garbage", b"<html>Not Found</html>"])
def test_a_broken_file_changes_nothing_and_says_why(tmp_path, registry, content):
    orgs, units = registry
    run(write_bulk(tmp_path / "good.json.gz", units))
    before = list(RegistryRecord.objects.order_by("pk").values())
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        call_command("brreg_import", str(bad), "--format", "json", stdout=io.StringIO())
    assert str(bad) in str(raised.value)
    assert list(RegistryRecord.objects.order_by("pk").values()) == before


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="finnes ikke"):
        call_command("brreg_import", str(tmp_path / "nope.json.gz"))


def _one_huge_unit(path, size):
    """A gzip'd array whose second unit holds one string of `size` bytes: about 150 KB packed
    for 150 MB unpacked."""
    import gzip

    from tests.brreg.factories import unit

    number = valid_numbers(1)[0]
    head = json.dumps([unit(number, "EN VANLIG FORENING")])[:-1].encode() + b', {"organisasjonsnummer": "999999999", "navn": "'
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(head)
        block = b"A" * (1024 * 1024)
        for _megabyte in range(size // len(block)):
            out.write(block)
        out.write(b'"}]')


@pytest.mark.slow(reason="150 MB unpacked through the stream in a process of its own, its peak memory measured")
def test_one_huge_unit_is_refused_in_bounded_memory(tmp_path):
    """The whole stream is read in a separate process (its peak memory measured): 150 MB in one
    unit ends in a clear refusal, and the process never holds the unit."""
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "enheter.json.gz"
    _one_huge_unit(path, 150 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024
    script = (
        "import django, os, resource, sys; django.setup()\n"
        "from brreg import services\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        "    services._read_wanted_units(sys.argv[1], set(), None)\n"
        "except services.RegistryFileError as error:\n"
        "    print('REFUSED', error)\n"
        "print('GROWTH_MB', (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=300,
        cwd=Path(__file__).resolve().parents[2], env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "portal.settings"},
    )
    assert "REFUSED Enhet nummer 2 i filen er større enn 4 MB" in done.stdout, done.stdout + done.stderr
    growth = int(done.stdout.split("GROWTH_MB")[1])
    assert growth < 60, growth


def test_a_file_with_one_huge_unit_changes_nothing(tmp_path, registry):
    orgs, units = registry
    write_bulk(tmp_path / "enheter.json", units)
    run(tmp_path / "enheter.json")
    before = list(RegistryRecord.objects.order_by("pk").values_list("pk", flat=True))
    _one_huge_unit(tmp_path / "bomb.json.gz", 8 * 1024 * 1024)
    with pytest.raises(CommandError, match="større enn 4 MB"):
        run(tmp_path / "bomb.json.gz")
    assert list(RegistryRecord.objects.order_by("pk").values_list("pk", flat=True)) == before
