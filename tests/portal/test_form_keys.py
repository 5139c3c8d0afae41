"""One-time form keys (portal/web/formkeys.py): Back + resubmit, a double click or a second tab never
stores a create form twice.

One test per create form: the list is `formkeys.create_views()` (every URL wrapped in
@one_time_form; the system check portal.E010 holds every create URL to it), and a form added
without a row in FORMS below fails `test_every_create_form_has_a_case`. Each case opens the page
that shows the form as a person who may use it, fills the form as a browser would (what the page
renders, plus the few values a person types), posts it twice with the same key and checks that
the second POST stores nothing and lands where the first one did.
"""

import datetime
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Callable
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core import checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import resolve, reverse

from portal.web import formkeys
from portal.web.formkeys import FormKey
from tests.portal.test_permissions_matrix import MATRIX, _fast_passwords, role_users, world  # noqa: F401
from tests.rows import rows_per_model

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@dataclass
class Form:
    role: str = "coordinator"
    page: str = ""  # the URL name of the page showing the form, when it is not the create URL itself
    values: Callable = field(default=lambda w: {})  # what a person types or picks
    query: Callable = field(default=lambda w: "")  # how the page was reached (?organisasjon=…)


def _pdf():
    return SimpleUploadedFile("vedlegg.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


def _once(w, name, build):
    """A record the typed values point to, built the first time only (both POSTs name the same)."""
    cache = w.__dict__.setdefault("_built", {})
    if name not in cache:
        cache[name] = build()
    return cache[name]


def _meeting(w):
    from panel.models import Meeting

    return _once(w, "meeting", lambda: Meeting.objects.create(kind="panel", date=TODAY, title="Erfaringspanelet", location="Rådhuset")).pk


def _scheme(w):
    from grants.models import GrantScheme

    return _once(w, "scheme", lambda: GrantScheme.objects.create(name="Driftstilskudd", funder="IMDi")).pk


def _segment(w):
    from mailings.models import Segment

    return _once(w, "segment", lambda: Segment.objects.create(name="Alle")).pk


def _published_b(w):
    """Organisation B with a published listing (an editor may only name one)."""
    from organisations.services import consent_record, organisation_set_published

    def publish():
        consent_record(organisation=w.org_b, given_by="Styreleder", given_on=TODAY)
        organisation_set_published(organisation=w.org_b, on=TODAY)
        return w.org_b.pk

    return _once(w, "published b", publish)


DATE = TODAY.isoformat()
SOON = (TODAY + datetime.timedelta(days=20)).isoformat()
APPLICATION = {"part": "activity", "applied_amount": "5000", "project": "Leksehjelp", "participants": "20"}

FORMS = {
    "activities:create": Form(values=lambda w: {"title": "Kulturkveld", "kind": "own_event", "date": DATE}),
    "activities:premises_create": Form(values=lambda w: {"name": "Biblioteket", "how_to_book": "Ring resepsjonen."}),
    "activities:resource_create": Form(values=lambda w: {"title": "Veileder for søknader", "description": "Slik søker du."}),
    "networks:relationship_create": Form(values=lambda w: {"organisation": w.org_a.pk, "kind": "member", "other": w.org_b.pk}),
    "networks:editor_relationship_propose": Form(role="editor", values=lambda w: {"kind": "member_of", "other": _published_b(w)}),
    "networks:agreement_create": Form(
        values=lambda w: {"title": "Leksehjelp i biblioteket", "parties": [w.org_a.pk, w.service.pk], "starts_on": DATE}
    ),
    "goals:goal_create": Form(values=lambda w: {"title": "Flere organisasjoner i panelet", "target_value": "10"}),
    "goals:measure_create": Form(values=lambda w: {"title": "Åpent møte om tilskudd"}),
    "goals:plan_item_create": Form(values=lambda w: {"plan_name": "Inkluderingsplan", "position": "1", "text": "Kartlegge behov"}),
    "grants:application_create": Form(values=lambda w: {"organisation": w.org_a.pk, **APPLICATION}),
    "grants:complaint_create": Form(page="grants:application_detail", values=lambda w: {"received_on": DATE, "grounds": "Feil i vurderingen."}),
    "grants:editor_apply": Form(role="editor", values=lambda w: APPLICATION),
    "grants:editor_attachment_add": Form(role="editor", page="grants:editor_application", values=lambda w: {"file": _pdf()}),
    "grants:round_create": Form(
        values=lambda w: {"scheme": _scheme(w), "year": str(TODAY.year + 5), "allocation": "100000", "deadline": SOON}
    ),
    "grants:scheme_create": Form(values=lambda w: {"name": "Aktivitetstilskudd", "funder": "IMDi"}),
    "mailings:attachment_add": Form(values=lambda w: {"file": _pdf()}),
    "mailings:mailing_create": Form(values=lambda w: {"segment": _segment(w), "subject": "Invitasjon", "body": "Velkommen."}),
    "mailings:segment_create": Form(values=lambda w: {"name": "Alle innvandrerorganisasjoner"}),
    "organisations:contact_person_create": Form(values=lambda w: {"name": "Per Hansen"}),
    "organisations:create": Form(values=lambda w: {"name": "Ny forening", "kind": "immigrant_organisation"}),
    "offers:staff_create": Form(values=lambda w: {
        "organisation": w.service.pk, "title": "Norsktrening", "kind": "course", "audience": "adults",
        "place": "Biblioteket", "weekdays": "2", "start_time": "18:00", "end_time": "20:00", "valid_from": SOON,
    }),
    "offers:editor_create": Form(role="editor", values=lambda w: {
        "title": "Språkkafé", "kind": "language_cafe", "audience": "everyone",
        "place": "Biblioteket", "weekdays": "2", "start_time": "18:00", "end_time": "20:00", "valid_from": SOON,
    }),
    "organisations:editor_contact_person_create": Form(role="editor", values=lambda w: {"name": "Per Hansen"}),
    "organisations:editor_premises_need_create": Form(
        role="editor", values=lambda w: {"weekday": "1", "starts_at": "18:00", "ends_at": "20:00", "people": "15"}
    ),
    "organisations:editor_event_create": Form(
        role="editor", values=lambda w: {"title": "Sommerfest", "starts_at": f"{SOON}T18:00", "location": "Parken"}
    ),
    "outreach:contact_create": Form(query=lambda w: f"?organisasjon={w.org_a.pk}", values=lambda w: {"date": DATE}),
    "outreach:guidance_create": Form(values=lambda w: {"organisation": w.org_a.pk, "date": DATE, "minutes_spent": "30"}),
    "outreach:invitation_create": Form(values=lambda w: {"organisation": w.org_a.pk, "date": DATE, "title": "Kulturfest"}),
    "panel:attachment_add": Form(values=lambda w: {"file": _pdf()}),
    "panel:editor_input_propose": Form(role="editor", values=lambda w: {"kind": "input", "text": "Behov for lokaler"}),
    "panel:guest_add": Form(page="panel:meeting_detail", values=lambda w: {"name": "Gjest Gjestesen"}),
    "panel:input_create": Form(values=lambda w: {"meeting": _meeting(w), "title": "Lokaler", "text": "Behov for lokaler", "raised_on": DATE}),
    "panel:meeting_create": Form(values=lambda w: {"date": DATE, "title": "Erfaringspanelet", "location": "Rådhuset"}),
    "panel:series_create": Form(values=lambda w: {"name": "Inkluderingsteamet"}),
    "reports:report_create": Form(page="reports:report_list", values=lambda w: {"year": str(TODAY.year - 3)}),
    "reports:section_create": Form(values=lambda w: {"heading": "Ekstra kapittel", "body": "Tekst."}),
    "surveys:links_create": Form(page="surveys:survey_detail", values=lambda w: {"count": "2"}),
    "surveys:question_create": Form(values=lambda w: {"kind": "score", "text": "Hvor fornøyd er du?"}),
    "surveys:survey_create": Form(
        values=lambda w: {"title": "Brukerundersøkelse", "report_year": str(TODAY.year), "groups_text": "Deltakere"}
    ),
}


class BrowserForm(HTMLParser):
    """The <form>s of a page and what a browser would send for each untouched: rendered values,
    checked boxes, selected (or else first) options, textarea text."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "data": {}, "selects": {}}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name, data = a.get("name"), self._form["data"]
        if tag == "option" and self._select:
            select = self._form["selects"][self._select]
            value = a.get("value", "")
            if select["first"] is None:
                select["first"] = value
            if "selected" in a:
                data[self._select].append(value)
        if not name:
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    data.setdefault(name, []).append(a.get("value", "on"))
                return
            data[name] = [a.get("value", "")]
        elif tag == "textarea":
            self._textarea = name
            data[name] = [""]
        elif tag == "select":
            self._select = name
            self._form["selects"][name] = {"multiple": "multiple" in a, "first": None}
            data.setdefault(name, [])

    def handle_data(self, text):
        if self._textarea and self._form is not None:
            self._form["data"][self._textarea][0] += text

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            for name, select in self._form["selects"].items():
                if not select["multiple"] and not self._form["data"][name] and select["first"] is not None:
                    self._form["data"][name] = [select["first"]]
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def row_counts():
    """Rows per model of the project's own apps and the accounts (the key's own table aside)."""
    return rows_per_model([
        model
        for config in apps.get_app_configs()
        if config.path.startswith(str(django_settings.BASE_DIR)) or config.label == "auth"
        for model in config.get_models()
        if model is not FormKey
    ])


def _kwargs(world, name):
    return MATRIX[name][0].kwargs(world)


def open_form(client, world, role_users, name):
    """Sign in as the case's role, open the page that shows the create form, return (action, data)."""
    case = FORMS[name]
    if role_users[case.role] is not None:
        client.force_login(role_users[case.role])
    kwargs = _once(world, f"kwargs {name}", lambda: _kwargs(world, name))  # built once: reopened, the page shows the same record
    action = reverse(name, kwargs=kwargs)
    page = reverse(case.page, kwargs=kwargs) if case.page else action
    response = client.get(page + case.query(world))
    assert response.status_code == 200, f"GET {page}"
    parser = BrowserForm()
    parser.feed(response.content.decode())
    forms = [form for form in parser.forms if urlsplit(urljoin(page, form["action"] or page)).path == action]
    assert forms, f"{page} shows no form posting to {action}"
    data = forms[0]["data"]
    assert formkeys.FIELD_NAME in data, f"the form posting to {action} carries no one-time key"
    data = {key: (values[0] if len(values) == 1 else values) for key, values in data.items() if values}
    data.pop("csrfmiddlewaretoken", None)
    return action, data


