"""The public page cache (portal/web/pagecache.py): anonymous GETs are served from the shared cache,
and a change invalidates exactly the pages that show it, no others."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from activities.models import ActivityKind
from organisations import services
from organisations.models import Event, ListingRevision, ModerationStatus
from panel.models import Attendance
from portal.web import pagecache
from tests.activities.factories import activity
from tests.factories import meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE = True  # off by default under pytest (portal/settings.py)
    # The database is rolled back after each test, this process's memory is not.
    pagecache.LOCAL.clear()


def state(client, path, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, (path, response.status_code)
    return response.get(pagecache.HIT_HEADER)


def warm(client, *paths):
    for path in paths:
        client.get(path)
        assert state(client, path) == "hit", path


@pytest.fixture
def site(published):
    a = published("Alfa forening", description="Leksehjelp for barn.")
    b = published("Beta forening", description="Fotball for alle.")
    return a, b


def public_paths(a):
    return ["/", "/organisasjoner/", "/organisasjoner/?q=alfa", a.get_absolute_url(), "/kalender/",
            "/kalender.ics", "/kalender.json", "/organisasjoner.json", "/innebygd/organisasjoner/"]


def test_every_public_page_is_served_from_the_cache_without_cookies_or_csrf_tokens(client, site):
    a, _b = site
    for path in public_paths(a):
        first = client.get(path)
        assert first.status_code == 200
        assert first.get(pagecache.HIT_HEADER) == "miss", path
        second = client.get(path)
        assert second.get(pagecache.HIT_HEADER) == "hit", path
        assert second.content == first.content
        assert not second.cookies and not first.cookies, path
        assert b"csrfmiddlewaretoken" not in second.content, path
        assert second["Content-Type"] == first["Content-Type"]
        # The headers the skipped middleware adds are stored with the page.
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert second["Content-Language"] == first["Content-Language"]


def test_pages_vary_on_the_language_and_the_switch_needs_no_csrf_token(site):
    client = Client(enforce_csrf_checks=True)
    assert 'lang="nb"' in client.get("/organisasjoner/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/organisasjoner/"})
    assert response.status_code == 302
    english = client.get("/organisasjoner/")
    assert english[pagecache.HIT_HEADER] == "miss"
    assert 'lang="en"' in english.content.decode()
    assert state(client, "/organisasjoner/") == "hit"
    assert 'lang="nb"' in Client().get("/organisasjoner/").content.decode()


def test_a_signed_in_visitor_is_never_served_or_stored(client, site, coordinator):
    warm(client, "/organisasjoner/")
    signed_in = Client()
    signed_in.force_login(coordinator)
    response = signed_in.get("/organisasjoner/")
    assert pagecache.HIT_HEADER not in response
    assert "Logg ut" in response.content.decode()
    anonymous = client.get("/organisasjoner/")
    assert anonymous[pagecache.HIT_HEADER] == "hit"
    assert "Logg ut" not in anonymous.content.decode()


def test_an_approved_listing_change_invalidates_its_listing_and_the_directory_only(client, site, editor):
    a, b = site
    warm(client, *public_paths(a), b.get_absolute_url())
    revision = ListingRevision.objects.create(
        organisation=a, submitted_by=editor, data={**services.listing_snapshot(a), "description": "Ny tekst om oss."}
    )
    assert state(client, "/organisasjoner/") == "hit"  # a pending change is not public
    services.moderation_decide(item=revision, reviewer=None, approve=True)
    for path in ("/organisasjoner/", "/organisasjoner/?q=alfa", a.get_absolute_url(), "/organisasjoner.json",
                 "/innebygd/organisasjoner/"):
        response = client.get(path)
        assert response[pagecache.HIT_HEADER] == "miss", path
        assert "Ny tekst om oss." in response.content.decode(), path
    # The start page shows how many are listed, not what they say.
    for path in (b.get_absolute_url(), "/", "/kalender/", "/kalender.ics", "/kalender.json"):
        assert state(client, path) == "hit", path


def test_a_coordinators_note_or_an_unpublished_organisation_invalidates_nothing(client, site, make_unpublished):
    a, _b = site
    warm(client, *public_paths(a))
    a.notes = "Ringte styreleder."
    a.save()
    hidden = make_unpublished("Ikke publisert")
    hidden.description = "Endret"
    hidden.save()
    hidden.languages.add(*__import__("organisations.models", fromlist=["Language"]).Language.objects.all()[:1])
    for path in public_paths(a):
        assert state(client, path) == "hit", path


@pytest.fixture
def make_unpublished(db):
    from tests.conftest import make_organisation

    return lambda name: make_organisation(name=name)


def make_event(organisation, status):
    start = timezone.now() + datetime.timedelta(days=3)
    return Event.objects.create(
        organisation=organisation, title="Språkkafé", starts_at=start, ends_at=start + datetime.timedelta(hours=2),
        location="Biblioteket", status=status,
    )


def test_an_approved_event_invalidates_the_calendar_the_start_page_and_its_listing_only(client, site):
    a, b = site
    warm(client, *public_paths(a), b.get_absolute_url())
    pending = make_event(a, ModerationStatus.PENDING)
    for path in public_paths(a):
        assert state(client, path) == "hit", path  # waiting for approval: public nowhere
    services.moderation_decide(item=pending, reviewer=None, approve=True)
    for path in ("/kalender/", "/kalender.ics", "/kalender.json", "/", a.get_absolute_url()):
        response = client.get(path)
        assert response[pagecache.HIT_HEADER] == "miss", path
        assert "Språkkafé" in response.content.decode(), path
    for path in ("/organisasjoner/", "/organisasjoner.json", b.get_absolute_url()):
        assert state(client, path) == "hit", path


def test_a_withdrawn_consent_takes_the_listing_out_of_every_page_that_showed_it(client, site, coordinator):
    a, b = site
    services.consent_record(organisation=a, given_by="Styreleder")
    warm(client, "/organisasjoner/", "/organisasjoner.json", a.get_absolute_url(), b.get_absolute_url(), "/kalender/")
    warm(client, "/")
    services.consent_withdraw(organisation=a, user=coordinator)
    assert state(client, "/") == "miss"  # one organisation fewer in its count
    assert "Alfa forening" not in client.get("/organisasjoner/").content.decode()
    assert "Alfa forening" not in client.get("/organisasjoner.json").content.decode()
    assert client.get(a.get_absolute_url()).status_code == 404
    assert state(client, b.get_absolute_url()) == "hit"
    assert state(client, "/kalender/") == "hit"


def test_a_meeting_invalidates_the_calendar_and_attendance_does_not(client, site):
    a, _b = site
    held = meeting(timezone.localdate() + datetime.timedelta(days=5), title="Vårmøtet")
    warm(client, *public_paths(a))
    Attendance.objects.create(meeting=held, organisation=a, participants=2)
    for path in public_paths(a):
        assert state(client, path) == "hit", path
    held.title = "Sommermøtet"
    held.save()
    for path in ("/kalender/", "/kalender.ics", "/kalender.json", "/"):
        response = client.get(path)
        assert response[pagecache.HIT_HEADER] == "miss", path
        assert "Sommermøtet" in response.content.decode(), path
    for path in ("/organisasjoner/", a.get_absolute_url(), "/organisasjoner.json"):
        assert state(client, path) == "hit", path


def test_a_public_activity_invalidates_the_calendar_and_an_internal_one_does_not(client, site):
    a, _b = site
    warm(client, "/kalender/", "/organisasjoner/")
    activity(ActivityKind.OWN_EVENT, timezone.localdate() + datetime.timedelta(days=4), title="Intern planlegging")
    assert state(client, "/kalender/") == "hit"
    activity(ActivityKind.OWN_EVENT, timezone.localdate() + datetime.timedelta(days=4), title="Åpen dag", public=True)
    response = client.get("/kalender/")
    assert response[pagecache.HIT_HEADER] == "miss" and "Åpen dag" in response.content.decode()
    assert state(client, "/organisasjoner/") == "hit"


def test_invalidation_is_repeated_after_the_commit(django_capture_on_commit_callbacks, client, site):
    """A reader that rendered the old data while the change was committing stored its page under
    a token the commit's second invalidation deletes."""
    warm(client, "/organisasjoner/")
    with django_capture_on_commit_callbacks() as callbacks:
        from django.db import transaction

        with transaction.atomic():
            pagecache.invalidate(pagecache.DIRECTORY)
            # a concurrent reader: fresh token, stale page stored under it
            client.get("/organisasjoner/")
            assert state(client, "/organisasjoner/") == "hit"
    assert len(callbacks) == 1
    callbacks[0]()
    assert state(client, "/organisasjoner/") == "miss"


