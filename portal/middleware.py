import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.shortcuts import render

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
