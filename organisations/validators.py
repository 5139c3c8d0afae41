from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.no import orgnr

ALLOWED_IMAGE_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def validate_org_number(value):
    """Brønnøysund organisation number: nine digits with a MOD11 check digit."""
    if not value:
        return
    try:
        orgnr.validate(value)
    except InvalidChecksum:
        raise ValidationError(_("Kontrollsifferet stemmer ikke (%(value)s)."), params={"value": value}, code="checksum")
    except (InvalidLength, InvalidFormat):
        raise ValidationError(_("Må være ni siffer (%(value)s)."), params={"value": value}, code="format")


def validate_image_file(file, max_bytes):
    """An image checked by its content, not its name, and within the size limit."""
    if file.size > max_bytes:
        raise ValidationError(
            _("Filen er for stor (%(size)s). Største tillatte størrelse er %(max)s."),
            params={"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("Filen er ikke et bilde vi kan lese."), code="not_image")
    finally:
        file.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("Bildeformatet må være PNG, JPEG, GIF eller WebP."), code="format")


def validate_logo(file):
    validate_image_file(file, settings.LOGO_MAX_BYTES)


# A 10 000 × 10 000 logo is already absurd; refusing bigger ones before decoding keeps a
# small "decompression bomb" file from costing the server gigabytes of memory.
MAX_IMAGE_PIXELS = 25_000_000
LOGO_MAX_SIDE = 1024


def validate_image_dimensions(file):
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("Filen er ikke et bilde vi kan lese."), code="not_image")
    finally:
        file.seek(position)
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(_("Bildet er for stort (for mange piksler)."), code="too_many_pixels")


def reencode_image(file, max_side=LOGO_MAX_SIDE):
    """The uploaded image decoded and written again as a fresh PNG.

    Re-encoding drops whatever else the file carried (EXIF with GPS positions, comments,
    polyglot payloads appended after the image data); only the pixels survive.
    """
    import io
    import uuid

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import ImageOps

    file.seek(0)
    with Image.open(file) as image:
        image = ImageOps.exif_transpose(image)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
        image = image.convert("RGBA" if has_alpha else "RGB")
        image.thumbnail((max_side, max_side))
        output = io.BytesIO()
        image.save(output, format="PNG", optimize=True)
    return SimpleUploadedFile(f"{uuid.uuid4().hex}.png", output.getvalue(), content_type="image/png")