def _errors(response):
    import re

    html = response.content.decode()
    return re.findall(r'(?:invalid-feedback|errorlist|alert-danger)[^>]*>(.*?)</', html, re.S) or html[:2000]


def _post(client, action, data, world, name):
    typed = FORMS[name].values(world)  # fresh uploads per POST: a file object is read once
    return client.post(action, {**data, **typed})


def test_every_create_form_has_a_case():
    assert sorted(FORMS) == formkeys.create_views()


def test_a_create_url_without_the_key_fails_the_check(monkeypatch):
    from panel import views

    assert not [error for error in formkeys.check_create_views() if error.id == "portal.E010"]
    monkeypatch.setattr(views.meeting_create, "one_time_form", False)
    errors = formkeys.check_create_views()
    assert [error.obj for error in errors] == ["panel:meeting_create"]
    assert all(isinstance(error, checks.Error) for error in errors)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_second_post_of_the_same_form_stores_nothing_and_lands_on_the_first(client, world, role_users, name):
    action, data = open_form(client, world, role_users, name)
    before = row_counts()
    first = _post(client, action, data, world, name)
    assert first.status_code == 302, f"the first POST to {action} was not stored: {_errors(first)}"
    after_first = row_counts()
    assert after_first != before, "the first POST stored nothing"

    second = _post(client, action, data, world, name)  # Back + resubmit, or a double click

    assert row_counts() == after_first
    assert second.status_code == 302 and second["Location"] == first["Location"]
    landed = client.get(second["Location"], follow=True)
    assert "allerede sendt inn" in landed.content.decode()


