import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _RegisterHandler(BaseHTTPRequestHandler):
    """Answers /enhetsregisteret/api/enheter/{orgnr} as the register does: 200 with the unit,
    404 for an unknown number, 410 for a removed one (OpenAPI `hentEnhet`)."""

    def do_GET(self):
        server = self.server
        server.requests.append(self.path)
        prefix = "/enhetsregisteret/api/enheter/"
        number = self.path[len(prefix):] if self.path.startswith(prefix) else None
        if number in server.units:
            body = json.dumps(server.units[number], ensure_ascii=False).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        status = 410 if number in server.removed else 404 if number is not None else 400
        body = json.dumps({"timestamp": "2026-01-01T00:00:00.000+00:00", "status": status, "path": self.path}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def register_server(settings):
    """A stand-in for data.brreg.no on 127.0.0.1, started by the test; settings point at it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RegisterHandler)
    server.units, server.removed, server.requests = {}, set(), []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
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
