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
"""

from contextlib import contextmanager

PDF_VARIANT = "pdf/ua-1"


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
    from weasyprint import document
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import stream as pdf_stream
    from weasyprint.pdf import tags

    if getattr(tags, "_portal_margin_artifacts", False):
        return
    for module, name in ((document, "draw_page"), (tags, "_build_box_tree"), (pdf_stream.Stream, "marked")):
        if not hasattr(module, name):
            raise RuntimeError(f"WeasyPrint changed: {module.__name__}.{name} is gone; review portal/pdf.py")

    original_draw_page = document.draw_page
    original_build_box_tree = tags._build_box_tree
    original_marked = pdf_stream.Stream.marked

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

    def build_box_tree(box, *args, **kwargs):
        if isinstance(box, boxes.MarginBox):
            return
        yield from original_build_box_tree(box, *args, **kwargs)

    document.draw_page = draw_page
    pdf_stream.Stream.marked = marked
    tags._build_box_tree = build_box_tree
    tags._portal_margin_artifacts = True


def write_pdf_ua(html, base_url=None):
    """Bytes of a tagged PDF/UA-1 document laid out from ``html`` (a complete HTML document with
    ``<html lang>`` and a ``<title>``)."""
    from weasyprint import HTML

    _install_margin_artifacts()
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT)
