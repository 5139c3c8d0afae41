"""Tagged PDF/UA-1 from HTML with WeasyPrint: the one way the portal writes a PDF.

``write_pdf_ua(html)`` lays out the HTML with ``pdf_variant="pdf/ua-1"``: a structure tree (headings,
lists, tables with header cells, figures with the SVG's <title> as alternative text), XMP metadata
with ``pdfuaid:part``, the document language from ``<html lang>`` and ``DisplayDocTitle`` so a reader
shows the <title> as the window title.

One thing WeasyPrint 70 leaves out: the text of page-margin boxes (running headers, "Side n av m")
is marked as tagged content but hung on no element of the structure tree. PDF/UA (ISO 14289-1 7.1)
wants every piece of content either in the tree or marked as an artifact, and a screen reader should
not read a running header on every page. ``_install_margin_artifacts`` makes WeasyPrint draw the
margin boxes' content as /Artifact and leave them out of the tag tree. It touches three internals of
WeasyPrint 70 and checks they are there, so an upgrade that moves them fails at import, loudly.

The renderer reads nothing it was not given. WeasyPrint's default fetcher follows ``file:``,
``http:``, ``https:`` and ``ftp:`` for every <img>, <link> (``rel=attachment`` embeds the file in the
PDF), ``url()`` and SVG reference, so planted markup could embed ``/proc/self/environ`` or call an
internal address. Every render goes through ``PortalURLFetcher``: it answers ``data:`` URIs and the
portal's own static files (found by the static finders, else in the collected static storage) and
refuses every other URL without opening it. Static files are addressed under ``STATIC_ORIGIN``, a
name under the reserved ``.invalid`` domain (RFC 6761) that only this fetcher understands: the
renderer never opens a connection, not even to the portal itself.
"""

import mimetypes
import posixpath
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

PDF_VARIANT = "pdf/ua-1"
# The base every document is laid out against: a relative "static/css/x.css" becomes
# STATIC_ORIGIN + "static/css/x.css", which the fetcher reads from the static files, never the network.
STATIC_ORIGIN = "https://static.portal.invalid/"
# The element name a footnote's body takes in the tag tree builder (ISO 32000 14.8.4.3.3 "Note").
NOTE_TAG = "portal-footnote"


class RefusedURL(ValueError):
    """A URL the renderer does not read (WeasyPrint skips the resource with a warning)."""


def _static_file(url):
    """The bytes and type of one of the portal's static files named by ``url``, else RefusedURL."""
    from django.conf import settings

    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if f"{parts.scheme}://{parts.netloc}/" != STATIC_ORIGIN or not parts.path.startswith(prefix):
        raise RefusedURL(f"not one of the portal's static files: {url[:200]}")
    name = unquote(parts.path[len(prefix):])
    if not name or "\\" in name or "\x00" in name or posixpath.normpath(name) != name or name.startswith(("/", "..")):
        raise RefusedURL(f"not a static file name: {url[:200]}")
    path = _static_path(name)
    if not path:
        raise RefusedURL(f"no such static file: {name[:200]}")
    with open(path, "rb") as handle:
        data = handle.read()
    return data, mimetypes.guess_type(name)[0] or "application/octet-stream"


def _static_path(name):
    """Where one of the portal's static files is: found by the static finders, else in the
    collected static storage; None when it is neither."""
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    path = finders.find(name)
    if not path and staticfiles_storage.exists(name):
        path = staticfiles_storage.path(name)
    return path


def static_text(name):
    """The text of one of the portal's static files, e.g. a stylesheet a document inlines."""
    path = _static_path(name)
    if not path:
        raise FileNotFoundError(f"no such static file: {name}")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


# The portal's plain A4 document style: letters, decisions, status reports.
PLAIN_CSS = "css/grants-print.css"
# Documents are written in bokmål, whatever language the user browses in.
DOCUMENT_LANGUAGE = "nb"


