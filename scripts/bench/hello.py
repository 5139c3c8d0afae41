"""The floor: the smallest WSGI app, served by gunicorn exactly like the portal."""


def application(environ, start_response):
    body = b"<!doctype html><title>hello</title><p>hello"
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]
