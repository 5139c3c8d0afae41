"""A mailing as its recipients' mail readers get it: written in the same editor as minutes, sent as
a whole HTML document with absolute links and a plain-text part that keeps every link's address.
Read back with Python's `email` parser, as a mail reader would, not through Django's message object."""

import email
from email import policy
from html.parser import HTMLParser

import pytest
from django.core import mail

from mailings import services
from mailings.models import Mailing
from tests.conftest import make_organisation
from tests.mailings import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_MAILING_RATE_PER_MINUTE = 0
    settings.PORTAL_BASE_URL = "https://mangfold.example.org"


def _received(message):
    """The message as it arrives: bytes parsed by the standard library."""
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


class _Document(HTMLParser):
    def __init__(self):
        super().__init__()
        self.doctype, self.lang, self.title, self.paragraphs, self.breaks, self.hrefs = None, None, "", 0, 0, []
        self._in_title = False

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        self._in_title = tag == "title"
        self.paragraphs += tag == "p"
        self.breaks += tag == "br"
        if tag == "a":
            self.hrefs.append(attrs.get("href"))

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _parts(message):
    received = _received(message)
    html = received.get_body(preferencelist=("html",)).get_content()
    text = received.get_body(preferencelist=("plain",)).get_content()
    document = _Document()
    document.feed(html)
    return html, text, document


def _build(body, *, language="nb", **fields):
    organisation = make_organisation(f"Eritreisk Forening {language}" if language != "nb" else "Eritreisk Forening")
    mailing = f.mailing(f.segment("Alle"), body=body, **fields)
    return _parts(
        services.build_message(
            mailing=mailing, to="kari@example.org", organisation_name=organisation.name, language=language, token="t"
        )
    )


def test_the_mailing_form_offers_the_editor_of_the_minutes(client, coordinator):
    client.force_login(coordinator)
    page = client.get("/koordinator/utsendelser/ny/").content.decode()
    assert page.count("data-django-prose-editor") == 2  # the text and its English version
    assert "js/richtext.js" in page


def test_line_breaks_typed_in_the_form_reach_the_recipients(client, coordinator):
    """Without JavaScript the editor is its textarea: plain lines must still become paragraphs."""
    client.force_login(coordinator)
    segment = f.segment("Alle")
    client.get("/koordinator/utsendelser/ny/")
    response = client.post(
        "/koordinator/utsendelser/ny/",
        {"segment": segment.pk, "subject": "Møte", "body": "Hei, {organisasjon}!\r\n\r\nVelkommen til møtet.\r\nTa med en venn."},
    )
    assert response.status_code == 302
    client.post(f"/koordinator/utsendelser/{Mailing.objects.get().pk}/test/")

    html, text, document = _parts(mail.outbox[0])
    assert document.paragraphs >= 3 and document.breaks == 1  # two paragraphs (and the footer), one line break
    assert "Hei, Organisasjonens navn!\n\nVelkommen til møtet.\nTa med en venn." in text.replace("\r\n", "\n")


def test_the_html_part_is_a_whole_document_in_the_recipients_language():
    _html, _text, document = _build("<p>Hei</p>", subject="Invitasjon til {organisasjon}")
    assert document.doctype.lower() == "doctype html"
    assert document.lang == "nb" and document.title == "Invitasjon til Eritreisk Forening"

    _html, _text, english = _build("<p>Hei</p>", language="en", subject_en="Invitation", body_en="<p>Hello</p>")
    assert english.lang == "en" and english.title == "Invitation"  # (the English subject, no merge field)


def test_links_are_absolute_and_the_plain_text_keeps_each_address():
    body = '<p>Se <a href="/kalender/">kalenderen</a> og <a href="https://imdi.no/tilskudd">IMDi</a>.</p>'
    _html, text, document = _build(body)

    assert document.hrefs[:2] == ["https://mangfold.example.org/kalender/", "https://imdi.no/tilskudd"]
    assert all(href.startswith("https://") for href in document.hrefs)
    assert "kalenderen (https://mangfold.example.org/kalender/)" in text
    assert "IMDi (https://imdi.no/tilskudd)" in text
