import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _report_storage(settings, tmp_path):
    # Stored PDFs go to a throwaway media folder; drafts' PDFs to an empty cache.
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()
