"""The public page cache: anonymous GETs of public pages served from the shared cache, with exact
invalidation by concern.

How it works
- A public view declares what it shows with `@cached_public_page(concern, …)`: plain names
  ("directory", "calendar") or callables of the URL's arguments (`organisation_concern` turns the
  listing's slug into "organisation:<slug>"). Every page also depends on SITE (emptied by
  `migrate`, i.e. on every upgrade, so no page from older templates survives a deploy).
- Each concern has a generation token in the shared cache (`pagegen:<concern>`). A cached page is
  stored with the tokens it was built under; one `get_many` fetches the page and the current
  tokens together, and the page is served only when they are all the same.
- `invalidate(concern, …)` deletes the tokens: the next reader makes fresh ones, and every page
  built under the old ones is never served again. The apps call it from signal receivers
  (organisations/invalidation.py, panel/invalidation.py, activities/invalidation.py) whenever a
  record a page shows changes, and only then: a change of a coordinator's note invalidates
  nothing public, a new event invalidates the calendar and that organisation's listing, not the
  others. Deleting happens twice: at once (with the database cache inside the same transaction
  as the change) and again after the commit, so a reader that rendered the old data while the
  change was being committed cannot store it under a token that lives on.
- A reader creates missing tokens before it renders, never after: a page is always stored under
  tokens that existed before its data was read.
- Whether a page is current is decided by the shared cache alone, on every request (one small
  query with the database cache, one round trip with Redis), never by anything on a host's own
  disk or in its memory: with several hosts behind one database and one shared cache, a change
  made through any host, the job worker or a management command (`import_data`) is served by
  every host on its next request (tests/portal/test_two_hosts.py).

What is never cached (the middleware lets the request through untouched): anything but GET;
a request with a session cookie (signed in) or pending messages; responses other than 200,
streaming ones, and any response that sets a cookie (a CSRF token, a session, a message), so no
cached page holds per-user content or a CSRF token. Pages vary on the language (the language
cookie, as portal.web.locale reads it), the host and scheme, the full query string and the local date
(listings become public at midnight). Pages that show "coming" items (the calendar, the start
page, listings with events) also expire after `max_age` seconds, as time passes without a write.

A hit is answered before the session, CSRF, authentication and CSP middleware run: the stored
response already carries the headers they added (CSP, X-Frame-Options, Content-Language, Vary).
"""

import hashlib
import logging
import secrets
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone

from portal.web.locale import chosen_language

logger = logging.getLogger(__name__)

SITE = "site"
DIRECTORY = "directory"
PUBLISHED_COUNT = "published-count"  # the start page's "N organisations": who is public, of what kind
CALENDAR = "calendar"
LISTINGS = "listings"  # every organisation's listing at once (a language renamed, a tag …)

PAGE_PREFIX = "page:"
GENERATION_PREFIX = "pagegen:"
HIT_HEADER = "X-Page-Cache"


def organisation_concern(slug):
    return f"organisation:{slug}"


def organisation_page(**kwargs):
    """The concern of a listing page, from the URL's slug."""
    return organisation_concern(kwargs["slug"])


def enabled():
    return getattr(settings, "PORTAL_PAGE_CACHE", True)


# --- Declaring a cached page -----------------------------------------------------------------


class PagePolicy:
    def __init__(self, concerns, max_age):
        self.concerns = concerns
        self.max_age = max_age

    def concerns_for(self, kwargs):
        names = [SITE]
        for concern in self.concerns:
            names.append(concern(**kwargs) if callable(concern) else concern)
        return names


def cached_public_page(*concerns, max_age=None):
    """Mark a public view as cacheable for anonymous visitors; `concerns` are what it shows.

    Put it outermost (above other decorators): the middleware reads it from the resolved view."""

    def decorate(view):
        view.page_cache_policy = PagePolicy(concerns, max_age)
        return view

    return decorate


# --- Invalidation -------------------------------------------------------------------------------


def generation_key(concern):
    return GENERATION_PREFIX + concern


def invalidate(*concerns):
    """Every cached page that shows one of `concerns` is stale from now on (and again after the
    surrounding transaction commits). Never cache.clear(): unrelated pages and the rate limits,
    PDFs and heartbeat that share the cache stay."""
    keys = sorted({generation_key(concern) for concern in concerns if concern})
    if not keys:
        return
    _delete(keys)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _delete(keys))


def _delete(keys):
    try:
        cache.delete_many(keys)
    except DatabaseError:
        # The cache table lives in the same database: if it cannot be written the change itself
        # fails with it (same transaction). Outside a transaction, say so loudly.
        logger.exception("page cache: could not invalidate %s", keys)
        raise


def forget_after_migrate(**kwargs):
    """post_migrate: every cached page is stale after an upgrade (new templates, new strings)."""
    try:
        cache.delete(generation_key(SITE))
    except DatabaseError:
        pass  # no cache table (yet): nothing is cached either


# --- The middleware -----------------------------------------------------------------------------


def _policy(request):
    if request.method != "GET" or not enabled():
        return None, None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return None, None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None, None
    policy = getattr(match.func, "page_cache_policy", None)
    if policy is None:
        return None, None
    return policy, policy.concerns_for(match.kwargs)


def page_key(request):
    parts = "\n".join(
        (
            request.scheme,
            request.get_host(),
            request.path,
            request.META.get("QUERY_STRING", ""),
            chosen_language(request),
            timezone.localdate().isoformat(),
            # What a stored page's headers follow from the configuration (the embed page's
            # frame-ancestors): a page stored under another configuration is never served.
            " ".join(settings.PORTAL_EMBED_ORIGINS),
        )
    )
    return PAGE_PREFIX + hashlib.sha256(parts.encode("utf-8", "surrogateescape")).hexdigest()


