"""The attendance page at the door: only changed rows are saved, so two coordinators registering
at once keep each other's entries; the page stays cheap with hundreds of organisations."""

import re
import shutil
import subprocess

import pytest
from django.db.models import Q
from django.test import Client

from organisations.models import Kind, Organisation
from panel.forms import Change, DoorForm, Typed
from panel.models import Attendance
from tests.conftest import make_user
from tests.panel.factories import attend, meeting, organisation

pytestmark = pytest.mark.django_db
DOOR_PAGE_QUERIES = 9


def pdf_text(content, tmp_path, m):
    """The PDF's text by pdftotext (poppler-utils, installed by .ci/run); on a machine without
    it, the text of the pages WeasyPrint laid out for the same sheet."""
    if shutil.which("pdftotext"):
        pdf = tmp_path / "sheet.pdf"
        pdf.write_bytes(content)
        return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from organisations.models import Organisation as Org

    organisations = Org.objects.filter(Q(invitations__meeting=m) | Q(attendances__meeting=m)).distinct().order_by("name")
    html = render_to_string("panel/sign_in_sheet.html", {"meeting": m, "organisations": organisations, "blank_rows": range(1)})
    document = HTML(string=html).render()

    def texts(box):
        if hasattr(box, "text"):
            yield box.text
        for child in getattr(box, "children", []):
            yield from texts(child)

    return " ".join(text for page in document.pages for text in texts(page._page_box))


def url(m):
    return f"/koordinator/panel/{m.pk}/oppmote/"


def form_as_shown(response):
    """The POST a browser would send for the page as rendered: every row's shown value and its
    hidden initial value, and the head counts."""
    import re

    content = response.content.decode()
    data = {}
    for name, value in re.findall(r'<input[^>]*name="((?:[pi]|hi?)-[\w-]+)"[^>]*value="([^"]*)"', content):
        data[name] = value
    for name in re.findall(r'<input[^>]*type="number"[^>]*name="([ph]-[\w-]+)"[^>]*value=""', content):
        data.setdefault(name, "")
    return data


@pytest.fixture
def second_coordinator(django_user_model):
    from portal.privacy import roles

    return make_user(django_user_model, "koordinator2", roles.COORDINATOR)


def test_two_coordinators_saving_at_once_keep_each_others_entries(client, coordinator, second_coordinator):
    m = meeting("2025-03-01")
    a, b, c = organisation("A-forening"), organisation("B-forening"), organisation("C-forening")
    attend(m, c, 2)
    first, second = client, Client()
    first.force_login(coordinator)
    second.force_login(second_coordinator)

    # Both open the page before either saves.
    form_one = form_as_shown(first.get(url(m)))
    form_two = form_as_shown(second.get(url(m)))
    assert form_one[f"p-{c.pk}"] == "2" and form_one[f"i-{c.pk}"] == "2"

    form_one[f"p-{a.pk}"] = "3"
    form_one["h-coordinators_count"] = "2"
    assert first.post(url(m), form_one).status_code == 302
    form_two[f"p-{b.pk}"] = "4"
    form_two["h-students_count"] = "5"
    assert second.post(url(m), form_two).status_code == 302

    counts = dict(Attendance.objects.filter(meeting=m).values_list("organisation__name", "participants"))
    assert counts == {"A-forening": 3, "B-forening": 4, "C-forening": 2}
    m.refresh_from_db()
    assert (m.coordinators_count, m.students_count) == (2, 5)


def test_a_stale_page_does_not_undo_a_removal_or_a_change_by_someone_else(client, coordinator):
    m = meeting("2025-03-01")
    a, b = organisation("A"), organisation("B")
    attend(m, a, 2)
    attend(m, b, 1)
    client.force_login(coordinator)
    stale = form_as_shown(client.get(url(m)))
    Attendance.objects.filter(meeting=m, organisation=a).delete()  # the other coordinator removed A
    Attendance.objects.filter(meeting=m, organisation=b).update(participants=5)  # and changed B
    stale[f"p-{b.pk}"] = "1"  # unchanged on this page
    client.post(url(m), stale)
    assert dict(Attendance.objects.filter(meeting=m).values_list("organisation__name", "participants")) == {"B": 5}


