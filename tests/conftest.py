"""Shared fixtures: a user per role (coordinator, council staff, an editor of organisation A,
an outsider without role) and small builders for the records tests need."""

import contextlib
import datetime
import itertools
import os
import resource
import time

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from organisations.models import Kind, Organisation
from portal.privacy import roles

_counter = itertools.count(1)


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}


def uses_database(request):
    """Whether a test asked for the database (the django_db mark, or a fixture that needs it):
    a test of a pure function runs without one, and without waiting for one to be created."""
    return request.node.get_closest_marker("django_db") is not None or not DATABASE_FIXTURES.isdisjoint(request.fixturenames)


def ensure_reference_data(using="default", **kwargs):
    """Roles and the reference rows of the data migrations (languages, ICNPO categories,
    municipalities), put back when missing: a transactional test (the browser's, the journeys')
    ends with a flush that empties every table."""
    from importlib import import_module

    from django.apps import apps
    from organisations import municipalities
    from organisations.models import Language, Municipality

    if not Group.objects.using(using).filter(name=roles.COORDINATOR).exists():
        roles.sync_role_permissions()
    if not Language.objects.using(using).exists():
        import_module("organisations.migrations.0002_languages_and_activity_categories").seed(apps, None)
    if not Municipality.objects.using(using).exists():
        municipalities.load(Municipality)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with its reference data committed (a database kept by --reuse-db may
    come from a run that ended with a flush).

    After a transactional test's flush, Django sends post_migrate again: the reference data is
    put back there, committed, once. Put back inside each later test's transaction instead, it
    was rolled back with the test and written again by the next: about a second of every
    database test (0.9 s a test at load 12, in a profile of tests/outreach)."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    # In the last app's turn, after portal.privacy.roles has made the groups again.
    post_migrate.connect(ensure_reference_data, sender=list(apps.get_app_configs())[-1], dispatch_uid="tests-reference-data")
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture(autouse=True, scope="session")
def _subprocesses_run_production_settings():
    """A worker, a management command or a server a test starts runs as in production: with
    portal.settings, not this process's test settings (pytest-django exported those)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's language (bokmål), whatever language the test before it
    left active in this process (a request with Accept-Language or ?lang, translation.activate)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """The default cache is local memory under test (tests/settings.py): emptied before each test,
    as the database cache's rows were rolled back after each."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def database_cache(settings):
    """For a test about the shared cache itself: the database cache as the default, as in production."""
    settings.CACHES = {**settings.CACHES, "default": settings.CACHES["database"]}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path_factory):
    """Public and private files (portal/privacy/files.py) of a test go to directories of its own, never the
    project's, nor those of a test running beside it in another worker."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private-media")


def today():
    """The municipality's date now: asked for each time, so a run that passes midnight (CI may)
    compares with the date the portal uses, not the one the file was read on."""
    return timezone.localdate()


@pytest.fixture
def frozen_today(monkeypatch):
    """The municipality's date is 6 December 2026 for the code under test; call the fixture's
    value with another date to move it."""

    def set_today(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    set_today(datetime.date(2026, 12, 6))
    return set_today


def make_user(django_user_model, username, role=None):
    user = django_user_model.objects.create_user(username=username, password="pw-" + username, email=f"{username}@example.org")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def coordinator(db, django_user_model):
    return make_user(django_user_model, "koordinator", roles.COORDINATOR)


@pytest.fixture
def council_staff(db, django_user_model):
    return make_user(django_user_model, "kommune", roles.COUNCIL_STAFF)


@pytest.fixture
def outsider(db, django_user_model):
    return make_user(django_user_model, "utenforstaende")


@pytest.fixture
def org_a(db):
    return make_organisation(name="Organisasjon A")


@pytest.fixture
def org_b(db):
    return make_organisation(name="Organisasjon B")


@pytest.fixture
def editor(db, django_user_model, org_a):
    user = make_user(django_user_model, "redaktor", roles.ORGANISATION_EDITOR)
    org_a.editors.add(user)
    return user


def make_organisation(name=None, kind=Kind.IMMIGRANT_ORGANISATION, published_on=None, consent_given_by="Styreleder", **fields):
    """An organisation; with published_on it is published the one way the portal allows, under a
    consent on record (given by consent_given_by on the day it was published)."""
    from organisations.services import consent_record, organisation_set_published

    organisation = Organisation.objects.create(name=name or f"Organisasjon {next(_counter)}", kind=kind, **fields)
    if published_on is not None:
        consent_record(organisation=organisation, given_by=consent_given_by, given_on=published_on)
        organisation_set_published(organisation=organisation, on=published_on)
    return organisation


@pytest.fixture
def published(db):
    """Builder for a published organisation (published yesterday, consent on record)."""

    def build(name=None, **fields):
        fields.setdefault("published_on", datetime.date.today() - datetime.timedelta(days=1))
        fields.pop("consent_given_on", None)
        return make_organisation(name=name, **fields)

    return build


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _source_static_files(settings):
    # (HTTPS redirect and HSTS are off under pytest in portal/settings.py: the live server's
    # middleware is built before any fixture could change them.)
    # Production serves hashed files that `collectstatic` writes; tests serve the sources.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """`with run_jobs(): …` — after the block, its commit callbacks and every queued background
    job run here, as the worker would run them (portal.background.jobs.run_pending)."""
    from portal.background import jobs

    @contextlib.contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        jobs.run_pending()

    return run


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session (tests/browser and tests/journeys share it: Playwright's
    sync API runs one driver per thread)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield chromium
        chromium.close()



# --- Keeping the suite fast: a test over the time limit fails the run ---------------------------
# `.ci/run` passes --max-test-seconds=30; a test that needs longer says why with
# @pytest.mark.slow(reason=…) and is listed, not failed. What a test costs the run is its CPU time:
# its worker process's (every thread, the live server's included) and that of the processes it
# started and waited for, over setup, call and teardown (less each process's first setup, which
# makes the test database). Its wall-clock time says as much about what ran beside it: CI runs
# four workers and their servers, browsers and validators on two cores, and report tests of 2–4 s
# took 34–45 s in two CI runs (load up to 9.5, no lock waits, memory to spare). A test is over the
# limit when its CPU time is, or when it holds its worker for more than three times the limit
# (waiting costs no CPU, but the run waits for it).
WALL_FACTOR = 3
_durations = {}
_cpu = {}
_allowed_slow = set()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The tests marked slow run first (otherwise in the order collected): with a worker per core,
    a long test that starts last is the run's tail (the 50,000-row import and the journeys took the
    last five minutes of CI alone). trylast: after tests/journeys/conftest.py has marked its own."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_addoption(parser):
    parser.addoption(
        "--max-test-seconds", type=float, default=None,
        help=f"fail the run when a test not marked slow (setup, call and teardown) uses more CPU seconds, "
             f"or takes more than {WALL_FACTOR} times as long",
    )


def _clocks():
    """(CPU time of this process, of its children that have been waited for, the wall clock)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime, time.monotonic()


