"""The coordinator screens: upload → background job with progress → differences → accept; flags on the list."""

import datetime
import gzip
import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from brreg import selectors
from brreg.models import ImportRun, RegistryRecord
from tests.brreg.factories import unit, valid_numbers
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

OVERVIEW = "/koordinator/enhetsregisteret/"
DIFFERENCES = "/koordinator/enhetsregisteret/forskjeller/"


@pytest.fixture
def registry():
    n = valid_numbers(6)
    orgs = {
        "renamed": make_organisation(name="Somalisk Forening", org_number=n[0], municipality="Sandnes", address="Langgata 12, 4306 Sandnes"),
        "moved": make_organisation(name="Eritreisk Forening", org_number=n[1], municipality="Sandnes", address="Gamleveien 1, 4306 Sandnes"),
        "bankrupt": make_organisation(name="Konkursen", org_number=n[2], municipality="Sandnes", address="Langgata 12, 4306 Sandnes"),
        "missing": make_organisation(name="Borte", org_number=n[3]),
        "not_frivillig": make_organisation(name="Utenfor", org_number=n[4], municipality="Sandnes", address="Langgata 12, 4306 Sandnes"),
        "dissolving": make_organisation(name="Avvikles", org_number=n[5], municipality="Sandnes", address="Langgata 12, 4306 Sandnes"),
        "unnumbered": make_organisation(name="Uten nummer"),
    }
    units = [
        unit(n[0], "SOMALISK KULTURFORENING SANDNES"),
        unit(n[1], "ERITREISK FORENING", adresse=["Nyveien 5"], postnummer="4006", poststed="STAVANGER",
             kommune="STAVANGER", kommunenummer="1103"),
        unit(n[2], "KONKURSEN", konkurs=True, konkursdato="2026-01-15"),
        unit(n[4], "UTENFOR", frivillig=False),
        unit(n[5], "AVVIKLES", avvikling=True),
    ]
    return orgs, units


def upload(client, units, django_capture_on_commit_callbacks, name="enheter_alle.json.gz"):
    """Upload, then let the job queue work: the worker's own code path, run in this process."""
    data = gzip.compress(json.dumps(units).encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(OVERVIEW, {"file": SimpleUploadedFile(name, data, "application/gzip")})
    work_off_the_queue()
    return response


def work_off_the_queue():
    from portal.background import jobs

    return jobs.run_pending()


def test_the_upload_runs_in_the_background_and_reports(client, coordinator, registry, django_capture_on_commit_callbacks, settings):
    orgs, units = registry
    client.force_login(coordinator)
    response = upload(client, units, django_capture_on_commit_callbacks)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/koordinator/enhetsregisteret/import/{run.pk}/"
    # The job was queued at commit and run by the worker's code path (portal.background.jobs.run_pending).
    assert (run.status, run.entities_read, run.created_by) == ("done", 5, coordinator)
    assert run.result["bankrupt"] == ["Konkursen"] and run.result["not_found"] == ["Borte"]
    assert not list((settings.PRIVATE_MEDIA_ROOT / "brreg").iterdir()), "the uploaded file is removed after the import"
    page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    assert page.find(attrs={"data-status": "done"}) is not None
    assert "Konkursen" in page.get_text() and page.select_one("[data-job-running]") is None


def test_a_running_import_shows_its_progress_and_is_polled(client, coordinator):
    run = ImportRun.objects.create(file_name="enheter_alle.json.gz", stored_name="x", file_size=1000,
                                   status="running", bytes_read=420, entities_read=123_456)
    client.force_login(coordinator)
    page = BeautifulSoup(client.get(f"/koordinator/enhetsregisteret/import/{run.pk}/").content, "html.parser")
    assert page.find("progress")["value"] == "42"
    assert "123456 enheter lest" in page.get_text()
    card = page.select_one(".job-progress[data-job-running]")
    status = client.get(card["data-job-status-url"])
    assert status["Cache-Control"].startswith("max-age=0")
    assert status.json() == {"state": "running", "state_label": "Kjører", "finished": False, "done": 42, "total": 100,
                             "percent": 42, "message": "", "error": ""}
    ImportRun.objects.filter(pk=run.pk).update(status="done", result={"entities_read": 1})
    assert client.get(card["data-job-status-url"]).json()["state"] == "succeeded"


def test_the_uploaded_file_never_lands_under_media_root(client, coordinator, registry, settings, django_capture_on_commit_callbacks):
    orgs, units = registry
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False):  # the job is queued, not run yet
        client.post(OVERVIEW, {"file": SimpleUploadedFile("e.json.gz", gzip.compress(json.dumps(units).encode()))})
    assert ImportRun.objects.get().job.state == "queued"
    path = settings.PRIVATE_MEDIA_ROOT / ImportRun.objects.get().stored_name
    assert path.is_file() and gzip.decompress(path.read_bytes()) == json.dumps(units).encode()
    assert settings.MEDIA_ROOT not in path.parents
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))