def test_clearing_a_count_removes_the_attendance(client, coordinator):
    m = meeting("2025-03-01")
    a = organisation("A")
    attend(m, a, 2)
    client.force_login(coordinator)
    data = form_as_shown(client.get(url(m)))
    data[f"p-{a.pk}"] = "0"
    client.post(url(m), data)
    assert not Attendance.objects.filter(meeting=m).exists()


def test_a_bad_value_marks_its_row_and_every_other_count_is_saved(client, coordinator):
    m = meeting("2025-03-01")
    a, b, c = organisation("A"), organisation("B"), organisation("C")
    client.force_login(coordinator)
    data = form_as_shown(client.get(url(m)))
    data[f"p-{a.pk}"], data[f"p-{b.pk}"], data[f"p-{c.pk}"] = "3", "-4", "4"
    response = client.post(url(m), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert dict(Attendance.objects.values_list("organisation__name", "participants")) == {"A": 3, "C": 4}
    # The bad row is marked and keeps what was typed; the summary links to it.
    assert re.search(rf'<tr id="rad-{b.pk}"[^>]*attendance-invalid', content)
    assert re.search(rf'<input[^>]*name="p-{b.pk}" value="-4" aria-invalid="true"', content)
    assert f'href="#p-{b.pk}"' in content and "Skriv et helt tall fra 0 til 999." in content
    assert "Resten er lagret (2 endret, 0 fjernet)" in content
    # Correcting it and saving again saves that row, and the saved ones are not touched twice.
    again = form_as_shown(response)
    assert again[f"p-{a.pk}"] == "3" and again[f"i-{a.pk}"] == "3"
    again[f"p-{b.pk}"] = "2"
    assert client.post(url(m), again).status_code == 302
    assert dict(Attendance.objects.values_list("organisation__name", "participants")) == {"A": 3, "B": 2, "C": 4}


def test_adding_a_new_organisation_keeps_every_typed_count(client, coordinator):
    """The issue's door: 3, 2 and 4 typed, then a newly arrived organisation added."""
    m = meeting("2025-03-01")
    a, b, c = organisation("A"), organisation("B"), organisation("C")
    client.force_login(coordinator)
    data = form_as_shown(client.get(url(m)))
    data.update({f"p-{a.pk}": "3", f"p-{b.pk}": "2", f"p-{c.pk}": "4", "h-guests_count": "1"})
    data.update({"add": "", "new-name": "Helt Ny Forening", "new-kind": Kind.FAITH_COMMUNITY, "new-participants": "5"})
    response = client.post(url(m), data)
    new = Organisation.objects.get(name="Helt Ny Forening")
    assert response.status_code == 302 and response.url.endswith(f"#rad-{new.pk}")
    assert new.kind == Kind.FAITH_COMMUNITY
    assert dict(Attendance.objects.values_list("organisation__name", "participants")) == {
        "A": 3, "B": 2, "C": 4, "Helt Ny Forening": 5,
    }
    m.refresh_from_db()
    assert m.guests_count == 1
    page = client.get(response.url).content.decode()
    assert "«Helt Ny Forening» er registrert og ført opp som til stede." in page


def test_adding_an_existing_organisation_by_name_registers_it_without_a_duplicate(client, coordinator):
    m = meeting("2025-03-01")
    existing = organisation("Polsk-Norsk Forening")
    client.force_login(coordinator)
    data = form_as_shown(client.get(url(m)))
    data.update({"add": "", "new-name": "polsk-norsk forening", "new-kind": Kind.OTHER, "new-participants": "2"})
    assert client.post(url(m), data).status_code == 302
    assert Organisation.objects.filter(name__iexact="polsk-norsk forening").count() == 1
    assert Attendance.objects.get(meeting=m, organisation=existing).participants == 2


def test_adding_an_organisation_already_present_points_to_it_and_keeps_its_count(client, coordinator):
    m = meeting("2025-03-01")
    listed, other = organisation("Polsk-Norsk Forening"), organisation("Annen")
    attend(m, listed, 3)
    client.force_login(coordinator)
    data = form_as_shown(client.get(url(m)))
    data.update({f"p-{other.pk}": "2", "add": "", "new-name": "POLSK-NORSK FORENING", "new-kind": Kind.OTHER, "new-participants": "5"})
    response = client.post(url(m), data)
    assert response.status_code == 200
    assert Attendance.objects.get(meeting=m, organisation=listed).participants == 3
    assert Attendance.objects.get(meeting=m, organisation=other).participants == 2
    content = response.content.decode()
    assert re.search(rf'<tr id="rad-{listed.pk}"[^>]*attendance-pointed', content)
    assert f'href="#p-{listed.pk}"' in content
    assert "står allerede på listen med 3 deltakere. Du skrev 5" in content


def test_the_add_button_without_a_name_says_so_and_still_saves_the_counts(client, coordinator):
    m = meeting("2025-03-01")
    a = organisation("A")
    client.force_login(coordinator)
    data = form_as_shown(client.get(url(m)))
    data.update({f"p-{a.pk}": "3", "add": "", "new-name": " ", "new-participants": "1", "new-kind": Kind.OTHER})
    response = client.post(url(m), data)
    assert response.status_code == 200
    assert "Skriv navnet på organisasjonen som skal legges til." in response.content.decode()
    assert Attendance.objects.get(organisation=a).participants == 3


def test_the_second_of_two_conflicting_counts_is_told_not_overwritten(client, coordinator, second_coordinator):
    m = meeting("2025-03-01")
    a = organisation("A")
    first, second = client, Client()
    first.force_login(coordinator)
    second.force_login(second_coordinator)
    form_one, form_two = form_as_shown(first.get(url(m))), form_as_shown(second.get(url(m)))
    form_one[f"p-{a.pk}"], form_one["h-students_count"] = "5", "2"
    assert first.post(url(m), form_one).status_code == 302
    form_two[f"p-{a.pk}"], form_two["h-students_count"] = "7", "3"
    response = second.post(url(m), form_two)
    assert response.status_code == 200
    content = response.content.decode()
    assert Attendance.objects.get(organisation=a).participants == 5
    m.refresh_from_db()
    assert m.students_count == 2
    assert "Noen andre har endret tallet til 5 mens du skrev. Du skrev 7" in content
    assert "Noen andre har endret tallet til 2 mens du skrev. Du skrev 3" in content
    # The second coordinator's 7 stays in the field; saving again is a deliberate overwrite.
    again = form_as_shown(response)
    assert (again[f"p-{a.pk}"], again[f"i-{a.pk}"]) == ("7", "5")
    assert second.post(url(m), again).status_code == 302
    assert Attendance.objects.get(organisation=a).participants == 7


def test_a_row_for_an_unknown_organisation_is_ignored(client, coordinator):
    m = meeting("2025-03-01")
    a = organisation("A")
    client.force_login(coordinator)
    response = client.post(url(m), {f"p-{a.pk}": "2", f"i-{a.pk}": "", "p-999999": "3", "i-999999": ""})
    assert response.status_code == 302
    assert list(Attendance.objects.values_list("organisation__name", "participants")) == [("A", 2)]


def test_invited_and_attending_organisations_come_first_and_the_search_filters(client, coordinator):
    from panel.models import Invitation

    m = meeting("2025-03-01")
    organisation("Aaa Forening")
    invited = organisation("Zzz Invitert")
    present = organisation("Yyy Til stede")
    Invitation.objects.create(meeting=m, organisation=invited)
    attend(m, present, 2)
    client.force_login(coordinator)
    content = client.get(url(m)).content.decode()
    assert content.index("Yyy Til stede") < content.index("Aaa Forening")
    assert content.index("Zzz Invitert") < content.index("Aaa Forening")
    filtered = client.get(url(m) + "?q=zzz").content.decode()
    assert "Zzz Invitert" in filtered and "Aaa Forening" not in filtered


def test_the_door_page_costs_the_same_queries_for_10_and_40_organisations(client, coordinator, django_assert_num_queries):
    m = meeting("2025-03-01")
    client.force_login(coordinator)

    def build(n, prefix):
        orgs = Organisation.objects.bulk_create(
            [Organisation(name=f"{prefix} {i:03d}", slug=f"{prefix.lower()}-{i}", kind=Kind.IMMIGRANT_ORGANISATION) for i in range(n)]
        )
        for org in orgs[: n // 3]:
            attend(m, org, 2)
        return orgs

    # 1 session, 2 user, 3 the user's roles (groups), 4 the meeting, 5 its attendances, 6 its
    # invitations, 7 the organisations, 8 the navigation's "is this user an editor" (base.html),
    # 9 the invitations' replies (what the meeting needs: people, interpreters, diets).
    build(10, "Liten")
    with django_assert_num_queries(DOOR_PAGE_QUERIES):
        assert client.get(url(m)).status_code == 200
    build(30, "Stor")
    with django_assert_num_queries(DOOR_PAGE_QUERIES):
        response = client.get(url(m))
    assert response.content.decode().count('name="p-') == 40


def test_only_coordinators_register_attendance(client, council_staff, outsider):
    m = meeting("2025-03-01")
    assert client.get(url(m)).status_code == 302
    client.force_login(outsider)
    assert client.get(url(m)).status_code == 403
    client.force_login(council_staff)
    assert client.get(url(m)).status_code == 403
    assert client.post(url(m), {f"p-{organisation('X').pk}": "2"}).status_code == 403
    assert not Attendance.objects.exists()


def test_sign_in_sheet_pdf_lists_invited_and_present_organisations(client, coordinator, tmp_path):
    from panel.models import Invitation

    m = meeting("2025-03-01", title="Vårmøte")
    Invitation.objects.create(meeting=m, organisation=organisation("Eritreisk Forening i Rogaland"))
    attend(m, organisation("Polsk-Norsk Forening"))
    organisation("Ikke invitert forening")
    client.force_login(coordinator)
    response = client.get(f"/koordinator/panel/{m.pk}/innloggingsark.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.getvalue()
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path, m)
    assert "Innloggingsark" in text and "Vårmøte" in text
    assert "Eritreisk Forening i Rogaland" in text
    assert "Polsk-Norsk Forening" in text
    assert "Ikke invitert forening" not in text


def test_the_door_form_has_no_empty_action(client, coordinator):
    """An empty action attribute is invalid HTML (the W3C checker's one error on the page); without
    a search the form posts to the page's own address by leaving the attribute out."""
    m = meeting("2025-11-20")
    client.force_login(coordinator)
    page = client.get(f"/koordinator/panel/{m.pk}/oppmote/").content.decode()
    assert 'action=""' not in page and "data-attendance-form" in page
    searched = client.get(f"/koordinator/panel/{m.pk}/oppmote/", {"q": "forening"}).content.decode()
    assert 'action="?q=forening"' in searched


def test_the_door_form_reads_the_page_into_named_changes_and_keeps_a_bad_value_as_typed():
    door = DoorForm(
        {"p-5": "3", "i-5": "", "p-6": "tre", "i-6": "2", "p-7": "4", "i-7": "4", "p-x": "1",
         "h-guests_count": "2", "hi-guests_count": "0", "h-unknown": "9"},
        head_fields=["guests_count"],
    )
    assert not door.is_valid()
    assert door.changes == {5: Change(shown=None, new=3)}  # row 7 is unchanged, p-x no row
    assert door.bad_rows == {6: Typed(value="tre", shown="2")}
    assert door.head_changes == {"guests_count": Change(shown=0, new=2)} and not door.bad_heads
    assert door.addition is None
