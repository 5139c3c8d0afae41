"""Every named URL × every role → the status code it must answer (GET).

The roles are the four of docs/domain.md: an anonymous resident, the editor of organisation A
(tests.conftest `editor`/`org_a`), council staff and a coordinator. `MATRIX` below has a row for
every URL name the resolver knows (admin:* and Django's set_language excepted); the test
`test_every_url_name_is_in_the_matrix` fails when a URL is added without a row, so a new page
cannot ship without someone deciding who may open it.

A row is a list of cases; a case builds the URL's kwargs from `world` (objects made per test) and
gives the expected answer per role:
  200/403/404/405 …   that status
  LOGIN               302 to the sign-in page (anonymous visitors of a protected page)
  redirect("/x/")     302 somewhere else
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from organisations.models import ContactPerson, Kind
from panel.models import ServiceMember
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "editor", "council_staff", "coordinator")
LOGIN = "LOGIN"
EXCLUDED_NAMESPACES = ("admin",)
EXCLUDED_NAMES = ("set_language",)  # Django's own language switch (POST, tested in test_pages)


@dataclass(frozen=True)
class Redirect:
    to: str


def redirect(to):
    return Redirect(to)


def row(anonymous, editor, council_staff, coordinator):
    return {"anonymous": anonymous, "editor": editor, "council_staff": council_staff, "coordinator": coordinator}


PUBLIC = row(200, 200, 200, 200)
STAFF = row(LOGIN, 403, 200, 200)  # portal.web.decorators.staff_required
COORDINATOR = row(LOGIN, 403, 403, 200)  # portal.web.decorators.coordinator_required
COORDINATOR_POST_ONLY = row(LOGIN, 403, 403, 405)  # coordinator_required, then require_POST
SIGNED_IN = row(LOGIN, 200, 200, 200)  # portal.web.decorators.signed_in_required
NOT_FOUND = row(404, 404, 404, 404)


@dataclass
class Case:
    expected: dict
    kwargs: Callable = field(default=lambda w: {})
    note: str = ""


# --- kwargs builders: `w` is the world fixture ------------------------------------------------


def org_a_pk(w):
    return {"pk": w.org_a.pk}


def person_of_a(w):
    return {"pk": w.org_a.pk, "person_pk": w.person_a.pk}


def premises_need(w, organisation):
    from organisations.models import PremisesNeed

    return PremisesNeed.objects.create(
        organisation=organisation, weekday=1, starts_at=datetime.time(18), ends_at=datetime.time(20), people=12
    )


def panel_meeting(w, kind="panel"):
    from panel.models import Meeting

    return Meeting.objects.create(kind=kind, date=datetime.date.today(), title="Erfaringspanelet", location="Rådhuset")


def meeting_pk(w):
    return {"pk": panel_meeting(w).pk}


def guest(w):
    from panel.models import Guest

    meeting = panel_meeting(w)
    return {"pk": meeting.pk, "guest_pk": Guest.objects.create(meeting=meeting, name="Gjest").pk}


def attachment(w):
    from django.core.files.base import ContentFile

    from panel.models import MeetingAttachment

    item = MeetingAttachment(meeting=panel_meeting(w), title="Saksliste")
    item.file.save("saksliste.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {"attachment_pk": item.pk}


def invitation_token(w):
    from panel.models import Invitation
    from panel.services import invitation_token as sign

    return {"token": sign(Invitation.objects.create(meeting=panel_meeting(w), organisation=w.org_a))}


def invitation_document(w, send_with_invitation=True):
    """A meeting's document and an invitation's token to the same meeting."""
    from django.core.files.base import ContentFile

    from panel.models import Invitation, MeetingAttachment
    from panel.services import invitation_token as sign

    meeting = panel_meeting(w)
    item = MeetingAttachment(meeting=meeting, title="Spørsmål på forhånd", send_with_invitation=send_with_invitation)
    item.file.save("sporsmal.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    invitation = Invitation.objects.create(meeting=meeting, organisation=w.org_a)
    return {"token": sign(invitation), "attachment_pk": item.pk}


def meeting_with_minutes(w):
    meeting = panel_meeting(w)
    meeting.minutes = "<p>Referat.</p>"
    meeting.save(update_fields=["minutes"])
    return {"pk": meeting.pk}


def input_item(w, assigned=False):
    from panel.models import InputItem

    item = InputItem.objects.create(
        meeting=panel_meeting(w), text="Behov for lokaler", assigned_service=w.service if assigned else None
    )
    return {"pk": item.pk}


def contact(w):
    from outreach.models import Contact

    return {"pk": Contact.objects.create(date=datetime.date.today(), organisation=w.org_a).pk}


def guidance(w):
    from outreach.models import Guidance

    return {"pk": Guidance.objects.create(date=datetime.date.today(), organisation=w.org_a).pk}


def guidance_without_organisation(w):
    from outreach.models import Guidance

    return {"pk": Guidance.objects.create(date=datetime.date.today(), person_name="Privatperson").pk}


def a_series(w, public=True):
    from panel.models import MeetingSeries

    name = "Inkluderingsteam" if public else "Intern arbeidsgruppe"
    return MeetingSeries.objects.create(name=name, slug=name.lower().replace(" ", "-"), public=public)


def a_proposal(w):
    from panel.models import InputProposal

    return InputProposal.objects.create(organisation=w.org_a, text="Et forslag fra A.")


def an_activity(w, public=True):
    from activities.models import Activity

    return Activity.objects.create(kind="own_event", date=datetime.date.today(), title="Hele verden", public=public)


def premises(w):
    from activities.models import Premises

    return {"pk": Premises.objects.create(name="Bydelshuset", how_to_book="Ring.").pk}


def resource(w):
    from activities.models import Resource

    return {"pk": Resource.objects.create(title="Søknadsveileder", kind="link", url="https://example.org/").pk}


def a_relationship(w):
    from networks.models import Relationship

    return {"pk": Relationship.objects.create(organisation=w.org_a, kind="member", other=w.org_b).pk}


def an_agreement(w):
    from networks.models import Agreement, AgreementParty

    agreement = Agreement.objects.create(title="Samarbeid om leksehjelp", starts_on=datetime.date.today())
    for organisation in (w.org_a, w.service):
        AgreementParty.objects.create(agreement=agreement, organisation=organisation)
    return {"pk": agreement.pk}


def a_relationship_proposal(w):
    from networks.models import RelationshipProposal

    return {"pk": RelationshipProposal.objects.create(organisation=w.org_a, kind="member_of", other=w.org_b, submitted_by=w.editor).pk}


def service_member(w):
    from panel.models import ServiceMember

    return {"member_pk": ServiceMember.objects.create(user=w.editor, organisation=w.service).pk}


def event_invitation(w):
    from outreach.models import EventInvitation

    return {"pk": EventInvitation.objects.create(date=datetime.date.today(), organisation=w.org_a, title="Fest").pk}


def editor_invitation(w):
    from django.utils import timezone

    from organisations import services
    from organisations.models import EditorInvitation

    token = "matrix-token"
    invitation = EditorInvitation.objects.create(
        organisation=w.org_a,
        email="ny@example.org",
        token_hash=services._token_hash(token),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return invitation, token


def an_offer(w, organisation=None):
    from offers.models import Offer

    return Offer.objects.create(
        organisation=organisation or w.org_a, title="Språkkafé", kind="language_cafe", place="Biblioteket",
        weekdays="2", start_time=datetime.time(18), end_time=datetime.time(20), valid_from=datetime.date.today(),
    )


def listing_revision(w):
    from organisations.models import ListingRevision

    return ListingRevision.objects.create(organisation=w.org_a, data={}, submitted_by=w.editor)


def listing_revision_with_logo(w):
    from django.core.files.base import ContentFile

    revision = listing_revision(w)
    revision.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    return {"pk": revision.pk}


def organisation_event(w):
    from django.utils import timezone

    from organisations.models import Event

    return Event.objects.create(
        organisation=w.org_a, title="Kulturkveld", starts_at=timezone.now() + datetime.timedelta(days=9), location="Huset"
    )


def survey(w, **fields):
    from surveys.models import Survey

    fields.setdefault("title", f"Undersøkelse {Survey.objects.count() + 1}")
    fields.setdefault("report_year", datetime.date.today().year)
    return Survey.objects.create(**fields)


def survey_question(w):
    from surveys.models import Question

    item = survey(w)
    question = Question.objects.create(survey=item, position=1, kind="score", text="Hvor fornøyd er du?")
    return {"pk": item.pk, "question_pk": question.pk}


def personal_link(w):
    from surveys.models import PersonalLink

    return {"token": PersonalLink.objects.create(survey=survey(w), label="Til styret").token}


def goal(w):
    from goals.models import Goal

    return Goal.objects.create(title=f"Flere organisasjoner i panelet {Goal.objects.count() + 1}", target_value=50)


def plan_item(w):
    from goals.models import PlanItem

    return PlanItem.objects.create(plan_name="Handlingsplan", position=PlanItem.objects.count() + 1, text="Styrke frivilligheten")


def measure(w):
    from goals.models import Measure

    return Measure.objects.create(title=f"Kontaktmøter {Measure.objects.count() + 1}")


def annual_report(w):
    from reports.models import AnnualReport

    return AnnualReport.objects.create(year=2025, version=AnnualReport.objects.count() + 1, title="Årsrapport 2025")


def report_image(w):
    """A draft's chapter with an image: private until its report is published."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from reports.models import ReportSection

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
    section = ReportSection.objects.create(
        report=annual_report(w), position=1, heading="Kampanjearbeid", image=ContentFile(buffer.getvalue(), name="plakat.png"),
        image_alt="Plakat",
    )
    return {"section_pk": section.pk}


