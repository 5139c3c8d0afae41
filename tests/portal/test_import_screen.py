"""The coordinators' import screen (docs/domain.md): each file's empty template with the Norwegian
headers, the columns and allowed values beside the upload, and a file recognised by its English
or Norwegian name."""

import csv
import io
import re
import zipfile
from urllib.parse import unquote

import pytest

from panel.models import Meeting
from portal.spreadsheets import importing
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_page_lists_each_file_with_its_columns_and_allowed_values(client, coordinator):
    page = client_for(client, coordinator).get("/koordinator/import/").content.decode()
    organisations = page[page.index('id="fil-organisations"'):page.index('id="fil-meetings"')]
    assert "<strong>organisasjoner</strong>" in organisations
    assert re.search(r"<th scope=\"row\">type</th>\s*<td><code>kind</code></td>\s*<td>immigrant_organisation \(Innvandrerorganisasjon\), faith_community \(Trossamfunn\)", organisations)
    assert "ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ" in organisations
    meetings = page[page.index('id="fil-meetings"'):page.index('id="fil-attendance"')]
    assert re.search(r"møteserie <span[^>]*>\(kan utelates\)</span>", meetings)
    assert "tomt, eller klokkeslett TT:MM" in meetings
    input_file = page[page.index('id="fil-input"'):]
    assert "<strong>innspill</strong>" in input_file
    assert "answered (Besvart)" in input_file and "not_pursued (Ikke fulgt opp)" in input_file
    assert 'href="/koordinator/import/mal/input.csv"' in input_file
    # The upload may find the file from its name.
    assert '<option value="" selected>Ut fra filnavnet</option>' in page
    assert '<option value="meetings">møter.csv / meetings.csv</option>' in page


def test_the_csv_template_has_a_bom_and_the_norwegian_headers_and_imports_as_nothing(client, coordinator):
    response = client_for(client, coordinator).get("/koordinator/import/mal/meetings.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert unquote(response["Content-Disposition"].split("filename*=utf-8''")[1]) == "møter.csv"
    data = response.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    (header,) = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert header == ["dato", "tittel", "temaer", "sted", "start", "slutt", "møteserie"]
    results = importing.run_import([("meetings", "møter.csv", data)])
    assert [result.errors for result in results] == [[]]


def test_the_xlsx_template_has_the_norwegian_headers(client, coordinator):
    response = client_for(client, coordinator).get("/koordinator/import/mal/grant_applications.xlsx")
    assert response.status_code == 200
    assert unquote(response["Content-Disposition"].split("filename*=utf-8''")[1]) == "tilskuddssøknader.xlsx"
    # Read with the standard library, not the product's spreadsheet reader.
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
        strings = re.findall(r"<t[^>]*>([^<]*)</t>", archive.read("xl/worksheets/sheet1.xml").decode())
    assert strings == [
        "år", "ordning", "organisasjon", "del", "søkt beløp", "innvilget beløp", "status", "medlemmer", "deltakere", "notat",
    ]


def test_an_upload_is_recognised_by_its_norwegian_name(client, coordinator):
    upload = io.BytesIO("dato;tittel;temaer;sted\n13.02.2025;Vårmøte;;Rådhuset\n".encode())
    upload.name = "Møter.csv"
    response = client_for(client, coordinator).post("/koordinator/import/", {"kind": "", "file": upload, "import": "1"})
    assert response.status_code == 302
    assert Meeting.objects.get().title == "Vårmøte"


def test_an_upload_with_an_unknown_name_asks_which_file_it_is(client, coordinator):
    upload = io.BytesIO(b"dato;tittel;temaer;sted\n13.02.2025;A;;\n")
    upload.name = "egen_liste.csv"
    response = client_for(client, coordinator).post("/koordinator/import/", {"kind": "", "file": upload, "import": "1"})
    assert response.status_code == 200
    assert "«egen_liste.csv» er ikke navnet på en av filene." in response.content.decode()
    assert not Meeting.objects.exists()


def test_council_staff_get_no_template(client, council_staff):
    assert client_for(client, council_staff).get("/koordinator/import/mal/meetings.csv").status_code == 403
