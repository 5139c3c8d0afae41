"""WSGI entry point of the portal (gunicorn portal.wsgi, and runserver).

Before the application answers anything, the start-up checks stop a server whose static files
were not collected (portal.operations.health.check_static_files_collected): a clear message at start
instead of a 500 on every page; and one with DEBUG off and no DJANGO_SECRET_KEY
(portal.settings.refuse_public_secret_key).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

from portal.operations.health import check_static_files_collected  # noqa: E402  (needs the settings loaded)
from portal.settings import refuse_public_secret_key  # noqa: E402

refuse_public_secret_key()
check_static_files_collected()
