#!/usr/bin/env python
"""200 concurrent survey submissions against PostgreSQL, each sent twice: stored exactly once?

    .venv/bin/python scripts/bench_survey_submissions.py [--submissions 200] [--workers 4]

Uses DATABASE_URL when it is a postgres:// URL; otherwise starts a throwaway PostgreSQL cluster
(initdb as the postgres user into a temporary directory, unix socket only, fsync off) and removes
it afterwards. Migrates, serves the portal with gunicorn on a free local port, fetches one answer
form per respondent (CSRF cookie, token and the form's one-time key), then fires every form twice
at the same moment — a double click — from one thread per request. Prints the timings and exits
non-zero unless exactly one response per form was stored.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def log(message):
    print(f"== {message}", flush=True)


class ThrowawayPostgres:
    """A private cluster on a unix socket in a temporary directory (docs/contributing.md)."""

    def __init__(self):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")])
        if not bins:
            sys.exit("no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)")
        self.bin = bins[-1]
        self.tmp = Path(tempfile.mkdtemp(prefix="survey-bench-pg."))
        self.url = None

    def _as_postgres(self, command):
        if os.geteuid() == 0:
            subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", command], check=True, stdout=subprocess.DEVNULL)
        else:
            subprocess.run(["/bin/sh", "-c", command], check=True, stdout=subprocess.DEVNULL)

    def start(self):
        if os.geteuid() == 0:
            shutil.chown(self.tmp, user="postgres")
        data = self.tmp / "data"
        self._as_postgres(f"{self.bin}/initdb -D {data} -A trust -U postgres -E UTF8 --no-sync")
        options = (
            f"-k {self.tmp} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=300"
        )
        self._as_postgres(f'{self.bin}/pg_ctl -D {data} -w -l {self.tmp}/server.log -o "{options}" start')
        self._as_postgres(f"{self.bin}/createdb -h {self.tmp} bench")
        self.url = f"postgres://postgres@{urllib.parse.quote(str(self.tmp), safe='')}/bench"
        return self.url

    def stop(self):
        try:
            self._as_postgres(f"{self.bin}/pg_ctl -D {self.tmp / 'data'} -m fast -w stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.tmp, ignore_errors=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, body=None, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode(body)
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    content = response.read().decode("utf-8", "replace")
    result = (response.status, dict(response.getheaders()), response.headers.get_all("Set-Cookie") or [], content)
    conn.close()
    return result


def hidden(html, name):
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    if match is None:
        raise RuntimeError(f"no hidden field {name} in the answer form")
    return match.group(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=16, help="threads per gunicorn worker")
    args = parser.parse_args()

    cluster = None
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        log("starting a throwaway PostgreSQL cluster")
        cluster = ThrowawayPostgres()
        database_url = cluster.start()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        # Every submission comes from this one address: lift the per-visitor brake on answers.
        "PORTAL_SURVEY_ANSWERS_PER_VISITOR": "1000000",
        # Production static storage needs its manifest: collected into a private directory.
        "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="survey-bench-static."),
    }
    os.environ.update(env)
    server = None
    try:
        log("migrating and collecting static files")
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)

        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
        import django

        django.setup()
        from django.db import connections
        from django.utils import timezone

        from surveys.models import Answer, Question, QuestionKind, Response, SubmissionKey, Survey

        today = timezone.localdate()
        survey = Survey.objects.create(
            title=f"Benchmark {time.time_ns()}", report_year=today.year, opens_on=today, closes_on=today
        )
        group = survey.groups.create(name="Alle")
        score = Question.objects.create(survey=survey, position=1, kind=QuestionKind.SCORE, text="Score", required=True)
        text = Question.objects.create(survey=survey, position=2, kind=QuestionKind.TEXT, text="Fritekst")
        connections.close_all()

        port = free_port()
        log(f"serving the portal with gunicorn on 127.0.0.1:{port} ({args.workers} workers × {args.threads} threads)")
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
                "--workers", str(args.workers), "--threads", str(args.threads), "--worker-class", "gthread",
                "--log-level", "warning", "--timeout", "120",
            ],
            cwd=ROOT,
            env=env,
        )
        for _attempt in range(100):
            try:
                request(port, "GET", "/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("gunicorn did not start")

        url = survey.get_public_url()
        log(f"fetching {args.submissions} answer forms")
        forms = []
        for n in range(args.submissions):
            status, _headers, cookies, html = request(port, "GET", url)
            assert status == 200, status
            csrf_cookie = next(c.split(";")[0] for c in cookies if c.startswith("csrftoken="))
            data = {
                "csrfmiddlewaretoken": hidden(html, "csrfmiddlewaretoken"),
                "key": hidden(html, "key"),
                "anonymous": "yes",
                f"q{score.pk}": str(1 + n % 5),
                f"q{text.pk}": f"Svar nummer {n}",
            }
            forms.append((csrf_cookie, data))

        posts = [form for form in forms for _twice in range(2)]
        log(f"posting {len(posts)} submissions at once ({args.submissions} forms, each twice)")
        barrier = threading.Barrier(len(posts))
        results, failures = [], []

        def submit(cookie, data):
            try:
                barrier.wait()
                started = time.perf_counter()
                status, headers, _cookies, _html = request(port, "POST", url, body=data, cookie=cookie)
                results.append((status, headers.get("Location", ""), time.perf_counter() - started))
            except Exception as error:
                failures.append(repr(error))

        threads = [threading.Thread(target=submit, args=post) for post in posts]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started

        stored = Response.objects.filter(survey=survey).count()
        keys = SubmissionKey.objects.filter(survey=survey).count()
        answers = Answer.objects.filter(response__survey=survey).count()
        thanked = sum(1 for status, location, _t in results if status == 302 and "/takk/" in location)
        again = sum(1 for status, location, _t in results if status == 302 and location.endswith("?igjen=1"))
        latencies = sorted(t for _s, _l, t in results)
        log(f"{len(results)} responses in {elapsed:.2f} s; failures: {len(failures)}")
        if latencies:
            log(f"latency median {latencies[len(latencies) // 2] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
        log(f"thank-you pages: {thanked} (of which 'already received': {again}); other statuses: "
            f"{sorted({s for s, l, _t in results if s != 302})}")
        log(f"stored responses: {stored} (expected {args.submissions}); keys: {keys}; answer rows: {answers}")
        ok = (
            not failures
            and stored == args.submissions
            and keys == args.submissions
            and thanked == len(posts)
            and again == args.submissions
            and answers == 2 * args.submissions
        )
        print("OK: every submission stored exactly once" if ok else "FAILED", flush=True)
        for failure in failures[:5]:
            print("  ", failure)
        return 0 if ok else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        shutil.rmtree(env["DJANGO_STATIC_ROOT"], ignore_errors=True)
        if cluster is not None:
            log("stopping the throwaway cluster")
            cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