def report_section(w):
    from reports.models import ReportSection

    report = annual_report(w)
    return {"pk": report.pk, "section_pk": ReportSection.objects.create(report=report, position=1, heading="Innledning").pk}


def grant_round(w, **fields):
    from grants.models import GrantRound, GrantScheme

    scheme, _created = GrantScheme.objects.get_or_create(name="Lokal ordning", defaults={"funder": "IMDi"})
    fields.setdefault("published", True)
    fields.setdefault("deadline", datetime.date.today() + datetime.timedelta(days=30))
    year = fields.pop("year", datetime.date.today().year + GrantRound.objects.count())
    return GrantRound.objects.create(scheme=scheme, year=year, allocation=100000, **fields)


def grant_application(w, organisation=None, status="received"):
    from grants.models import GrantApplication

    return GrantApplication.objects.create(
        round=grant_round(w), organisation=organisation or w.org_a, part="activity", applied_amount=5000,
        participants=20, status=status, granted_amount=5000 if status == "granted" else None,
    )


def granted_with_report(w, organisation=None):
    from grants.models import UseReport

    application = grant_application(w, organisation, status="granted")
    UseReport.objects.create(application=application, due_on=datetime.date.today() + datetime.timedelta(days=60))
    return application


def editor_application(w, organisation=None, status="received", report=False):
    organisation = organisation or w.org_a
    application = granted_with_report(w, organisation) if report else grant_application(w, organisation, status)
    return {"slug": organisation.slug, "pk": application.pk}


