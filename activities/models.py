"""The coordinators' work beyond the panel (docs/domain.md "aktivitet"): own events, campaigns,
consultations (høringer), media mentions, network gatherings and courses; and what the portal
offers organisations besides: premises they can borrow or rent, and a resource library."""

import datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals.models import Measure, PlanItem
from organisations.models import Language, Organisation
from portal.privacy.files import validate_attachment
from portal.text.formatted import RichTextField
from portal.reporting.subchapters import WorthASubchapter
from portal.db.timestamps import Timestamped


class ActivityKind(models.TextChoices):
    OWN_EVENT = "own_event", _("Eget arrangement")
    CAMPAIGN = "campaign", _("Kampanje")
    CONSULTATION = "consultation", _("Høring")
    MEDIA = "media", _("Medieoppslag")
    NETWORK_MEETING = "network_meeting", _("Nettverkssamling")
    COURSE = "course", _("Kurs")
    OTHER = "other", _("Annet")


class ActivityRole(models.TextChoices):
    CO_ORGANISER = "co_organiser", _("Medarrangør")
    TAKING_PART = "taking_part", _("Deltok")
    INPUT = "input", _("Ga innspill")


class Activity(WorthASubchapter, Timestamped):
    """One activity, dated by `date` (a campaign's first day, a consultation's hearing date, the day
    a mention was published). The kind decides which of the optional fields the screens show."""

    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.OWN_EVENT)
    title = models.CharField(_("tittel"), max_length=200)
    date = models.DateField(_("dato"))
    end_date = models.DateField(_("til og med"), null=True, blank=True, help_text=_("For en kampanje: periodens siste dag."))
    start_time = models.TimeField(_("starter"), null=True, blank=True)
    end_time = models.TimeField(_("slutter"), null=True, blank=True)
    location = models.CharField(_("sted"), max_length=200, blank=True)
    note = RichTextField(_("beskrivelse"), blank=True)
    participants = models.PositiveIntegerField(_("antall deltakere"), null=True, blank=True)
    public = models.BooleanField(_("offentlig"), default=False, help_text=_("Vis aktiviteten i den offentlige kalenderen."))
    # campaign
    channels = models.CharField(_("kanaler"), max_length=300, blank=True, help_text=_("For eksempel Facebook, e-post, plakater."))
    # consultation (høring)
    case = models.TextField(_("saken"), blank=True, help_text=_("Hva høringen gjelder, og hvem som sendte den."))
    deadline = models.DateField(_("høringsfrist"), null=True, blank=True)
    input_sent = models.TextField(_("hva ble sendt"), blank=True)
    outcome = models.TextField(_("utfall"), blank=True)
    # media mention
    outlet = models.CharField(_("medium"), max_length=200, blank=True, help_text=_("For eksempel Sandnesposten."))
    url = models.URLField(_("lenke"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="ActivityOrganisation", related_name="activities_taken_part", blank=True,
        verbose_name=_("organisasjoner"),
    )
    measures = models.ManyToManyField(Measure, blank=True, related_name="activities", verbose_name=_("tiltak"))
    plan_items = models.ManyToManyField(PlanItem, blank=True, related_name="activities", verbose_name=_("planpunkter"))

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        indexes = [models.Index(fields=["kind", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="activity_period_ends_after_it_starts",
                violation_error_message=_("Perioden må slutte samme dag eller senere enn den starter."),
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=False, end_time__gt=models.F("start_time")),
                name="activity_ends_after_start",
                violation_error_message=_("Aktiviteten må slutte etter at den starter."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("activities:public_detail", args=[self.pk])

    def starts_at(self):
        start = datetime.datetime.combine(self.date, self.start_time or datetime.time(0, 0))
        return timezone.make_aware(start, timezone.get_default_timezone())

    def ends_at(self):
        if not self.end_time:
            return None
        return timezone.make_aware(datetime.datetime.combine(self.date, self.end_time), timezone.get_default_timezone())


class ActivityOrganisation(models.Model):
    """An organisation's part in an activity: co-organising, taking part, or (a consultation)
    giving input. Companies take part as organisations of kind business."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="links", verbose_name=_("aktivitet"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="activity_links", verbose_name=_("organisasjon")
    )
    role = models.CharField(_("rolle"), max_length=20, choices=ActivityRole.choices, default=ActivityRole.TAKING_PART)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("organisasjon i aktivitet")
        verbose_name_plural = _("organisasjoner i aktiviteter")
        constraints = [
            models.UniqueConstraint(fields=["activity", "organisation"], name="activity_organisation_once"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.activity}"


class PremisesTerms(models.TextChoices):
    FREE = "free", _("Gratis utlån")
    RENT = "rent", _("Utleie")
    AGREEMENT = "agreement", _("Etter avtale")


class Premises(models.Model):
    """A place organisations can borrow or rent (seed 000 §7), with how to book it."""

    name = models.CharField(_("navn"), max_length=200)
    owner = models.CharField(_("eier"), max_length=200, blank=True, help_text=_("For eksempel Sandnes Eiendom eller et bydelshus."))
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    capacity = models.PositiveIntegerField(_("plass til (personer)"), null=True, blank=True)
    terms = models.CharField(_("vilkår"), max_length=20, choices=PremisesTerms.choices, default=PremisesTerms.FREE)
    price = models.CharField(_("pris"), max_length=200, blank=True)
    how_to_book = models.TextField(_("slik bestiller du"))
    booking_url = models.URLField(_("bestillingsside"), blank=True)
    contact_email = models.EmailField(_("e-post for bestilling"), blank=True)
    contact_phone = models.CharField(_("telefon for bestilling"), max_length=40, blank=True)
    public = models.BooleanField(_("offentlig"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lokale")
        verbose_name_plural = _("lokaler")

    def __str__(self):
        return self.name


class ResourceKind(models.TextChoices):
    GUIDE = "guide", _("Veileder")
    FILE = "file", _("Fil")
    LINK = "link", _("Lenke")


# A resource that is not public keeps its file under this prefix, in the private media root
# (never served by the proxy); a public one in the media root (activities.services.resource_place_file).
PRIVATE_RESOURCE_PREFIX = "privat/"


class ResourceStorage(FileSystemStorage):
    """The library's files: names under PRIVATE_RESOURCE_PREFIX live in PRIVATE_MEDIA_ROOT and
    have no public address; every other name in MEDIA_ROOT, served at /media/."""

    @staticmethod
    def _private(name):
        if name and str(name).startswith(PRIVATE_RESOURCE_PREFIX):
            return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)
        return None

    def path(self, name):
        private = self._private(name)
        return private.path(name) if private else super().path(name)

    def _open(self, name, mode="rb"):
        private = self._private(name)
        return private._open(name, mode) if private else super()._open(name, mode)

    def _save(self, name, content):
        private = self._private(name)
        return private._save(name, content) if private else super()._save(name, content)

    def delete(self, name):
        private = self._private(name)
        return private.delete(name) if private else super().delete(name)

    def exists(self, name):
        private = self._private(name)
        return private.exists(name) if private else super().exists(name)

    def size(self, name):
        private = self._private(name)
        return private.size(name) if private else super().size(name)

    def url(self, name):
        if name and name.startswith(PRIVATE_RESOURCE_PREFIX):
            return ""  # not public: no address (the edit form still names the file)
        return super().url(name)


resource_storage = ResourceStorage()


def get_resource_storage():
    """For FileField(storage=...): a callable keeps the migrations free of a storage instance."""
    return resource_storage


class Resource(models.Model):
    """An entry of the resource library: a guide (such as the grant-application guide), a file or
    a link, in one or more languages. A public one's file is served from media storage; the file
    of one that is not public is kept in the private media root (ResourceStorage)."""

    title = models.CharField(_("tittel"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=ResourceKind.choices, default=ResourceKind.GUIDE)
    description = models.TextField(_("beskrivelse"), blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="resources", verbose_name=_("språk"))
    file = models.FileField(
        _("fil"), upload_to="resources/%Y/", storage=get_resource_storage, blank=True, validators=[validate_attachment]
    )
    url = models.URLField(_("lenke"), blank=True)
    public = models.BooleanField(_("offentlig"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("ressurs")
        verbose_name_plural = _("ressurser")

    def __str__(self):
        return self.title

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""
