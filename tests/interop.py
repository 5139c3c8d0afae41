"""Second readers for what the portal publishes, run as the programs users have would run them.

`read_with_icaljs` hands an iCalendar text to ical.js (Thunderbird's and many web calendars'
parser) under node, through tests/js/ical.mjs. `make test` and `.ci/run` install it
(`npm ci` in tests/js); the node packages are test tools only, never served."""

import json
import subprocess
from pathlib import Path

JS = Path(__file__).resolve().parent / "js"


def read_with_icaljs(ics, *, start="1970-01-01", end="2100-01-01"):
    """{"method": …, "events": [{"uid", "summary", "status", "sequence", "organizer", "attendees",
    "recurring", "occurrences": [{"start": {"local", "offset", "utc"}, "end": …}]}]}; occurrences
    of repeating events are those from `start` up to `end` (ISO dates)."""
    if isinstance(ics, bytes):
        ics = ics.decode("utf-8")
    result = subprocess.run(
        ["node", str(JS / "ical.mjs"), start, end], input=ics, capture_output=True, text=True, cwd=JS, timeout=60,
    )
    assert result.returncode == 0, f"ical.js could not read the calendar:\n{result.stderr}"
    return json.loads(result.stdout)
