#!/usr/bin/env python
"""The Brønnøysund bulk import on a register-sized file: time as a ratio of `gzip -d` alone, and peak memory.

    .venv/bin/python scripts/bench_brreg.py [--units 1000000] [--organisations 300] [--keep]

Builds a scratch SQLite database in a temporary directory with `--organisations` organisations
that have valid organisation numbers (MOD11), then writes a gzip'd JSON array of `--units` units
in Enhetsregisteret's bulk format (every field of the public `Enhet` schema, `_links` included),
with the portal's numbers among them: some bankrupt, some under liquidation or forced dissolution,
some renamed, some not in Frivillighetsregisteret, some deleted, and some left out (not found).

Then, on the same file, measures
- `gzip -d -c FILE > /dev/null` (the floor: decompression alone), and
- `manage.py brreg_import FILE --format json` in a child process (the whole command: Django start,
  streaming parse, matching, bulk write),
prints both times, their ratio and the command's peak resident memory (the child's ru_maxrss), and
checks the command's JSON against what was planted in the file. A measurement, not a test.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
FORMS = [("FLI", "Forening/lag/innretning"), ("AS", "Aksjeselskap"), ("ENK", "Enkeltpersonforetak"),
         ("STI", "Stiftelse"), ("SA", "Samvirkeforetak")]
PLACES = [("4306", "SANDNES", "SANDNES", "1108"), ("4006", "STAVANGER", "STAVANGER", "1103"),
          ("0150", "OSLO", "OSLO", "0301"), ("5003", "BERGEN", "BERGEN", "4601")]
WORDS = ["NORSK", "FORENING", "KULTUR", "IDRETTSLAG", "VENNER", "SENTER", "SANDNES", "INTERNASJONAL",
         "UNGDOM", "KVINNER", "MOSKE", "MENIGHET", "HOLDING", "EIENDOM", "SERVICE", "BYGG"]


def org_number(base):
    """A valid nine-digit number from an eight-digit base, or None when MOD11 gives no digit."""
    digits = f"{base:08d}"
    remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else digits + str(check)


def numbers(start, count):
    base = start
    while count:
        number = org_number(base)
        base += 1
        if number:
            count -= 1
            yield number


STREETS = ["Storgata", "Kirkegata", "Langgata", "Skolevegen", "Industrivegen", "Fjellvegen", "Strandgata",
           "Parkvegen", "Hovedgata", "Bjørkelia", "Solbakken", "Torggata", "Havnegata", "Åsvegen"]
SUFFIXES = ["AS", "SA", "ANS", "DA", "FORENING", "LAG", "STIFTELSE", "", "", ""]


def random_name(rnd):
    """Varied names, as in the real register (which gzips about 8:1, not the 25:1 of repeated text)."""
    words = rnd.sample(WORDS, rnd.randint(1, 3)) + [f"{rnd.choice('ABCDEFGHIJKLMNOPRSTUVWXYZÆØÅ')}{rnd.randint(1, 99999)}"]
    rnd.shuffle(words)
    return " ".join(words + [rnd.choice(SUFFIXES)]).strip()


def random_date(rnd, first=1950, last=2025):
    return f"{rnd.randint(first, last)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"


def unit(number, rnd, name=None, **flags):
    code, description = rnd.choice(FORMS)
    _pc, postal_place, municipality, municipality_number = rnd.choice(PLACES)
    postal_code = f"{rnd.randint(1, 9999):04d}"
    address = {"land": "Norge", "landkode": "NO", "postnummer": postal_code, "poststed": postal_place,
               "adresse": [f"{rnd.choice(STREETS)} {rnd.randint(1, 250)}{rnd.choice(['', '', 'A', 'B'])}"],
               "kommune": municipality, "kommunenummer": municipality_number}
    body = {
        "organisasjonsnummer": number,
        "navn": name or random_name(rnd),
        "organisasjonsform": {"kode": code, "beskrivelse": description, "_links": {"self": {
            "href": f"https://data.brreg.no/enhetsregisteret/api/organisasjonsformer/{code}"}}},
        "hjemmeside": f"www.{random_name(rnd).split()[0].lower()}{rnd.randint(1, 9999)}.no",
        "postadresse": dict(address, adresse=[f"Postboks {rnd.randint(1, 9999)}"],
                            postnummer=f"{rnd.randint(1, 9999):04d}"),
        "registreringsdatoEnhetsregisteret": random_date(rnd, 1995),
        "registrertIMvaregisteret": rnd.random() < 0.3,
        "naeringskode1": {"kode": f"{rnd.randint(1, 99):02d}.{rnd.randint(100, 999)}",
                          "beskrivelse": "Aktivitetsfremmende foreninger og klubber"},
        "antallAnsatte": rnd.randint(0, 250),
        "harRegistrertAntallAnsatte": rnd.random() < 0.5,
        "forretningsadresse": address,
        "stiftelsedato": random_date(rnd),
        "institusjonellSektorkode": {"kode": rnd.choice(["7000", "2100", "8200"]), "beskrivelse": "Ideelle organisasjoner"},
        "registrertIForetaksregisteret": code == "AS",
        "registrertIStiftelsesregisteret": code == "STI",
        "registrertIFrivillighetsregisteret": flags.get("frivillig", code == "FLI"),
        "konkurs": flags.get("konkurs", False),
        "underAvvikling": flags.get("avvikling", False),
        "underTvangsavviklingEllerTvangsopplosning": flags.get("tvang", False),
        "maalform": rnd.choice(["Bokmål", "Nynorsk"]),
        "aktivitet": [f"Drive {rnd.choice(WORDS).lower()} og {rnd.choice(WORDS).lower()} virksomhet for medlemmene."],
        "_links": {"self": {"href": f"https://data.brreg.no/enhetsregisteret/api/enheter/{number}"}},
    }
    if flags.get("konkurs"):
        body["konkursdato"] = "2025-03-14"
    if flags.get("slettet"):
        body["slettedato"] = "2024-11-30"
    return body


def plant(portal_numbers):
    """What each portal number looks like in the file; the expected lists of the command's JSON."""
    plan, expected = {}, {k: [] for k in ("not_found", "bankrupt", "liquidation", "not_in_frivillighetsregisteret", "name_differs")}
    for index, number in enumerate(portal_numbers):
        name = f"Organisasjon {index:04d}"
        kind = index % 10
        flags = {"frivillig": True}
        register_name = name.upper()
        if kind == 0:
            expected["not_found"].append(name)
            continue  # left out of the file
        if kind == 1:
            flags["slettet"] = True
            expected["not_found"].append(name)
        elif kind == 2:
            flags["konkurs"] = True
            expected["bankrupt"].append(name)
        elif kind == 3:
            flags["avvikling"] = True
            expected["liquidation"].append(name)
        elif kind == 4:
            flags["tvang"] = True
            expected["liquidation"].append(name)
        elif kind == 5:
            flags["frivillig"] = False
            expected["not_in_frivillighetsregisteret"].append(name)
        elif kind == 6:
            register_name = f"NYTT NAVN {index:04d}"
            expected["name_differs"].append(name)
        elif kind == 7:
            register_name = f"organisasjon   {index:04d}"  # same ignoring case and spacing
        plan[number] = (register_name, flags)
    return plan, {k: sorted(v) for k, v in expected.items()}


