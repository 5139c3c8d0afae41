#!/usr/bin/env python
"""The coordinators' busiest pages at ten times the demo data: p50/p95 and queries per request,
as ratios against a floor measured in the same run.

    .venv/bin/python scripts/bench_coordinator_pages.py [--requests 40] [--scale 10]

Builds, in a scratch database (Django's test database beside DATABASE_URL's, or a temporary
SQLite file), `--scale` times the demo data (the demo has 44 organisations, 86 attendance rows,
44 contacts): 440 organisations with a contact person and contacts, one panel meeting with 300 of
them at the door (attendance and invitations), guidance and outreach invitations. Then requests
each page `--requests` times as a signed-in coordinator through Django's test client (in process:
no network, no gunicorn) and prints p50 and p95 in ms, the number of queries, and p95 as a
multiple of the floor's p95: a hello-world view behind the same settings, middleware and signed-in
session (scripts/bench/ceiling_urls.py). The machine is shared: read the ratios.

A measurement, not a test: it asserts nothing and never runs in the test suite (the query counts
are pinned by tests/portal/test_coordinator_pages_at_scale.py).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts" / "bench"))


def setup():
    if not os.environ.get("DATABASE_URL"):
        folder = Path(tempfile.mkdtemp(prefix="bench-coordinator."))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-coordinator-only")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # static files from the sources, no HTTPS redirect
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection, old_name


def build(scale):
    import datetime

    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from organisations.models import ContactPerson, Kind, Organisation
    from organisations.services import organisation_set_published
    from outreach.models import Contact, EventInvitation, Guidance
    from panel.models import Attendance, Invitation, Meeting, MeetingKind, MeetingStatus
    from portal.privacy import roles

    roles.sync_role_permissions()
    today = timezone.localdate()
    organisations = [
        Organisation.objects.create(
            name=f"Benkforening {n:04d}", kind=Kind.IMMIGRANT_ORGANISATION if n % 3 else Kind.FAITH_COMMUNITY,
            municipality="Sandnes",
        )
        for n in range(44 * scale)
    ]
    # Every other one published, the one way the portal allows (a consent on record).
    for organisation in organisations[1::2]:
        organisation_set_published(organisation=organisation, on=today - datetime.timedelta(days=30), before_portal=True)
    at_the_door = organisations[: 30 * scale]
    held = Meeting.objects.create(kind=MeetingKind.PANEL, date=today, status=MeetingStatus.HELD, title="Stort panelmøte")
    Attendance.objects.bulk_create(Attendance(meeting=held, organisation=o, participants=1 + i % 3) for i, o in enumerate(at_the_door))
    Invitation.objects.bulk_create(Invitation(meeting=held, organisation=o) for o in at_the_door)
    persons = ContactPerson.objects.bulk_create(
        ContactPerson(organisation=o, name=f"Person {i}", email=f"p{i}@example.org") for i, o in enumerate(organisations)
    )
    for i, (organisation, kari) in enumerate(zip(organisations, persons)):
        record = Contact.objects.create(
            organisation=organisation, date=datetime.date(today.year, 1 + i % 12, 1 + i % 28), outcome="met" if i % 2 else "responded",
            channel="email", head_count=1,
        )
        record.persons_met.set([kari])
    Guidance.objects.bulk_create(
        Guidance(date=datetime.date(today.year, 2, 1), organisation=o, topic="premises", minutes_spent=30) for o in organisations[::4]
    )
    EventInvitation.objects.bulk_create(
        EventInvitation(organisation=o, date=datetime.date(today.year, 5, 5), response="attended", title="Nasjonaldag")
        for o in organisations[::3]
    )
    user = User.objects.create_user("benk-koordinator", password="x")
    user.groups.add(Group.objects.get(name=roles.COORDINATOR))
    return user, held, len(organisations), len(at_the_door)


def measure(client, url, requests, urlconf=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    context = override_settings(ROOT_URLCONF=urlconf) if urlconf else override_settings()
    with context:
        from django.urls import clear_url_caches

        clear_url_caches()
        for _ in range(3):  # warm: templates, content types
            assert client.get(url).status_code == 200, url
        times = []
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = len(captured.captured_queries)  # now: the log is a bounded deque
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    clear_url_caches()
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95, queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    connection, old_name = setup()
    try:
        from django.test import Client

        started = time.perf_counter()
        user, held, organisations, door = build(args.scale)
        print(f"built {organisations} organisations, {door} at the door, in {time.perf_counter() - started:.0f} s "
              f"({connection.vendor}); load: {os.getloadavg()[0]:.1f}")
        client = Client()
        client.force_login(user)
        floor = measure(client, "/", args.requests, urlconf="ceiling_urls")
        rows = [("floor (hello view, same middleware, signed in)", *floor)]
        for label, url in (
            (f"door page, {door} organisations", f"/koordinator/panel/{held.pk}/oppmote/"),
            ("organisation list", "/koordinator/organisasjoner/"),
            ("outreach dashboard", "/koordinator/kontakt/"),
        ):
            rows.append((label, *measure(client, url, args.requests)))
        print(f"\n{'page':<48} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'p95 ÷ floor':>12}")
        for label, p50, p95, queries in rows:
            print(f"{label:<48} {p50:8.1f} {p95:8.1f} {queries:8d} {p95 / floor[1]:12.1f}")
        print(f"\nload at the end: {os.getloadavg()[0]:.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
