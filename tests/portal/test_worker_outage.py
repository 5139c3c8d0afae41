"""The job worker outlives a database outage: PostgreSQL stops under it and starts again, the
worker says so once each way (no traceback per poll) and runs the next job without a restart.

Needs PostgreSQL's server programs (Debian's postgresql package, as .ci/run installs): the test
starts a private server of its own on a unix socket, since stopping the suite's would stop the
suite. SQLite has no outage of this kind (the database is a file of the worker's own)."""

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)), None)

pytestmark = pytest.mark.skipif(PG_BIN is None, reason="PostgreSQL's server programs are not installed")


class PrivateServer:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="worker-outage-"))
        self.data, self.log = self.dir / "data", self.dir / "log"
        if os.geteuid() == 0:  # initdb refuses to run as root
            shutil.chown(self.dir, "postgres")
        self.run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()
        self.run("createdb", "-h", self.dir, "portal")
        self.url = f"postgres://postgres@{quote(str(self.dir), safe='')}/portal"

    def run(self, program, *args):
        command = [str(PG_BIN.parent / program), *map(str, args)]
        if os.geteuid() == 0:
            command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self):
        options = f"-k {self.dir} -c listen_addresses='' -c fsync=off"
        self.run("pg_ctl", "-D", self.data, "-w", "-l", self.log, "-o", options, "start")

    def stop(self):
        self.run("pg_ctl", "-D", self.data, "-w", "-m", "fast", "stop")

    def remove(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.dir, ignore_errors=True)


def _manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


START_JOB = (
    "from portal.background import jobs; from tests.portal import job_tasks; "
    "print(jobs.job_start(kind='test.count', label='Telling', task=job_tasks.count_to, kwargs={'total': 3}, total=3).pk)"
)
JOB_STATE = "from portal.background.jobs import Job; print(Job.objects.get(pk={pk}).state)"


def _wait_for_state(env, pk, wanted, worker, log):
    deadline = time.monotonic() + 120
    while (state := _manage(env, "shell", "-v", "0", "-c", JOB_STATE.format(pk=pk))) != wanted:
        assert worker.poll() is None, log.read_text()
        assert time.monotonic() < deadline, (state, log.read_text())
        time.sleep(0.5)


@pytest.mark.slow(reason="a private PostgreSQL server: initdb, migrate, stopped and started under a real worker")
def test_the_worker_survives_a_database_outage_and_runs_the_next_job(tmp_path):
    server = PrivateServer()
    worker = None
    log = tmp_path / "worker.log"
    try:
        env = {**os.environ, "DATABASE_URL": server.url, "DJANGO_DEBUG": "0", "DJANGO_LOG_LEVEL": "WARNING"}
        _manage(env, "migrate", "--no-input", "-v", "0")
        with log.open("wb") as output:
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", "-v", "0"],
                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            )
        _wait_for_state(env, _manage(env, "shell", "-v", "0", "-c", START_JOB), "succeeded", worker, log)

        server.stop()
        time.sleep(8)  # dozens of polls of the queue, and one reconnect attempt or more
        assert worker.poll() is None, log.read_text()
        server.start()

        _wait_for_state(env, _manage(env, "shell", "-v", "0", "-c", START_JOB), "succeeded", worker, log)
        text = log.read_text()
        assert text.count("the database is unavailable") == 1, text
        assert text.count("the database is back") == 1, text
        assert "Traceback" not in text, text
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
        server.remove()
