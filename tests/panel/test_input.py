"""Input (innspill): raised at a meeting, answered by the assigned service, shown in public."""

import datetime

import pytest

from panel.models import InputItem, ServiceMember
from tests.panel.factories import meeting, organisation, service

pytestmark = pytest.mark.django_db


def test_an_input_goes_from_raised_to_answered_to_public_through_the_pages(client, coordinator, council_staff):
    m = meeting("2025-05-15", title="Barnevern og Hele familien")
    barnevern = service("Barneverntjenesten")
    raised_by = organisation("Fedrenettverket")
    ServiceMember.objects.create(user=council_staff, organisation=barnevern)

    # 1. The coordinator registers the input raised at the meeting.
    client.force_login(coordinator)
    response = client.post(
        "/koordinator/innspill/nytt/",
        {
            "meeting": m.pk, "text": "Informasjon om barnevernet på flere språk.", "raised_by": raised_by.pk,
            "theme": "Barnevern", "assigned_service": barnevern.pk, "status": "forwarded",
            "raised_on": "2025-05-15", "due_on": "2025-06-30",
        },
    )
    assert response.status_code == 302
    item = InputItem.objects.get()
    assert item.status == "forwarded"
    public_page = f"/erfaringspanelet/{m.pk}/"
    assert "Informasjon om barnevernet" not in client.get(public_page).content.decode()

    # 2. Council staff of the service see it in their list and answer it.
    client.force_login(council_staff)
    listing = client.get("/koordinator/innspill/").content.decode()
    assert "Informasjon om barnevernet" in listing
    assert f"/koordinator/innspill/{item.pk}/svar/" in listing
    response = client.post(
        f"/koordinator/innspill/{item.pk}/svar/",
        {"answer": "Brosjyren finnes nå på arabisk og tigrinja.", "status": "answered"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "answered"
    assert item.answered_on is not None
    assert item.answered_by == council_staff
    # Answered but not yet public.
    assert "Brosjyren finnes" not in client.get(public_page).content.decode()

    # 3. The coordinator marks it public.
    client.force_login(coordinator)
    data = {
        "meeting": m.pk, "text": item.text, "raised_by": raised_by.pk, "theme": item.theme,
        "assigned_service": barnevern.pk, "status": item.status, "raised_on": "2025-05-15",
        "due_on": "2025-06-30", "answer": item.answer, "answered_on": item.answered_on.isoformat(), "public": "on",
    }
    assert client.post(f"/koordinator/innspill/{item.pk}/", data).status_code == 302

    # 4. Anyone sees the input and the answer on the meeting's public page.
    client.logout()
    content = client.get(public_page).content.decode()
    assert "Informasjon om barnevernet på flere språk." in content
    assert "Brosjyren finnes nå på arabisk og tigrinja." in content
    assert "Barneverntjenesten" in content


def test_an_unanswered_item_cannot_be_made_public(client, coordinator):
    m = meeting("2025-05-15")
    client.force_login(coordinator)
    response = client.post(
        "/koordinator/innspill/nytt/",
        {"meeting": m.pk, "text": "Et innspill", "status": "new", "raised_on": "2025-05-15", "public": "on"},
    )
    assert response.status_code == 200
    assert not InputItem.objects.exists()


def test_council_staff_answer_only_their_own_services_items(client, council_staff):
    m = meeting("2025-05-15")
    own, other = service("Nav Demo"), service("Kultur Demo")
    ServiceMember.objects.create(user=council_staff, organisation=own)
    mine = InputItem.objects.create(meeting=m, text="Til Nav", assigned_service=own)
    theirs = InputItem.objects.create(meeting=m, text="Til Kultur", assigned_service=other)
    client.force_login(council_staff)
    listing = client.get("/koordinator/innspill/").content.decode()
    assert "Til Nav" in listing and "Til Kultur" not in listing
    assert client.get(f"/koordinator/innspill/{mine.pk}/svar/").status_code == 200
    assert client.get(f"/koordinator/innspill/{theirs.pk}/svar/").status_code == 404
    assert client.post(f"/koordinator/innspill/{theirs.pk}/svar/", {"answer": "x", "status": "answered"}).status_code == 404
    assert client.get(f"/koordinator/innspill/{mine.pk}/").status_code == 403  # editing is the coordinators'
    theirs.refresh_from_db()
    assert theirs.answer == ""


def test_outsiders_and_visitors_see_no_follow_up_list(client, outsider):
    assert client.get("/koordinator/innspill/").status_code == 302
    client.force_login(outsider)
    assert client.get("/koordinator/innspill/").status_code == 403


def test_follow_up_list_shows_overdue_items_and_counts_by_service(client, coordinator):
    m = meeting("2025-05-15")
    nav, kultur = service("Nav Demo"), service("Kultur Demo")
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    InputItem.objects.create(meeting=m, text="Forfalt hos Nav", assigned_service=nav, raised_on=m.date, due_on=yesterday, status="forwarded")
    InputItem.objects.create(meeting=m, text="Besvart hos Nav", assigned_service=nav, raised_on=m.date, due_on=yesterday, status="answered")
    InputItem.objects.create(meeting=m, text="I rute hos Kultur", assigned_service=kultur, due_on=datetime.date.today() + datetime.timedelta(days=5))
    client.force_login(coordinator)
    client.get("/koordinator/innspill/")  # seen: the "new since last visit" box lists none of them below
    overdue = client.get("/koordinator/innspill/?overdue=on").content.decode()
    assert "Forfalt hos Nav" in overdue
    assert "Besvart hos Nav" not in overdue and "I rute hos Kultur" not in overdue
    by_kultur = client.get(f"/koordinator/innspill/?service={kultur.pk}").content.decode()
    assert "I rute hos Kultur" in by_kultur and "Forfalt hos Nav" not in by_kultur

    from panel.selectors import input_counts_by_service

    counts = {s.name: (s.open_count, s.overdue_count, s.total_count) for s in input_counts_by_service()}
    assert counts == {"Kultur Demo": (1, 0, 1), "Nav Demo": (1, 1, 2)}


def test_follow_up_list_query_count_does_not_grow(client, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)

    def build(n):
        m = meeting(f"2025-0{n % 9 + 1}-0{n % 9 + 1}")
        for i in range(n):
            InputItem.objects.create(meeting=m, text=f"Innspill {n}-{i}", assigned_service=service(), raised_by=organisation())

    # Each measured visit follows one that saw everything: the list's growth is measured here, the
    # "new since last visit" box's queries are pinned in test_input_closes.py.
    build(2)
    client.get("/koordinator/innspill/")
    # (Four of them read what the items led to: plan items, measures, activities, series.)
    with django_assert_max_num_queries(16) as small:
        client.get("/koordinator/innspill/")
    small_count = len(small.captured_queries)  # read now: the next request empties the query log
    assert small_count >= 13
    build(25)
    client.get("/koordinator/innspill/")
    with django_assert_max_num_queries(small_count):
        client.get("/koordinator/innspill/")


def test_public_meeting_page_is_only_for_panel_meetings(client):
    working = meeting("2025-05-15", kind="working_group")
    assert client.get(f"/erfaringspanelet/{working.pk}/").status_code == 404


def test_a_coordinator_links_council_staff_to_their_service(client, coordinator, council_staff, outsider):
    nav = service("Nav Demo")
    client.force_login(coordinator)
    page = client.get("/koordinator/innspill/virksomheter/").content.decode()
    assert "kommune" in page and "utenforstaende" not in page  # only council staff can be linked
    assert client.post("/koordinator/innspill/virksomheter/", {"user": council_staff.pk, "organisation": nav.pk}).status_code == 302
    assert ServiceMember.objects.filter(user=council_staff, organisation=nav).exists()
    again = client.post("/koordinator/innspill/virksomheter/", {"user": council_staff.pk, "organisation": nav.pk})
    assert again.status_code == 200 and ServiceMember.objects.count() == 1
    assert client.post("/koordinator/innspill/virksomheter/", {"user": outsider.pk, "organisation": nav.pk}).status_code == 200
    member = ServiceMember.objects.get()
    client.post(f"/koordinator/innspill/virksomheter/{member.pk}/slett/")
    assert not ServiceMember.objects.exists()
    client.force_login(council_staff)
    assert client.get("/koordinator/innspill/virksomheter/").status_code == 403


def test_an_item_saved_without_a_raised_date_was_raised_on_the_meetings_date(client, coordinator):
    m = meeting("2025-05-15")
    client.force_login(coordinator)

    response = client.post(
        "/koordinator/innspill/nytt/", {"meeting": m.pk, "text": "Tolk på møtene.", "status": "new", "raised_on": ""}
    )

    assert response.status_code == 302
    assert InputItem.objects.get().raised_on == datetime.date(2025, 5, 15)
