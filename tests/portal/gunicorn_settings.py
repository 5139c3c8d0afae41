"""Settings for a portal served by gunicorn from a test: the production settings (DEBUG off),
with the static files served from their sources, so a test need not run collectstatic first, and
the test suite's MD5 password hashes accepted (its users are made under tests/settings.py)."""

from django.conf import global_settings

from portal.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = [*global_settings.PASSWORD_HASHERS, "django.contrib.auth.hashers.MD5PasswordHasher"]
