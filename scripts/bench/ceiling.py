"""The Django ceiling: a hello-world view behind the portal's own settings and middleware,
served by the same gunicorn as the portal (`make bench` compares every page with it)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = "ceiling_urls"

from portal.wsgi import application  # noqa: E402,F401
