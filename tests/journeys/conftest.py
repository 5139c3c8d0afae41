"""Journeys on the production stack: the portal served as production serves it, driven by Chromium.

The `stack` fixture (one while the journeys of a test session run: package scope) starts
- gunicorn (`portal.wsgi`, two workers) with `DJANGO_DEBUG` off, a random `DJANGO_SECRET_KEY`, and no
  other setting changed: the SSL redirect, HSTS, secure session and CSRF cookies, the CSP, the
  Referrer-Policy and the X-Frame-Options are the ones a production start gets;
- static files collected by `manage.py collectstatic` into a directory of its own and served by
  WhiteNoise from the hashed, compressed manifest (no source files, no finders' fallback);
- the job worker (`manage.py db_worker`) beside it, so PDFs and e-mails run as they do in production;
- a stand-in for Enhetsregisteret's API on 127.0.0.1 (tests/brreg/stub.py), which the portal is
  pointed at as an installation is pointed at data.brreg.no: a test puts units in `stack.register.units`;
- both against the test database pytest-django created (a file on SQLite: tests/settings.py),
  so a test builds its records with the ORM and they are what the server reads. Tests here use
  `transactional_db`: what they create is committed, and emptied after each test.

Why this is still the production configuration although it runs on 127.0.0.1: the browser speaks
real HTTPS to gunicorn (a throwaway self-signed certificate made per session, and Chromium told to
accept it). In production nginx terminates TLS and says so with `X-Forwarded-Proto`; here gunicorn
terminates it itself, so `request.is_secure()` is true for the same reason it is in production
(the request really came over TLS), and nothing is switched off to make plain HTTP work: cookies
stay `Secure`, the HTTP → HTTPS redirect stays on, CSRF compares the real `Origin` Chromium sends.
The only settings given are the ones every installation gives (database, secret key, static and
media roots, base URL) and the e-mail backend: the file backend, into a directory the tests read,
instead of SMTP to a mail server this machine does not have.

Collected static files are kept between sessions in the system's temporary directory, keyed by a
digest of every source file collectstatic would copy (collecting and compressing takes ~30 s; a
changed or new static file gives a new key).
"""

import hashlib
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser.conftest import CHROMIUM

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(tempfile.gettempdir()) / "journeys"
STARTUP_TIMEOUT = 60


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/journeys/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.journey)
            # One xdist worker runs every journey (`--dist loadgroup`): one stack, started once.
            item.add_marker(pytest.mark.xdist_group("journeys"))
            item.add_marker(pytest.mark.slow(reason="a whole journey in Chromium against gunicorn and the job worker; "
                                             "the session's first also starts them (and may collect the static files)"))
            if not CHROMIUM:
                item.add_marker(pytest.mark.skip(reason="no Chromium found (apt-get install chromium): journeys not run"))


