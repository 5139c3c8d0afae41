"""A private redis-server for the tests that prove the Redis path: Debian's redis-server package and
the `redis` client (requirements.txt); the tests skip, saying so, without them."""

import contextlib
import shutil
import socket
import subprocess
import time

import pytest

try:
    import redis
except ImportError:  # pragma: no cover - the skip below says so
    redis = None

REDIS_SERVER = shutil.which("redis-server")
needs_redis = pytest.mark.skipif(
    REDIS_SERVER is None or redis is None, reason="needs Debian's redis-server and the redis client (requirements-dev.txt)"
)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def redis_server():
    """Yields the URL of a fresh redis-server on 127.0.0.1 that keeps nothing on disk."""
    port = _free_port()
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline and process.poll() is None, "redis-server did not start"
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
