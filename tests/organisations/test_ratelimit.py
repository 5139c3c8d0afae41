"""The rate limit of the invitation page (portal/web/ratelimit.py) counts atomically on every
supported shared cache: simultaneous requests cannot slip past the limit between a read and a
write of the count."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.organisations.ratelimit_burst import LIMIT, REQUESTS, simultaneous_requests
from tests.portal.test_jobs import _database_url_for_a_worker
from tests.redis_server import needs_redis, redis_server

ROOT = Path(__file__).resolve().parents[2]
EXACTLY_THE_LIMIT = {"statuses": [200] * LIMIT + [429] * (REQUESTS - LIMIT), "errors": []}


@pytest.mark.slow(reason="two bursts of 40 connections in a process of their own, on a copy of the database")
@pytest.mark.django_db(transaction=True)
def test_forty_simultaneous_requests_on_the_database_cache_let_exactly_twenty_through(tmp_path):
    """The embedded default (a table in the portal's database), from 40 connections at once."""
    url, _read, _heartbeat = _database_url_for_a_worker(tmp_path)

    def burst(address):
        result = subprocess.run(
            [sys.executable, "-m", "tests.organisations.ratelimit_burst", address],
            cwd=ROOT, env={**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1", "DJANGO_LOG_LEVEL": "ERROR"},  # DEBUG: no collectstatic for the 429 page
            capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    assert burst("198.51.100.7") == EXACTLY_THE_LIMIT
    # Another visitor has a count of their own.
    assert burst("203.0.113.20") == EXACTLY_THE_LIMIT


def test_forty_simultaneous_requests_on_the_memory_cache_let_exactly_twenty_through(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}}
    assert simultaneous_requests("198.51.100.7") == EXACTLY_THE_LIMIT


@needs_redis
def test_forty_simultaneous_requests_on_redis_let_exactly_twenty_through():
    from django.test import override_settings

    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache"}
    with redis_server() as url, override_settings(CACHES={"default": {**redis_cache, "LOCATION": url}}):
        assert simultaneous_requests("198.51.100.7") == EXACTLY_THE_LIMIT
        assert simultaneous_requests("203.0.113.20") == EXACTLY_THE_LIMIT
