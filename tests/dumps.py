"""The whole database as someone who holds a copy of it has it, for the tests that search one
(anonymity, erasure): `pg_dump` on PostgreSQL; on SQLite the database file and its write-ahead
log (`-wal`), as a copy of the files gives them.

`Dump.raw` is everything in it as text: on SQLite the files' bytes, so old versions of pages the
log or the free space still hold count too. `Dump.rows` is the SQL of the rows a reader of the
dump finds (pg_dump's own text; SQLite's `.dump` of a copy of the two files)."""

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass

from django.db import connection


@dataclass
class Dump:
    raw: str
    rows: str

    def tables_holding(self, needle):
        """The tables whose rows contain `needle` (anything else in the dump: "(not a row)")."""
        found, table = set(), None
        for line in self.rows.splitlines():
            insert = re.match(r'INSERT INTO "?(\w+)"?', line)
            if insert:
                table = insert.group(1)
            elif line.startswith("COPY "):
                table = line.split()[1].split(".")[-1]
                continue
            elif line == "\\.":
                table = None
                continue
            elif connection.vendor != "postgresql":
                table = None
            if needle in line:
                found.add(table or "(not a row)")
        return found

    def table_rows(self, table):
        """The rows of `table` in the order the dump holds them, each as its line of text."""
        if connection.vendor == "postgresql":
            lines = self.rows.splitlines()
            start = next(i for i, line in enumerate(lines) if line.startswith(f"COPY public.{table} "))
            return lines[start + 1 : lines.index("\\.", start)]
        return [line for line in self.rows.splitlines() if line.startswith(f'INSERT INTO "{table}" ')]


def database_dump(tmp_path):
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        pg_dump = shutil.which("pg_dump") or "/usr/lib/postgresql/15/bin/pg_dump"
        args = [pg_dump, "--no-owner", "-d", settings["NAME"], "-U", settings["USER"] or "postgres"]
        if settings.get("HOST"):
            args += ["-h", settings["HOST"]]
        if settings.get("PORT"):
            args += ["-p", str(settings["PORT"])]
        env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
        text = subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout
        return Dump(raw=text, rows=text)
    name = connection.settings_dict["NAME"]
    assert os.path.isfile(name), f"the SQLite test database is not a file: {name}"
    copy = tmp_path / "dump.sqlite3"
    raw = b""
    for suffix in ("", "-wal"):  # the file and its log, as a copy of the folder takes them
        if os.path.exists(name + suffix):
            data = open(name + suffix, "rb").read()
            (tmp_path / f"dump.sqlite3{suffix}").write_bytes(data)
            raw += data
    reader = sqlite3.connect(copy)
    try:
        rows = "\n".join(reader.iterdump())
    finally:
        reader.close()
    return Dump(raw=raw.decode("utf-8", "replace"), rows=rows)