def grant_attachment(w, organisation=None, status="received"):
    from django.core.files.base import ContentFile

    from grants.models import Attachment, GrantApplication

    application = GrantApplication.objects.get(pk=grant_application(w, organisation, status).pk)
    item = Attachment(application=application, kind="accounts")
    item.file.save("regnskap.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return item


def editor_attachment(w, organisation=None):
    item = grant_attachment(w, organisation)
    return {"slug": item.application.organisation.slug, "pk": item.application_id, "attachment_pk": item.pk}


def complaint(w):
    from grants.models import Complaint

    return {"pk": Complaint.objects.create(application=grant_application(w, status="granted"), received_on=datetime.date.today(), grounds="For lite").pk}


def brreg_run(w):
    from brreg.models import ImportRun

    return ImportRun.objects.create(file_name="enheter_alle.json.gz", stored_name="-", status="done", result={})


def mailing(w, sent=False):
    from mailings.models import Mailing, Recipient, Segment

    segment = Segment.objects.create(name="Alle i Testby")
    item = Mailing.objects.create(segment=segment, subject="Invitasjon", body="<p>Hei</p>", status="sent" if sent else "draft")
    if sent:
        Recipient.objects.create(mailing=item, organisation=w.org_a, person=w.person_a, status="sent")
    return item


def mailing_attachment(w):
    from django.core.files.base import ContentFile

    from mailings.models import MailingAttachment

    item = MailingAttachment(mailing=mailing(w), size=13)
    item.file.save("program.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {"attachment_pk": item.pk}


def mailing_recipient(w):
    return {"pk": mailing(w, sent=True).recipients.get().pk}


def opt_out_token(w):
    from mailings.services import opt_out_token as token

    return {"token": token(mailing(w, sent=True).recipients.get().pk)}


def job_of(owner_attr):
    def build(w):
        from portal.background.jobs import Job

        owner = getattr(w, owner_attr) if owner_attr else None
        return {"pk": Job.objects.create(kind="test", label="Testjobb", owner=owner, task_path="x.y").pk}

    return build


THIS_YEAR = datetime.date.today().year
EDITOR_ONLY = row(LOGIN, 200, 404, 404)  # organisations.access.editable_organisation
EDITOR_POST_ONLY = row(LOGIN, 405, 405, 405)  # signed_in_required, then require_POST
NOT_FOUND_SIGNED_IN = row(LOGIN, 404, 404, 404)  # editable_organisation: not the user's organisation or record
DRAFT_REPORT = row(404, 404, 200, 200)  # a draft is not admitted to exist outside the staff


MATRIX = {
    # portal
    "home": [Case(PUBLIC)],
    "favicon": [Case(PUBLIC)],
    "robots_txt": [Case(PUBLIC)],
    "sitemap": [Case(PUBLIC)],
    "accessibility": [Case(PUBLIC)],
    "login": [
        Case(
            row(200, redirect("/mine-organisasjoner/"), redirect("/koordinator/"), redirect("/koordinator/")),
            note="signed-in users are sent to the page that starts their day",
        )
    ],
    "logout": [Case(row(405, 405, 405, 405), note="logging out is a POST")],
    "dashboard": [Case(STAFF)],
    "import": [Case(COORDINATOR)],
    "export": [
        Case(COORDINATOR, lambda w: {"stem": "organisations", "file_format": "csv"}),
        Case(row(LOGIN, 403, 403, 404), lambda w: {"stem": "passwords", "file_format": "csv"}, "unknown file kind"),
    ],
    "import_template": [
        Case(COORDINATOR, lambda w: {"stem": "meetings", "file_format": "xlsx"}),
        Case(row(LOGIN, 403, 403, 404), lambda w: {"stem": "passwords", "file_format": "csv"}, "unknown file kind"),
    ],
    "audit_log": [Case(COORDINATOR)],
    "retention": [Case(COORDINATOR)],
    "processing_record": [Case(COORDINATOR)],
    "processing_record_pdf": [Case(COORDINATOR)],
    "job_status": [
        Case(row(LOGIN, 200, 403, 200), job_of("editor"), "a job's progress: its owner and coordinators"),
        Case(row(LOGIN, 403, 403, 200), job_of(None), "nobody's job: coordinators only"),
    ],
    "job_list": [Case(COORDINATOR)],
    "health": [Case(row(503, 503, 503, 503), note="monitoring: no job worker runs in this test, so 503 (tests/portal/test_health.py)")],
    "job_retry": [Case(COORDINATOR_POST_ONLY, job_of(None))],
    # offers (the regular offers): editors only their own organisation's
    "offers:list": [Case(PUBLIC)],
    "offers:editor_list": [
        Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug}),
        Case(row(LOGIN, 404, 404, 404), lambda w: {"slug": w.org_b.slug}, "another organisation's offers"),
    ],
    "offers:editor_create": [Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug})],
    "offers:editor_edit": [
        Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug, "pk": an_offer(w).pk}),
        Case(row(LOGIN, 404, 404, 404), lambda w: {"slug": w.org_a.slug, "pk": an_offer(w, w.org_b).pk},
             "an offer of B reached through A's address"),
    ],
    "offers:editor_delete": [Case(EDITOR_POST_ONLY, lambda w: {"slug": w.org_a.slug, "pk": an_offer(w).pk})],
    "offers:staff_list": [Case(STAFF)],
    "offers:staff_create": [Case(COORDINATOR)],
    "offers:staff_detail": [Case(COORDINATOR, lambda w: {"pk": an_offer(w).pk})],
    "offers:staff_edit": [Case(COORDINATOR, lambda w: {"pk": an_offer(w).pk})],
    "offers:staff_delete": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": an_offer(w).pk})],
    # organisations
    "organisations:directory": [Case(PUBLIC)],
    "organisations:directory_json": [Case(PUBLIC)],
    "organisations:directory_embed": [Case(PUBLIC)],
    "organisations:detail": [
        Case(PUBLIC, lambda w: {"slug": w.org_a.slug}),
        Case(NOT_FOUND, lambda w: {"slug": w.org_b.slug}, "an unpublished listing is not public, even to staff"),
    ],
    "organisations:staff_list": [Case(STAFF)],
    "organisations:create": [Case(COORDINATOR)],
    "organisations:staff_detail": [Case(STAFF, org_a_pk), Case(row(LOGIN, 403, 404, 404), lambda w: {"pk": 999999})],
    "organisations:edit": [Case(COORDINATOR, org_a_pk)],
    "organisations:archive": [Case(COORDINATOR_POST_ONLY, org_a_pk)],
    "organisations:contact_person_create": [Case(COORDINATOR, org_a_pk)],
    "organisations:contact_person_edit": [
        Case(COORDINATOR, person_of_a),
        Case(
            row(LOGIN, 403, 403, 404),
            lambda w: {"pk": w.org_a.pk, "person_pk": w.person_b.pk},
            "a person of B reached through A's address",
        ),
    ],
    "organisations:editor_home": [Case(SIGNED_IN)],
    "organisations:editor_organisation": [Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug})],
    "organisations:editor_revision": [
        Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug, "pk": listing_revision(w).pk}),
    ],
    "organisations:editor_history": [Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug})],
    "organisations:editor_consent": [Case(EDITOR_POST_ONLY, lambda w: {"slug": w.org_a.slug})],
    "organisations:editor_confirm": [Case(EDITOR_POST_ONLY, lambda w: {"slug": w.org_a.slug})],
    "organisations:editor_event_create": [Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug})],
    "organisations:editor_event_edit": [
        Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug, "pk": organisation_event(w).pk}),
    ],
    "organisations:editor_event_delete": [
        Case(EDITOR_POST_ONLY, lambda w: {"slug": w.org_a.slug, "pk": organisation_event(w).pk}),
    ],
    "organisations:editor_record": [
        Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug}),
        Case(NOT_FOUND_SIGNED_IN, lambda w: {"slug": w.org_b.slug}, "another organisation's record"),
    ],
    "organisations:editor_contact_person_create": [Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug})],
    "organisations:editor_contact_person_edit": [
        Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug, "pk": w.person_a.pk}),
        Case(NOT_FOUND_SIGNED_IN, lambda w: {"slug": w.org_a.slug, "pk": w.person_b.pk}, "a person of B through A's address"),
    ],
    "organisations:editor_contact_person_remove": [
        Case(EDITOR_POST_ONLY, lambda w: {"slug": w.org_a.slug, "pk": w.person_a.pk}),
    ],
    "organisations:editor_premises_need_create": [Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug})],
    "organisations:editor_premises_need_edit": [
        Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug, "pk": premises_need(w, w.org_a).pk}),
        Case(NOT_FOUND_SIGNED_IN, lambda w: {"slug": w.org_a.slug, "pk": premises_need(w, w.org_b).pk}, "B's need through A's address"),
    ],
    "organisations:editor_premises_need_withdraw": [
        Case(EDITOR_POST_ONLY, lambda w: {"slug": w.org_a.slug, "pk": premises_need(w, w.org_a).pk}),
    ],
    "organisations:premises_needs": [Case(COORDINATOR)],
    "organisations:premises_needs_xlsx": [Case(COORDINATOR)],
    "organisations:premises_needs_list_xlsx": [Case(COORDINATOR)],
    "organisations:staff_editors": [Case(COORDINATOR, org_a_pk)],
    "organisations:staff_editor_revoke": [
        Case(COORDINATOR_POST_ONLY, lambda w: {"pk": w.org_a.pk, "user_pk": w.editor.pk}),
    ],
    "organisations:staff_invitation_cancel": [
        Case(COORDINATOR_POST_ONLY, lambda w: {"pk": w.org_a.pk, "invitation_pk": editor_invitation(w)[0].pk}),
    ],
    "organisations:staff_consent": [Case(COORDINATOR, org_a_pk)],
    "organisations:staff_history": [Case(STAFF, org_a_pk)],
    "organisations:moderation_queue": [Case(COORDINATOR)],
    "organisations:moderation_revision": [Case(COORDINATOR, lambda w: {"pk": listing_revision(w).pk})],
    "organisations:revision_logo": [
        Case(row(LOGIN, 200, 404, 200), listing_revision_with_logo, "a proposed logo: the org's editors and coordinators"),
    ],
    "organisations:moderation_event": [Case(COORDINATOR, lambda w: {"pk": organisation_event(w).pk})],
    "organisations:invitation_accept": [
        Case(PUBLIC, lambda w: {"token": editor_invitation(w)[1]}, "the link itself is the key"),
        Case(NOT_FOUND, lambda w: {"token": "gjettet-token"}, "a guessed link"),
    ],
    "organisations:editor_edit": [
        Case(row(LOGIN, 200, 404, 404), lambda w: {"slug": w.org_a.slug}, "only the organisation's own editors"),
        Case(row(LOGIN, 404, 404, 404), lambda w: {"slug": w.org_b.slug}, "A's editor cannot reach B"),
    ],
    # panel
    "calendar": [Case(PUBLIC)],
    "calendar_ics": [Case(PUBLIC)],
    "calendar_json": [Case(PUBLIC)],
    "panel:public_input": [Case(PUBLIC)],
    "panel:public_input_json": [Case(PUBLIC)],
    "panel:public_meeting": [
        Case(PUBLIC, meeting_pk),
        Case(NOT_FOUND, lambda w: {"pk": panel_meeting(w, kind="working_group").pk}, "only panel meetings are public"),
    ],
    "panel:meeting_ics": [Case(PUBLIC, meeting_pk)],
    "panel:meeting_list": [Case(STAFF)],
    "panel:figures": [Case(STAFF)],
    "panel:figures_json": [Case(row(LOGIN, 403, 400, 400), note="without a period: the message says how to give one")],
    "panel:meeting_create": [Case(COORDINATOR)],
    "panel:meeting_detail": [Case(STAFF, meeting_pk)],
    "panel:meeting_edit": [Case(COORDINATOR, meeting_pk)],
    "panel:meeting_minutes": [Case(COORDINATOR, meeting_pk)],
    "panel:guest_add": [Case(COORDINATOR_POST_ONLY, meeting_pk)],
    "panel:guest_delete": [Case(COORDINATOR_POST_ONLY, guest)],
    "panel:attachment_add": [Case(COORDINATOR, meeting_pk)],
    "panel:attachment_download": [Case(STAFF, attachment, "minutes' attachments are internal")],
    "panel:attachment_delete": [Case(COORDINATOR_POST_ONLY, attachment)],
    "panel:invitations": [Case(COORDINATOR, meeting_pk)],
    "panel:invitation_answers": [Case(COORDINATOR_POST_ONLY, meeting_pk)],
    "panel:invitation_accept": [
        Case(PUBLIC, invitation_token, "the signed link in the e-mail is the key; GET only shows a confirmation"),
        Case(NOT_FOUND, lambda w: {"token": "gjettet-token"}, "a guessed link"),
    ],
    "panel:invitation_decline": [
        Case(PUBLIC, invitation_token, "the signed link in the e-mail is the key; GET only shows a confirmation"),
        Case(NOT_FOUND, lambda w: {"token": "gjettet-token"}, "a guessed link"),
    ],
    "panel:attendance": [Case(COORDINATOR, meeting_pk)],
    "panel:sign_in_sheet": [Case(COORDINATOR, meeting_pk)],
    "panel:minutes_pdf": [Case(COORDINATOR, meeting_pk)],
    "panel:minutes_publish": [Case(COORDINATOR_POST_ONLY, meeting_with_minutes)],
    "panel:minutes_send": [Case(COORDINATOR, meeting_with_minutes)],
    "panel:panel_page": [Case(PUBLIC)],
    "panel:invitation_document": [
        Case(PUBLIC, invitation_document, "a document sent with the invitation: its signed link is the key"),
        Case(NOT_FOUND, lambda w: invitation_document(w, send_with_invitation=False), "the meeting's other files stay private"),
        Case(NOT_FOUND, lambda w: {**invitation_document(w), "token": "gjettet-token"}, "a guessed link"),
    ],
    "panel:input_list": [Case(STAFF)],
    "panel:service_members": [Case(COORDINATOR)],
    "panel:service_member_delete": [Case(COORDINATOR_POST_ONLY, service_member)],
    "panel:input_create": [Case(COORDINATOR)],
    "panel:input_edit": [Case(COORDINATOR, input_item)],
    "panel:input_answer": [
        Case(row(LOGIN, 403, 404, 200), input_item, "council staff answer only input assigned to their service"),
        Case(row(LOGIN, 403, 200, 200), lambda w: input_item(w, assigned=True), "assigned to the staff's service"),
    ],
    # outreach
    "outreach:dashboard": [Case(STAFF)],
    "outreach:contact_list": [Case(STAFF)],
    "outreach:not_contacted": [Case(STAFF)],
    "outreach:guidance_erase_person": [Case(COORDINATOR_POST_ONLY, guidance_without_organisation)],
    "outreach:contact_create": [Case(COORDINATOR)],
    "outreach:organisation_search": [Case(COORDINATOR)],
    "outreach:contact_edit": [Case(COORDINATOR, contact)],
    "outreach:contact_delete": [Case(COORDINATOR_POST_ONLY, contact)],
    "outreach:contact_follow_up_done": [Case(COORDINATOR_POST_ONLY, contact)],
    "outreach:guidance_list": [Case(STAFF)],
    "outreach:guidance_create": [Case(COORDINATOR)],
    "outreach:guidance_edit": [Case(COORDINATOR, guidance)],
    "outreach:invitation_list": [Case(STAFF)],
    "outreach:invitation_create": [Case(COORDINATOR)],
    "outreach:invitation_edit": [Case(COORDINATOR, event_invitation)],
    "outreach:person_privacy": [Case(COORDINATOR, lambda w: {"pk": w.person_a.pk})],
    "outreach:person_export": [Case(COORDINATOR, lambda w: {"pk": w.person_a.pk})],
    # surveys
    "surveys:survey_list": [Case(STAFF)],
    "surveys:survey_create": [Case(COORDINATOR)],
    "surveys:survey_detail": [Case(STAFF, lambda w: {"pk": survey(w).pk})],
    "surveys:survey_edit": [Case(COORDINATOR, lambda w: {"pk": survey(w).pk})],
    "surveys:question_create": [Case(COORDINATOR, lambda w: {"pk": survey(w).pk})],
    "surveys:question_edit": [Case(COORDINATOR, survey_question)],
    "surveys:question_move": [Case(COORDINATOR_POST_ONLY, survey_question)],
    "surveys:question_delete": [Case(COORDINATOR_POST_ONLY, survey_question)],
    "surveys:links_create": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": survey(w).pk})],
    "surveys:survey_send": [Case(COORDINATOR, lambda w: {"pk": survey(w).pk})],
    "surveys:survey_remind": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": survey(w).pk})],
    "surveys:survey_anonymise": [Case(COORDINATOR, lambda w: {"pk": survey(w).pk})],
    "surveys:results": [Case(STAFF, lambda w: {"pk": survey(w).pk})],
    "surveys:export_answers": [
        Case(COORDINATOR, lambda w: {"pk": survey(w).pk, "file_format": "csv"}),
        Case(row(LOGIN, 403, 403, 404), lambda w: {"pk": survey(w).pk, "file_format": "exe"}),
    ],
    "surveys:answer": [
        Case(PUBLIC, lambda w: {"token": survey(w).public_token}),
        Case(NOT_FOUND, lambda w: {"token": survey(w, public_access=False).public_token}, "personal links only"),
    ],
    "surveys:answer_personal": [
        Case(row(200, 200, 403, 200), personal_link, "council staff cannot open a personal link"),
        Case(row(404, 404, 403, 404), lambda w: {"token": "gjettet"}),
    ],
    "surveys:answer_personal_submit": [
        Case(row(405, 405, 405, 405), lambda w: {"token": survey(w).public_token}, "answers by POST, the link in the body"),
    ],
    "surveys:thanks": [Case(PUBLIC, lambda w: {"token": survey(w).public_token})],
    # meeting series
    "panel:public_series": [
        Case(PUBLIC, lambda w: {"slug": a_series(w).slug}),
        Case(NOT_FOUND, lambda w: {"slug": a_series(w, public=False).slug}, "a series kept out of the calendar"),
    ],
    "panel:series_list": [Case(STAFF)],
    "panel:series_create": [Case(COORDINATOR)],
    "panel:series_detail": [Case(STAFF, lambda w: {"slug": a_series(w, public=False).slug})],
    "panel:series_edit": [Case(COORDINATOR, lambda w: {"slug": a_series(w).slug})],
    "panel:series_report": [Case(STAFF, lambda w: {"slug": a_series(w, public=False).slug, "year": 2026})],
    # activities, premises and the resource library
    "activities:public_detail": [
        Case(PUBLIC, lambda w: {"pk": an_activity(w).pk}),
        Case(NOT_FOUND, lambda w: {"pk": an_activity(w, public=False).pk}, "an internal activity"),
    ],
    "activities:premises_list": [Case(PUBLIC)],
    "activities:resource_list": [Case(PUBLIC)],
    "activities:list": [Case(STAFF)],
    "activities:create": [Case(COORDINATOR)],
    "activities:detail": [Case(STAFF, lambda w: {"pk": an_activity(w, public=False).pk})],
    "activities:edit": [Case(COORDINATOR, lambda w: {"pk": an_activity(w).pk})],
    "activities:delete": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": an_activity(w).pk})],
    "activities:premises_manage": [Case(COORDINATOR)],
    "activities:premises_create": [Case(COORDINATOR)],
    "activities:premises_edit": [Case(COORDINATOR, premises)],
    "activities:resource_manage": [Case(COORDINATOR)],
    "activities:resource_create": [Case(COORDINATOR)],
    "activities:resource_edit": [Case(COORDINATOR, resource)],
    # networks and agreements
    "networks:relationship_list": [Case(STAFF)],
    "networks:relationship_create": [Case(COORDINATOR)],
    "networks:relationship_edit": [Case(COORDINATOR, a_relationship)],
    "networks:relationship_delete": [Case(COORDINATOR_POST_ONLY, a_relationship)],
    "networks:relationship_proposal_approve": [Case(COORDINATOR_POST_ONLY, a_relationship_proposal)],
    "networks:relationship_proposal_reject": [Case(COORDINATOR_POST_ONLY, a_relationship_proposal)],
    "networks:editor_networks": [Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug})],
    "networks:editor_relationship_propose": [Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug})],
    "networks:agreement_list": [Case(STAFF)],
    "networks:agreement_create": [Case(COORDINATOR)],
    "networks:agreement_detail": [Case(STAFF, an_agreement)],
    "networks:agreement_edit": [Case(COORDINATOR, an_agreement)],
    "networks:agreement_delete": [Case(COORDINATOR_POST_ONLY, an_agreement)],
    # goals
    "goals:goal_list": [Case(STAFF)],
    "goals:goal_create": [Case(COORDINATOR)],
    "goals:goal_edit": [Case(COORDINATOR, lambda w: {"pk": goal(w).pk})],
    "goals:goal_values": [Case(COORDINATOR, lambda w: {"pk": goal(w).pk})],
    "goals:goal_value_delete": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": goal(w).pk, "year": THIS_YEAR})],
    "goals:plan_list": [Case(STAFF)],
    "goals:plan_status": [Case(STAFF)],
    "goals:plan_status_pdf": [Case(STAFF)],
    "goals:plan_copy": [Case(COORDINATOR_POST_ONLY, lambda w: {"year": THIS_YEAR})],
    "goals:plan_item_create": [Case(COORDINATOR)],
    "goals:plan_item_edit": [Case(COORDINATOR, lambda w: {"pk": plan_item(w).pk})],
    "goals:plan_item_year": [Case(COORDINATOR, lambda w: {"pk": plan_item(w).pk, "year": THIS_YEAR})],
    "goals:measure_list": [Case(STAFF)],
    "goals:measure_create": [Case(COORDINATOR)],
    "goals:measure_edit": [Case(COORDINATOR, lambda w: {"pk": measure(w).pk})],
    "goals:measure_year": [Case(COORDINATOR, lambda w: {"pk": measure(w).pk, "year": THIS_YEAR})],
    # grants
    "grants:round_list": [Case(PUBLIC)],
    "grants:round_public": [
        Case(PUBLIC, lambda w: {"pk": grant_round(w).pk}),
        Case(NOT_FOUND, lambda w: {"pk": grant_round(w, published=False).pk}, "an unpublished round is not announced"),
    ],
    "grants:editor_applications": [
        Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug}),
        Case(row(LOGIN, 404, 404, 404), lambda w: {"slug": w.org_b.slug}, "A's editor cannot see B's applications"),
    ],
    "panel:editor_input_propose": [
        Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug}),
        Case(row(LOGIN, 404, 404, 404), lambda w: {"slug": w.org_b.slug}, "A's editor cannot send B's input"),
    ],
    "panel:proposal_list": [Case(COORDINATOR)],
    "panel:proposal_accept": [Case(COORDINATOR, lambda w: {"pk": a_proposal(w).pk})],
    "panel:proposal_decline": [Case(COORDINATOR, lambda w: {"pk": a_proposal(w).pk})],
    "panel:editor_input": [
        Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug}),
        Case(row(LOGIN, 404, 404, 404), lambda w: {"slug": w.org_b.slug}, "A's editor cannot see B's input"),
    ],
    "grants:editor_apply": [
        Case(EDITOR_ONLY, lambda w: {"slug": w.org_a.slug, "round_pk": grant_round(w).pk}),
        Case(row(LOGIN, 404, 404, 404), lambda w: {"slug": w.org_b.slug, "round_pk": grant_round(w).pk}, "not for B"),
    ],
    "grants:editor_application": [
        Case(EDITOR_ONLY, editor_application),
        Case(row(LOGIN, 404, 404, 404), lambda w: editor_application(w, w.org_b), "B's application through B's address"),
        Case(
            row(LOGIN, 404, 404, 404),
            lambda w: {"slug": w.org_a.slug, "pk": grant_application(w, w.org_b).pk},
            "B's application through A's address",
        ),
    ],
    "grants:editor_decision_pdf": [
        Case(EDITOR_ONLY, lambda w: editor_application(w, status="granted")),
        Case(row(LOGIN, 404, 404, 404), lambda w: editor_application(w, w.org_b, status="granted"), "B's decision"),
        Case(row(LOGIN, 404, 404, 404), lambda w: editor_application(w), "no decision yet"),
    ],
    "grants:editor_use_report": [
        Case(EDITOR_ONLY, lambda w: editor_application(w, report=True)),
        Case(row(LOGIN, 404, 404, 404), lambda w: editor_application(w, w.org_b, report=True), "B's report"),
    ],
    "grants:editor_attachment_add": [Case(EDITOR_POST_ONLY, editor_application)],
    "grants:editor_attachment_download": [
        Case(EDITOR_ONLY, editor_attachment, "the accounts are private: the organisation's editors and coordinators"),
        Case(row(LOGIN, 404, 404, 404), lambda w: editor_attachment(w, w.org_b), "B's accounts"),
    ],
    "grants:attachment_download": [
        Case(COORDINATOR, lambda w: {"pk": grant_attachment(w).pk}),
        Case(row(LOGIN, 403, 403, 404), lambda w: {"pk": grant_attachment(w, status="draft").pk}, "a draft's files"),
    ],
    "grants:dashboard": [Case(STAFF)],
    "grants:readiness": [Case(COORDINATOR)],
    "grants:scheme_create": [Case(COORDINATOR)],
    "grants:scheme_edit": [Case(COORDINATOR, lambda w: {"pk": grant_round(w).scheme_id})],
    "grants:round_create": [Case(COORDINATOR)],
    "grants:round_detail": [Case(COORDINATOR, lambda w: {"pk": grant_round(w).pk})],
    "grants:round_edit": [Case(COORDINATOR, lambda w: {"pk": grant_round(w).pk})],
    "grants:application_create": [Case(COORDINATOR, lambda w: {"pk": grant_round(w).pk})],
    "grants:application_detail": [
        Case(COORDINATOR, lambda w: {"pk": grant_application(w).pk}),
        Case(row(LOGIN, 403, 403, 404), lambda w: {"pk": grant_application(w, status="draft").pk}, "a draft is the organisation's own"),
    ],
    "grants:application_assess": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": grant_application(w).pk})],
    "grants:application_decide": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": grant_application(w).pk})],
    "grants:decision_pdf": [
        Case(COORDINATOR, lambda w: {"pk": grant_application(w, status="granted").pk}),
        Case(row(LOGIN, 403, 403, 404), lambda w: {"pk": grant_application(w).pk}, "no decision yet"),
    ],
    "grants:application_payment": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": grant_application(w, status="granted").pk})],
    "grants:application_guidance": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": grant_application(w).pk})],
    "grants:complaint_create": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": grant_application(w, status="granted").pk})],
    "grants:complaint_outcome": [Case(COORDINATOR_POST_ONLY, complaint)],
    "grants:imdi_report_pdf": [Case(COORDINATOR, lambda w: {"year": THIS_YEAR})],
    "grants:imdi_report_xlsx": [Case(COORDINATOR, lambda w: {"year": THIS_YEAR})],
    # reports
    "reports:public_list": [Case(PUBLIC)],
    "reports:detail": [Case(DRAFT_REPORT, lambda w: {"year": annual_report(w).year}, "a draft")],
    "reports:pdf": [Case(DRAFT_REPORT, lambda w: {"year": annual_report(w).year}, "a draft")],
    "reports:report_list": [Case(STAFF)],
    "reports:report_create": [Case(COORDINATOR_POST_ONLY)],
    "reports:report_edit": [Case(STAFF, lambda w: {"pk": annual_report(w).pk})],
    "reports:report_approve": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": annual_report(w).pk})],
    "reports:report_period": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": annual_report(w).pk})],
    "reports:report_send": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": annual_report(w).pk})],
    "reports:section_image": [Case(DRAFT_REPORT, report_image, "a draft's image")],
    "reports:report_publish": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": annual_report(w).pk})],
    "reports:report_reopen": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": annual_report(w).pk})],
    "reports:section_create": [Case(COORDINATOR, lambda w: {"pk": annual_report(w).pk})],
    "reports:section_edit": [Case(COORDINATOR, report_section)],
    "reports:section_move": [Case(COORDINATOR_POST_ONLY, lambda w: {"section_pk": report_section(w)["section_pk"]})],
    "reports:section_delete": [
        Case(COORDINATOR_POST_ONLY, lambda w: {"section_pk": report_section(w)["section_pk"]}),
    ],
    # brreg (Enhetsregisteret)
    "brreg:overview": [Case(COORDINATOR)],
    "brreg:run_detail": [
        Case(COORDINATOR, lambda w: {"pk": brreg_run(w).pk}),
        Case(row(LOGIN, 403, 403, 404), lambda w: {"pk": 999999}),
    ],
    "brreg:run_status": [Case(COORDINATOR, lambda w: {"pk": brreg_run(w).pk})],
    "brreg:differences": [Case(COORDINATOR)],
    "brreg:accept": [Case(COORDINATOR_POST_ONLY, org_a_pk)],
    "brreg:accept_all": [Case(COORDINATOR_POST_ONLY)],
    "brreg:lookup": [Case(COORDINATOR, note="without a number: the empty form, nothing fetched")],
    "brreg:lookup_save": [Case(COORDINATOR_POST_ONLY, org_a_pk)],
    # mailings
    "mailings:segment_list": [Case(COORDINATOR)],
    "mailings:segment_create": [Case(COORDINATOR)],
    "mailings:segment_detail": [Case(COORDINATOR, lambda w: {"pk": mailing(w).segment_id})],
    "mailings:segment_edit": [Case(COORDINATOR, lambda w: {"pk": mailing(w).segment_id})],
    "mailings:mailing_list": [Case(STAFF)],
    "mailings:mailing_create": [Case(COORDINATOR)],
    "mailings:mailing_detail": [
        Case(STAFF, lambda w: {"pk": mailing(w).pk}),
        Case(STAFF, lambda w: {"pk": mailing(w, sent=True).pk}, "the archive: council staff read it without persons"),
    ],
    "mailings:mailing_edit": [Case(COORDINATOR, lambda w: {"pk": mailing(w).pk})],
    "mailings:mailing_progress": [Case(STAFF, lambda w: {"pk": mailing(w, sent=True).pk})],
    "mailings:mailing_test_send": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": mailing(w).pk})],
    "mailings:mailing_send": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": mailing(w).pk})],
    "mailings:attachment_add": [Case(COORDINATOR, lambda w: {"pk": mailing(w).pk})],
    "mailings:attachment_download": [Case(STAFF, mailing_attachment, "what the recipients got, for those who read the archive")],
    "mailings:attachment_delete": [Case(COORDINATOR_POST_ONLY, mailing_attachment)],
    "mailings:recipient_reply": [Case(COORDINATOR_POST_ONLY, mailing_recipient)],
    "mailings:recipient_bounce": [Case(COORDINATOR_POST_ONLY, mailing_recipient)],
    "mailings:person_consent": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": w.person_a.pk})],
    "mailings:person_opt_out": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": w.person_a.pk})],
    "mailings:organisation_language": [Case(COORDINATOR_POST_ONLY, org_a_pk)],
    "mailings:opt_out": [
        Case(PUBLIC, opt_out_token, "the signed link is the key; GET only asks"),
        Case(NOT_FOUND, lambda w: {"token": "1:gjettet"}, "a forged link"),
    ],
    # registrations
    "registrations:register": [Case(PUBLIC, note="step one: the number, or the way without one")],
    "registrations:sent": [Case(PUBLIC)],
    "registrations:mine": [Case(SIGNED_IN, note="each sees only their own registrations")],
    "registrations:confirm": [
        Case(PUBLIC, lambda w: {"token": registration(w)[1]}, "the e-mailed link is the key; GET only asks"),
        Case(NOT_FOUND, lambda w: {"token": "gjettet-token"}, "a guessed link"),
    ],
    "registrations:queue": [Case(COORDINATOR)],
    "registrations:detail": [
        Case(COORDINATOR, lambda w: {"pk": registration(w)[0].pk}),
        Case(row(LOGIN, 403, 403, 404), lambda w: {"pk": 999999}),
    ],
    "registrations:approve": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": registration(w)[0].pk})],
    "registrations:merge": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": registration(w)[0].pk})],
    "registrations:refuse": [Case(COORDINATOR_POST_ONLY, lambda w: {"pk": registration(w)[0].pk})],
}


