"""Hostile input (Hypothesis): random and malicious values posted to every form the portal shows,
and fed to the spreadsheet import. Never a 500, and a rejected submission writes nothing.

The forms are found, not listed: every page of the permissions matrix that some role may open is
fetched as that role, its <form>s are parsed (fields, options, method, action), and Hypothesis
fills them with values from HOSTILE plus valid-looking ones, so a form added by anyone is
attacked too. The key forms of the foundation get more examples (KEY_PAGES).
"""

import datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.spreadsheets import importing
from portal.privacy.roles import domain_apps
from tests.rows import rows_per_model
from tests.portal.test_permissions_matrix import MATRIX, _fast_passwords, role_users, world  # noqa: F401

pytestmark = pytest.mark.django_db

NASTY = [
    "\x00", "a\x00b", "Forening\x00", "' OR '1'='1", "'); DROP TABLE organisations_organisation; --",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7|add:7 }}", "{% debug %}",
    "../../etc/passwd", "%00", "\u202eevil\u202c", "ﷺ" * 40, "😀" * 300, " ", "\t\r\n", "\ufeff",
    "-1", "-999999999999", "99999999999999999999999999", "1e309", "NaN", "Infinity", "0", "0.5", "-0",
    "2025-02-30", "0000-00-00", "31.12.2025", "2025-13-01", "9999-12-31", "-2025-01-01", "20250101",
    "https://", "javascript:alert(1)", "a@b", "@", "x" * 5_000, "ø" * 100_000,
]
HOSTILE = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120),
    st.integers(-(10**15), 10**15).map(str),
    st.text(max_size=8).map(lambda text: f"{text}\x00{text}"),
)
UPLOAD_NAMES = ["organisations.csv", "a.xlsx", "logo.png", "x.exe", "../../a.csv", "æøå.CSV", "noextension"]
UPLOAD_BODIES = st.one_of(
    st.binary(max_size=3000),
    st.sampled_from([
        b"", b"\x00" * 100, b"name,kind\n\x00,\x00\n", b"\xff\xfe\x00n\x00a\x00m\x00e",
        b"PK\x03\x04 not really a zip", b"\x89PNG\r\n\x1a\n broken", b"<svg onload=alert(1)>",
        "name;kind\nØst;immigrant_organisation\n".encode("cp1252"),
    ]),
)
# Forms that are not inputs of the portal (or would end the session the crawler uses).
SKIPPED_ACTIONS = ("set_language", "logout")
KEY_PAGES = {
    "organisations:create": 40, "organisations:edit": 40, "organisations:contact_person_create": 40,
    "organisations:editor_edit": 40, "login": 30, "organisations:directory": 30, "import": 40,
}
DEFAULT_EXAMPLES = 5


class FormParser(HTMLParser):
    """The <form>s of a page: method, action and every named control with its offered values."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "action": a.get("action") or "", "fields": {}}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name")
        fields = self._form["fields"]
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                kind = "submit"
            field = fields.setdefault(name, {"type": kind, "values": []})
            if a.get("value") is not None:
                field["values"].append(a["value"])
        elif tag == "button" and name:
            fields.setdefault(name, {"type": "submit", "values": []})["values"].append(a.get("value", ""))
        elif tag == "textarea" and name:
            fields.setdefault(name, {"type": "textarea", "values": []})
        elif tag == "select" and name:
            self._select = fields.setdefault(name, {"type": "multiple" if "multiple" in a else "select", "values": []})
        elif tag == "option" and self._select is not None and a.get("value") is not None:
            self._select["values"].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def field_strategy(field):
    kind, offered = field["type"], [value for value in field["values"] if value is not None]
    if kind == "submit":
        return st.sampled_from([None, *(offered or [""])])
    if kind == "file":
        return st.builds(SimpleUploadedFile, st.sampled_from(UPLOAD_NAMES), UPLOAD_BODIES)
    valid = None
    if kind in ("select", "radio") and offered:
        valid = st.sampled_from(offered)
    elif kind in ("multiple", "checkbox"):
        one = st.sampled_from(offered) if offered else st.just("on")
        return st.one_of(st.none(), st.lists(st.one_of(one, HOSTILE), max_size=4))
    elif kind == "date":
        valid = st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 1, 1)).map(datetime.date.isoformat)
    elif kind == "number":
        valid = st.integers(-(10**6), 10**6).map(str)
    elif kind == "email":
        valid = st.emails().map(lambda email: email[:200])
    elif kind == "hidden" and offered:
        valid = st.just(offered[0])
    else:
        valid = st.text(max_size=40)
    return st.one_of(st.none(), valid, valid, HOSTILE)


def form_data(form):
    return st.fixed_dictionaries({name: field_strategy(field) for name, field in form["fields"].items()}).map(
        lambda values: {name: value for name, value in values.items() if value is not None}
    )


def row_counts():
    """Rows per model of the portal's apps and of the accounts: what a rejected form must not change."""
    return rows_per_model([m for label in (*domain_apps(), "auth") for m in apps.get_app_config(label).get_models()])


def looks_rejected(response):
    if response.status_code == 400:
        return True
    if response.status_code in (200, 400, 409, 422) and "text/html" in response.get("Content-Type", ""):
        html = response.content.decode(errors="replace")
        return any(marker in html for marker in ("is-invalid", "invalid-feedback", "errorlist", "alert-danger"))
    return False


def page_forms(client, url):
    response = client.get(url)
    assert response.status_code < 500
    if "text/html" not in response.get("Content-Type", ""):
        return []
    parser = FormParser()
    parser.feed(response.content.decode())
    forms = []
    for form in parser.forms:
        action = urljoin(url, form["action"] or url)
        try:
            match = resolve(urlsplit(action).path)
        except Resolver404:
            continue
        if match.url_name in SKIPPED_ACTIONS:
            continue
        form["action"] = urlsplit(action).path
        forms.append(form)
    return forms


