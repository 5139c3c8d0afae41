"""The approved report's frozen snapshot: a versioned schema with one reader per version.

`build_content` writes `SCHEMA` into every snapshot; `read(snapshot)` gives any known version in
the current shape, applying the readers from the snapshot's version up (a snapshot without a
`schema` key is version 1). An approved report is never re-frozen, so a report approved years ago
still renders after a key is renamed.

When you rename, move or drop a key of build_content (or add one the templates need): bump
SCHEMA, add READERS[old] = a function turning a snapshot of version `old` into version `old + 1`,
and freeze a snapshot of the old version as a test fixture (tests/reports/snapshots/). A version
without a reader fails `manage.py check` (reports.E001).
"""

SCHEMA = 4


class UnknownSchema(Exception):
    """A snapshot written by a newer (or unknown) version of the portal."""


def _from_1(snapshot):
    # Version 2: the growth target is a percentage (50 means +50 %); the key now says so.
    snapshot["growth_target_percent"] = snapshot.pop("growth_target", None)
    return snapshot


def _from_2(snapshot):
    # Version 3: charts are drawn from the figures when the report is rendered; the SVG markup that
    # version 2 stored under "charts" is dropped unread (stored markup is markup someone can plant).
    snapshot.pop("charts", None)
    return snapshot


def _from_3(snapshot):
    # Version 4: one meaning per name. The panel's and the period's lists of organisations'
    # names were stored as "organisations_represented", the name of the count in "figures".
    for part in ("panel", "period"):
        if snapshot.get(part) and "organisations_represented" in snapshot[part]:
            snapshot[part] = dict(snapshot[part])
            snapshot[part]["represented_organisation_names"] = snapshot[part].pop("organisations_represented")
    return snapshot


READERS = {1: _from_1, 2: _from_2, 3: _from_3}


def read(snapshot):
    """The snapshot in the current schema (a copy; the stored one is never changed)."""
    content = dict(snapshot)
    version = content.get("schema", 1)
    if not isinstance(version, int) or not 1 <= version <= SCHEMA:
        raise UnknownSchema(f"report snapshot schema {version!r}; this portal reads 1 to {SCHEMA}")
    while version < SCHEMA:
        content = READERS[version](content)
        version += 1
        content["schema"] = version
    return content
