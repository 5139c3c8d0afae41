"""PDFs of the panel: a meeting's minutes, rendered by the job worker (panel.services.render_minutes_pdf)
into the shared cache, keyed by the document's content: the download view only serves what is there.

Long minutes take WeasyPrint a while (a 550-page paste took a minute, past gunicorn's timeout),
so no request renders them; the minutes form also refuses text above MINUTES_MAX_CHARACTERS
(panel.forms)."""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from portal.output.pdfua import write_pdf_ua

CACHE_SECONDS = 24 * 3600


def _html(meeting):
    # The document says lang="nb": its dates are written in bokmål whatever the page's language.
    with translation.override("nb"):
        return render_to_string("panel/minutes_pdf.html", {"meeting": meeting})


def _key(html):
    return "minutes-pdf:" + hashlib.sha256(html.encode()).hexdigest()


def minutes_filename(meeting):
    return f"referat-{meeting.date:%Y-%m-%d}.pdf"


def minutes_cached(meeting):
    """The PDF's bytes when the cache holds them for the minutes as they are now, else None."""
    return cache.get(_key(_html(meeting)))


def minutes_render(meeting):
    html = _html(meeting)
    key = _key(html)
    data = cache.get(key)
    if data is None:
        data = write_pdf_ua(html)
        cache.set(key, data, CACHE_SECONDS)
    return data