def test_the_cache_is_the_shared_one_and_unrelated_entries_survive_an_invalidation(client, site):
    a, _b = site
    cache.set("ratelimit:someone", 3)
    warm(client, "/organisasjoner/")
    pagecache.invalidate(pagecache.DIRECTORY)
    assert cache.get("ratelimit:someone") == 3
    # A second process (another client: no shared state but the cache) sees the same page.
    assert state(Client(), "/organisasjoner/") == "miss"
    assert state(Client(), "/organisasjoner/") == "hit"


def test_a_page_that_would_set_a_cookie_or_is_not_200_is_never_stored(client, site):
    assert client.get("/organisasjoner/finnes-ikke/").status_code == 404
    assert pagecache.HIT_HEADER not in client.get("/organisasjoner/finnes-ikke/")
    # Pending messages (a cookie) and a session: the request goes through the whole stack.
    client.cookies["messages"] = "x"
    assert pagecache.HIT_HEADER not in client.get("/organisasjoner/")


def test_a_worker_that_never_built_the_page_serves_it_from_the_shared_cache_and_sees_a_change(client, site, database_cache):
    a, _b = site
    warm(client, a.get_absolute_url())
    pagecache.LOCAL.clear()  # another gunicorn worker: nothing in its memory
    assert state(client, a.get_absolute_url()) == "hit"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Served from this process's memory, after one query of the database cache: are the tokens it
    # was built under current?
    with CaptureQueriesContext(connection) as captured:
        assert state(client, a.get_absolute_url()) == "hit"
    assert len(captured) == 1
    # A change made in any process deletes the shared token: this worker's copy is not served.
    a.description = "Endret i en annen prosess."
    a.save()
    response = client.get(a.get_absolute_url())
    assert response[pagecache.HIT_HEADER] == "miss"
    assert "Endret i en annen prosess." in response.content.decode()


