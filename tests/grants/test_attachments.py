"""Budget and accounts are private attachments: stored outside the public media root, checked on
content and extension, served as downloads only to the organisation's editors and coordinators."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants import selectors
from grants.models import ApplicationStatus, Attachment
from tests.grants import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def application(db, org_a):
    return factories.application(factories.grant_round(2025, 1000), org_a, participants=5)


def upload(client, org, application, name, content, kind="accounts"):
    return client.post(
        reverse("grants:editor_attachment_add", args=[org.slug, application.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def test_the_editor_attaches_the_accounts_privately(client, editor, org_a, application, coordinator):
    client.force_login(editor)
    upload(client, org_a, application, "regnskap-2024.pdf", PDF)
    attachment = Attachment.objects.get()
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT)) and not path.startswith(str(settings.MEDIA_ROOT))
    response = client.get(reverse("grants:editor_attachment_download", args=[org_a.slug, application.pk, attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    client.force_login(coordinator)
    assert client.get(reverse("grants:attachment_download", args=[attachment.pk])).status_code == 200
    # accounts on file count for readiness
    assert attachment.kind == "accounts"


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(client, editor, org_a, application):
    client.force_login(editor)
    response = upload(client, org_a, application, "regnskap.pdf", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 302 and not Attachment.objects.exists()
    page = client.get(reverse("grants:editor_application", args=[org_a.slug, application.pk])).content.decode()
    assert "innholdet i filen stemmer ikke med filnavnet" in page
    upload(client, org_a, application, "budsjett.html", PDF)
    assert not Attachment.objects.exists()


def test_no_one_else_reaches_the_files(client, editor, org_b, application, council_staff, outsider):
    item = Attachment(application=application, kind="budget")
    item.file.save("budsjett.pdf", SimpleUploadedFile("budsjett.pdf", PDF), save=True)
    theirs = factories.application(application.round, org_b, participants=1)
    client.force_login(editor)
    # A's editor may read A's file, but not through B's address nor B's application
    assert client.get(reverse("grants:editor_attachment_download", args=[org_b.slug, application.pk, item.pk])).status_code == 404
    assert client.get(reverse("grants:editor_attachment_download", args=[application.organisation.slug, theirs.pk, item.pk])).status_code == 404
    for user in (council_staff, outsider):
        client.force_login(user)
        assert client.get(reverse("grants:attachment_download", args=[item.pk])).status_code == 403


def test_a_decided_application_takes_no_more_files(client, editor, org_a, application):
    application.status, application.granted_amount = ApplicationStatus.GRANTED, 500
    application.save()
    client.force_login(editor)
    assert upload(client, org_a, application, "regnskap.pdf", PDF).status_code == 404


def test_readiness_sees_accounts_on_file_and_unreported_grants(db, org_a, org_b, application):
    import datetime

    from grants.models import UseReport

    item = Attachment(application=application, kind="accounts")
    item.file.save("regnskap.pdf", SimpleUploadedFile("regnskap.pdf", PDF), save=True)
    earlier = factories.granted(factories.grant_round(2024, 1000), org_b, part="activity", applied=100, amount=100, heads=1)
    UseReport.objects.create(application=earlier, due_on=datetime.date(2024, 12, 1))
    rows = {row["organisation"].name: row for row in selectors.readiness(2026)}
    assert rows["Organisasjon A"]["accounts_on_file"] and rows["Organisasjon A"]["ready"]
    assert not rows["Organisasjon B"]["earlier_grants_reported"] and not rows["Organisasjon B"]["ready"]
    # who applied in the year is not listed
    assert "Organisasjon A" not in {row["organisation"].name for row in selectors.readiness(2025)}


def _checked(organisation, number, **fields):
    import datetime

    from brreg.models import RegistryRecord

    organisation.org_number = number
    organisation.save(update_fields=["org_number"])
    return RegistryRecord.objects.create(
        organisation=organisation, org_number=number, checked_on=datetime.date(2026, 1, 5), found=True, **fields
    )


def _frivillig(year=2026):
    return {row["organisation"].name: row["frivillighetsregisteret"] for row in selectors.readiness(year)}


def test_readiness_reads_frivillighetsregisteret_from_the_bronnoysund_check(db, org_a, org_b):
    _checked(org_a, "974760673", in_frivillighetsregisteret=False)
    rows = {row["organisation"].name: row for row in selectors.readiness(2026)}
    assert rows["Organisasjon A"]["frivillighetsregisteret"] is False and not rows["Organisasjon A"]["ready"]
    assert rows["Organisasjon B"]["frivillighetsregisteret"] is None  # never checked


def test_readiness_does_not_trust_a_check_of_another_number(db, org_a):
    _checked(org_a, "974760673", in_frivillighetsregisteret=True)
    org_a.org_number = "971526157"  # the organisation's number changed since the check
    org_a.save(update_fields=["org_number"])
    assert _frivillig()["Organisasjon A"] is None  # unknown: the new number was never checked


def test_readiness_counts_a_deleted_unit_as_not_in_frivillighetsregisteret(db, org_a):
    import datetime

    _checked(org_a, "974760673", in_frivillighetsregisteret=True, deleted_on=datetime.date(2025, 12, 1))
    rows = {row["organisation"].name: row for row in selectors.readiness(2026)}
    assert rows["Organisasjon A"]["frivillighetsregisteret"] is False and not rows["Organisasjon A"]["ready"]


@pytest.fixture
def full_disk(monkeypatch):
    """The disk fills up while the upload is written: a few bytes land, then ENOSPC."""
    import errno
    import os

    real_fdopen = os.fdopen

    class FillsUp:
        def __init__(self, handle):
            self.handle = handle

        def write(self, chunk):
            self.handle.write(chunk[:8])
            self.handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            self.handle.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r", *args, **kwargs: FillsUp(real_fdopen(fd, mode, *args, **kwargs)))


@pytest.mark.django_db(transaction=True)  # as in production: no test transaction around the request
def test_an_upload_onto_a_full_disk_says_so_and_leaves_no_file_and_no_row(client, editor, org_a, application, full_disk):
    client.force_login(editor)
    page = reverse("grants:editor_application", args=[org_a.slug, application.pk])
    response = client.post(
        reverse("grants:editor_attachment_add", args=[org_a.slug, application.pk]),
        {"kind": "accounts", "file": SimpleUploadedFile("regnskap-2024.pdf", PDF)},
        HTTP_REFERER="http://testserver" + page,
    )
    assert response.status_code == 507
    text = response.content.decode()
    assert "Filen kunne ikke lagres" in text and "Ingenting av skjemaet ble lagret" in text
    assert f'href="http://testserver{page}"' in text  # back to the form
    assert not Attachment.objects.exists()
    left = [path for path in settings.PRIVATE_MEDIA_ROOT.rglob("*") if path.is_file()]
    assert left == []  # no truncated file for the backups to copy
