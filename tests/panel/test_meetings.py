"""Coordinator screens for meetings: plan, edit, minutes (sanitized), guests, attachments (checked
by content), invitations by e-mail with the .ics attached, lists and the figures dashboard."""

import datetime
import io
import zipfile

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from organisations.models import ContactPerson, Kind
from panel.models import Guest, Invitation, Meeting, MeetingAttachment, Topic
from portal.background import jobs
from tests.panel.factories import attend, meeting, organisation, service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_coordinator_plans_a_meeting_with_new_and_existing_topics(client, coordinator):
    existing = Topic.objects.create(name="Valg og valgdeltakelse")
    client.force_login(coordinator)
    response = client.post(
        "/koordinator/panel/nytt/",
        {
            "kind": "panel", "title": "Høstmøte", "date": "2025-11-20", "start_time": "17:30", "end_time": "20:00",
            "location": "Kulturhuset", "status": "planned", "topics": [existing.pk],
            "new_topics": "IMDi-tilskudd | valg og valgdeltakelse", "working_methods": ["group_work", "plenary"],
            "agenda": "1. Velkommen",
        },
    )
    assert response.status_code == 302
    m = Meeting.objects.get()
    assert sorted(m.topics.values_list("name", flat=True)) == ["IMDi-tilskudd", "Valg og valgdeltakelse"]
    assert Topic.objects.count() == 2  # "valg og valgdeltakelse" reused, not duplicated
    assert m.working_methods == ["group_work", "plenary"]
    detail = client.get(f"/koordinator/panel/{m.pk}/").content.decode()
    assert "Gruppearbeid; Samtaler i plenum" in detail


@pytest.mark.parametrize("typed", [
    "Bolig\r\nArbeid\r\nSpråk", "Bolig; Arbeid; Språk", "Bolig, Arbeid, Språk", "Bolig | Arbeid | Språk\r\n",
])
def test_new_topics_are_typed_one_per_line_and_other_separators_are_tolerated(client, coordinator, typed):
    client.force_login(coordinator)
    page = client.get("/koordinator/panel/nytt/").content.decode()
    assert '<textarea name="new_topics"' in page
    response = client.post(
        "/koordinator/panel/nytt/",
        {"title": "Høstmøte", "date": "2025-11-20", "location": "Kulturhuset", "status": "planned", "new_topics": typed},
    )
    assert response.status_code == 302
    assert sorted(Meeting.objects.get().topics.values_list("name", flat=True)) == ["Arbeid", "Bolig", "Språk"]


def test_end_before_start_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/koordinator/panel/nytt/",
        {"kind": "panel", "title": "X", "date": "2025-11-20", "start_time": "18:00", "end_time": "17:00", "status": "planned"},
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_minutes_are_sanitized_and_where_they_were_sent_is_kept(client, coordinator):
    m = meeting("2025-03-01")
    client.force_login(coordinator)
    client.post(
        f"/koordinator/panel/{m.pk}/referat/",
        {
            "minutes": '<h2>Referat</h2><p onclick="x()">Godt <strong>møte</strong></p><script>alert(1)</script><a href="javascript:x">lenke</a>',
            "minutes_sent_to": "Integreringsutvalget",
            "minutes_sent_on": "2025-03-20",
        },
    )
    m.refresh_from_db()
    assert "<script" not in m.minutes and "onclick" not in m.minutes and "javascript:" not in m.minutes
    assert "<strong>møte</strong>" in m.minutes
    assert m.minutes_sent_to == "Integreringsutvalget"
    assert str(m.minutes_sent_on) == "2025-03-20"
    assert "<h2>Referat</h2>" in client.get(f"/koordinator/panel/{m.pk}/").content.decode()


def test_guests_are_added_and_removed(client, coordinator):
    m = meeting("2025-03-01")
    client.force_login(coordinator)
    client.post(f"/koordinator/panel/{m.pk}/gjester/", {"name": "Kari Gjest", "unit": "Flexid"})
    guest = Guest.objects.get()
    assert (guest.name, guest.unit) == ("Kari Gjest", "Flexid")
    client.post(f"/koordinator/panel/{m.pk}/gjester/{guest.pk}/slett/")
    assert not Guest.objects.exists()


