"""A stand-in for Enhetsregisteret's API (data.brreg.no) on 127.0.0.1, for the tests and the journeys."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


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


def start_register():
    """A running stand-in on a free port: put units in `.units` (number → unit dict), numbers in
    `.removed`; `.requests` lists the paths asked. Stop it with shutdown() and server_close()."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RegisterHandler)
    server.units, server.removed, server.requests = {}, set(), []
    server.api_url = f"http://127.0.0.1:{server.server_port}/enhetsregisteret/api"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
