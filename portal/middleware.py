import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """When the database is down, answer 503 with a friendly page instead of a 500.

    The connection is closed so that the next request reconnects once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if isinstance(exception, DatabaseError) and _database_reachable():
            return None  # a real error (e.g. a lock timeout) stays a 500 and is logged as such
        logger.warning("database unavailable: %s", exception)
        for connection in connections.all():
            connection.close_if_unusable_or_obsolete()
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response


def _database_reachable():
    connection = connections["default"]
    try:
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
