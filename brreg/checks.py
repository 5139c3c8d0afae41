from django.conf import settings
from django.core.checks import Error, register


@register()
def upload_root_is_private(app_configs, **kwargs):
    """Uploaded bulk files must never land where the web server serves MEDIA_ROOT."""
    from pathlib import Path

    upload = Path(settings.BRREG_UPLOAD_ROOT).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    if upload == media or media in upload.parents:
        return [Error(
            "BRREG_UPLOAD_ROOT is inside MEDIA_ROOT: uploaded files would be public.",
            hint="Set PORTAL_BRREG_UPLOAD_ROOT to a directory outside DJANGO_MEDIA_ROOT.", id="brreg.E001",
        )]
    return []
