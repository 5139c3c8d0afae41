"""The visitor's real address behind a configured number of trusted proxies.

Behind nginx every request arrives from the proxy's address, so counting by REMOTE_ADDR counts
one address for everybody (five wrong passwords would lock a coordinator out for all). With
PORTAL_TRUSTED_PROXY_COUNT = N the address is taken from X-Forwarded-For, N hops from our end:
each trusted proxy appends the address it saw, so entries further left were written by the
client and are never believed. django-axes reads it through its own AXES_CLIENT_IP_CALLABLE
setting; the portal's rate limits use the same function.
"""

import ipaddress
import logging

from django.conf import settings

logger = logging.getLogger(__name__)
_warned = False


def _warn_untrusted_forwarding(request):
    """X-Forwarded-For with no trusted proxy configured: most likely a proxy the settings do not
    know of, and then every visitor shares its address (one lockout locks out everybody). Said
    once per process, in the log the operator reads."""
    global _warned
    if _warned or not request.META.get("HTTP_X_FORWARDED_FOR"):
        return
    _warned = True
    logger.warning(
        "A request came with X-Forwarded-For while PORTAL_TRUSTED_PROXY_COUNT is 0: the header is not "
        "believed and every visitor counts as %s. Behind nginx set PORTAL_TRUSTED_PROXY_COUNT=1 (docs/operations.md).",
        request.META.get("REMOTE_ADDR") or "the proxy",
    )


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR") or ""
    count = getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        _warn_untrusted_forwarding(request)
        return remote or None
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain = [*forwarded, remote]
    if len(chain) <= count:
        # Fewer hops than proxies configured: a request that did not come through them all.
        return remote or None
    return _valid(chain[-(count + 1)]) or remote or None
