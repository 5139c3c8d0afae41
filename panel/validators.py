"""Attachments to the minutes are judged by their content, not by their name: a renamed
executable must not pass as a PDF."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = b"%PDF-"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
ZIP = b"PK\x03\x04"


def attachment_type(uploaded):
    """'pdf', 'png', 'jpeg', 'docx' or None, from the first bytes (and, for DOCX, the zip's entries)."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(PDF):
        return "pdf"
    if head.startswith(PNG):
        return "png"
    if head.startswith(JPEG):
        return "jpeg"
    if head.startswith(ZIP):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded.seek(0)
        if "[Content_Types].xml" in names and any(name.startswith("word/") for name in names):
            return "docx"
    return None


def validate_attachment(uploaded):
    limit = settings.ATTACHMENT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(_("Filen er for stor (høyst %(limit)s).") % {"limit": filesizeformat(limit)})
    if attachment_type(uploaded) is None:
        raise ValidationError(_("Bare PDF, Word (DOCX), PNG og JPEG kan legges ved."))
