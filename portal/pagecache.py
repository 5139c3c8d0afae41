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

What is never cached (the middleware lets the request through untouched): anything but GET;
a request with a session cookie (signed in) or pending messages; responses other than 200,
streaming ones, and any response that sets a cookie (a CSRF token, a session, a message), so no
cached page holds per-user content or a CSRF token. Pages vary on the language (the language
cookie, as portal.locale reads it), the host and scheme, the full query string and the local date
(listings become public at midnight). Pages that show "coming" items (the calendar, the start
page, listings with events) also expire after `max_age` seconds, as time passes without a write.

A hit is answered before the session, CSRF, authentication and CSP middleware run: the stored
response already carries the headers they added (CSP, X-Frame-Options, Content-Language, Vary).
"""

import hashlib
import logging
import os
import secrets
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone

from portal.locale import chosen_language

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
        EPOCH.bump()
    except DatabaseError:
        # The cache table lives in the same database: if it cannot be written the change itself
        # fails with it (same transaction). Outside a transaction, say so loudly.
        logger.exception("page cache: could not invalidate %s", keys)
        raise


def forget_after_migrate(**kwargs):
    """post_migrate: every cached page is stale after an upgrade (new templates, new strings)."""
    try:
        cache.delete(generation_key(SITE))
        EPOCH.bump()
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


class Epoch:
    """A file on this host that every invalidation rewrites (after the shared tokens are deleted
    and again after the commit). While it is unchanged, nothing any process on the host could
    invalidate has happened, so a page this process has already checked against the shared
    tokens is still current: it is served without asking the database at all. Reading it is one
    small file read; a process that cannot read or write it just asks the shared cache every time.
    Several hosts behind one database: point PORTAL_PAGE_CACHE_EPOCH_FILE at shared storage, or
    set PORTAL_PAGE_CACHE_LOCAL_MB=0."""

    def path(self):
        return settings.PORTAL_PAGE_CACHE_EPOCH_FILE

    def read(self):
        try:
            with open(self.path(), "rb") as handle:
                return handle.read(64) or None
        except OSError:
            return None

    def bump(self):
        path = self.path()
        temporary = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
        try:
            with open(temporary, "wb") as handle:
                handle.write(secrets.token_hex(16).encode())
            os.replace(temporary, path)  # atomic: a reader sees the old token or the new one
        except OSError:
            logger.warning("page cache: could not write %s; every process asks the shared cache", path)
            try:
                os.unlink(path)  # without the file no process trusts its own copies
            except OSError:
                pass


EPOCH = Epoch()


class LocalPages:
    """A small first layer in each process: the pages' bytes without the trip to the shared cache.

    Exact across processes: a page here is served only when the tokens just read from the shared
    cache are the ones it was built under, or when the host's epoch file (Epoch) has not changed
    since that check, i.e. nothing anywhere on the host has invalidated anything since. Bounded by
    PORTAL_PAGE_CACHE_LOCAL_MB (least recently used pages go first)."""

    def __init__(self):
        self.pages = OrderedDict()  # key -> (entry, the epoch at which it was last checked)
        self.size = 0

    def limit(self):
        return getattr(settings, "PORTAL_PAGE_CACHE_LOCAL_MB", 32) * 1024 * 1024

    def _live(self, key):
        found = self.pages.get(key)
        if found is not None and found[0].get("expires", 0) < time.time():
            self.discard(key)
            return None
        return found

    def unchanged_since(self, key, epoch):
        """The page, if it was checked at this very epoch (nothing invalidated since)."""
        found = self._live(key) if epoch is not None else None
        if found is None or found[1] != epoch:
            return None
        self.pages.move_to_end(key)
        return found[0]

    def get(self, key, tokens, epoch):
        found = self._live(key)
        if found is None:
            return None
        if found[0]["tokens"] != tokens:
            self.discard(key)
            return None
        self.pages[key] = (found[0], epoch)  # checked now
        self.pages.move_to_end(key)
        return found[0]

    def put(self, key, entry, epoch):
        if "expires" not in entry or len(entry["content"]) > self.limit() // 4:
            return
        self.discard(key)
        self.pages[key] = (entry, epoch)
        self.size += len(entry["content"])
        while self.size > self.limit() and self.pages:
            _old_key, (old, _epoch) = self.pages.popitem(last=False)
            self.size -= len(old["content"])

    def discard(self, key):
        old = self.pages.pop(key, None)
        if old is not None:
            self.size -= len(old[0]["content"])

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
            # Read before the shared tokens: an invalidation after this read changes the epoch.
            epoch = EPOCH.read()
            entry = LOCAL.unchanged_since(key, epoch)
            if entry is not None:
                return _rebuild(entry)
            found = cache.get_many([generation_key(concern) for concern in concerns])
            tokens = _generations(concerns, found)
            entry = LOCAL.get(key, tokens, epoch)
            if entry is None:
                entry = cache.get(key)
                if entry is not None and entry.get("tokens") == tokens:
                    LOCAL.put(key, entry, epoch)
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
                LOCAL.put(key, entry, epoch)
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