def _role_for(case):
    for role in ("coordinator", "editor", "anonymous", "council_staff"):
        if case.expected[role] == 200:
            return role
    return None


PAGES = [
    pytest.param(name, index, KEY_PAGES.get(name, DEFAULT_EXAMPLES), id=f"{name}#{index}")
    for name, cases in sorted(MATRIX.items())
    for index, case in enumerate(cases)
    if _role_for(case)
]


@pytest.mark.slow(reason="Hypothesis sends each form dozens of hostile submissions")
@pytest.mark.parametrize("url_name,index,examples", PAGES)
def test_no_form_answers_500_and_a_rejected_one_writes_nothing(client, world, role_users, url_name, index, examples):
    case = MATRIX[url_name][index]
    user = role_users[_role_for(case)]
    if user is not None:
        client.force_login(user)
    url = reverse(url_name, kwargs=case.kwargs(world))
    forms = page_forms(client, url)

    for form in forms:

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(data=form_data(form))
        def submit(data):
            before = row_counts()
            send = client.post if form["method"] == "post" else client.get
            response = send(form["action"], data)  # an exception in the view fails the test here
            assert response.status_code < 500, (form["action"], data)
            if looks_rejected(response):
                assert row_counts() == before, f"a rejected submission to {form['action']} wrote rows"

        submit()


def test_the_crawler_finds_the_foundation_forms(client, world, role_users):
    """The machinery above must keep seeing the forms it is meant to attack."""
    client.force_login(role_users["coordinator"])
    create = page_forms(client, reverse("organisations:create"))
    assert any({"name", "kind", "published_on"} <= set(form["fields"]) for form in create)
    upload = page_forms(client, reverse("import"))
    assert any(field["type"] == "file" for form in upload for field in form["fields"].values())


# --- The spreadsheet import -----------------------------------------------------------------


def csv_bytes(header, rows, delimiter=","):
    lines = [delimiter.join(header)] + [delimiter.join(cell.replace(delimiter, " ").replace("\n", " ") for cell in row) for row in rows]
    return "\n".join(lines).encode("utf-8")


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_the_import_never_crashes_and_writes_nothing_when_it_refuses(data):
    stems = importing.available_stems()
    stem = data.draw(st.sampled_from(stems))
    columns = list(importing.resource_class(stem).portal_columns)
    cell = st.one_of(HOSTILE, st.sampled_from(["immigrant_organisation", "2025-03-01", "1", "yes", "Org A"]))
    rows = data.draw(st.lists(st.lists(cell, min_size=len(columns), max_size=len(columns)), min_size=1, max_size=4))
    raw = csv_bytes(columns, rows, delimiter=data.draw(st.sampled_from([",", ";"])))
    before = row_counts()
    results = importing.run_import([(stem, f"{stem}.csv", raw)])
    if any(result.errors for result in results):
        assert row_counts() == before
        for result in results:
            for error in result.errors:
                assert str(error).startswith(f"{stem}.csv:")


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(raw=UPLOAD_BODIES, name=st.sampled_from(["organisations.csv", "organisations.xlsx"]))
def test_the_import_survives_any_bytes(raw, name):
    before = row_counts()
    results = importing.run_import([("organisations", name, raw)])
    if any(result.errors for result in results):
        assert row_counts() == before


def test_a_file_without_a_header_row_is_a_file_error():
    # Found by the test above: a first line of only a carriage return.
    results = importing.run_import([("organisations", "organisations.csv", b"\r\x00")])
    assert [str(error) for error in results[0].errors] == ["organisations.csv:1: -: Overskriftsraden er tom."]


def test_a_nul_character_in_a_cell_is_a_row_error_and_nothing_is_written():
    raw = csv_bytes(list(importing.resource_class("organisations").portal_columns), [
        ["Trygg forening", "", "immigrant_organisation", "", "", "", "", "", ""],
        ["A\x00B", "", "immigrant_organisation", "", "", "", "", "", ""],
    ])
    before = row_counts()
    results = importing.run_import([("organisations", "organisations.csv", raw)])
    assert [str(error) for error in results[0].errors] == ["organisations.csv:3: name: inneholder et ugyldig tegn (NUL)"]
    assert row_counts() == before


def test_a_nul_character_in_a_form_is_refused_cleanly(client, coordinator):
    from organisations.models import Organisation

    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:create"),
        {"name": "Ond\x00forening", "kind": "immigrant_organisation"},
    )
    assert response.status_code == 400
    assert "Ugyldig forespørsel" in response.content.decode()
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    "path,query,cookies",
    [
        ("/undersokelser/\x00/", {}, {}),  # a token in the path reaches a query
        ("/organisasjoner/", {"q": "\x00"}, {}),
        ("/koordinator/organisasjoner/", {"side": "1\x00"}, {}),
        ("/", {}, {"sessionid": "abcdefgh\x00ijkl"}),  # the session lookup is a query
    ],
)
def test_a_nul_anywhere_in_a_request_is_a_400_before_any_query(client, coordinator, path, query, cookies, django_assert_num_queries):
    client.force_login(coordinator)
    for name, value in cookies.items():
        client.cookies[name] = value
    with django_assert_num_queries(0):
        response = client.get(path, query)
    assert response.status_code == 400


def test_a_form_field_reaches_the_form_when_it_is_clean(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:create"),
        {"name": "Trygg forening", "kind": "immigrant_organisation"},
    )
    assert response.status_code == 302