@pytest.mark.parametrize("name", sorted(FORMS))
def test_back_and_send_again_stores_nothing_and_lands_on_the_first(client, world, role_users, name):
    """Back reloads the page (a fresh key) and the browser puts the typed fields back."""
    action, data = open_form(client, world, role_users, name)
    first = _post(client, action, data, world, name)
    assert first.status_code == 302, f"the first POST to {action} was not stored: {_errors(first)}"

    _action, reloaded = open_form(client, world, role_users, name)
    assert reloaded[formkeys.FIELD_NAME] != data[formkeys.FIELD_NAME]
    after_first = row_counts()  # (after the reload: opening the page signs in again, a log line)
    second = _post(client, action, reloaded, world, name)

    assert row_counts() == after_first
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert "allerede sendt inn" in client.get(second["Location"], follow=True).content.decode()


def test_the_same_content_later_than_the_window_is_a_new_record(client, world, role_users):
    from django.utils import timezone

    from outreach.models import Contact

    name = "outreach:contact_create"
    action, data = open_form(client, world, role_users, name)
    _post(client, action, data, world, name)
    FormKey.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=formkeys.RESUBMIT_MINUTES + 1))
    _action, reloaded = open_form(client, world, role_users, name)
    before = Contact.objects.count()

    assert _post(client, action, reloaded, world, name).status_code == 302
    assert Contact.objects.count() == before + 1


