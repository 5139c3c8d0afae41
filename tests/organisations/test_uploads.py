"""Logos are checked by their content and size, and stored re-encoded (metadata dropped)."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from organisations.models import ListingRevision

pytestmark = pytest.mark.django_db


def jpeg_with_exif(size=(40, 30)):
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010E] = "hemmelig beskrivelse"  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def edit(client, organisation, logo):
    return client.post(
        reverse("organisations:editor_edit", args=[organisation.slug]), {"description": "Med logo", "logo": logo}
    )


def test_a_logo_is_re_encoded_as_png_without_metadata(client, editor, org_a):
    client.force_login(editor)
    data = jpeg_with_exif()
    assert b"hemmelig" in data
    response = edit(client, org_a, SimpleUploadedFile("logo.jpg", data, content_type="image/jpeg"))
    assert response.status_code == 302
    revision = ListingRevision.objects.get()
    stored = revision.logo.read()
    assert stored.startswith(b"\x89PNG") and b"hemmelig" not in stored
    assert revision.logo.name.endswith(".png") and "logo" not in revision.logo.name.rsplit("/", 1)[1]
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 30)


def test_a_file_that_only_claims_to_be_an_image_is_refused(client, editor, org_a):
    client.force_login(editor)
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    response = edit(client, org_a, fake)
    assert response.status_code == 200
    assert not ListingRevision.objects.exists()


def test_a_too_large_file_is_refused(client, editor, org_a, settings):
    settings.LOGO_MAX_BYTES = 1000
    client.force_login(editor)
    big = Image.effect_noise((200, 200), 100).convert("RGB")
    buffer = io.BytesIO()
    big.save(buffer, format="PNG")
    assert buffer.tell() > 1000
    response = edit(client, org_a, SimpleUploadedFile("stor.png", buffer.getvalue(), content_type="image/png"))
    assert response.status_code == 200 and "for stor" in response.content.decode()
    assert not ListingRevision.objects.exists()


def test_a_huge_image_is_shrunk(client, editor, org_a):
    client.force_login(editor)
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 1500), (0, 90, 0)).save(buffer, format="PNG")
    edit(client, org_a, SimpleUploadedFile("vid.png", buffer.getvalue(), content_type="image/png"))
    with Image.open(ListingRevision.objects.get().logo) as image:
        assert image.size == (1024, 512)


def test_the_approved_logo_reaches_the_public_page(client, editor, coordinator, published):
    organisation = published("Med logo")
    organisation.editors.add(editor)
    client.force_login(editor)
    edit(client, organisation, SimpleUploadedFile("logo.jpg", jpeg_with_exif(), content_type="image/jpeg"))
    revision = ListingRevision.objects.get()
    client.force_login(coordinator)
    client.post(reverse("organisations:moderation_revision", args=[revision.pk]), {"decision": "approve"})
    organisation.refresh_from_db()
    # The proposal stays private; the approved logo is a copy in the public media.
    with organisation.logo.open("rb") as public, revision.logo.open("rb") as proposed:
        assert public.read() == proposed.read()
    assert organisation.logo.storage.path(organisation.logo.name).startswith(str(settings.MEDIA_ROOT))
    assert organisation.logo.url in client.get(organisation.get_absolute_url()).content.decode()
