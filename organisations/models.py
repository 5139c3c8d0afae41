from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.text.search import fold, query_terms
from organisations.fields import OrgNumberField
from organisations.validators import validate_logo, validate_org_number
from portal.privacy.files import PrivateUploadTo, get_private_storage
from portal.text.language_tags import text_direction, validate_language_tag
from portal.text.formatted import RichTextField
from portal.text.sanitize import richtext_to_plain_text
from portal.db.timestamps import Timestamped
from portal.output.ical import calendar_uid


class Kind(models.TextChoices):
    IMMIGRANT_ORGANISATION = "immigrant_organisation", _("Innvandrerorganisasjon")
    FAITH_COMMUNITY = "faith_community", _("Trossamfunn")
    VOLUNTARY_ORGANISATION = "voluntary_organisation", _("Frivillig organisasjon")
    MUNICIPAL_SERVICE = "municipal_service", _("Kommunal virksomhet")
    BUSINESS = "business", _("Næringsliv")
    OTHER = "other", _("Annet")


# docs/domain.md: faith communities are counted with immigrant organisations in every figure.
IMMIGRANT_KINDS = (Kind.IMMIGRANT_ORGANISATION, Kind.FAITH_COMMUNITY)


def english_active():
    return (get_language() or "").startswith("en")


class Language(models.Model):
    """A language an organisation serves people in (ISO 639-1 code)."""

    code = models.CharField(_("kode"), max_length=12, unique=True, validators=[validate_language_tag])
    name_nb = models.CharField(_("navn (bokmål)"), max_length=80)
    name_en = models.CharField(_("navn (engelsk)"), max_length=80)

    class Meta:
        ordering = ["name_nb"]
        verbose_name = _("språk")
        verbose_name_plural = _("språk")

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The name in the page's language: English in English mode, bokmål otherwise."""
        return self.name_en if english_active() and self.name_en else self.name_nb


class ActivityCategory(models.Model):
    """The ICNPO categories that Frivillighetsregisteret uses."""

    code = models.CharField(_("kode"), max_length=8, unique=True)
    name_nb = models.CharField(_("navn (bokmål)"), max_length=120)
    name_en = models.CharField(_("navn (engelsk)"), max_length=120)

    class Meta:
        ordering = ["pk"]  # the order the categories are listed in (1.1 … 12.1)
        verbose_name = _("aktivitetskategori")
        verbose_name_plural = _("aktivitetskategorier")

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def name(self):
        return self.name_en if english_active() and self.name_en else self.name_nb


