import socket

import pytest

from tests.brreg.stub import start_register


@pytest.fixture
def register_server(settings):
    """A stand-in for data.brreg.no on 127.0.0.1, started by the test; settings point at it."""
    server = start_register()
    settings.BRREG_API_URL = f"http://127.0.0.1:{server.server_port}/enhetsregisteret/api"
    settings.BRREG_TIMEOUT_SECONDS = 2
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def register_offline(settings):
    """A port on 127.0.0.1 where nothing listens: connection refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.BRREG_API_URL = f"http://127.0.0.1:{port}/enhetsregisteret/api"
    settings.BRREG_TIMEOUT_SECONDS = 2
    return port


@pytest.fixture(autouse=True)
def _private_uploads(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