def _generations(concerns, found):
    """The current token of each concern; missing ones are created now, before the page is built."""
    tokens = []
    for concern in concerns:
        key = generation_key(concern)
        token = found.get(key)
        if token is None:
            token = secrets.token_hex(8)
            if not cache.add(key, token, None):
                token = cache.get(key) or token
        tokens.append(token)
    return tuple(tokens)


def _storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


def _seconds_to_midnight():
    now = timezone.localtime()
    midnight = (now + timezone.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((midnight - now).total_seconds()))


class LocalPages:
    """A small first layer in each process: the pages' bytes without fetching them from the shared
    cache (with the database cache, a row of up to a few hundred KB per hit).

    Exact across processes and hosts: a page here is served only when the tokens just read from
    the shared cache are the ones it was built under. Nothing on a host's own disk or in its
    memory decides that a page is current, so a change made through any host, the job worker or a
    management command is seen by every host on its next request. Bounded by
    PORTAL_PAGE_CACHE_LOCAL_MB (least recently used pages go first)."""

    def __init__(self):
        self.pages = OrderedDict()  # key -> entry
        self.size = 0

    def limit(self):
        return getattr(settings, "PORTAL_PAGE_CACHE_LOCAL_MB", 32) * 1024 * 1024

    def __contains__(self, key):
        return self._live(key) is not None

    def _live(self, key):
        found = self.pages.get(key)
        if found is not None and found.get("expires", 0) < time.time():
            self.discard(key)
            return None
        return found

    def get(self, key, tokens):
        found = self._live(key)
        if found is None:
            return None
        if found["tokens"] != tokens:
            self.discard(key)
            return None
        self.pages.move_to_end(key)
        return found

    def put(self, key, entry):
        if "expires" not in entry or len(entry["content"]) > self.limit() // 4:
            return
        self.discard(key)
        self.pages[key] = entry
        self.size += len(entry["content"])
        while self.size > self.limit() and self.pages:
            _old_key, old = self.pages.popitem(last=False)
            self.size -= len(old["content"])

    def discard(self, key):
        old = self.pages.pop(key, None)
        if old is not None:
            self.size -= len(old["content"])

    def clear(self):
        self.pages.clear()
        self.size = 0


LOCAL = LocalPages()


def _rebuild(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return response


class PublicPageCacheMiddleware:
    """Serves and stores the pages marked with @cached_public_page (see the module docstring).
    Placed after the database-outage and NUL middleware, before sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        policy, concerns = _policy(request)
        if policy is None:
            return self.get_response(request)
        try:
            key = page_key(request)
            # One round trip to the shared cache: the current tokens, and the page itself unless
            # this process holds a copy (served only when its tokens are the current ones).
            wanted = [generation_key(concern) for concern in concerns]
            local = key in LOCAL
            found = cache.get_many(wanted if local else [*wanted, key])
            tokens = _generations(concerns, found)
            entry = LOCAL.get(key, tokens) if local else None
            if entry is None:
                entry = found.get(key) if not local else cache.get(key)
                if entry is not None and entry.get("tokens") == tokens:
                    LOCAL.put(key, entry)
        except Exception:  # the cache is a speed-up: when it fails the page is built as always
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        if entry is not None and entry.get("tokens") == tokens:
            return _rebuild(entry)
        response = self.get_response(request)
        if _storable(response):
            timeout = _seconds_to_midnight()
            if policy.max_age:
                timeout = min(timeout, policy.max_age)
            entry = {
                "tokens": tokens,
                "status": response.status_code,
                "headers": [(name, value) for name, value in response.items() if name.lower() != HIT_HEADER.lower()],
                "content": response.content,
            }
            entry["expires"] = time.time() + timeout
            try:
                cache.set(key, entry, timeout)
                LOCAL.put(key, entry)
            except Exception:
                logger.warning("page cache: could not store %s", request.path, exc_info=True)
            response[HIT_HEADER] = "miss"
        return response


# --- Watching the records pages show (the apps call this from AppConfig.ready) -----------------


def watch(model, concerns, *, fields=(), on_create=True):
    """Invalidate `concerns(instance, old)` after a row of `model` is saved or deleted.

    `old` is the row's `fields` as they were in the database before the save (read on writes only,
    one query; None for a new row or a delete), so a receiver can tell a change the public sees
    from one it does not (a coordinator's note, an event still waiting for approval).
    `on_create=False`: a new row shows nowhere until something refers to it (a new tag)."""
    from django.db.models.signals import post_delete, post_save, pre_save

    label = model._meta.label_lower

    def before(sender, instance, raw=False, update_fields=None, **kwargs):
        old = None
        if fields and instance.pk is not None and not raw:
            old = model._base_manager.filter(pk=instance.pk).values(*fields).first()
        instance._pagecache_old = old

    def saved(sender, instance, created=False, raw=False, **kwargs):
        if created and not on_create:
            return
        invalidate(*concerns(instance, getattr(instance, "_pagecache_old", None)))

    def deleted(sender, instance, **kwargs):
        invalidate(*concerns(instance, None))

    if fields:
        pre_save.connect(before, sender=model, weak=False, dispatch_uid=f"pagecache-before-{label}")
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"pagecache-saved-{label}")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"pagecache-deleted-{label}")


def watch_m2m(through, concerns):
    """Invalidate `concerns(instance, reverse, pk_set)` after rows are added to or removed from a
    many-to-many relation (`reverse`: the signal came from the other side of the relation)."""
    from django.db.models.signals import m2m_changed

    def changed(sender, instance, action, reverse, pk_set, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            invalidate(*concerns(instance, reverse, pk_set))

    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"pagecache-m2m-{through._meta.label_lower}")
