"""Simultaneous requests against the rate limit, for tests/organisations/test_ratelimit.py.

Run as `python -m tests.organisations.ratelimit_burst ADDRESS` (DATABASE_URL set) it sends them in
a process of its own, each thread on its own database connection as gunicorn's would be, and
prints the status codes as JSON."""

import json
import os
import sys
import threading

LIMIT = 20
REQUESTS = 40


def simultaneous_requests(address):
    """REQUESTS requests from one address, released at the same moment; their status codes."""
    from django.db import connections
    from django.http import HttpResponse
    from django.test import RequestFactory

    from portal.web.ratelimit import rate_limited

    @rate_limited("test-simultaneous", limit=LIMIT, window=600)
    def guarded(request):
        return HttpResponse("ok")

    start = threading.Barrier(REQUESTS)
    statuses, errors = [], []

    def visit():
        request = RequestFactory().get("/invitasjon/gjetning/", REMOTE_ADDR=address)
        try:
            start.wait()
            statuses.append(guarded(request).status_code)
        except Exception as exc:  # reported to the test, which fails on any
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=visit) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"statuses": sorted(statuses), "errors": errors}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    print(json.dumps(simultaneous_requests(sys.argv[1])))
