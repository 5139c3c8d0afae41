"""WSGI entry point of the portal (gunicorn portal.wsgi, and runserver).

Before the application answers anything, the start-up check stops a server whose static files
were not collected (portal.health.check_static_files_collected): a clear message at start
instead of a 500 on every page.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

from portal.health import check_static_files_collected  # noqa: E402  (needs the settings loaded)

check_static_files_collected()
