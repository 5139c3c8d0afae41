"""Second readers and outside checkers for what the portal publishes, run as the programs users
(and auditors) have would run them.

`read_with_icaljs` hands an iCalendar text to ical.js (Thunderbird's and many web calendars'
parser) under node, through tests/js/ical.mjs. `vnu_errors` runs the W3C's Nu Html Checker
(vnu-jar, under Java) over HTML files; `pa11y_errors` runs pa11y (HTML_CodeSniffer, WCAG 2 AA) in
Debian's Chromium over pages, through tests/js/pa11y.mjs. `make test` and `.ci/run` install them
(`npm ci` in tests/js); the node packages are test tools only, never served."""

import json
import shutil
import subprocess
from pathlib import Path

JS = Path(__file__).resolve().parent / "js"
VNU_JAR = JS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


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


def vnu_errors(paths):
    """The Nu Html Checker's errors in the HTML files `paths`, all checked by one Java process:
    {path: ["line L: message — extract"]}, only the files with errors."""
    assert shutil.which("java"), "vnu needs Java: apt-get install default-jre-headless (.ci/run installs it)"
    paths = [Path(path) for path in paths]
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--exit-zero-always", "--stdout",
         *map(str, paths)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"vnu did not run:\n{result.stdout}\n{result.stderr}"
    report = json.loads(result.stdout)
    by_name = {str(path.resolve()): path for path in paths}
    errors = {}
    for message in report["messages"]:
        url = message.get("url", "")
        path = by_name.get(url.removeprefix("file:"), url)
        where = f"line {message['lastLine']}: " if "lastLine" in message else ""
        errors.setdefault(path, []).append(f"{where}{message['message']} — {message.get('extract', '').strip()}")
    return errors


def pa11y_errors(pages, *, chromium, args=()):
    """pa11y's WCAG 2 AA errors on `pages` ([{"url", "cookies": [{"name", "value"}]}]), all checked in
    one Chromium: {url: ["code: message — context"]}, only the pages with errors."""
    result = subprocess.run(
        ["node", str(JS / "pa11y.mjs")],
        input=json.dumps({"chromium": chromium, "args": list(args), "pages": pages}),
        capture_output=True, text=True, cwd=JS, timeout=300,
    )
    assert result.returncode == 0, f"pa11y did not run:\n{result.stderr}"
    report = json.loads(result.stdout)
    # A page that sent pa11y elsewhere (a session that did not take: the sign-in page) is not checked.
    assert [page["checked"] for page in report] == [page["url"] for page in pages], [page["checked"] for page in report]
    return {
        page["url"]: [f"{error['code']}: {error['message']} — {error['context']}" for error in page["errors"]]
        for page in report if page["errors"]
    }