def plain_document(template, context):
    """Bytes of a plain A4 PDF/UA document: `template` rendered in bokmål with `context`, the
    plain style inlined as `css`, and the sender's details (`municipality`, `project_name`,
    `contact_email`) and `today` beside it."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import timezone, translation
    from django.utils.safestring import mark_safe

    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(
            template,
            {
                **context,
                "css": mark_safe(static_text(PLAIN_CSS)),
                "municipality": settings.PORTAL_MUNICIPALITY,
                "project_name": settings.PORTAL_PROJECT_NAME,
                "contact_email": getattr(settings, "PORTAL_CONTACT_EMAIL", ""),
                "today": timezone.localdate(),
            },
        )
    return write_pdf_ua(html)


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PortalURLFetcher(URLFetcher):
        """``data:``, the portal's static files and the files the caller handed over by URL
        (``resources``: url → (bytes, content type), read beforehand from the database or the
        private storage); everything else is refused unopened."""

        def __init__(self, resources=None):
            super().__init__(allowed_protocols=("data", "https"), allow_redirects=False, fail_on_errors=False)
            self.resources = dict(resources or {})

        def fetch(self, url, headers=None):
            if url in self.resources:
                data, content_type = self.resources[url]
                return URLFetcherResponse(url, data, {"Content-Type": content_type})
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                from urllib.request import DataHandler, Request

                response = DataHandler().data_open(Request(url))
                return URLFetcherResponse(url, response.read(), {"Content-Type": response.headers["Content-Type"]})
            if scheme == "https":
                data, content_type = _static_file(url)
                return URLFetcherResponse(url, data, {"Content-Type": content_type})
            raise RefusedURL(f"the renderer reads no {scheme or 'relative'} URL: {url[:200]}")

    return PortalURLFetcher


def url_fetcher(resources=None):
    """The one URL fetcher of every WeasyPrint render in the portal."""
    return _fetcher_class()(resources)


def resource_url(path):
    """The address under which a document refers to a file it is handed (``write_pdf_ua(resources=…)``):
    a site path such as "/rapporter/bilder/3/" as the renderer resolves it against its base."""
    from urllib.parse import urljoin

    return urljoin(STATIC_ORIGIN, path)


def _margin_box_descendants(page_box):
    from weasyprint.formatting_structure import boxes

    found = set()

    def walk(box):
        found.add(id(box))
        for child in getattr(box, "children", ()):
            walk(child)

    for child in page_box.children:
        if isinstance(child, boxes.MarginBox):
            walk(child)
    return found


def _install_margin_artifacts():
    import pydyf
    from weasyprint import document
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import stream as pdf_stream
    from weasyprint.pdf import tags

    if getattr(tags, "_portal_margin_artifacts", False):
        return
    for module, name in (
        (document, "draw_page"), (tags, "_build_box_tree"), (tags, "_get_pdf_tag"), (pdf_stream.Stream, "marked"),
        (boxes, "FootnoteAreaBox"),
    ):
        if not hasattr(module, name):
            raise RuntimeError(f"WeasyPrint changed: {module.__name__}.{name} is gone; review portal/output/pdfua.py")

    original_draw_page = document.draw_page
    original_build_box_tree = tags._build_box_tree
    original_marked = pdf_stream.Stream.marked
    original_get_pdf_tag = tags._get_pdf_tag

    def draw_page(page, stream):
        stream._portal_artifact_ids = _margin_box_descendants(page)
        try:
            return original_draw_page(page, stream)
        finally:
            stream._portal_artifact_ids = set()

    @contextmanager
    def marked(self, box, tag):
        if self._tags is not None and id(box) in getattr(self, "_portal_artifact_ids", ()):
            with self.artifact():
                yield
        else:
            with original_marked(self, box, tag):
                yield

    def get_pdf_tag(tag):
        return "Note" if tag == NOTE_TAG else original_get_pdf_tag(tag)

    def build_box_tree(box, *args, **kwargs):
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, boxes.FootnoteAreaBox):
            # Each footnote's body, moved to the foot of the page, is a Note (its call stays in the text).
            for child in box.children:
                if child.element is not None:
                    child.element_tag = NOTE_TAG
        for element in original_build_box_tree(box, *args, **kwargs):
            if element["S"] == "/Note":
                # PDF/UA 7.9: every Note has an ID, unique in the document (its object number is).
                element["ID"] = pydyf.String(f"note-{element.number}")
            yield element

    document.draw_page = draw_page
    pdf_stream.Stream.marked = marked
    tags._get_pdf_tag = get_pdf_tag
    tags._build_box_tree = build_box_tree
    tags._portal_margin_artifacts = True


def write_pdf_ua(html, resources=None):
    """Bytes of a tagged PDF/UA-1 document laid out from ``html`` (a complete HTML document with
    ``<html lang>`` and a ``<title>``), reading nothing but ``data:`` URIs, the portal's static files
    and the ``resources`` handed over (``resource_url(path)`` → (bytes, content type))."""
    from weasyprint import HTML

    _install_margin_artifacts()
    return HTML(string=html, base_url=STATIC_ORIGIN, url_fetcher=url_fetcher(resources)).write_pdf(pdf_variant=PDF_VARIANT)