class Tag(models.Model):
    """A free tag for an activity that the ICNPO categories do not name."""

    name = models.CharField(_("navn"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("stikkord")
        verbose_name_plural = _("stikkord")
        constraints = [models.UniqueConstraint(Lower("name"), name="tag_name_unique_ci")]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A Norwegian municipality by its number (kommunenummer), the numbers Enhetsregisteret's
    addresses carry. Loaded from organisations/data/kommuner.csv by a migration (see
    organisations.municipalities for its source); nobody edits the list in the portal."""

    number = models.CharField(_("kommunenummer"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self):
        return self.name


class OtherNeed(models.TextChoices):
    """What an organisation says it needs besides premises (its record, never public)."""

    STORAGE = "storage", _("Lagerplass")
    FUNDING = "funding", _("Økonomisk støtte")
    APPLICATIONS = "applications", _("Hjelp med søknader")
    VOLUNTEERS = "volunteers", _("Flere frivillige")
    INTERPRETING = "interpreting", _("Tolk eller oversettelse")
    TRAINING = "training", _("Kurs i styrearbeid, regnskap eller lignende")
    EQUIPMENT = "equipment", _("Utstyr")
    TRANSPORT = "transport", _("Transport")
    PROMOTION = "promotion", _("Å bli bedre kjent")
    PARTNERS = "partners", _("Samarbeidspartnere")
    OTHER = "other", _("Annet (skriv under)")


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def published(self, on=None):
        on = on or timezone.localdate()
        return self.active().filter(published_on__isnull=False, published_on__lte=on)

    def immigrant(self):
        return self.filter(kind__in=IMMIGRANT_KINDS)

    def search(self, query):
        """Organisations whose search copy holds every folded word of the query (the one search
        rule of the directory, the registry, the outreach picker and the attendance page)."""
        queryset = self
        for term in query_terms(query):
            queryset = queryset.filter(search_text__contains=term)
        return queryset


class Organisation(Timestamped):
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("nettadresse"), max_length=220, unique=True, blank=True)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices, default=Kind.IMMIGRANT_ORGANISATION)
    org_number = OrgNumberField(
        _("organisasjonsnummer"),
        max_length=9,
        blank=True,
        validators=[validate_org_number],
        help_text=_("Ni siffer fra Brønnøysundregistrene."),
    )
    municipality = models.CharField(_("kommune"), max_length=100, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    email = models.EmailField(_("offentlig e-post"), blank=True)
    phone = models.CharField(_("offentlig telefon"), max_length=40, blank=True)
    website = models.URLField(_("nettside"), blank=True)
    facebook = models.URLField(_("Facebook"), blank=True)
    instagram = models.URLField(_("Instagram"), blank=True)
    other_social = models.URLField(_("annen sosial lenke"), blank=True)
    description = RichTextField(_("beskrivelse"), blank=True)
    description_en = RichTextField(_("beskrivelse på engelsk"), blank=True)
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("språk"))
    activities = models.ManyToManyField(ActivityCategory, blank=True, verbose_name=_("aktiviteter"))
    tags = models.ManyToManyField(Tag, blank=True, verbose_name=_("stikkord"))
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True, validators=[validate_logo])
    meeting_place = models.CharField(_("møtested"), max_length=250, blank=True)
    meeting_times = models.CharField(
        _("møtetider"), max_length=250, blank=True, help_text=_("For eksempel «Hver tirsdag kl. 18–20»."))
    # Public: where the organisation is active besides the municipality it is registered in
    # (many organisations serving Sandnes are registered in Stavanger).
    active_in = models.ManyToManyField(
        Municipality, blank=True, related_name="active_organisations", verbose_name=_("aktiv i kommunene"),
        help_text=_("Kommuner organisasjonen har aktivitet i, i tillegg til kommunen den er registrert i."),
    )

    # The organisation's own record, kept by its editors: private (coordinators and its editors).
    member_count = models.PositiveIntegerField(_("antall medlemmer"), null=True, blank=True)
    other_needs = models.JSONField(_("andre behov"), default=list, blank=True)
    other_needs_note = models.TextField(_("andre behov, utdypet"), blank=True)

    published_on = models.DateField(
        _("publisert"),
        null=True,
        blank=True,
        help_text=_("Datoen oppføringen ble offentlig i katalogen. Tom betyr ikke publisert."),
    )
    # The consent the listing is public under. Written only by organisations.services
    # .organisation_set_published (with published_on); the Consent rows are the one record of who
    # consented, when and to what, and the check constraint below keeps every door honest.
    # DO_NOTHING: the database's own (deferred) foreign key refuses deleting the consent a public
    # listing stands on, while deleting the organisation takes its consents along.
    published_consent = models.ForeignKey(
        "Consent", on_delete=models.DO_NOTHING, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("samtykke for publiseringen"),
    )

    last_confirmed_on = models.DateField(
        _("sist bekreftet"), null=True, blank=True,
        help_text=_("Siste dato en redaktør eller koordinator bekreftet at oppføringen stemmer."),
    )
    # When the yearly "confirm your listing" e-mail last went out: makes the command idempotent.
    confirmation_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    notes = models.TextField(_("interne notater"), blank=True, help_text=_("Kun synlig for koordinatorer."))
    archived_at = models.DateTimeField(_("arkivert"), null=True, blank=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="edited_organisations",
        verbose_name=_("redaktører"),
    )
    # Lower-cased, accent-folded copy of the searchable text: SQLite's LIKE folds ASCII only,
    # so "eritreisk" must meet "Eritreisk" and "ostre" "Østre" here, the same on both databases.
    search_text = models.TextField(editable=False, blank=True, default="")


    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_name_unique_ci"),
            # docs/domain.md: no listing is ever public without a consent record, whichever door it
            # comes through (screens, admin, import, restore, the shell).
            models.CheckConstraint(
                condition=models.Q(published_on__isnull=True) | models.Q(published_consent__isnull=False),
                name="published_listing_has_consent",
                violation_error_message=_("En oppføring kan bare publiseres når organisasjonens samtykke er registrert."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "published_on"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns only: the slug once, and the folded search copy of the own fields.
        if not self.slug:
            self.slug = unique_slug(self.name, exclude_pk=self.pk)
        self.search_text = self.build_search_text(include_related=self.pk is not None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "updated_at"}
        super().save(*args, **kwargs)

    def build_search_text(self, include_related=True):
        # The words of the formatted descriptions, never their tags or link attributes.
        parts = [self.name, richtext_to_plain_text(self.description), richtext_to_plain_text(self.description_en), self.municipality]
        if include_related:
            parts += [f"{lang.name_nb} {lang.name_en} {lang.code}" for lang in self.languages.all()]
            parts += [f"{act.name_nb} {act.name_en}" for act in self.activities.all()]
            parts += [tag.name for tag in self.tags.all()]
            # The approved descriptions in other languages (only approved text is ever stored here).
            parts += [richtext_to_plain_text(description.text) for description in self.descriptions.all()]
        return fold(" ".join(part for part in parts if part))

    def refresh_search_text(self):
        """Call after the many-to-many fields changed (forms, imports, admin)."""
        self.search_text = self.build_search_text()
        type(self).objects.filter(pk=self.pk).update(search_text=self.search_text)

    def get_absolute_url(self):
        return reverse("organisations:detail", args=[self.slug])

    @property
    def logo_url(self):
        """The published logo's public address (public media), or ''."""
        return self.logo.url if self.logo else ""

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def is_published(self):
        return (
            self.published_on is not None and self.published_on <= timezone.localdate() and not self.is_archived
        )


def free_slug(taken, name, *, fallback):
    """The address name of `name` (folded to ASCII, `fallback` when nothing is left), with -2, -3 …
    until no row of the queryset `taken` has it."""
    base = slugify(fold(name))[:200] or fallback
    slug, n = base, 2
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_slug(name, exclude_pk=None):
    return free_slug(Organisation.objects.exclude(pk=exclude_pk), name, fallback="organisasjon")


class ListingDescription(Timestamped):
    """The public listing's description in one more language, beside the Norwegian one.

    Only text a coordinator wrote or approved is stored here: an editor's proposal waits in a
    ListingRevision (data["descriptions"]) and is copied here when approved.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="descriptions", verbose_name=_("organisasjon")
    )
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("språk"))
    text = RichTextField(_("beskrivelse"))

    class Meta:
        ordering = ["language__name_nb"]
        verbose_name = _("beskrivelse på et annet språk")
        verbose_name_plural = _("beskrivelser på andre språk")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "language"], name="one_description_per_language")
        ]

    def __str__(self):
        return f"{self.organisation} ({self.language.code})"

    @property
    def lang(self):
        return self.language.code

    @property
    def direction(self):
        return text_direction(self.language.code)


class ContactPerson(Timestamped):
    """A person the coordinators talk to. Private: never shown on a public page.

    Deliberately without any ethnic or religious attribute (docs/domain.md "Privacy").
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contact_persons", verbose_name=_("organisasjon")
    )
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("rolle"), max_length=120, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self):
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("mandag")
    TUESDAY = 1, _("tirsdag")
    WEDNESDAY = 2, _("onsdag")
    THURSDAY = 3, _("torsdag")
    FRIDAY = 4, _("fredag")
    SATURDAY = 5, _("lørdag")
    SUNDAY = 6, _("søndag")


class NeedFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Hver uke")
    FORTNIGHTLY = "fortnightly", _("Annenhver uke")
    MONTHLY = "monthly", _("En gang i måneden")
    OCCASIONALLY = "occasionally", _("Av og til")


class PremisesNeedQuerySet(models.QuerySet):
    def current(self):
        """What counts in the coordinators' sum: not withdrawn, of an organisation in the registry."""
        return self.filter(withdrawn_on__isnull=True, organisation__archived_at__isnull=True)


class PremisesNeed(Timestamped):
    """One recurring need for premises: a weekday, a time, how big and how often. Private: the
    coordinators sum them for a consultation or the property department (never public)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="premises_needs", verbose_name=_("organisasjon")
    )
    weekday = models.PositiveSmallIntegerField(_("ukedag"), choices=Weekday.choices)
    starts_at = models.TimeField(_("fra kl."))
    ends_at = models.TimeField(_("til kl."))
    people = models.PositiveIntegerField(_("antall personer"), null=True, blank=True)
    area = models.PositiveIntegerField(_("størrelse (m²)"), null=True, blank=True)
    frequency = models.CharField(_("hvor ofte"), max_length=16, choices=NeedFrequency.choices, default=NeedFrequency.WEEKLY)
    purpose = models.CharField(_("hva lokalet skal brukes til"), max_length=200, blank=True)
    # Met or no longer needed: kept (the coordinators see what was asked), never summed.
    withdrawn_on = models.DateField(_("dekket eller trukket"), null=True, blank=True, editable=False)

    objects = PremisesNeedQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "starts_at", "pk"]
        verbose_name = _("behov for lokaler")
        verbose_name_plural = _("behov for lokaler")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="premises_need_ends_after_start"),
            models.CheckConstraint(
                condition=models.Q(people__isnull=False) | models.Q(area__isnull=False), name="premises_need_has_a_size"
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


# --- The organisations' own editing: invitations, moderated changes, consent, events ----------


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Venter på godkjenning")
    APPROVED = "approved", _("Godkjent")
    REJECTED = "rejected", _("Avvist")


class EditorInvitation(models.Model):
    """A one-time link that lets the holder of an e-mail address become an organisation's editor.

    Only a SHA-256 of the token is stored: a copy of the database does not give anyone the links.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="editor_invitations", verbose_name=_("organisasjon")
    )
    email = models.EmailField(_("e-post"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("utløper"))
    used_at = models.DateTimeField(_("brukt"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("redaktørinvitasjon")
        verbose_name_plural = _("redaktørinvitasjoner")

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_usable(self):
        return self.used_at is None and self.cancelled_at is None and self.expires_at > timezone.now()


class Moderated(models.Model):
    """What an editor proposes and a coordinator decides (listing revisions, events): one status,
    who sent it in and when, who decided and when, and the message sent with the decision.
    Decided by organisations.services.moderation_decide, the one place for it."""

    status = models.CharField(
        _("status"), max_length=16, choices=ModerationStatus.choices, default=ModerationStatus.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("sendt inn"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    review_message = models.TextField(_("melding til redaktøren"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_pending(self):
        return self.status == ModerationStatus.PENDING

    @property
    def is_approved(self):
        return self.status == ModerationStatus.APPROVED


class ListingRevision(Moderated):
    """One proposed version of an organisation's public listing.

    `data` holds every public field of the proposal (many-to-many fields as codes and names), so
    an approved revision is a complete, readable version: the history is the approved revisions.
    `previous` is the listing as it was just before the approval, so the first version is kept too.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="listing_revisions", verbose_name=_("organisasjon")
    )
    data = models.JSONField(_("foreslått oppføring"), default=dict)
    previous = models.JSONField(_("oppføringen før godkjenning"), null=True, blank=True)
    # A proposed logo is not public until approved: private storage, served to the editors and
    # coordinators by `revision_logo`; approval copies it into the public media.
    logo = models.ImageField(
        _("ny logo"),
        upload_to=PrivateUploadTo("logos/revisions"),
        storage=get_private_storage,
        max_length=255,
        blank=True,
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("endring av oppføring")
        verbose_name_plural = _("endringer av oppføringer")
        constraints = [
            # One open proposal per organisation: a new edit updates it rather than racing it.
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(status="pending"), name="one_pending_revision_per_org"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_status_display()})"


class Consent(models.Model):
    """The organisation's consent to a public listing, with who gave it, when and to which wording."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="consents", verbose_name=_("organisasjon")
    )
    given_by = models.CharField(_("gitt av"), max_length=200)
    given_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    given_on = models.DateField(_("dato"))
    wording_version = models.CharField(_("versjon av samtykketeksten"), max_length=20)
    wording = models.TextField(_("samtykketekst"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")

    def __str__(self):
        return f"{self.organisation}: {self.given_by} {self.given_on}"

    @property
    def is_active(self):
        return self.withdrawn_at is None

    @property
    def is_before_portal(self):
        """Recorded from a published_on the portal did not see given (an imported sheet, or a
        listing published before consent records existed): the consent was given before the portal."""
        return self.wording_version == CONSENT_BEFORE_PORTAL_VERSION


# The wording version of a consent given before the portal (see Consent.is_before_portal).
CONSENT_BEFORE_PORTAL_VERSION = "før-portalen"


class Audience(models.TextChoices):
    OPEN = "open", _("Åpent for alle")
    MEMBERS = "members", _("Bare for medlemmer")


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(
            status=ModerationStatus.APPROVED,
            organisation__in=Organisation.objects.published(),
        )


class Event(Moderated):
    """An organisation's public event, shown once a coordinator has approved it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="organisation_events", verbose_name=_("organisasjon")
    )
    title = models.CharField(_("tittel"), max_length=200)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    location = models.CharField(_("sted"), max_length=250)
    description = RichTextField(_("beskrivelse"), blank=True)
    language = models.ForeignKey(
        Language, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("språk")
    )
    audience = models.CharField(_("hvem kan komme"), max_length=16, choices=Audience.choices, default=Audience.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def uid(self):
        return calendar_uid(f"event-{self.pk}")

    def get_absolute_url(self):
        return f"{self.organisation.get_absolute_url()}#arrangement-{self.pk}"
