"""Input that closes: sending an item to a service e-mails the people who answer for it, the
service's answer closes it (answered, dated, off the overdue list) and tells the coordinator, and
the coordinator's overview shows what is new since the last visit."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from panel.models import InputItem, ServiceMember
from portal.privacy import roles
from tests.conftest import make_user, today
from tests.panel.factories import meeting, organisation, service

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(settings, django_user_model, coordinator, council_staff):
    settings.PORTAL_BASE_URL = "https://mangfold.example.org"
    nav, kultur = service("Nav Testby"), service("Kultur Testby")
    ServiceMember.objects.create(user=council_staff, organisation=nav)  # kommune@example.org
    colleague = make_user(django_user_model, "kollega", roles.COUNCIL_STAFF)
    ServiceMember.objects.create(user=colleague, organisation=nav)
    without_address = make_user(django_user_model, "utenepost", roles.COUNCIL_STAFF)
    without_address.email = ""
    without_address.save()
    ServiceMember.objects.create(user=without_address, organisation=nav)
    left = make_user(django_user_model, "sluttet", roles.COUNCIL_STAFF)
    left.is_active = False
    left.save()
    ServiceMember.objects.create(user=left, organisation=nav)
    culture_staff = make_user(django_user_model, "kulturansatt", roles.COUNCIL_STAFF)
    ServiceMember.objects.create(user=culture_staff, organisation=kultur)
    m = meeting(today() - 40 * DAY, title="Erfaringspanelet høst", status="held")
    return {"nav": nav, "kultur": kultur, "meeting": m, "raised_by": organisation("Fedrenettverket")}


def _listed(client, query):
    return [item.text for item in client.get("/koordinator/innspill/" + query).context["items"]]


def _tile(overview, key):
    return next(tile["count"] for tile in overview["tiles"] if tile["key"] == key)


def _form(world, **fields):
    data = {
        "meeting": world["meeting"].pk, "text": "Tolk ved timer hos Nav.", "raised_by": world["raised_by"].pk,
        "theme": "Arbeid", "assigned_service": world["nav"].pk, "status": "forwarded",
        "raised_on": world["meeting"].date.isoformat(), "due_on": (today() - DAY).isoformat(),
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def test_assigning_an_item_mails_each_member_of_the_service_with_an_address_once(client, coordinator, world, run_jobs):
    client.force_login(coordinator)
    with run_jobs():
        response = client.post("/koordinator/innspill/nytt/", _form(world), follow=True)
    item = InputItem.objects.get()
    assert item.assigned_by == coordinator
    assert sorted(message.to[0] for message in mail.outbox) == ["kollega@example.org", "kommune@example.org"]
    assert all(len(message.to) == 1 for message in mail.outbox)  # one e-mail each: no colleague's address shown
    body = mail.outbox[0].body
    assert "Tolk ved timer hos Nav." in body
    assert "Erfaringspanelet høst" in body
    assert f"{item.due_on.day}. " in body and str(item.due_on.year) in body and item.due_on.isoformat() not in body
    assert f"https://mangfold.example.org/koordinator/innspill/{item.pk}/svar/" in body
    assert "Nav Testby" in mail.outbox[0].subject
    assert "E-post om innspillet sendes til 2 personer i Nav Testby." in response.content.decode()

    # Saving again with the same service mails nobody; moving it to another service mails that one.
    data = _form(world)
    with run_jobs():
        client.post(f"/koordinator/innspill/{item.pk}/", data)
    assert len(mail.outbox) == 2
    with run_jobs():
        client.post(f"/koordinator/innspill/{item.pk}/", _form(world, assigned_service=world["kultur"].pk))
    assert [message.to for message in mail.outbox[2:]] == [["kulturansatt@example.org"]]
    # Taking the service away mails nobody either.
    with run_jobs():
        client.post(f"/koordinator/innspill/{item.pk}/", _form(world, assigned_service=None))
    assert len(mail.outbox) == 3


def test_a_service_nobody_can_be_mailed_at_is_said_to_the_coordinator(client, coordinator, world, run_jobs):
    lonely = service("Barneverntjenesten")
    client.force_login(coordinator)
    with run_jobs():
        response = client.post("/koordinator/innspill/nytt/", _form(world, assigned_service=lonely.pk), follow=True)
    assert mail.outbox == []
    content = response.content.decode()
    assert "Ingen som svarer for Barneverntjenesten har en e-postadresse i portalen, så ingen fikk e-post" in content
    assert "sendes til" not in content
    assert "alert-warning" in content


def test_the_services_answer_closes_the_item_dated_today_and_tells_the_coordinator_who_sent_it(
    client, coordinator, council_staff, django_user_model, world, run_jobs
):
    other_coordinator = make_user(django_user_model, "koordinator2", roles.COORDINATOR)
    client.force_login(coordinator)
    with run_jobs():
        client.post("/koordinator/innspill/nytt/", _form(world))
    item = InputItem.objects.get()
    mail.outbox.clear()
    assert _listed(client, "?overdue=on") == ["Tolk ved timer hos Nav."]

    client.force_login(council_staff)
    page = client.get(f"/koordinator/innspill/{item.pk}/svar/").content.decode()
    assert 'value="forwarded"' not in page and 'value="new"' not in page and 'value="in_progress"' not in page
    with run_jobs():
        response = client.post(f"/koordinator/innspill/{item.pk}/svar/", {"answer": "Vi bestiller tolk ved hver time.", "status": "answered"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.answered_on, item.answered_by) == ("answered", today(), council_staff)

    (told,) = mail.outbox
    assert told.to == [coordinator.email] and other_coordinator.email not in told.to
    assert "Vi bestiller tolk ved hver time." in told.body and "Nav Testby" in told.body
    assert f"https://mangfold.example.org/koordinator/innspill/{item.pk}/" in told.body

    # Off the overdue list and the open filter, and off the dashboards' overdue counts.
    client.force_login(coordinator)
    assert _listed(client, "?overdue=on") == []
    assert _listed(client, "?status=open") == []
    assert _listed(client, "?status=answered") == ["Tolk ved timer hos Nav."]
    from hub.dashboard import coordinator_overview

    assert _tile(coordinator_overview(user=coordinator), "overdue_input") == 0

    # Correcting the answer keeps the date and mails nobody again.
    client.force_login(council_staff)
    with run_jobs():
        client.post(f"/koordinator/innspill/{item.pk}/svar/", {"answer": "Rettet svar.", "status": "answered"})
    item.refresh_from_db()
    assert item.answer == "Rettet svar." and item.answered_on == today()
    assert len(mail.outbox) == 1


def test_an_item_without_a_known_sender_tells_every_coordinator_with_an_address(
    client, coordinator, council_staff, django_user_model, world, run_jobs
):
    second = make_user(django_user_model, "koordinator2", roles.COORDINATOR)
    silent = make_user(django_user_model, "koordinator3", roles.COORDINATOR)
    silent.email = ""
    silent.save()
    item = InputItem.objects.create(  # as the admin or a restore would write it: no assigned_by
        meeting=world["meeting"], text="Lokaler", assigned_service=world["nav"], status="forwarded", raised_on=world["meeting"].date
    )
    client.force_login(council_staff)
    with run_jobs():
        client.post(f"/koordinator/innspill/{item.pk}/svar/", {"answer": "Se bydelshuset.", "status": "answered"})
    assert sorted(message.to[0] for message in mail.outbox) == sorted([coordinator.email, second.email])
    assert council_staff.email not in [message.to[0] for message in mail.outbox]


def test_the_answer_form_refuses_an_empty_answer_and_leaving_it_forwarded(client, council_staff, world, run_jobs):
    item = InputItem.objects.create(
        meeting=world["meeting"], text="Lokaler", assigned_service=world["nav"], status="forwarded", raised_on=world["meeting"].date
    )
    client.force_login(council_staff)
    with run_jobs():
        empty = client.post(f"/koordinator/innspill/{item.pk}/svar/", {"answer": "   ", "status": "answered"})
        forwarded = client.post(f"/koordinator/innspill/{item.pk}/svar/", {"answer": "Svar", "status": "forwarded"})
    assert empty.status_code == 200
    assert "Skriv svaret før du lagrer." in empty.content.decode()
    assert forwarded.status_code == 200 and "status" in forwarded.context["form"].errors
    item.refresh_from_db()
    assert (item.status, item.answer, item.answered_on) == ("forwarded", "", None)
    assert mail.outbox == []


def test_a_coordinator_still_sets_any_status_in_the_edit_form(client, coordinator, world):
    item = InputItem.objects.create(
        meeting=world["meeting"], text="Lokaler", assigned_service=world["nav"], status="answered", raised_on=world["meeting"].date
    )
    client.force_login(coordinator)
    client.post(f"/koordinator/innspill/{item.pk}/", _form(world, text="Lokaler", status="in_progress"))
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_the_overview_shows_what_is_new_since_the_coordinators_last_visit(client, coordinator, django_user_model, world):
    other = make_user(django_user_model, "koordinator2", roles.COORDINATOR)
    m = world["meeting"]
    untouched = InputItem.objects.create(meeting=m, text="Urørt sak", raised_on=m.date)
    to_answer = InputItem.objects.create(meeting=m, text="Sak som blir besvart", assigned_service=world["nav"], status="forwarded", raised_on=m.date)
    to_change = InputItem.objects.create(meeting=m, text="Sak som endres", raised_on=m.date)
    client.force_login(other)
    client.get("/koordinator/innspill/")  # another coordinator's visit is theirs alone
    client.force_login(coordinator)
    first = client.get("/koordinator/innspill/")
    assert {item.text for item in first.context["new_items"]} == {"Urørt sak", "Sak som blir besvart", "Sak som endres"}
    # Seen now: a reload shows nothing new.
    assert client.get("/koordinator/innspill/").context["new_items"] == []

    InputItem.objects.filter(pk=to_answer.pk).update(status="answered", answered_on=today(), answer="Ja", updated_at=timezone.now())
    InputItem.objects.filter(pk=to_change.pk).update(theme="Lokaler", updated_at=timezone.now())
    InputItem.objects.create(meeting=m, text="Helt ny sak", raised_on=today())
    from hub.dashboard import coordinator_overview

    assert _tile(coordinator_overview(user=coordinator), "new_input") == 3
    dashboard = client.get("/koordinator/").content.decode()
    assert "siden ditt forrige besøk" in dashboard

    page = client.get("/koordinator/innspill/")
    changes = {item.text: item.change for item in page.context["new_items"]}
    assert changes == {"Sak som blir besvart": "answered", "Sak som endres": "changed", "Helt ny sak": "new"}
    content = page.content.decode()
    assert "Nytt siden forrige besøk" in content
    assert untouched.text in content  # still in the list, just not marked
    assert _tile(coordinator_overview(user=coordinator), "new_input") == 0
    # The other coordinator has not seen them yet.
    assert _tile(coordinator_overview(user=other), "new_input") == 3


def test_a_coordinators_own_changes_are_not_news_to_them_but_are_to_the_others(client, coordinator, council_staff, django_user_model, world):
    other = make_user(django_user_model, "koordinator2", roles.COORDINATOR)
    m = world["meeting"]
    existing = InputItem.objects.create(meeting=m, text="Eldre sak", raised_on=m.date)
    for user in (coordinator, other):
        client.force_login(user)
        client.get("/koordinator/innspill/")  # both have seen everything so far
    from hub.dashboard import coordinator_overview

    client.force_login(coordinator)
    client.post("/koordinator/innspill/nytt/", _form(world, text="Sak jeg meldte selv"))
    client.post(f"/koordinator/innspill/{existing.pk}/", _form(world, text="Eldre sak", assigned_service=None, status="new", theme="Lokaler"))
    raised = InputItem.objects.get(text="Sak jeg meldte selv")
    assert _tile(coordinator_overview(user=coordinator), "new_input") == 0
    page = client.get("/koordinator/innspill/")
    assert page.context["new_items"] == []
    assert {item.text: item.change for item in page.context["items"]}["Sak jeg meldte selv"] is None

    # The other coordinator did not make them: both are news there, one new and one changed.
    assert _tile(coordinator_overview(user=other), "new_input") == 2
    client.force_login(other)
    changes = {item.text: item.change for item in client.get("/koordinator/innspill/").context["new_items"]}
    assert changes == {"Sak jeg meldte selv": "new", "Eldre sak": "changed"}

    # The service's answer is news to the coordinator who raised the item.
    client.force_login(council_staff)
    client.post(f"/koordinator/innspill/{raised.pk}/svar/", {"answer": "Vi ordner det.", "status": "answered"})
    assert _tile(coordinator_overview(user=coordinator), "new_input") == 1
    client.force_login(coordinator)
    assert [(item.text, item.change) for item in client.get("/koordinator/innspill/").context["new_items"]] == [("Sak jeg meldte selv", "answered")]


def test_council_staff_have_no_last_visit_and_no_new_box(client, council_staff, world):
    InputItem.objects.create(meeting=world["meeting"], text="Til Nav", assigned_service=world["nav"], raised_on=world["meeting"].date)
    client.force_login(council_staff)
    response = client.get("/koordinator/innspill/")
    assert response.context["new_items"] == [] and "Nytt siden forrige besøk" not in response.content.decode()
    from panel.models import InputOverviewVisit

    assert not InputOverviewVisit.objects.exists()


def test_the_overview_makes_the_same_queries_whatever_the_data(client, coordinator, world, django_assert_num_queries):
    client.force_login(coordinator)
    m = world["meeting"]

    def build(n):
        for i in range(n):
            InputItem.objects.create(meeting=m, text=f"Innspill {n}-{i}", assigned_service=service(), raised_by=organisation(), raised_on=m.date)

    client.get("/koordinator/innspill/")  # the first visit is recorded (an INSERT); later ones UPDATE
    build(25)
    # 1 session, 2 user, 3 the user's groups (roles), 4 the last visit, 5 the list, 6–9 what the
    # items led to (plan items, measures, activities, series), 10 the new box (its first 21),
    # 11 the count beyond them, 12 the visit recorded, 13 "edits an organisation?" (navigation),
    # 14 the counts per service, 15 the filter form's service choices.
    with django_assert_num_queries(15):
        client.get("/koordinator/innspill/")
    build(2)
    # 27 items, 2 of them new: no count beyond the box.
    with django_assert_num_queries(14):
        client.get("/koordinator/innspill/")


@pytest.mark.django_db(transaction=True)
def test_two_answers_at_once_close_the_item_once_and_mail_once(monkeypatch, django_user_model, coordinator):
    """Two members of the service press "Lagre svaret" at the same moment: both pass the access
    check before either writes; the row lock makes the second see the item closed (PostgreSQL)."""
    import threading

    from django.db import connection
    from django.test import Client

    from panel import selectors
    from portal.background.jobs import Job
    from tests.panel.test_door_races import hold_after_first_call, post_at_once

    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL's row locks (SQLite locks the whole file); CI runs PostgreSQL too")
    nav = service("Nav Testby")
    m = meeting(today() - 40 * DAY)
    item = InputItem.objects.create(meeting=m, text="Lokaler", assigned_service=nav, status="forwarded", raised_on=m.date, assigned_by=coordinator)
    clients = []
    for name in ("nav-a", "nav-b"):
        user = make_user(django_user_model, name, roles.COUNCIL_STAFF)
        ServiceMember.objects.create(user=user, organisation=nav)
        client = Client()
        client.force_login(user)
        clients.append(client)
    hold_after_first_call(monkeypatch, selectors, "user_may_answer", threading.Barrier(2))
    path = f"/koordinator/innspill/{item.pk}/svar/"
    responses = post_at_once([(client, path, {"answer": f"Svar {n}", "status": "answered"}) for n, client in enumerate(clients)])
    assert [response.status_code for response in responses] == [302, 302]
    item.refresh_from_db()
    assert item.status == "answered" and item.answered_on == today()
    assert Job.objects.filter(kind="panel.input_mail").count() == 1


def test_assigning_in_the_admin_mails_the_service_and_records_who_did(admin_client, admin_user, world, run_jobs):
    data = _form(world, status="forwarded", answer="", answered_on="", due_on="")
    with run_jobs():
        response = admin_client.post("/admin/panel/inputitem/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item = InputItem.objects.get()
    assert item.assigned_by == admin_user
    assert sorted(message.to[0] for message in mail.outbox) == ["kollega@example.org", "kommune@example.org"]
