"""Two coordinators at the door at the same moment.

The concurrent tests send real requests from two threads, each with its own database connection,
on PostgreSQL: a barrier holds both requests right after their look-up, so both have seen "not
there yet" before either writes, which is the interleaving that used to give a 500 (the second
insert of the same new organisation) or a silent overwrite (two counts for the same one). SQLite
serialises writers on a file lock, so those are PostgreSQL-only; the logic behind them (the
savepoint that recovers the lost race, the versioned write) is also tested sequentially below on
both databases.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from organisations import services as organisation_services
from organisations.models import Kind, Organisation
from panel import services as panel_services
from panel.models import Attendance
from tests.conftest import make_user
from tests.panel.factories import meeting, organisation
from tests.panel.test_attendance import form_as_shown, url

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writers at once need PostgreSQL's row locks (SQLite locks the whole file); CI runs PostgreSQL too",
)


@pytest.fixture
def two_coordinators(django_user_model):
    from portal.privacy import roles

    clients = []
    for name in ("koordinator-a", "koordinator-b"):
        client = Client()
        client.force_login(make_user(django_user_model, name, roles.COORDINATOR))
        clients.append(client)
    return clients


def hold_after_first_call(monkeypatch, module, name, barrier):
    """Wrap module.name so each thread's first call waits at the barrier after it returns."""
    original = getattr(module, name)
    seen = threading.local()

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        if not getattr(seen, "done", False):
            seen.done = True
            barrier.wait(timeout=20)
        return result

    monkeypatch.setattr(module, name, wrapper)


def post_at_once(posts):
    """Send each (client, path, data) from its own thread; the responses in the same order."""
    responses, errors = [None] * len(posts), []

    def run(index, client, path, data):
        try:
            responses[index] = client.post(path, data)
        except Exception as error:  # a 500 would surface here (raise_request_exception)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return responses


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_adding_the_same_new_organisation_get_one_and_keep_both_counts(monkeypatch, two_coordinators):
    m = meeting("2025-03-01")
    barrier = threading.Barrier(2)
    hold_after_first_call(monkeypatch, organisation_services, "organisation_by_name", barrier)
    posts = []
    for client, count in zip(two_coordinators, ("3", "4")):
        data = form_as_shown(client.get(url(m)))
        data.update({"add": "", "new-name": "Helt Ny Forening", "new-kind": Kind.IMMIGRANT_ORGANISATION, "new-participants": count})
        posts.append((client, url(m), data))

    responses = post_at_once(posts)

    assert Organisation.objects.filter(name__iexact="Helt Ny Forening").count() == 1
    (saved,) = Attendance.objects.filter(meeting=m)
    assert saved.participants in (3, 4)
    # The one whose count was not stored is told, on the page, with the count it typed.
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200, 302]
    told = next(response for response in responses if response.status_code == 200).content.decode()
    other = 4 if saved.participants == 3 else 3
    assert f"står allerede på listen med {saved.participants} deltakere. Du skrev {other}" in told


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_typing_different_counts_for_the_same_organisation_are_not_both_told_saved(
    monkeypatch, two_coordinators
):
    m = meeting("2025-03-01")
    a = organisation("A-forening")
    barrier = threading.Barrier(2)
    hold_after_first_call(monkeypatch, panel_services, "attendance_locked", barrier)
    posts = []
    for client, count in zip(two_coordinators, ("5", "7")):
        data = form_as_shown(client.get(url(m)))
        data[f"p-{a.pk}"] = count
        posts.append((client, url(m), data))

    responses = post_at_once(posts)

    saved = Attendance.objects.get(meeting=m, organisation=a).participants
    assert saved in (5, 7)
    assert sorted(response.status_code for response in responses) == [200, 302]
    told = next(response for response in responses if response.status_code == 200).content.decode()
    assert f"Noen andre har endret tallet til {saved} mens du skrev. Du skrev {12 - saved}" in told


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_changes_of_an_existing_count_wait_for_each_other_and_the_second_is_told(two_coordinators):
    """Here the row exists: the second request waits on the first one's row lock, then sees its
    count and reports the conflict (no barrier: one of them necessarily blocks)."""
    m = meeting("2025-03-01")
    a = organisation("A-forening")
    Attendance.objects.create(meeting=m, organisation=a, participants=2)
    posts = []
    for client, count in zip(two_coordinators, ("5", "7")):
        data = form_as_shown(client.get(url(m)))
        data[f"p-{a.pk}"] = count
        posts.append((client, url(m), data))

    responses = post_at_once(posts)

    saved = Attendance.objects.get(meeting=m, organisation=a).participants
    assert saved in (5, 7)
    assert sorted(response.status_code for response in responses) == [200, 302]


@pytest.mark.django_db
def test_the_loser_of_the_race_for_a_new_name_gets_the_winners_organisation(monkeypatch):
    """Sequential stand-in for the race on both databases: the look-up says "not there" (as it
    did for both coordinators), but the other one's insert has landed; no IntegrityError escapes."""
    winner = Organisation.objects.create(name="Helt Ny Forening", kind=Kind.IMMIGRANT_ORGANISATION)
    calls = []
    original = organisation_services.organisation_by_name

    def lost_the_race(name):
        calls.append(name)
        return None if len(calls) == 1 else original(name)

    monkeypatch.setattr(organisation_services, "organisation_by_name", lost_the_race)
    found, created = organisation_services.organisation_get_or_create_by_name(name="helt ny forening", kind=Kind.OTHER)
    assert (found, created) == (winner, False)
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_an_insert_that_lost_the_race_for_the_row_is_a_conflict_unless_the_counts_agree(monkeypatch):
    m = meeting("2025-03-01")
    a = organisation("A")
    Attendance.objects.create(meeting=m, organisation=a, participants=5)  # the other coordinator's, committed
    monkeypatch.setattr(panel_services, "attendance_locked", lambda **kwargs: None)  # what we saw before it landed
    result = panel_services.meeting_register_attendance(meeting=m, changes={a.pk: (None, 7)})
    assert result.conflicts == {a.pk: 5} and result.saved == 0
    assert Attendance.objects.get(organisation=a).participants == 5
    agreed = panel_services.meeting_register_attendance(meeting=m, changes={a.pk: (None, 5)})
    assert agreed.conflicts == {}
