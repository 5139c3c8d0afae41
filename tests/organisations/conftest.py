import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The invitation rate limit counts in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded logos go to a throwaway directory, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