def registration(w):
    """(an unconfirmed registration, the token of its link)."""
    from tests.registrations.factories import submitted

    return submitted(name="Selvregistrert forening")


# --- the machinery ----------------------------------------------------------------------------


def url_names():
    """Every named URL pattern as `namespace:name`, admin and set_language left out."""

    def walk(patterns, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespaces + [pattern.namespace] if pattern.namespace else namespaces
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield ":".join(namespaces + [pattern.name])

    names = set()
    for name in walk(get_resolver().url_patterns, []):
        if name.split(":")[0] in EXCLUDED_NAMESPACES or name in EXCLUDED_NAMES:
            continue
        names.add(name)
    return names


def test_every_url_name_is_in_the_matrix():
    missing = sorted(url_names() - set(MATRIX))
    assert not missing, (
        "URL names without a row in tests/portal/test_permissions_matrix.py MATRIX "
        f"(decide who may open them): {missing}"
    )


def test_the_matrix_has_no_row_for_a_url_that_is_gone():
    assert not sorted(set(MATRIX) - url_names())


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Four users per case: the production hasher would make this file take a minute.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(org_a, org_b, editor):
    from organisations.services import consent_record, organisation_set_published

    published_on = datetime.date.today() - datetime.timedelta(days=3)
    consent_record(organisation=org_a, given_by="Styreleder", given_on=published_on)
    organisation_set_published(organisation=org_a, on=published_on)
    return SimpleNamespace(
        org_a=org_a,
        org_b=org_b,
        editor=editor,
        person_a=ContactPerson.objects.create(organisation=org_a, name="Kari Nordmann", email="kari@example.org"),
        person_b=ContactPerson.objects.create(organisation=org_b, name="Ola Nordmann"),
        service=make_organisation(name="NAV Testby", kind=Kind.MUNICIPAL_SERVICE),
    )


@pytest.fixture
def role_users(world, council_staff, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # attachments made by the builders
    ServiceMember.objects.create(user=council_staff, organisation=world.service)
    return {"anonymous": None, "editor": world.editor, "council_staff": council_staff, "coordinator": coordinator}


def _answer(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login") + "?"):
            return LOGIN
        return Redirect(location)
    return response.status_code


CASES = [
    pytest.param(name, index, id=f"{name}#{index}" if len(cases) > 1 else name)
    for name, cases in sorted(MATRIX.items())
    for index in range(len(cases))
]


@pytest.mark.parametrize("url_name,index", CASES)
def test_each_role_gets_the_status_the_matrix_gives(client, world, role_users, url_name, index):
    if url_name not in url_names():
        pytest.fail(f"{url_name} is in the matrix but not in the URLconf")
    case = MATRIX[url_name][index]
    url = reverse(url_name, kwargs=case.kwargs(world))
    answers = {}
    for role in ROLES:
        client.logout()
        if role_users[role] is not None:
            client.force_login(role_users[role])
        answers[role] = _answer(client.get(url))
    assert answers == case.expected, f"GET {url} ({case.note or url_name})"
