"""A renderer that reads nothing it was not given: a report snapshot with planted markup (a restored
or edited backup) renders a page and a PDF with none of it, no embedded file and no request.

The planted markup is what an attacker with a backup in hand would write: a WeasyPrint attachment
of a local file, and an image on an internal address. A local HTTP server records every request."""

import datetime
import http.server
import io
import json
import threading
from pathlib import Path

import pypdf
import pytest

from portal.output import pdfua as portal_pdf
from reports import pdf
from reports.models import AnnualReport, ReportStatus

FIXTURE = Path(__file__).parent / "snapshots" / "annual-report-2025-schema-2.json"


@pytest.fixture
def listener():
    """A local HTTP server that answers every GET with a tiny PNG and records the paths asked for."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 — the http.server API
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            with open(Path(__file__).resolve().parents[2] / "static" / "icons" / "icon-192.png", "rb") as handle:
                self.wfile.write(handle.read())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def planted(origin):
    return (
        '<link rel="attachment" href="file:///etc/hostname" title="hostname">'
        '<a rel="attachment" href="file:///etc/hostname">hostname</a>'
        f'<img src="{origin}/x.png" alt="">'
        f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{origin}/svg.png" width="9" height="9"/></svg>'
    )


@pytest.fixture
def planted_report(db, listener):
    origin, _requests = listener
    snapshot = json.loads(FIXTURE.read_text(encoding="utf-8"))
    markup = planted(origin)
    # Every place of the snapshot that reached the page as markup before: the stored charts, a
    # chapter's text and the plan table's achievements; and a text field, which is escaped.
    snapshot["charts"]["participation"] = markup
    snapshot["charts"]["surveys"] = {key: markup for key in snapshot["charts"]["surveys"]}
    snapshot["sections"][0]["body"] = "<p>Innledning</p>" + markup
    snapshot["plan_table"] = [{"plan_text": "Plan", "achieved_html": "<p>Oppnådd</p>" + markup}]
    snapshot["figures"]["surveys"][0]["groups"][0]["questions"][0]["text"] = markup
    return AnnualReport.objects.create(
        year=2025,
        version=1,
        title="Årsrapport 2025",
        status=ReportStatus.PUBLISHED,
        approved_by_body="Erfaringspanelet",
        approved_on=datetime.date(2026, 3, 11),
        published_on=datetime.date(2026, 3, 12),
        snapshot=snapshot,
    )


def assert_inert(data, requests):
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    assert requests == []


def test_the_public_page_shows_none_of_the_planted_markup(client, planted_report, listener):
    origin, requests = listener
    response = client.get("/rapporter/2025/")
    html = response.content.decode()
    assert response.status_code == 200
    # Markup, not text: the quotes of an attribute survive only where the markup does.
    assert 'rel="attachment"' not in html and 'href="file:' not in html
    assert f'src="{origin}' not in html and f'href="{origin}' not in html
    # The question text is shown, as text: escaped, not markup.
    assert "&lt;img src=&quot;" + origin in html
    # The charts are still there, drawn from the figures.
    assert html.count('class="score-chart"') >= 1 and 'class="report-chart"' in html
    assert requests == []


def test_the_public_pdf_embeds_no_file_and_makes_no_request(client, planted_report, listener):
    _origin, requests = listener
    response = client.get("/rapporter/2025.pdf")
    assert response.status_code == 200
    assert_inert(b"".join(response), requests)


def test_the_pdf_renderer_refuses_files_and_addresses_in_any_document(listener):
    """The one renderer behind every PDF (report, minutes, sign-in sheet, grants, processing record)."""
    origin, requests = listener
    html = f"""<!doctype html><html lang="nb"><head><title>t</title>
    <link rel="stylesheet" href="{origin}/style.css"><link rel="stylesheet" href="file:///etc/hostname">
    {planted(origin)}<style>p {{ background: url({origin}/bg.png) }}</style></head>
    <body><p>Tekst</p><img src="/proc/self/environ" alt=""><img src="ftp://127.0.0.1/x" alt=""></body></html>"""
    assert_inert(portal_pdf.write_pdf_ua(html), requests)


def test_it_still_reads_data_uris_and_the_portals_own_static_files():
    fetcher = portal_pdf.url_fetcher()
    assert fetcher.fetch("data:text/plain;base64,aGVp").read() == b"hei"
    icon = fetcher.fetch(portal_pdf.STATIC_ORIGIN + "static/icons/icon-192.png")
    assert icon.read().startswith(b"\x89PNG") and icon.content_type == "image/png"
    for refused in (
        portal_pdf.STATIC_ORIGIN + "static/../portal/settings.py",
        portal_pdf.STATIC_ORIGIN + "static/%2e%2e/portal/settings.py",
        portal_pdf.STATIC_ORIGIN + "media/x.png",
        "https://example.org/static/icons/icon-192.png",
        "http://static.portal.invalid/static/icons/icon-192.png",
        "file:///etc/hostname",
    ):
        with pytest.raises(portal_pdf.RefusedURL):
            fetcher.fetch(refused)


def test_every_weasyprint_render_in_the_portal_goes_through_the_one_renderer():
    root = Path(__file__).resolve().parents[2]
    offenders = []
    apps = [d for d in root.iterdir() if d.is_dir() and not d.is_symlink() and not d.name.startswith(".") and d.name != "tests"]
    for path in (p for app in apps for p in app.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative == "portal/output/pdfua.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "weasyprint" in text.lower() and ("HTML(" in text or "write_pdf(" in text or "url_fetcher" in text):
            offenders.append(relative)
    assert offenders == []


def test_a_snapshot_keeps_no_chart_markup(db):
    from reports.selectors import build_content
    from tests.reports import factories

    factories.build_reference_year(2025)
    content = build_content(AnnualReport(year=2025))
    assert "charts" not in content and "<svg" not in json.dumps(content)
    assert pdf.generate(AnnualReport(year=2025), content=content)[2].startswith(b"%PDF")