@pytest.mark.parametrize("content", [b"PK\x03\x04 a zip file", b"<html>Not found</html>", b""])
def test_a_file_that_is_no_register_is_refused_and_nothing_starts(client, coordinator, content, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(OVERVIEW, {"file": SimpleUploadedFile("enheter.json.gz", content)})
    assert response.status_code == 400
    assert not ImportRun.objects.exists()


def test_a_broken_file_fails_the_run_with_its_reason_and_changes_nothing(client, coordinator, registry, django_capture_on_commit_callbacks):
    orgs, units = registry
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(OVERVIEW, {"file": SimpleUploadedFile("x.json.gz", gzip.compress(b'[{"organisasjonsnummer": '))})
    work_off_the_queue()
    run = ImportRun.objects.get()
    assert run.status == "failed" and "JSON" in run.error
    assert not RegistryRecord.objects.exists()
    page = BeautifulSoup(client.get(f"/koordinator/enhetsregisteret/import/{run.pk}/").content, "html.parser")
    assert "Ingenting ble endret" in page.find(role="alert").get_text()


def test_differences_are_listed_and_accepted_one_by_one_or_all(client, coordinator, registry, django_capture_on_commit_callbacks):
    orgs, units = registry
    client.force_login(coordinator)
    upload(client, units, django_capture_on_commit_callbacks)
    page = BeautifulSoup(client.get(DIFFERENCES).content, "html.parser")
    rows = {(int(tr["data-organisation"]), tr["data-field"]) for tr in page.select("tr[data-organisation]")}
    # Case and spacing alone are no difference; missing units and units without number have none.
    assert rows == {(orgs["renamed"].pk, "name"), (orgs["moved"].pk, "address"), (orgs["moved"].pk, "municipality")}

    client.post(f"/koordinator/enhetsregisteret/forskjeller/{orgs['moved'].pk}/godta/", {"field": "municipality"})
    orgs["moved"].refresh_from_db()
    assert (orgs["moved"].municipality, orgs["moved"].address) == ("Stavanger", "Gamleveien 1, 4306 Sandnes")

    client.post("/koordinator/enhetsregisteret/forskjeller/godta-alle/")
    for organisation in orgs.values():
        organisation.refresh_from_db()
    assert orgs["moved"].address == "Nyveien 5, 4006 Stavanger"
    assert orgs["renamed"].name == "SOMALISK KULTURFORENING SANDNES"
    assert orgs["missing"].name == "Borte"
    assert selectors.organisations_with_differences() == []


def test_accepting_a_name_another_organisation_has_is_refused(client, coordinator, registry, django_capture_on_commit_callbacks):
    orgs, units = registry
    make_organisation(name="Somalisk Kulturforening Sandnes")
    client.force_login(coordinator)
    upload(client, units, django_capture_on_commit_callbacks)
    response = client.post(f"/koordinator/enhetsregisteret/forskjeller/{orgs['renamed'].pk}/godta/", {"field": "name"}, follow=True)
    assert response.status_code == 200
    assert "heter allerede" in response.content.decode()
    orgs["renamed"].refresh_from_db()
    assert orgs["renamed"].name == "Somalisk Forening"


def test_the_organisation_list_flags_and_filters(client, council_staff, registry, coordinator, django_capture_on_commit_callbacks):
    orgs, units = registry
    client.force_login(coordinator)
    upload(client, units, django_capture_on_commit_callbacks)
    client.force_login(council_staff)

    def names(flag):
        page = BeautifulSoup(client.get("/koordinator/organisasjoner/", {"registry": flag}).content, "html.parser")
        return {a.get_text() for a in page.select("tbody td:first-child a")}, page

    assert names("bankrupt")[0] == {"Konkursen"}
    assert names("liquidation")[0] == {"Avvikles"}
    assert names("not_found")[0] == {"Borte"}
    assert names("not_in_frivillighetsregisteret")[0] == {"Utenfor"}
    everyone, page = names("")
    assert "Uten nummer" in everyone
    flags = {row.select_one("a").get_text(): {b["data-flag"] for b in row.select("[data-flag]")} for row in page.select("tbody tr")}
    assert flags["Konkursen"] == {"bankrupt"} and flags["Borte"] == {"not_found"} and flags["Uten nummer"] == set()


def test_a_changed_number_is_no_longer_flagged_by_the_old_check(client, council_staff, registry, coordinator, django_capture_on_commit_callbacks):
    orgs, units = registry
    client.force_login(coordinator)
    upload(client, units, django_capture_on_commit_callbacks)
    orgs["bankrupt"].org_number = valid_numbers(1, start=92_000_000)[0]
    orgs["bankrupt"].save()
    assert selectors.current_record(orgs["bankrupt"]) is None
    assert selectors.in_frivillighetsregisteret(orgs["bankrupt"]) is None
    client.force_login(council_staff)
    page = BeautifulSoup(client.get("/koordinator/organisasjoner/", {"registry": "bankrupt"}).content, "html.parser")
    assert not page.select("tbody td:first-child a")


def test_the_staff_page_says_when_it_was_last_checked(client, council_staff, registry, coordinator, django_capture_on_commit_callbacks):
    orgs, units = registry
    client.force_login(coordinator)
    upload(client, units, django_capture_on_commit_callbacks)
    client.force_login(council_staff)
    page = BeautifulSoup(client.get(f"/koordinator/organisasjoner/{orgs['bankrupt'].pk}/").content, "html.parser")
    section = page.find("section", {"aria-labelledby": "enhetsregisteret"})
    assert "Sist kontrollert mot Enhetsregisteret" in section.get_text()
    assert {b["data-flag"] for b in section.select("[data-flag]")} == {"bankrupt"}
    assert section.find("form") is None, "council staff read; they do not accept or re-check"
    unchecked = BeautifulSoup(client.get(f"/koordinator/organisasjoner/{orgs['unnumbered'].pk}/").content, "html.parser")
    assert "Ingen organisasjonsnummer" in unchecked.find("section", {"aria-labelledby": "enhetsregisteret"}).get_text()


def test_in_frivillighetsregisteret_for_the_grant_view(registry, tmp_path):
    orgs, units = registry
    from tests.brreg.factories import write_bulk
    from brreg.services import registry_import

    registry_import(path=write_bulk(tmp_path / "e.json.gz", units))
    assert selectors.in_frivillighetsregisteret(orgs["renamed"]) is True
    assert selectors.in_frivillighetsregisteret(orgs["not_frivillig"]) is False
    assert selectors.in_frivillighetsregisteret(orgs["missing"]) is False
    assert selectors.in_frivillighetsregisteret(orgs["unnumbered"]) is None
    from organisations.models import Organisation

    annotated = dict(Organisation.objects.annotate(f=selectors.in_frivillighetsregisteret_subquery()).values_list("name", "f"))
    assert annotated == {o.name: selectors.in_frivillighetsregisteret(o) for o in orgs.values()}


def test_the_yearly_reminder(client, coordinator, council_staff, registry):
    orgs, _units = registry
    client.force_login(coordinator)
    page = BeautifulSoup(client.get("/koordinator/").content, "html.parser")
    assert page.find(attrs={"data-reminder": "brreg"}) is not None  # never checked
    RegistryRecord.objects.create(organisation=orgs["renamed"], org_number=orgs["renamed"].org_number,
                                  checked_on=datetime.date.today() - datetime.timedelta(days=30), found=True)
    assert BeautifulSoup(client.get("/koordinator/").content, "html.parser").find(attrs={"data-reminder": "brreg"}) is None
    RegistryRecord.objects.update(checked_on=datetime.date.today() - datetime.timedelta(days=400))
    reminder = BeautifulSoup(client.get("/koordinator/").content, "html.parser").find(attrs={"data-reminder": "brreg"})
    assert "sist kontrollert" in reminder.get_text()
    client.force_login(council_staff)
    assert BeautifulSoup(client.get("/koordinator/").content, "html.parser").find(attrs={"data-reminder": "brreg"}) is None


def test_the_reminder_command(registry, capsys):
    from django.core.management import call_command

    orgs, _units = registry
    call_command("brreg_reminder")
    assert "aldri kontrollert" in capsys.readouterr().out
    RegistryRecord.objects.create(organisation=orgs["renamed"], org_number=orgs["renamed"].org_number,
                                  checked_on=datetime.date.today(), found=True)
    call_command("brreg_reminder")
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("user", ["council_staff", "editor", "outsider"])
def test_only_coordinators_upload_or_accept(client, request, registry, user):
    orgs, _units = registry
    client.force_login(request.getfixturevalue(user))
    assert client.post(OVERVIEW, {"file": SimpleUploadedFile("e.json.gz", gzip.compress(b"[]"))}).status_code == 403
    assert client.post("/koordinator/enhetsregisteret/forskjeller/godta-alle/").status_code == 403
    assert client.get(DIFFERENCES).status_code == 403
    assert not ImportRun.objects.exists()
