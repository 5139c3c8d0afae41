"""Survey submissions against a running portal: GET the answer form, fill it, POST it.

    survey_driver.py load URL SECONDS CONCURRENCY      → requests/s and p95 of whole submissions
    survey_driver.py fault URL SECONDS                  → keeps submitting while run.sh stops and
        starts the database; prints how many were acknowledged, the statuses seen, and how many
        succeeded after the last 503 (the recovery).

Only the standard library: it must run wherever run.sh runs.
"""

import http.client
import json
import sys
import threading
import time
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit


class AnswerForm(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields, self.radios, self.in_form, self._select = {}, {}, False, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form or not a.get("name"):
            if tag == "option" and self._select and a.get("value"):
                self.fields.setdefault(self._select, a["value"])
            return
        name, kind = a["name"], (a.get("type") or "text").lower()
        if tag == "input" and kind == "radio":
            self.radios.setdefault(name, []).append(a.get("value", ""))
        elif tag == "input" and kind == "checkbox":
            self.fields.setdefault(name, a.get("value", "on"))
        elif tag == "input" and kind == "email":
            self.fields[name] = "bench@example.org"
        elif tag == "input":
            self.fields[name] = a.get("value") or "Bench"
        elif tag == "textarea":
            self.fields[name] = "Et svar fra lasttesten."
        elif tag == "select":
            self._select = name

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        if tag == "select":
            self._select = None

    def data(self):
        data = dict(self.fields)
        for name, values in self.radios.items():
            # anonymous answers (no name needed); otherwise the highest score / first choice
            data[name] = "yes" if name == "anonymous" and "yes" in values else values[-1] if values[-1] else values[0]
        return data


def submit_once(host, port, path):
    """One whole submission; returns (status, seconds). 302 to the thanks page is an acknowledgement."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        if response.status != 200:
            return response.status, time.perf_counter() - started
        cookie = "; ".join(h.split(";", 1)[0] for k, h in response.getheaders() if k.lower() == "set-cookie")
        form = AnswerForm()
        form.feed(body)
        connection.request(
            "POST",
            path,
            body=urlencode(form.data()),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                     "Referer": f"http://{host}:{port}{path}"},
        )
        response = connection.getresponse()
        response.read()
        location = response.getheader("Location") or ""
        status = response.status
        if status == 302 and "igjen" in location:
            status = "duplicate"
        elif status == 302 and "/takk/" not in location:
            status = f"302 {location}"
        return status, time.perf_counter() - started
    except OSError as exc:
        return f"error {type(exc).__name__}", time.perf_counter() - started
    finally:
        connection.close()


def run(url, seconds, concurrency, stop_event=None, timeline=None):
    parts = urlsplit(url)
    results, lock = [], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        while time.monotonic() < deadline and not (stop_event and stop_event.is_set()):
            status, elapsed = submit_once(parts.hostname, parts.port, parts.path)
            with lock:
                results.append((time.monotonic(), status, elapsed))

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))] if values else float("nan")


def main():
    mode, url, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    if mode == "load":
        results, duration = run(url, seconds, int(sys.argv[4]))
        ok = [elapsed for _t, status, elapsed in results if status == 302]
        other = len(results) - len(ok)
        print(f"RESULT rps={len(ok) / duration:.1f} p95_ms={p95(ok) * 1000:.2f} requests={len(results)} errors={other}")
    else:
        results, _duration = run(url, seconds, 2)
        statuses = {}
        for _t, status, _e in results:
            statuses[str(status)] = statuses.get(str(status), 0) + 1
        ordered = sorted(results)
        last_503 = max((i for i, (_t, status, _e) in enumerate(ordered) if status == 503), default=None)
        recovered = sum(1 for _t, status, _e in ordered[last_503 + 1:] if status == 302) if last_503 is not None else 0
        print("FAULT " + json.dumps({
            "acknowledged": statuses.get("302", 0),
            "statuses": statuses,
            "succeeded_after_the_last_503": recovered,
        }))


if __name__ == "__main__":
    main()
