"""Private files stay private.

The proxy serves MEDIA_ROOT to everybody (docs/operations.md), so nothing that is not public may land there:
minutes' attachments, proposed logos and report PDFs go to PRIVATE_MEDIA_ROOT and are served by
views that check the role, as downloads that a browser never sniffs. An upload passes only when its
extension and its content agree on PDF, DOCX, PNG or JPEG.
"""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from organisations.models import ListingRevision
from panel.models import Meeting, MeetingAttachment
from portal.privacy import files

pytestmark = pytest.mark.django_db

POLYGLOT = b"%PDF-1.4<html><script>alert(document.cookie)</script></html>"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "public-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


def files_under(root):
    root = Path(root)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def meeting():
    return Meeting.objects.create(kind="panel", date=datetime.date(2025, 3, 1), title="Erfaringspanelet", location="Rådhuset")


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 90, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content",
    [
        ("referat.html", POLYGLOT),  # the stored-XSS attack: PDF magic, HTML name
        ("referat.htm", POLYGLOT),
        ("referat.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("referat.pdf", POLYGLOT),  # PDF name, but markup a sniffing browser would run
        ("referat.exe", b"%PDF-1.4 \n%%EOF"),
        ("referat", b"%PDF-1.4 \n%%EOF"),
        ("bilde.png", b"%PDF-1.4 \n%%EOF"),  # content and name disagree
        ("referat.pdf", png_bytes()),
    ],
)
def test_it_refuses_an_attachment_whose_name_and_content_do_not_agree(client, coordinator, name, content):
    client.force_login(coordinator)
    m = meeting()
    response = client.post(
        reverse("panel:attachment_add", args=[m.pk]), {"title": "Referat", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert "Bare PDF, Word (DOCX), PNG og JPEG" in response.content.decode()
    assert not MeetingAttachment.objects.exists()


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("referat.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "application/pdf"),
        ("bilde.png", png_bytes(), "image/png"),
        ("bilde.JPG", b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"),
        ("referat.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_an_accepted_attachment_is_stored_privately_and_served_as_a_typed_download(
    client, coordinator, council_staff, editor, settings, name, content, content_type
):
    client.force_login(coordinator)
    m = meeting()
    response = client.post(
        reverse("panel:attachment_add", args=[m.pk]), {"title": "Referat", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302
    attachment = MeetingAttachment.objects.get()
    assert files_under(settings.MEDIA_ROOT) == []
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == [attachment.file.name]
    # an unguessable folder per file: no predictable path to try
    assert len(attachment.file.name.split("/")[-2]) == 32

    url = reverse("panel:attachment_download", args=[attachment.pk])
    for user in (coordinator, council_staff):
        client.force_login(user)
        download = client.get(url)
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["Content-Type"] == content_type
        assert download["X-Content-Type-Options"] == "nosniff"
        assert b"".join(download.streaming_content) == content
    client.force_login(editor)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_a_private_file_has_no_public_url():
    item = MeetingAttachment(meeting=meeting(), title="Saksliste")
    item.file.save("saksliste.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    with pytest.raises(ValueError):
        item.file.url


def test_an_approved_but_unpublished_report_pdf_never_lands_in_the_public_media(client, coordinator, settings):
    from reports import services

    report = services.report_create(year=2025)
    report = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=datetime.date(2026, 3, 11))
    client.force_login(coordinator)
    response = client.get("/rapporter/2025.pdf")
    assert response.status_code == 200 and response.getvalue().startswith(b"%PDF")
    report.refresh_from_db()
    assert report.pdf.name
    assert files_under(settings.MEDIA_ROOT) == []
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == [report.pdf.name]
    client.logout()
    assert client.get("/rapporter/2025.pdf").status_code == 404


def test_a_proposed_logo_is_private_until_approved(client, editor, coordinator, council_staff, published, settings, django_user_model):
    from tests.conftest import make_user
    from portal.privacy import roles

    organisation = published("Med logo")
    organisation.editors.add(editor)
    client.force_login(editor)
    response = client.post(
        reverse("organisations:editor_edit", args=[organisation.slug]),
        {"description": "Med logo", "logo": SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")},
    )
    assert response.status_code == 302
    revision = ListingRevision.objects.get()
    assert files_under(settings.MEDIA_ROOT) == []
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == [revision.logo.name]

    logo_url = reverse("organisations:revision_logo", args=[revision.pk])
    other_editor = make_user(django_user_model, "annen-redaktor", roles.ORGANISATION_EDITOR)
    for user, status in ((editor, 200), (coordinator, 200), (council_staff, 404), (other_editor, 404)):
        client.force_login(user)
        response = client.get(logo_url)
        assert response.status_code == status, user
        if status == 200:
            assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    # the coordinator's moderation page shows it through that view
    client.force_login(coordinator)
    assert logo_url in client.get(reverse("organisations:moderation_revision", args=[revision.pk])).content.decode()
    # the public page does not, until approval
    assert logo_url not in client.get(organisation.get_absolute_url()).content.decode()


def test_the_data_migration_moves_existing_private_files_out_of_the_public_media(settings):
    public = Path(settings.MEDIA_ROOT)
    (public / "panel/attachments/2024").mkdir(parents=True)
    (public / "panel/attachments/2024/referat.pdf").write_bytes(b"%PDF-1.4 old")
    (public / "logos/revisions").mkdir(parents=True)
    (public / "logos/revisions/delt.png").write_bytes(b"shared")
    m = meeting()
    MeetingAttachment.objects.bulk_create([MeetingAttachment(meeting=m, file="panel/attachments/2024/referat.pdf")])
    files.move_public_files_to_private(MeetingAttachment.objects.all(), "file")
    assert not (public / "panel/attachments/2024/referat.pdf").exists()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / "panel/attachments/2024/referat.pdf").read_bytes() == b"%PDF-1.4 old"
    assert MeetingAttachment.objects.get().file.open("rb").read() == b"%PDF-1.4 old"


def test_a_private_root_inside_the_public_one_fails_the_system_check(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    assert "portal.E101" in [message.id for message in run_checks()]
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    assert "portal.E101" not in [message.id for message in run_checks()]
