"""A small fixed-window rate limit on Django's cache, for pages that take a secret in the URL.

The invitation link is the only thing between a guesser and an editor account: a client that
asks for too many invitation pages gets 429 for the rest of the window. The client is the
connecting address (REMOTE_ADDR); behind a proxy that address must be set by the proxy's
middleware, never read from a header the client controls.

The counts live in the shared cache (CACHES: the database table by default, Redis for larger
installations), so every gunicorn worker and every host counts against one limit, and each count
is atomic: 40 simultaneous requests against a limit of 20 let exactly 20 through
(tests/organisations/test_ratelimit.py). Redis and the per-process memory cache increment
atomically themselves; Django's database cache reads and writes back, so here the cache row is
locked (a no-op UPDATE in the counting transaction) before it is read. Other cache backends
(memcached, files) are not supported for several processes.
"""

from contextlib import contextmanager, nullcontext
from functools import wraps

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.shortcuts import render


def client_address(request):
    # The real visitor behind the trusted proxies (PORTAL_TRUSTED_PROXY_COUNT), as for sign-in.
    from portal.web.clientip import client_ip

    return client_ip(request) or "unknown"


def hit(scope, key, *, limit, window):
    """Count one request; False when the client is over `limit` requests in `window` seconds."""
    cache = caches["default"]
    cache_key = f"ratelimit:{scope}:{key}"
    cache.add(cache_key, 0, timeout=window)
    locked = _row_locked(cache, cache_key) if isinstance(cache, DatabaseCache) else nullcontext()
    with locked:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=window)
            count = 1
    return count <= limit


@contextmanager
def _row_locked(cache, cache_key):
    """A transaction holding the database cache's row for `cache_key` (PostgreSQL: a row lock;
    SQLite: the write lock), so the get-and-set of DatabaseCache.incr inside it cannot interleave
    with another process's. The UPDATE comes first, before any read, so SQLite waits for the lock
    instead of failing a transaction that has already read."""
    alias = router.db_for_write(cache.cache_model_class)
    connection = connections[alias]
    quote = connection.ops.quote_name
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(cache._table)} SET {quote('expires')} = {quote('expires')} WHERE {quote('cache_key')} = %s",
            [cache.make_and_validate_key(cache_key)],
        )
        yield


def rate_limited(scope, *, limit, window):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not hit(scope, client_address(request), limit=limit, window=window):
                response = render(request, "organisations/rate_limited.html", {"minutes": max(1, window // 60)}, status=429)
                response["Retry-After"] = str(window)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
