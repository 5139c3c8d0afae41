import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """When the database is down, answer 503 with a friendly page instead of a 500.

    Two ways an outage shows: a view's query raises (process_exception), or a middleware further
    in (sessions, the audit log's actor) fails before the view and Django has already turned that
    into a 500 (checked in __call__). Either way the page is rendered without the request, so no
    context processor touches the database. Django closes an unusable connection when the
    request ends, so the next request reconnects once the database is back.

    An error raised while opening a connection is an outage whatever the database says a moment
    later: a server that refused with "the database system is starting up" is often up by the
    time we look again, and that request must still get the 503 (and its Retry-After), not a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "database_unavailable", False):
            return response
        if response.status_code == 500:
            if getattr(request, "database_connect_failed", False) or _connection_lost() or not _database_reachable():
                OUTAGE.begins("detected after a 500")
                return unavailable_response()
        elif OUTAGE.down and _database_reachable():
            OUTAGE.ends()
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if not raised_while_connecting(exception) and not _connection_lost() and _database_reachable():
            return None  # a real error (e.g. a lock timeout) stays a 500 and is logged as such
        OUTAGE.begins(exception)
        # A broken connection is dropped now, so the next request (even one served without
        # Django's request_started clean-up) connects afresh.
        for each in connections.all(initialized_only=True):
            if not each.in_atomic_block:
                each.close_if_unusable_or_obsolete()
        return unavailable_response()


class Outage:
    """Whether this process last found the database unavailable. An outage is logged once when
    this process first meets it and once when a request finds the database back, not once per
    request (a busy site met hundreds of tracebacks in ten seconds)."""

    def __init__(self):
        self.down = False

    def begins(self, reason):
        if not self.down:
            self.down = True
            first_line = str(reason).strip().splitlines()[0] if str(reason).strip() else type(reason).__name__
            logger.error("database unavailable: %s; answering 503 until it is back", first_line)

    def ends(self):
        if self.down:
            self.down = False
            logger.warning("database available again")


OUTAGE = Outage()


class OutageLogFilter(logging.Filter):
    """On the `django.request` logger: drops the "Internal Server Error" traceback Django writes
    when a middleware fails to reach the database (before DatabaseUnavailableMiddleware answers
    503 and logs the outage once), and the "Service Unavailable" line of each 503 during an
    outage. A database error while the database answers is kept."""

    def filter(self, record):
        if getattr(record, "status_code", None) == 503 and OUTAGE.down:
            return False  # "Service Unavailable: /path", our own 503: the outage is logged once
        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, (OperationalError, InterfaceError)):
            return True
        return not (raised_while_connecting(error) or _connection_lost() or not _database_reachable())


def unavailable_response():
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    response.database_unavailable = True
    return response


# BaseDatabaseWrapper.connect is wrapped by async_unsafe; the frame on the stack runs the inner code.
_CONNECT_CODE = getattr(BaseDatabaseWrapper.connect, "__wrapped__", BaseDatabaseWrapper.connect).__code__


def raised_while_connecting(exception):
    """True when ``exception`` came out of opening a database connection (down, starting up, full)."""
    if not isinstance(exception, (OperationalError, InterfaceError)):
        return False
    frame = exception.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code is _CONNECT_CODE:
            return True
        frame = frame.tb_next
    return False


def _note_connect_failure(sender, request=None, **kwargs):
    """Mark the request when a middleware's failure to connect was turned into a 500 before us.

    Django sends got_request_exception from inside its ``except`` block, so the error is at hand.
    """
    if request is not None and raised_while_connecting(sys.exc_info()[1]):
        request.database_connect_failed = True


got_request_exception.connect(_note_connect_failure, dispatch_uid="portal.web.middleware.connect_failure")


def _connection_lost():
    """True when the request's own connection broke (server restarted, backend terminated)."""
    raw = connections["default"].connection
    return raw is not None and bool(getattr(raw, "closed", False))


def _database_reachable():
    connection = connections["default"]
    try:
        if connection.connection is not None and connection.is_usable():
            return True
        if connection.in_atomic_block:
            return False  # cannot reconnect inside a transaction; the connection is not usable
        connection.close()
        connection.ensure_connection()
        return True
    except Exception:
        return False


class RejectNullCharactersMiddleware:
    """Answer 400 to a request with a NUL character in its path, query, form fields or cookies.

    No person types a NUL; PostgreSQL cannot store or even compare one, so a NUL that reaches a
    query (a search parameter a view reads itself, a token in the path, a session cookie) would
    be a 500. Forms refuse NUL already; this keeps every other way in as safe. Placed before the
    session middleware, so it answers without touching the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return HttpResponseBadRequest(render_to_string("400.html"))
        return self.get_response(request)


def _has_nul(request):
    if "\x00" in request.path:
        return True
    for mapping in (request.GET, request.COOKIES):
        for key, values in (mapping.lists() if hasattr(mapping, "lists") else ((k, [v]) for k, v in mapping.items())):
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False