def write_file(path, units, plan, seed=17):
    rnd = random.Random(seed)
    planted = dict(plan)
    every = max(1, units // (len(planted) + 1))
    written = 0
    # Through the gzip program: the real file is made by gzip too, and it runs on the other core.
    with open(path, "wb") as out:
        gz = subprocess.Popen(["gzip", "-6", "-c"], stdin=subprocess.PIPE, stdout=out)
        pipe = gz.stdin
        pipe.write(b"[")
        filler = numbers(90_000_000, units)
        for position in range(units):
            if position and position % every == 0 and planted:
                number, (name, flags) = planted.popitem()
                body = unit(number, rnd, name=name, **flags)
            else:
                body = unit(next(filler), rnd)
            pipe.write((b"," if position else b"") + json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode())
            written += 1
        pipe.write(b"]")
        pipe.close()
        gz.wait()
    assert not planted, "units too few for the planted numbers"
    return written


def timed(command, **kwargs):
    """Wall and CPU seconds and peak resident memory (KB) of exactly this child (os.wait4)."""
    stdout = kwargs.pop("stdout", subprocess.PIPE)
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE, **kwargs)
    output = child.stdout.read() if stdout == subprocess.PIPE else b""
    errors = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if child.returncode:
        raise SystemExit(f"{command[0]} failed ({child.returncode}): {errors.decode(errors='replace')[-2000:]}")
    return output.decode(), elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="bench-brreg-"))
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{scratch}/bench.sqlite3", DJANGO_SETTINGS_MODULE="portal.settings")
    python = sys.executable
    manage = [python, str(ROOT / "manage.py")]
    try:
        subprocess.run(manage + ["migrate", "--no-input", "-v", "0"], check=True, env=env, cwd=ROOT)
        portal_numbers = list(numbers(10_000_000, args.organisations))
        setup = (
            "from organisations.models import Organisation\n"
            f"numbers = {portal_numbers!r}\n"
            "Organisation.objects.bulk_create([Organisation(name=f'Organisasjon {i:04d}', slug=f'org-{i}', org_number=n)"
            " for i, n in enumerate(numbers)])\n"
        )
        subprocess.run(manage + ["shell", "-c", setup], check=True, env=env, cwd=ROOT)
        plan, expected = plant(portal_numbers)

        path = scratch / "enheter_alle.json.gz"
        start = time.perf_counter()
        written = write_file(path, args.units, plan)
        print(f"generated {written:,} units, {path.stat().st_size / 1e6:.0f} MB gzip'd, in {time.perf_counter() - start:.0f} s")

        # The machine is shared: gzip -d runs before and after the import and the mean is the floor,
        # so a change of load during the run weighs on both sides.
        load_before = os.getloadavg()[0]
        with open(os.devnull, "wb") as devnull:
            _out, gzip_before, _peak, cpu_before = timed(["gzip", "-d", "-c", str(path)], stdout=devnull)
            output, import_seconds, peak_kb, import_cpu = timed(
                manage + ["brreg_import", str(path), "--format", "json"], env=env, cwd=ROOT
            )
            _out, gzip_after, _peak, cpu_after = timed(["gzip", "-d", "-c", str(path)], stdout=devnull)
        gzip_seconds, gzip_cpu = (gzip_before + gzip_after) / 2, (cpu_before + cpu_after) / 2
        print(f"load average:      {load_before:.1f} before, {os.getloadavg()[0]:.1f} after ({os.cpu_count()} cores)")
        summary = json.loads(output.strip().splitlines()[-1])
        ok = summary["entities_read"] == written and all(summary[k] == v for k, v in expected.items())
        ok = ok and summary["matched"] == args.organisations - len(expected["not_found"])
        print(f"gzip -d alone:     {gzip_seconds:6.1f} s wall, {gzip_cpu:6.1f} s CPU")
        print(f"brreg_import:      {import_seconds:6.1f} s wall, {import_cpu:6.1f} s CPU")
        print(f"ratio:             {import_seconds / gzip_seconds:6.1f} × gzip -d (wall), {import_cpu / gzip_cpu:.1f} × (CPU)")
        print(f"peak memory:       {peak_kb / 1024:6.0f} MB (ru_maxrss of the brreg_import process)")
        print(f"JSON as planted:   {'yes' if ok else 'NO'} ({summary['matched']} matched, "
              + ", ".join(f"{len(summary[k])} {k}" for k in expected) + ")")
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
