"""The attendance sign-in sheet is a tagged PDF/UA-1 like the report: a table with column headers,
the meeting in the window title, the page number an artifact; only coordinators get it."""

import datetime
import re

import pytest

from panel.models import Invitation
from tests.panel.factories import meeting, organisation
from tests.pdfua import marked_content, pdfinfo, pdftotext, struct_tags

pytestmark = pytest.mark.django_db


def test_the_sign_in_sheet_is_tagged_with_a_header_row(client, coordinator, council_staff):
    m = meeting("2031-03-04", title="Vårmøte", status="planned", start_time=datetime.time(18, 0))
    for n in range(40):  # two pages
        Invitation.objects.create(meeting=m, organisation=organisation(f"Forening {n:02d}"))
    url = f"/koordinator/panel/{m.pk}/innloggingsark.pdf"
    client.force_login(council_staff)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    data = client.get(url).getvalue()

    info = pdfinfo(data)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Title:\s+Innloggingsark – Vårmøte 04\.03\.2031$", info, re.MULTILINE)
    tags = struct_tags(data)
    assert {"H1", "Table", "THead", "TH", "TD"} <= set(tags)
    assert tags.count("TH") % 3 == 0 and tags.count("TH") >= 3  # the header row (repeated on page 2)
    in_streams, in_tree, artifact_texts = marked_content(data)
    assert in_streams == in_tree and all(artifact_texts)
    pages = [page for page in pdftotext(data).split("\f") if page.strip()]
    assert len(pages) == 2 and all(len(re.findall(r"Forening \d\d|\u00a0", page)) >= 2 for page in pages)
