"""The audit trail: who changed what, recorded by django-auditlog, read on /koordinator/logg/."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from organisations.models import ContactPerson, Organisation
from portal.privacy import audit
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


def _edit_form(organisation, **changes):
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "municipality": organisation.municipality,
    }
    data.update(changes)
    return data


def test_it_records_the_coordinator_and_the_changed_field_of_an_edit(client, coordinator, org_a):
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:edit", args=[org_a.pk]), _edit_form(org_a, municipality="Sandnes")
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(org_a).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == coordinator
    assert entry.changes_dict["municipality"] == ["", "Sandnes"]
    assert "search_text" not in entry.changes_dict  # derived columns are not someone's change

    html = client.get(reverse("audit_log")).content.decode()
    assert "koordinator" in html
    assert "Organisasjon A" in html
    assert "kommune</span>: – → Sandnes" in html


def test_it_records_a_new_contact_person_with_its_actor(client, coordinator, org_a):
    client.force_login(coordinator)
    client.post(
        reverse("organisations:contact_person_create", args=[org_a.pk]),
        {"name": "Kari Nordmann", "role": "Leder", "email": "kari@example.org", "phone": ""},
    )
    person = ContactPerson.objects.get()
    entry = LogEntry.objects.get_for_object(person).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == coordinator


def test_a_change_outside_a_request_has_no_actor(db):
    organisation = make_organisation(name="Importert")
    entry = LogEntry.objects.get_for_object(organisation).get()
    assert entry.actor is None


def test_it_filters_by_kind_of_record(client, coordinator, org_a):
    ContactPerson.objects.create(organisation=org_a, name="Ola Nordmann")
    client.force_login(coordinator)
    html = client.get(reverse("audit_log"), {"model": "organisations.contactperson"}).content.decode()
    assert "Ola Nordmann" in html
    assert "Organisasjon A</td>" not in html
    assert "1 endring" in html


def test_every_kind_of_work_leaves_an_entry(coordinator, org_a):
    """Input items, goal values, plan and measure years, report sections, invitations and
    attendance: the records coordinators work on, each written and then found in the trail."""
    import datetime

    from goals.models import Goal, GoalValue, Measure, MeasureYear, PlanItem, PlanItemYear
    from panel.models import Attendance, InputItem, Invitation, Meeting
    from reports.models import AnnualReport, ReportSection

    meeting = Meeting.objects.create(kind="panel", date=datetime.date(2025, 3, 1), title="Møte", status="held")
    goal = Goal.objects.create(title="Flere i panelet", target_kind="absolute", target_value=10)
    measure = Measure.objects.create(position=1, title="Rekruttering")
    plan_item = PlanItem.objects.create(plan_name="Plan", chapter="1", position=1, text="Punkt")
    report = AnnualReport.objects.create(year=2025, title="Årsrapport 2025")
    work = [
        InputItem.objects.create(meeting=meeting, text="Bedre skilting", raised_by=org_a),
        Invitation.objects.create(meeting=meeting, organisation=org_a),
        Attendance.objects.create(meeting=meeting, organisation=org_a, participants=3),
        GoalValue.objects.create(goal=goal, year=2025, value=7),
        MeasureYear.objects.create(measure=measure, year=2025, deliverables="To møter"),
        PlanItemYear.objects.create(plan_item=plan_item, year=2025, achieved_text="<p>Gjort</p>"),
        ReportSection.objects.create(report=report, position=1, level=1, heading="Innledning", body="<p>Tekst</p>"),
    ]
    for record in work:
        entry = LogEntry.objects.get_for_object(record).get()
        assert entry.action == LogEntry.Action.CREATE, record
    item = work[0]
    item.status = "answered"
    item.answer = "Skiltene er byttet"
    item.save()
    change = LogEntry.objects.get_for_object(item).filter(action=LogEntry.Action.UPDATE).get()
    assert change.changes_dict["answer"] == ["", "Skiltene er byttet"]


def test_an_anonymous_survey_answer_leaves_no_entry(client):
    from surveys.models import Answer, Response, SubmissionKey
    from tests.surveys.factories import answer_data, make_conditional_questions, make_survey

    survey = make_survey(groups=("Alle",))
    score, attended, _meetings, _why_not = make_conditional_questions(survey)
    url = survey.get_public_url()
    data = answer_data(client, url, anonymous="yes", **{f"q{score.pk}": "4", f"q{attended.pk}": "no"})
    before = LogEntry.objects.count()
    assert client.post(url, data).status_code == 302
    assert Response.objects.get().anonymous
    assert Answer.objects.count() == 2
    assert LogEntry.objects.count() == before
    for model in (Response, Answer, SubmissionKey):
        assert model._meta.label in audit.EXEMPT


def test_the_page_is_for_coordinators_only(client, council_staff, editor):
    assert client.get(reverse("audit_log")).status_code == 302
    for user in (council_staff, editor):
        client.force_login(user)
        assert client.get(reverse("audit_log")).status_code == 403


@pytest.mark.parametrize("size", [3, 30])
def test_its_query_count_does_not_grow_with_the_log(client, coordinator, size, django_assert_max_num_queries):
    for number in range(size):
        organisation = make_organisation(name=f"Org {size}-{number}")
        organisation.municipality = "Stavanger"
        organisation.save()
    client.force_login(coordinator)
    # session, user, groups (roles), count, the page of entries with actors and content types,
    # the content types of the filter's choices, savepoints of the test transaction
    with django_assert_max_num_queries(8):
        assert client.get(reverse("audit_log")).status_code == 200
