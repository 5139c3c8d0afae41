#!/usr/bin/env python
"""The organisations sheet through the real import: time per row as a ratio of the floor.

    .venv/bin/python scripts/bench_import.py [--rows 5000] [--keep]

Writes an organisations.xlsx of `--rows` new organisations (the shape of the 50,000-row test in
tests/portal/test_big_imports.py) and migrates a scratch SQLite database in a temporary
directory. Then, each in a child process on a copy of that database, measures
- the floor: the same rows read from the file and written with one `bulk_create` (no validation,
  no audit trail, no address names: what any import of these rows must at least cost), and
- `manage.py import_data DIR`: the whole import, row by row, as a coordinator runs it,
and prints both times, their ratio, the import's rows per second and its peak memory. Machines are
shared and noisy: compare ratios measured in one run, never absolute figures. A measurement, not a
test.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["name", "org_number", "kind", "municipality", "email", "phone", "website", "description", "published_on"]

FLOOR = """
import sys
import django
django.setup()
from organisations.models import Organisation
from portal.spreadsheets import importing
from django.db import transaction
dataset, _errors = importing.read_sheet(open(sys.argv[1], "rb").read(), "organisations.xlsx")
with transaction.atomic():
    Organisation.objects.bulk_create(
        [Organisation(name=row[0], slug=f"o-{index}", kind=row[2], municipality=row[3], email=row[4], phone=row[5],
                      description=row[7]) for index, row in enumerate(dataset)],
        batch_size=500,
    )
print(Organisation.objects.count())
"""


def write_sheet(path, rows):
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("organisations")
    sheet.append(HEADER)
    for i in range(rows):
        sheet.append([f"Forening {i:06d}", "", "immigrant_organisation", "Sandnes", f"post{i}@example.org",
                      "51 00 00 00", "", "Kultur og språk for barn og unge.", ""])
    workbook.save(path)


def timed(command, env):
    started = time.monotonic()
    done = subprocess.run(["/usr/bin/time", "-f", "PEAK_KB=%M", *command], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(done.stdout + done.stderr)
    return seconds, int(done.stderr.rsplit("PEAK_KB=", 1)[1].split()[0]), done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        files = scratch / "files"
        files.mkdir()
        write_sheet(files / "organisations.xlsx", args.rows)
        base = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings", DJANGO_LOG_LEVEL="ERROR")
        migrated = scratch / "migrated.sqlite3"
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], check=True, cwd=ROOT,
                       env=dict(base, DATABASE_URL=f"sqlite:///{migrated}"))

        def on_a_copy(name):
            shutil.copy(migrated, scratch / name)
            return dict(base, DATABASE_URL=f"sqlite:///{scratch / name}")

        floor, _peak, counted = timed([sys.executable, "-c", FLOOR, str(files / "organisations.xlsx")], on_a_copy("floor.sqlite3"))
        assert counted.split() == [str(args.rows)], counted
        seconds, peak_kb, output = timed([sys.executable, "manage.py", "import_data", str(files)], on_a_copy("import.sqlite3"))
        assert f"{args.rows} new, 0 updated" in output, output
        print(f"rows:               {args.rows}")
        print(f"floor (bulk_create): {floor:7.1f} s")
        print(f"import_data:         {seconds:7.1f} s  ({args.rows / seconds:.0f} rows/s, peak {peak_kb // 1024} MB)")
        print(f"ratio:               {seconds / floor:7.1f}")
    finally:
        if args.keep:
            print(f"scratch: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