def docx_bytes(word=True):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if word else "xl/workbook.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content",
    [
        ("referat.pdf", b"%PDF-1.7\n%fake but starts right\n"),
        ("bilde.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20),
        ("bilde.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20),
        ("referat.docx", docx_bytes()),
    ],
)
def test_accepted_attachments(client, coordinator, name, content):
    m = meeting("2025-03-01")
    client.force_login(coordinator)
    response = client.post(f"/koordinator/panel/{m.pk}/vedlegg/", {"title": "Vedlegg", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    attachment = MeetingAttachment.objects.get()
    download = client.get(f"/koordinator/panel/vedlegg/{attachment.pk}/")
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    "name,content",
    [
        ("virus.pdf", b"MZ\x90\x00 an executable renamed"),
        ("regneark.docx", docx_bytes(word=False)),
        ("tekst.png", b"just text"),
    ],
)
def test_attachments_are_checked_by_content(client, coordinator, name, content):
    m = meeting("2025-03-01")
    client.force_login(coordinator)
    response = client.post(f"/koordinator/panel/{m.pk}/vedlegg/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert "Bare PDF, Word (DOCX), PNG og JPEG" in response.content.decode()
    assert not MeetingAttachment.objects.exists()


def test_attachments_are_size_limited(client, coordinator, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    m = meeting("2025-03-01")
    client.force_login(coordinator)
    response = client.post(f"/koordinator/panel/{m.pk}/vedlegg/", {"file": SimpleUploadedFile("stor.pdf", b"%PDF-" + b"0" * 200)})
    assert response.status_code == 400
    assert "for stor" in response.content.decode()
    assert not MeetingAttachment.objects.exists()


def test_attachments_are_not_served_to_outsiders(client, coordinator, outsider):
    m = meeting("2025-03-01")
    attachment = MeetingAttachment.objects.create(meeting=m, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    client.force_login(outsider)
    assert client.get(f"/koordinator/panel/vedlegg/{attachment.pk}/").status_code == 403


def test_invitations_in_bulk_with_the_meetings_ics_attached(client, coordinator, mailoutbox):
    m = meeting("2030-03-05", title="Vårmøte", status="planned", start_time=datetime.time(17, 30))
    with_person = organisation("Med kontaktperson", email="post@a.example.org")
    ContactPerson.objects.create(organisation=with_person, name="Leder Demo", email="leder@a.example.org")
    organisation("Bare e-post", email="post@b.example.org")
    organisation("Uten adresse")
    organisation("Trossamfunn", kind=Kind.FAITH_COMMUNITY, email="post@c.example.org")
    service("Nav Demo", email="nav@example.org")
    organisation("Arkivert", email="arkiv@example.org", archived_at=timezone.now())
    client.force_login(coordinator)

    response = client.post(f"/koordinator/panel/{m.pk}/invitasjoner/", {"who": "all_immigrant", "send_email": "on"})
    assert response.status_code == 302
    # The e-mails go out from the job worker, not the request; the page shows the job.
    assert mailoutbox == []
    page = client.get(f"/koordinator/panel/{m.pk}/invitasjoner/").content.decode()
    assert "<progress" in page and "Invitasjoner til Vårmøte" in page
    assert jobs.run_pending() == 1
    job = jobs.Job.objects.get(kind="panel.invitations")
    assert (job.state, job.done, job.total, job.owner) == ("succeeded", 4, 4, coordinator)
    assert "3 e-poster sendt" in job.message and "1 organisasjoner har ingen e-postadresse" in job.message
    invited = set(Invitation.objects.values_list("organisation__name", flat=True))
    assert invited == {"Med kontaktperson", "Bare e-post", "Uten adresse", "Trossamfunn"}
    assert sorted(tuple(mail.to) for mail in mailoutbox) == [
        ("leder@a.example.org",), ("post@b.example.org",), ("post@c.example.org",)
    ]
    mail = mailoutbox[0]
    assert "Vårmøte" in mail.subject
    # The message as it goes over SMTP carries the calendar as a text/calendar part.
    parts = [part for part in mail.message().walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    (event,) = icalendar.Calendar.from_ical(parts[0].get_payload(decode=True)).walk("VEVENT")
    assert event.decoded("dtstart").hour == 17

    # Inviting again mails nobody twice; chosen municipal services are added.
    nav = service("Kultur Demo", email="kultur@example.org")
    client.post(f"/koordinator/panel/{m.pk}/invitasjoner/", {"who": "all_immigrant", "send_email": "on"})
    jobs.run_pending()
    assert len(mailoutbox) == 3
    client.post(f"/koordinator/panel/{m.pk}/invitasjoner/", {"who": "chosen", "organisations": [nav.pk], "send_email": "on"})
    jobs.run_pending()
    assert len(mailoutbox) == 4 and mailoutbox[-1].to == ["kultur@example.org"]

    invitation = Invitation.objects.get(organisation__name="Bare e-post")
    client.post(f"/koordinator/panel/{m.pk}/invitasjoner/svar/", {f"s-{invitation.pk}": "accepted", f"si-{invitation.pk}": "invited"})
    invitation.refresh_from_db()
    assert invitation.status == "accepted"


def test_invite_those_who_attended_before(client, coordinator, mailoutbox):
    earlier, later = meeting("2025-01-10"), meeting("2030-01-10", status="planned")
    regular = organisation("Fast deltaker")
    attend(earlier, regular)
    attend(meeting("2025-02-02", kind="working_group"), organisation("Bare arbeidsgruppe"))
    organisation("Aldri vært der")
    client.force_login(coordinator)
    client.post(f"/koordinator/panel/{later.pk}/invitasjoner/", {"who": "attended_before"})
    assert jobs.run_pending() == 0
    assert list(Invitation.objects.values_list("organisation__name", flat=True)) == ["Fast deltaker"]
    assert mailoutbox == []  # no e-mail unless asked


def test_meeting_list_query_count_does_not_grow(client, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)

    def build(n, year):
        for day in range(1, n + 1):
            m = meeting(f"{year}-01-{day:02d}")
            attend(m, organisation())
            Invitation.objects.create(meeting=m, organisation=organisation())

    build(2, 2024)
    with django_assert_max_num_queries(10) as small:
        client.get("/koordinator/panel/")
    build(20, 2025)
    with django_assert_max_num_queries(len(small.captured_queries)):
        content = client.get("/koordinator/panel/").content.decode()
    assert content.count("/koordinator/panel/") > 22


def test_meeting_detail_query_count_does_not_grow(client, coordinator, django_assert_max_num_queries):
    m = meeting("2025-03-01")
    client.force_login(coordinator)

    def build(n):
        for _ in range(n):
            attend(m, organisation())
            Guest.objects.create(meeting=m, name="Gjest")
            Invitation.objects.create(meeting=m, organisation=organisation())

    build(2)
    with django_assert_max_num_queries(15) as small:
        client.get(f"/koordinator/panel/{m.pk}/")
    build(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/koordinator/panel/{m.pk}/")


def test_figures_dashboard_shows_the_years_figures(client, council_staff, django_assert_max_num_queries):
    client.force_login(council_staff)
    orgs = [organisation(f"Org {n}") for n in range(3)]
    m2024, m2025 = meeting("2024-05-01"), meeting("2025-05-01", title="Vårmøte", coordinators_count=2)
    m2025.topics.add(Topic.objects.create(name="Valg"))
    attend(m2024, orgs[0])
    for org in orgs:
        attend(m2025, org, 2)
    with django_assert_max_num_queries(20) as small:
        content = client.get("/koordinator/panel/tall/?aar=2025").content.decode()
    assert "Erfaringspanelet i 2025" in content
    assert "200 %" in content.replace("\xa0", " ")  # (3 − 1) / 1
    assert "Valg" in content and "Vårmøte" in content
    for n in range(20):
        attend(meeting(f"2025-06-{n + 1:02d}"), organisation(f"Mer {n}"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/koordinator/panel/tall/?aar=2025")


def test_meeting_screens_need_a_role(client, outsider, council_staff):
    m = meeting("2025-03-01")
    assert client.get("/koordinator/panel/").status_code == 302
    client.force_login(outsider)
    for path in ("/koordinator/panel/", f"/koordinator/panel/{m.pk}/", "/koordinator/panel/tall/"):
        assert client.get(path).status_code == 403
    client.force_login(council_staff)
    assert client.get("/koordinator/panel/").status_code == 200
    assert client.get(f"/koordinator/panel/{m.pk}/").status_code == 200
    for path in ("/koordinator/panel/nytt/", f"/koordinator/panel/{m.pk}/rediger/", f"/koordinator/panel/{m.pk}/invitasjoner/"):
        assert client.get(path).status_code == 403


def test_meeting_detail_summarises_the_answers_to_invitations(client, coordinator):
    m = meeting("2030-03-05", status="planned")
    for status in ("accepted", "accepted", "declined", "invited"):
        Invitation.objects.create(meeting=m, organisation=organisation(), status=status)
    client.force_login(coordinator)
    assert "2 takket ja, 1 takket nei, 1 har ikke svart" in client.get(f"/koordinator/panel/{m.pk}/").content.decode()


def test_the_meeting_list_sums_participants_once_whatever_the_invitations(client, coordinator):
    """3 + 2 participants and 3 invitations: 5 participants (the joined sum said 15)."""
    import re

    held = meeting("2025-05-06", title="Maimøtet")
    attend(held, organisation(), participants=3)
    attend(held, organisation(), participants=2)
    for _ in range(3):
        Invitation.objects.create(meeting=held, organisation=organisation())
    other = meeting("2025-06-03", title="Junimøtet")  # no attendance: 0, not empty
    Invitation.objects.create(meeting=other, organisation=organisation())
    client.force_login(coordinator)
    html = client.get("/koordinator/panel/", {"aar": 2025}).content.decode()

    def cells(title):
        row = re.search(r"<tr>((?:(?!</tr>).)*" + title + r"(?:(?!</tr>).)*)</tr>", html, re.S).group(1)
        return re.findall(r'<td class="text-end">([^<]*)</td>', row)

    # invited, organisations present, participants
    assert cells("Maimøtet") == ["3", "2", "5"]
    assert cells("Junimøtet") == ["1", "0", "0"]


def test_the_meeting_page_counts_participants_once(client, coordinator):
    held = meeting("2025-05-06")
    attend(held, organisation(), participants=3)
    attend(held, organisation(), participants=2)
    for _ in range(3):
        Invitation.objects.create(meeting=held, organisation=organisation())
    client.force_login(coordinator)
    assert client.get(f"/koordinator/panel/{held.pk}/").context["participants_total"] == 5


def test_the_minutes_pdf_tags_a_list_as_pdf_ua_wants_it(client, coordinator, run_jobs):
    # Each item an LI of a label and a body holding its text (it was LI > P, as the report's was).
    from django.urls import reverse

    from tests.pdfua import pdfinfo

    m = meeting(datetime.date(2025, 3, 5), minutes="<p>Vi avtalte:</p><ul><li><p>Tolk</p></li><li><p>Lokaler</p></li></ul>")
    client.force_login(coordinator)
    with run_jobs():
        client.get(reverse("panel:minutes_pdf", args=[m.pk]))  # the job renders it
    response = client.get(reverse("panel:minutes_pdf", args=[m.pk]))
    structure = " ".join(pdfinfo(response.getvalue(), "-struct-text").split())
    for item in ("Tolk", "Lokaler"):
        assert f'LI (block) Lbl (block) Span (inline) "• " LBody (block) Span (inline) "{item}"' in structure