class Stack:
    """The running portal: its address and where its files, e-mails and logs go."""

    def __init__(self, url, directory, register=None):
        self.url = url
        self.register = register
        self.directory = directory
        self.mail_dir = directory / "sent-mail"
        self.media_root = directory / "media"
        self.private_media_root = directory / "private-media"
        self.log = directory / "server.log"
        self.content_type_ids = {}

    def sent_mail(self):
        """The e-mails the portal has sent, as email.message.EmailMessage objects, oldest first."""
        import email
        import email.policy

        messages = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
            # The file backend writes each message followed by a line of 79 dashes.
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if raw.strip():
                    messages.append(email.message_from_bytes(raw.lstrip(), policy=email.policy.default))
        return messages

    def logs(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def _static_digest():
    """A digest of every file collectstatic would collect (path, size, modification time)."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            full = storage.path(path)
            stat = os.stat(full)
            digest.update(f"{path}\0{full}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:20]


def _collected_static(env):
    target = Path(tempfile.gettempdir()) / f"mangfold-journey-static-{_static_digest()}"
    if (target / "staticfiles.json").exists():
        return target
    building = Path(tempfile.mkdtemp(prefix="mangfold-journey-static-"))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT, env={**env, "DJANGO_STATIC_ROOT": str(building)}, check=True,
    )
    try:
        building.rename(target)
    except OSError:  # another session collected the same files meanwhile
        shutil.rmtree(building, ignore_errors=True)
    return target


def _certificate(directory):
    key, certificate = directory / "key.pem", directory / "certificate.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(certificate), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return key, certificate


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url(connection):
    """The URL of the test database pytest-django set up, for the server's DATABASE_URL."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(settings["NAME"])
        if connection.is_in_memory_db():
            raise RuntimeError("journeys need the test database in a file (tests/settings.py names one)")
        return f"sqlite:///{name}"
    if connection.vendor == "postgresql":
        user = quote(settings.get("USER") or "", safe="")
        password = quote(settings.get("PASSWORD") or "", safe="")
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = quote(settings.get("HOST") or "", safe="")
        port = f":{settings['PORT']}" if settings.get("PORT") else ""
        return f"postgres://{credentials}{host}{port}/{quote(settings['NAME'], safe='')}"
    raise RuntimeError(f"journeys do not know how to share a {connection.vendor} test database")


def _content_type_ids():
    from django.contrib.contenttypes.models import ContentType

    return {(row.app_label, row.model): row.pk for row in ContentType.objects.all()}


def _pin_content_type_ids(ids):
    """Give the content types the ids they had when the stack started. A transactional test's
    flush deletes them and Django creates them again with new ids, while the server's and the
    worker's processes keep the old ids in ContentType's cache: their next audit log entry for a
    model they met in an earlier test would name a content type that is gone (an IntegrityError
    that depends on which gunicorn worker takes the request)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.models import ContentType
    from django.apps import apps
    from django.db import transaction

    from portal.privacy import roles

    if _content_type_ids() == ids:
        return
    with transaction.atomic():
        ContentType.objects.all().delete()  # with the permissions and log rows that name them
        ContentType.objects.bulk_create(
            ContentType(pk=pk, app_label=app_label, model=model) for (app_label, model), pk in ids.items()
        )
        ContentType.objects.clear_cache()
        for config in apps.get_app_configs():
            create_permissions(config, verbosity=0)
        roles.sync_role_permissions()


def _production_env(**given):
    """The test process's environment without what pytest and the developer's shell put there."""
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_", "PYTEST", "DATABASE_URL"))
    }
    env.update(given)
    return env


def _wait_until_up(url, processes, log):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[:4]} stopped with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/", context=context, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"the portal did not answer within {STARTUP_TIMEOUT} s:\n{log.read_text()[-4000:]}")


# Package scope: the stack (its job worker above all) runs only while journeys run. Left running
# for the session, its worker took the jobs that other tests in the same xdist worker queued on
# the same test database (their own worker then found nothing to do).
@pytest.fixture(scope="package")
def stack(django_db_setup, django_db_blocker):
    from django.db import connection

    # Not under pytest's basetemp: another pytest session on this machine may clean that up.
    directory = Path(tempfile.mkdtemp(prefix="mangfold-journey-stack-"))
    with django_db_blocker.unblock():
        database_url = _database_url(connection)
    from tests.brreg.stub import start_register

    port = _free_port()
    url = f"https://127.0.0.1:{port}"
    register = start_register()
    running = Stack(url, directory, register)
    for each in (running.mail_dir, running.media_root, running.private_media_root):
        each.mkdir()
    env = _production_env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=os.urandom(32).hex(),
        DATABASE_URL=database_url,
        DJANGO_MEDIA_ROOT=str(running.media_root),
        DJANGO_PRIVATE_MEDIA_ROOT=str(running.private_media_root),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        DJANGO_EMAIL_FILE_PATH=str(running.mail_dir),
        PORTAL_BASE_URL=url,
        PORTAL_BRREG_API_URL=register.api_url,
    )
    env["DJANGO_STATIC_ROOT"] = str(_collected_static(env))
    key, certificate = _certificate(directory)
    log = running.log.open("ab")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--certfile", str(certificate), "--keyfile", str(key), "--access-logfile", "-", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "-v", "1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        _wait_until_up(url, (server, worker), running.log)
        with django_db_blocker.unblock():
            running.content_type_ids = _content_type_ids()
        yield running
    finally:
        for process in (server, worker):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
        register.shutdown()
        register.server_close()
        if os.environ.get("JOURNEY_KEEP_LOGS"):
            print(f"journeys: server log kept in {running.log}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def journey(stack, transactional_db, database_cache, settings):
    """The stack for one test, with the shared cache emptied: pages cached and sign-in failures
    counted in an earlier test (whose records are gone) are not served to this one.

    This process plays one more process of the installation: it uses the shared (database) cache,
    so the records a test changes invalidate the server's cached pages; it hashes passwords as
    production does, so the users it creates can sign in there; files it stores (a report's PDF,
    an attachment) go where the server reads them."""
    from django.conf import global_settings
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    settings.MEDIA_ROOT = stack.media_root
    settings.PRIVATE_MEDIA_ROOT = stack.private_media_root
    cache.clear()
    _pin_content_type_ids(stack.content_type_ids)
    # Each test reads the e-mails sent during it, from an empty directory.
    for sent in stack.mail_dir.iterdir():
        sent.unlink()
    logged = len(stack.logs())
    yield stack
    # A 500 or a failed job during the test shows in the server's log even when the page hid it.
    new = stack.logs()[logged:]
    assert "Traceback" not in new, new[-6000:]


def new_context(browser, stack, **options):
    context = browser.new_context(base_url=stack.url, ignore_https_errors=True, locale="nb-NO", **options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def phone(browser, journey):
    """A phone's Chromium (390 × 844, touch) on the stack."""
    context = new_context(browser, journey, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                       device_scale_factor=2)
    yield context
    context.close()


@pytest.fixture
def desktop(browser, journey):
    context = new_context(browser, journey, viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def wait_for_mail(journey, count, timeout=60):
    """The e-mails sent so far, once the job worker has sent at least `count`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sent = journey.sent_mail()
        if len(sent) >= count:
            return sent
        time.sleep(0.25)
    raise AssertionError(f"the job worker sent {len(journey.sent_mail())} e-mails, not {count}:\n{journey.logs()[-3000:]}")


def shot(page, name):
    """A full-page screenshot in $TMPDIR/journeys/ for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
