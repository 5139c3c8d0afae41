"""A small fixed-window rate limit on Django's cache, for pages that take a secret in the URL.

The invitation link is the only thing between a guesser and an editor account: a client that
asks for too many invitation pages gets 429 for the rest of the window. The client is the
connecting address (REMOTE_ADDR); behind a proxy that address must be set by the proxy's
middleware, never read from a header the client controls.

The counts live in the default cache. With Django's default per-process memory cache each
server process counts on its own, so N processes allow up to N × limit; the links themselves
carry 256 random bits, so the limit is a brake on noise, not what keeps the links secret.
Configure a shared cache (CACHES) to make the limit exact across processes.
"""

from functools import wraps

from django.core.cache import cache
from django.shortcuts import render


def client_address(request):
    # The real visitor behind the trusted proxies (PORTAL_TRUSTED_PROXY_COUNT), as for sign-in.
    from portal.clientip import client_ip

    return client_ip(request) or "unknown"


def hit(scope, key, *, limit, window):
    """Count one request; False when the client is over `limit` requests in `window` seconds."""
    cache_key = f"ratelimit:{scope}:{key}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit


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
