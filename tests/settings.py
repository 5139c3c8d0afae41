"""The test suite's settings: production's (portal/settings.py) with what makes tests fast.

As healthchecks and pretix do, only what costs time and proves nothing is changed here:
- passwords are hashed with MD5: every role fixture creates users, and PBKDF2 took about half the
  CPU of the database tests;
- the default cache is local memory, emptied before every test (tests/conftest.py); the database
  cache stays configured under the alias "database" (its table is still created by the
  migrations), and a test that is about the shared cache asks for it with the `database_cache`
  fixture;
- on SQLite the test database is a file, so `--reuse-db` (make test-fast) can keep it between
  runs; `make test` and CI always create it anew (pytest-django adds a suffix per xdist worker).

Everything a journey depends on (headers, CSRF, sessions, the job worker) is production's: the
journey tests under tests/journeys start the portal with portal.settings itself.
"""

from portal.settings import *  # noqa: F403
from portal.settings import BASE_DIR, CACHES, DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    "database": CACHES["default"],
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