def test_another_user_sending_the_same_content_stores_their_own(client, world, role_users, django_user_model):
    from outreach.models import Contact
    from portal.privacy import roles
    from tests.conftest import make_user

    name = "outreach:contact_create"
    action, data = open_form(client, world, role_users, name)
    _post(client, action, data, world, name)
    other = Client()
    other.force_login(make_user(django_user_model, "koordinator2", roles.COORDINATOR))
    response = other.get(action + FORMS[name].query(world))
    parser = BrowserForm()
    parser.feed(response.content.decode())
    fresh = next(form["data"][formkeys.FIELD_NAME][0] for form in parser.forms if formkeys.FIELD_NAME in form["data"])
    before = Contact.objects.count()

    assert other.post(action, {**data, formkeys.FIELD_NAME: fresh, **FORMS[name].values(world)}).status_code == 302
    assert Contact.objects.count() == before + 1


def test_a_form_with_errors_keeps_its_key_for_the_corrected_submission(client, world, role_users):
    action, data = open_form(client, world, role_users, "panel:meeting_create")
    refused = client.post(action, {**data, "date": ""})
    assert refused.status_code == 200
    assert f'value="{data[formkeys.FIELD_NAME]}"' in refused.content.decode()
    assert not FormKey.objects.exists()

    stored = _post(client, action, data, world, "panel:meeting_create")

    assert stored.status_code == 302
    assert FormKey.objects.get().key == data[formkeys.FIELD_NAME]


def test_two_opened_forms_with_different_content_are_two_submissions(client, world, role_users):
    from panel.models import Meeting

    first_action, first = open_form(client, world, role_users, "panel:meeting_create")
    _action, second = open_form(client, world, role_users, "panel:meeting_create")
    assert first[formkeys.FIELD_NAME] != second[formkeys.FIELD_NAME]
    before = Meeting.objects.count()
    for data, title in ((first, "Erfaringspanelet"), (second, "Arbeidsgruppen")):
        client.post(first_action, {**data, **FORMS["panel:meeting_create"].values(world), "title": title})
    assert Meeting.objects.count() == before + 2


def test_another_users_key_does_not_show_them_what_the_first_created(client, world, role_users, django_user_model):
    from portal.privacy import roles
    from tests.conftest import make_user

    action, data = open_form(client, world, role_users, "panel:meeting_create")
    first = _post(client, action, data, world, "panel:meeting_create")
    client.force_login(make_user(django_user_model, "koordinator2", roles.COORDINATOR))

    second = _post(client, action, data, world, "panel:meeting_create")

    assert second.status_code == 302 and second["Location"] != first["Location"]
    assert second["Location"] == action


def test_expired_claims_are_forgotten(db):
    from django.utils import timezone

    old = FormKey.objects.create(key=formkeys.new_key(), view="x", created_at=timezone.now() - datetime.timedelta(days=31))
    recent = FormKey.objects.create(key=formkeys.new_key(), view="x")
    assert formkeys.forget_expired() == 1
    assert list(FormKey.objects.all()) == [recent]
    assert not FormKey.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections racing need a server database")
def test_two_simultaneous_posts_store_one_meeting(world, role_users):
    """Two requests on two database connections at once (a double click): one meeting."""
    from panel.models import Meeting

    user = role_users["coordinator"]
    opener = Client()
    action, data = open_form(opener, world, role_users, "panel:meeting_create")
    values = FORMS["panel:meeting_create"].values(world)
    start, responses = threading.Barrier(2), []

    def submit():
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            responses.append(client.post(action, {**data, **values}))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Meeting.objects.count() == 1
    assert sorted(response.status_code for response in responses) == [302, 302]
    assert {response["Location"] for response in responses} == {reverse("panel:meeting_detail", kwargs={"pk": Meeting.objects.get().pk})}
