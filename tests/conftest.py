"""Shared fixtures: a user per role (coordinator, council staff, an editor of organisation A,
an outsider without role) and small builders for the records tests need."""

import contextlib
import datetime
import itertools
import os
import shutil
import tempfile

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from organisations.models import Kind, Organisation
from portal import roles

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _reference_data(db):
    """Roles and the reference rows of the data migrations (languages, ICNPO categories):
    transactional tests (the browser's) flush them, so they are put back when missing."""
    from importlib import import_module

    from django.apps import apps

    from organisations.models import Language

    roles.sync_role_permissions()
    if not Language.objects.exists():
        import_module("organisations.migrations.0002_languages_and_activity_categories").seed(apps, None)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path_factory):
    """Private files (portal/files.py) of a test go to a directory of its own, never the project's."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private-media")


def today():
    """The municipality's date now: asked for each time, so a run that passes midnight (CI may)
    compares with the date the portal uses, not the one the file was read on."""
    return timezone.localdate()


def make_user(django_user_model, username, role=None):
    user = django_user_model.objects.create_user(username=username, password="pw-" + username, email=f"{username}@example.org")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def coordinator(django_user_model):
    return make_user(django_user_model, "koordinator", roles.COORDINATOR)


@pytest.fixture
def council_staff(django_user_model):
    return make_user(django_user_model, "kommune", roles.COUNCIL_STAFF)


@pytest.fixture
def outsider(django_user_model):
    return make_user(django_user_model, "utenforstaende")


@pytest.fixture
def org_a(db):
    return make_organisation(name="Organisasjon A")


@pytest.fixture
def org_b(db):
    return make_organisation(name="Organisasjon B")


@pytest.fixture
def editor(django_user_model, org_a):
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
    job run here, as the worker would run them (portal.jobs.run_pending)."""
    from portal import jobs

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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """When the session runs journeys (tests/journeys) on SQLite, the test database is a file:
    the portal they start in other processes (gunicorn, the job worker) must open it. Other
    sessions keep the faster in-memory database."""
    from django.conf import settings

    if not any(item.get_closest_marker("journey") for item in request.session.items):
        yield
        return
    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"] != "django.db.backends.sqlite3" or test.get("NAME") not in (None, "", ":memory:"):
        yield
        return
    # Not under pytest's basetemp: another pytest session on this machine may clean that up.
    directory = tempfile.mkdtemp(prefix="mangfold-journey-db-")
    test["NAME"] = os.path.join(directory, "portal.sqlite3")
    yield
    shutil.rmtree(directory, ignore_errors=True)
