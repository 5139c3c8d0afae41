from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from PIL import Image

from portal.privacy.files import extension_type, validate_private_upload
from portal.text.formatted import ReportTextFormField
from reports.models import ReportSection
from mailings.models import Segment

IMAGE_MAX_BYTES = 5 * 1024 * 1024


class NewReportForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class _StoredImage:
    """The current image as ClearableFileInput shows it: its name, linked to the view that serves it
    (a private file has no URL of its own)."""

    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


class SectionImageInput(forms.ClearableFileInput):
    preview_url = ""  # set by SectionForm for a chapter that has an image

    def is_initial(self, value):
        return bool(value) and bool(getattr(value, "name", ""))

    def format_value(self, value):
        if self.is_initial(value):
            return _StoredImage(str(value.name).rsplit("/", 1)[-1], self.preview_url)
        return None


class SectionForm(forms.ModelForm):
    body = ReportTextFormField(label=_("Tekst"), required=False)

    class Meta:
        model = ReportSection
        fields = ["heading", "level", "body", "generated", "image", "image_alt", "image_caption"]
        widgets = {"image": SectionImageInput(attrs={"accept": ".png,.jpg,.jpeg"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.image:
            # (crispy's file field links `value.url`: the view's address, not the storage's, which has none.)
            url = reverse("reports:section_image", args=[self.instance.pk])
            self.fields["image"].widget.preview_url = url
            self.initial["image"] = _StoredImage(self.instance.image.name.rsplit("/", 1)[-1], url)

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, _StoredImage):
            return self.instance.image  # kept as it is
        if image and hasattr(image, "content_type"):  # a new upload (not the stored file)
            validate_private_upload(image, max_bytes=IMAGE_MAX_BYTES)
            if extension_type(image.name) not in ("png", "jpeg"):
                raise forms.ValidationError(_("Bildet må være PNG eller JPEG."), code="not_an_image")
            try:
                with Image.open(image) as picture:
                    picture.verify()
            except Exception:  # Pillow raises many kinds for a broken file
                raise forms.ValidationError(_("Filen kan ikke leses som et bilde."), code="broken_image") from None
            finally:
                image.seek(0)
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Skriv hva bildet viser: et bilde må ha en alternativ tekst."))
        return cleaned


class ApproveForm(forms.Form):
    approved_by_body = forms.CharField(label=_("Godkjent av"), max_length=200, initial=_("Erfaringspanelet"))
    approved_on = forms.DateField(
        label=_("Dato for godkjenning"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )



class SendForm(forms.Form):
    """Send the published report's link: to a mailing segment, to named recipients, or both."""

    segment = forms.ModelChoiceField(
        label=_("Utvalg"), required=False, queryset=None,
        help_text=_("Organisasjonene i utvalget får e-post som en vanlig utsendelse (med avmelding)."),
    )
    named = forms.CharField(
        label=_("Navngitte mottakere"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Én mottaker per linje: navn og e-postadresse, for eksempel «Kommunedirektørens ledergruppe <ledergruppen@example.org>»."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.order_by("name")

    def clean_named(self):
        from email.utils import parseaddr

        from django.core.validators import validate_email

        pairs, bad = [], []
        for number, line in enumerate((self.cleaned_data.get("named") or "").splitlines(), start=1):
            if not line.strip():
                continue
            name, address = parseaddr(line.strip())
            try:
                validate_email(address)
            except forms.ValidationError:
                bad.append(str(number))
                continue
            pairs.append((name.strip(), address.strip()))
        if bad:
            raise forms.ValidationError(
                _("Linje %(lines)s har ingen gyldig e-postadresse.") % {"lines": ", ".join(bad)}, code="bad_address"
            )
        return pairs

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("segment") is None and not cleaned.get("named"):
            raise forms.ValidationError(_("Velg et utvalg eller skriv inn minst én mottaker."))
        return cleaned
