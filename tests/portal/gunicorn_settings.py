"""Settings for a portal served by gunicorn from a test: the production settings (DEBUG off),
with the static files served from their sources, so a test need not run collectstatic first."""

from portal.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