def _phase_cpu(started):
    """CPU seconds since `started` (_clocks()). A child is counted when it is waited for, whole:
    a server a fixture started long before, or one the subprocess module reaps only when the next
    test starts a process, would bring all its minutes into a test of one second. No process can
    have used more than the cores gave in the meantime, so the children count up to that."""
    own, children, wall = (now - then for now, then in zip(_clocks(), started))
    return own + min(children, wall * (os.cpu_count() or 1))


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def _start_the_phase_clocks(item):
    item.clocks_at_phase_start = _clocks()
    yield


# Setup, call and teardown each start the clocks; makereport reads them when the phase ends.
pytest_runtest_setup = pytest_runtest_call = pytest_runtest_teardown = _start_the_phase_clocks


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    started = getattr(item, "clocks_at_phase_start", None)
    if started is not None:
        # An attribute of the report travels with it from an xdist worker to the controller.
        outcome.get_result().cpu_seconds = _phase_cpu(started)


_workers_started = set()


def pytest_runtest_logreport(report):
    # The first setup in each process carries the session's own setup (the test database made
    # from the migrations): that is no test's cost.
    worker = getattr(getattr(getattr(report, "node", None), "gateway", None), "id", "main")
    if report.when == "setup" and worker not in _workers_started:
        _workers_started.add(worker)
        return
    _durations[report.nodeid] = _durations.get(report.nodeid, 0.0) + report.duration
    _cpu[report.nodeid] = _cpu.get(report.nodeid, 0.0) + getattr(report, "cpu_seconds", 0.0)
    if "slow" in report.keywords:
        _allowed_slow.add(report.nodeid)


def _over_the_limit(config):
    """(CPU seconds, wall seconds, node id) of each test over the limit, the costliest first."""
    limit = config.getoption("--max-test-seconds")
    if not limit or hasattr(config, "workerinput"):
        return []
    return sorted(
        ((_cpu.get(nodeid, 0.0), seconds, nodeid) for nodeid, seconds in _durations.items()
         if _cpu.get(nodeid, 0.0) > limit or seconds > WALL_FACTOR * limit),
        reverse=True,
    )


def pytest_terminal_summary(terminalreporter, config):
    over = _over_the_limit(config)
    if not over:
        return
    limit = config.getoption("--max-test-seconds")
    terminalreporter.section(f"tests over {limit:g} s of CPU or {WALL_FACTOR * limit:g} s")
    for cpu, seconds, nodeid in over:
        verdict = "allowed (marked slow)" if nodeid in _allowed_slow else "TOO SLOW"
        terminalreporter.write_line(f"{cpu:6.1f} s CPU {seconds:6.1f} s  {verdict}  {nodeid}")


def pytest_sessionfinish(session, exitstatus):
    if any(nodeid not in _allowed_slow for _, _, nodeid in _over_the_limit(session.config)) and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
