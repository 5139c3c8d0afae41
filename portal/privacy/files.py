"""Private files: stored outside the public media root, served only by views that check the role.

Everything under MEDIA_ROOT is public (the proxy serves it at /media/). What is not for the
public (minutes' attachments, proposed logos, report PDFs, grant attachments) goes to
`private_storage`, rooted at PRIVATE_MEDIA_ROOT, which no proxy serves and which has no URL:
`serve_private_file()` hands one out after the calling view's own role check.

An upload is accepted only when its extension and its content agree on one type of the
allow-list (PDF, DOCX, PNG, JPEG): a file named `.html` is refused whatever its first bytes
say, and a `.pdf` whose bytes are not a PDF is refused too. SVG, HTML and executables are
never on the list.
"""

import logging
import mimetypes
import os
import posixpath
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from portal.web.params import is_ours

logger = logging.getLogger(__name__)

# type → (extensions, content type served)
ALLOWED_TYPES = {
    "pdf": ((".pdf",), "application/pdf"),
    "docx": ((".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "png": ((".png",), "image/png"),
    "jpeg": ((".jpg", ".jpeg"), "image/jpeg"),
}
ACCEPT_ATTRIBUTE = ",".join(ext for exts, _type in ALLOWED_TYPES.values() for ext in exts)

PDF = b"%PDF-"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
ZIP = b"PK\x03\x04"
# Markup a browser would run if it ever sniffed the file as HTML (a "polyglot" PDF).
MARKUP = (b"<html", b"<script", b"<svg", b"<!doctype", b"<body", b"<iframe")


class FileNotStored(OSError):
    """A file could not be written (a full disk, a quota, a read-only or vanished volume).
    Nothing of it is left behind; UnstorableUploadMiddleware answers the visitor."""


class CleanFailureMixin:
    """A FileSystemStorage that leaves no partial file when writing fails midway.

    Django's FileSystemStorage creates the file, then writes it chunk by chunk; a disk that fills
    up meanwhile leaves a truncated file no row points to (and that backups copy). Here the
    partial file is removed and FileNotStored raised: the model's save stops before its INSERT
    (a FileField stores the file first), so neither file nor row remains."""

    def _save(self, name, content):
        full_path = self.path(name)
        existed = os.path.lexists(full_path)
        try:
            return super()._save(name, content)
        except FileExistsError:
            raise
        except OSError as exc:
            if not existed:
                try:
                    os.remove(full_path)
                except OSError:
                    pass  # never created, or already gone
            logger.error("could not store %s in %s: %s", name, self.location, exc)
            raise FileNotStored(exc.errno, exc.strerror or str(exc)) from exc


@deconstructible(path="portal.privacy.files.PublicStorage")
class PublicStorage(CleanFailureMixin, FileSystemStorage):
    """The default storage (MEDIA_ROOT, served by the proxy), without partial files."""


@deconstructible(path="portal.privacy.files.PrivateStorage")
class PrivateStorage(CleanFailureMixin, FileSystemStorage):
    """FileSystemStorage at settings.PRIVATE_MEDIA_ROOT, without a URL."""

    def __init__(self):
        super().__init__()

    @cached_property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        # A private file has no address of its own: a view serves it after checking the role.
        raise ValueError("A private file has no public URL; serve it with portal.privacy.files.serve_private_file().")


private_storage = PrivateStorage()


def get_private_storage():
    """For FileField(storage=...): a callable keeps the migrations free of a storage instance."""
    return private_storage


def extension_type(name):
    """The allow-list's type for a file name's extension, or None."""
    extension = posixpath.splitext((name or "").lower())[1]
    for kind, (extensions, _content_type) in ALLOWED_TYPES.items():
        if extension in extensions:
            return kind
    return None


def content_type_of(uploaded):
    """'pdf', 'png', 'jpeg', 'docx' or None, from the file's bytes."""
    uploaded.seek(0)
    head = uploaded.read(1024)
    uploaded.seek(0)
    lowered = head.lower()
    if any(marker in lowered for marker in MARKUP):
        return None
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
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            uploaded.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    return None


def validate_private_upload(uploaded, max_bytes=None):
    """Refuse a file whose extension and content do not agree on one allowed type."""
    limit = max_bytes if max_bytes is not None else settings.ATTACHMENT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("Filen er for stor (høyst %(limit)s).") % {"limit": filesizeformat(limit)}, code="too_large"
        )
    by_name = extension_type(getattr(uploaded, "name", ""))
    if by_name is None:
        raise ValidationError(
            _("Bare PDF, Word (DOCX), PNG og JPEG kan legges ved (filnavnet må slutte på %(extensions)s).")
            % {"extensions": ", ".join(ext for exts, _t in ALLOWED_TYPES.values() for ext in exts)},
            code="extension",
        )
    if content_type_of(uploaded) != by_name:
        raise ValidationError(
            _("Bare PDF, Word (DOCX), PNG og JPEG kan legges ved, og innholdet i filen stemmer ikke med filnavnet."),
            code="content",
        )


@deconstructible(path="portal.privacy.files.PrivateUploadTo")
class PrivateUploadTo:
    """upload_to for private files: an unguessable folder per file, the original name kept."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        name = get_valid_filename(posixpath.basename(filename or "fil")) or "fil"
        return posixpath.join(self.folder, uuid.uuid4().hex, name[-100:])

    def __eq__(self, other):
        return isinstance(other, PrivateUploadTo) and other.folder == self.folder


def served_content_type(name):
    kind = extension_type(name)
    if kind is not None:
        return ALLOWED_TYPES[kind][1]
    guessed = mimetypes.guess_type(name or "")[0]
    if guessed in {content_type for _exts, content_type in ALLOWED_TYPES.values()}:
        return guessed
    return "application/octet-stream"


def serve_private_file(fieldfile, filename=None):
    """A FileResponse for a private file, to call *after* the view's own role check.

    Always a download (`Content-Disposition: attachment`) with a content type taken from the
    allow-list, never sniffed (`X-Content-Type-Options: nosniff`), and never cached by a proxy.
    (An <img> on a staff page shows an attachment-disposition image all the same.)
    """
    filename = filename or posixpath.basename(fieldfile.name)
    response = FileResponse(
        fieldfile.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=served_content_type(filename),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def check_private_root(app_configs=None, **kwargs):
    """System check: the private root must not lie inside the public one (the proxy would serve it)."""
    from pathlib import Path

    from django.core.checks import Error

    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    public = Path(settings.MEDIA_ROOT).resolve()
    if private == public or public in private.parents:
        return [
            Error(
                "PRIVATE_MEDIA_ROOT lies inside MEDIA_ROOT, which the proxy serves to everybody.",
                hint="Set DJANGO_PRIVATE_MEDIA_ROOT to a directory outside DJANGO_MEDIA_ROOT.",
                id="portal.E101",
            )
        ]
    return []


def move_public_files_to_private(queryset, field_name, still_public=frozenset()):
    """For data migrations: move each row's file from MEDIA_ROOT to PRIVATE_MEDIA_ROOT (same name).

    A name in `still_public` is copied rather than moved (e.g. an approved proposal's logo that
    the published listing still points at). Missing files are left alone.
    """
    import shutil
    from pathlib import Path

    public_root = Path(settings.MEDIA_ROOT)
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    for name in queryset.exclude(**{field_name: ""}).values_list(field_name, flat=True).distinct():
        source = public_root / name
        target = private_root / name
        if not source.is_file() or target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if name in still_public:
            shutil.copy2(source, target)
        else:
            shutil.move(source, target)


class UnstorableUploadMiddleware:
    """A file that could not be stored (FileNotStored) answers a page that says so, with status
    507, instead of the generic error page; the transaction the view was in is rolled back, so
    nothing of the form was stored either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, FileNotStored):
            return None
        back = request.META.get("HTTP_REFERER", "")
        if not is_ours(request, back):
            back = "/"
        return render(request, "portal/file_not_stored.html", {"back": back}, status=507)


def validate_attachment(uploaded):
    """The validator of an attached file (the minutes' attachments, the resource library):
    judged by its content and its name together, so a renamed executable does not pass as a PDF
    and a PDF-looking file named .html does not pass at all."""
    validate_private_upload(uploaded)
