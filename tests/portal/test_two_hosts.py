"""Several hosts behind one database agree: a change made anywhere (through another host, a service
call in another process, `manage.py import_data`) is served by every host on its next request.

Two real gunicorn instances on one database, with the database cache and with Redis, each with a
temporary folder of its own (two machines share nothing on disk), and the changes made by further
processes."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from organisations import services
from organisations.models import ListingRevision
from tests.portal.test_jobs import _database_url_for_a_worker
from tests.redis_server import needs_redis, redis_server

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(url, tmp_path, name, extra):
    own_tmp = tmp_path / f"tmp-{name}"  # what a separate machine has: its own temporary folder
    own_tmp.mkdir(exist_ok=True)
    return {
        **os.environ,
        "DATABASE_URL": url,
        "TMPDIR": str(own_tmp),
        # DEBUG on only so that no `collectstatic` (half a minute) is needed; the page cache is
        # the same with it off.
        "DJANGO_DEBUG": "1",
        "DJANGO_LOG_LEVEL": "ERROR",
        "PORTAL_PAGE_CACHE": "1",
        **extra,
    }


class Host:
    def __init__(self, url, tmp_path, name, extra):
        self.name = name
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
             "--log-level", "error"],
            cwd=ROOT, env=_environment(url, tmp_path, name, extra), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            return response.headers.get("X-Page-Cache"), response.read().decode()

    def wait_until_up(self):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.process.communicate()[0].decode())
            try:
                self.get("/organisasjoner/")
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not answer")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _manage(url, tmp_path, name, extra, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=_environment(url, tmp_path, name, extra),
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _served_within_a_second(host, path, text):
    """The first request after the change already shows it (and so does every one in the next second)."""
    deadline = time.monotonic() + 1
    first = True
    while first or time.monotonic() < deadline:
        _state, body = host.get(path)
        assert text in body, (path, "first request" if first else "within a second")
        first = False


@pytest.fixture(params=["database-cache", pytest.param("redis", marks=needs_redis)])
def shared_cache(request):
    """The environment that picks the shared cache: the embedded database table, or Redis."""
    if request.param == "redis":
        with redis_server() as url:
            yield {"PORTAL_CACHE_URL": url}
    else:
        yield {}


@pytest.mark.slow(reason="two gunicorn instances, migrate per host and two management commands in processes of their own")
def test_a_change_through_any_process_is_served_by_every_host_on_its_next_request(tmp_path, published, editor, shared_cache):
    extra = shared_cache
    alfa = published("Alfa forening", description="Leksehjelp for barn.")
    revision = ListingRevision.objects.create(
        organisation=alfa, submitted_by=editor, data={**services.listing_snapshot(alfa), "description": "Ny tekst om oss."}
    )
    url, _read, _heartbeat = _database_url_for_a_worker(tmp_path)
    for name in ("a", "b"):  # each host is deployed as docs/operations.md says: `migrate` first
        _manage(url, tmp_path, name, extra, "migrate", "--no-input", "-v", "0")
    hosts = [Host(url, tmp_path, "a", extra), Host(url, tmp_path, "b", extra)]
    try:
        for host in hosts:
            host.wait_until_up()
        paths = [alfa.get_absolute_url(), "/organisasjoner/", "/organisasjoner.json"]
        for host in hosts:  # both hosts hold the old pages in memory and in the shared cache
            for path in paths:
                host.get(path)
                state, body = host.get(path)
                assert state == "hit" and "Leksehjelp for barn." in body, (host.base, path)

        # An approved listing change, made by a process on a third machine (the coordinator's
        # approval as the service does it).
        _manage(
            url, tmp_path, "approval", extra, "shell", "-c",
            "from organisations.models import ListingRevision; from organisations.services import moderation_decide; "
            f"moderation_decide(item=ListingRevision.objects.get(pk={revision.pk}), reviewer=None, approve=True)",
        )
        for host in hosts:
            for path in paths:
                _served_within_a_second(host, path, "Ny tekst om oss.")

        # A change made by `manage.py import_data` is seen the same way.
        sheets = tmp_path / "sheets"
        sheets.mkdir()
        (sheets / "organisations.csv").write_text(
            "name,org_number,kind,municipality,email,phone,website,description,published_on\n"
            f"Alfa forening,,{alfa.kind},{alfa.municipality},,,,Importert beskrivelse.,{alfa.published_on.isoformat()}\n",
            encoding="utf-8",
        )
        for host in hosts:
            host.get(alfa.get_absolute_url())  # cached again, under the approval's tokens
        _manage(url, tmp_path, "import", extra, "import_data", str(sheets))
        for host in hosts:
            for path in paths:
                _served_within_a_second(host, path, "Importert beskrivelse.")
    finally:
        for host in hosts:
            host.stop()