def test_a_token_deleted_behind_the_processs_back_stops_its_memory_copy_at_once(client, site):
    """Nothing but the shared cache decides: another host deletes the token, no signal here."""
    warm(client, "/organisasjoner/")
    cache.delete(pagecache.generation_key(pagecache.DIRECTORY))
    assert state(client, "/organisasjoner/") == "miss"


def test_a_description_in_another_language_invalidates_its_listing_and_the_directory(client, site):
    from organisations.models import Language, ListingDescription

    a, b = site
    warm(client, a.get_absolute_url(), b.get_absolute_url(), "/organisasjoner.json", "/kalender/")
    ListingDescription.objects.create(organisation=a, language=Language.objects.get(code="ar"), text="مرحبا بكم")
    for path in (a.get_absolute_url(), "/organisasjoner.json"):
        response = client.get(path)
        assert response[pagecache.HIT_HEADER] == "miss", path
        assert "مرحبا بكم" in response.content.decode(), path
    assert state(client, b.get_absolute_url()) == "hit"
    assert state(client, "/kalender/") == "hit"


def test_the_embed_pages_framing_header_follows_a_configuration_change(client, site, settings):
    """A restart with other PORTAL_EMBED_ORIGINS: the stored page (in the shared cache, which the
    restart keeps) is not served with the old frame-ancestors."""
    settings.PORTAL_EMBED_ORIGINS = ["https://gammel.example"]
    warm(client, "/innebygd/organisasjoner/")
    assert "frame-ancestors https://gammel.example" in client.get("/innebygd/organisasjoner/")["Content-Security-Policy"]
    settings.PORTAL_EMBED_ORIGINS = ["https://ny.example"]
    pagecache.LOCAL.clear()  # the restarted process's memory is empty; the shared cache is not
    policy = client.get("/innebygd/organisasjoner/")["Content-Security-Policy"]
    assert "frame-ancestors https://ny.example" in policy and "gammel" not in policy
    settings.PORTAL_EMBED_ORIGINS = []
    pagecache.LOCAL.clear()
    assert "frame-ancestors 'none'" in client.get("/innebygd/organisasjoner/")["Content-Security-Policy"]
