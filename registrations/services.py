"""Writes of registrations: sending one in, confirming the address, and the coordinators' decisions."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organisations import services as organisation_services
from organisations.models import ContactPerson, Organisation
from portal.output import mail
from portal.privacy import roles
from portal.text.sanitize import clean_richtext
from registrations.models import Registration, Status
from organisations.consent import CONSENT_WORDING
from brreg.services import Lookup, registry_record_from_lookup
from brreg.units import unit_facts

CONFIRMATION_VALID_FOR = datetime.timedelta(hours=48)


class RegistrationRefused(ValidationError):
    """The step cannot be taken; the message says why and what to do."""


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def registration_by_token(token):
    if not token or len(token) > 100:
        return None
    return Registration.objects.filter(token_hash=_token_hash(token)).first()


def _render(template, context):
    # The portal's e-mails are written in Norwegian, the language every user has in common.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(f"registrations/email/{template}.txt", context)


def registrations_forget_expired(now=None):
    """Unconfirmed registrations whose link expired hold personal data nobody confirmed: deleted
    (daily by `manage.py forget_expired_registrations`, and before each new registration).
    Returns how many."""
    expired = Registration.objects.filter(status=Status.UNCONFIRMED, expires_at__lte=now or timezone.now())
    return expired.delete()[1].get(Registration._meta.label, 0)


def registration_submit(*, data, languages=(), activities=()):
    """Keep the registration as unconfirmed and e-mail the confirmation link at once (the link
    holds the token, stored nowhere but as its hash, so it is never queued). An e-mail that
    cannot be sent takes the registration back: nothing is kept, and the visitor is told."""
    registrations_forget_expired()
    token = secrets.token_urlsafe(32)
    if data.get("consent_given"):
        with translation.override(settings.LANGUAGE_CODE):
            data = {**data, "consent_wording": str(CONSENT_WORDING),
                    "consent_wording_version": organisation_services.CONSENT_WORDING_VERSION}
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                **data, token_hash=_token_hash(token), expires_at=timezone.now() + CONFIRMATION_VALID_FOR
            )
            registration.languages.set(languages)
            registration.activities.set(activities)
    except IntegrityError:  # the same number sent in by someone else a moment ago
        raise RegistrationRefused(_("Organisasjonsnummeret er allerede meldt inn og venter på behandling.")) from None
    link = organisation_services.absolute_url(reverse("registrations:confirm", args=[token]))
    try:
        mail.send(
            subject=_("Bekreft registreringen av %(name)s") % {"name": registration.name},
            body=_render("confirm", {"registration": registration, "link": link}),
            to=[registration.contact_email],
        )
    except Exception as error:
        registration.delete()
        raise RegistrationRefused(
            _("E-posten med bekreftelseslenken kunne ikke sendes (%(error)s). Ingenting er lagret; "
              "prøv igjen om litt.") % {"error": type(error).__name__}
        ) from error
    return registration


def registration_user(registration):
    """The account the registration's address already has (active or not), or None."""
    return organisation_services.account_with_email(registration.contact_email)


@transaction.atomic
def registration_confirm(*, registration, password=None, user=None):
    """The address is confirmed: the account is made (with the password chosen on the link's page)
    or, for an address that already has one, its signed-in owner is recorded, and the registration
    joins the coordinators' queue. Used once; the account gets no role until approval."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_confirmable:
        raise RegistrationRefused(_("Lenken er brukt eller utløpt."))
    user, created = organisation_services.link_account(
        email=registration.contact_email, password=password, user=user, refused=RegistrationRefused, messages={
            "deactivated": _("Adressen kan ikke brukes. Ta kontakt med mangfoldskoordinatorene."),
            "sign_in": _("Adressen har allerede en konto. Logg inn med den for å bekrefte."),
            "other_account": _("Registreringen er sendt fra en annen e-postadresse enn kontoen du er logget inn med."),
        },
    )
    registration.user, registration.account_created = user, created
    registration.status = Status.WAITING
    registration.confirmed_at = timezone.now()
    registration.token_hash = None
    registration.save(update_fields=["user", "account_created", "status", "confirmed_at", "token_hash"])
    return user


# --- The coordinators' decisions ----------------------------------------------------------------


def _open_for_decision(registration):
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Status.WAITING:
        raise RegistrationRefused(_("Registreringen er allerede behandlet."))
    return registration


def _record_register_check(*, registration, organisation):
    """What Enhetsregisteret said when the registration was sent becomes the organisation's latest
    check (its staff page, flags and differences), dated that day."""
    unit = registration.registry_unit
    if registration.org_number and isinstance(unit, dict):
        lookup = Lookup(registration.org_number, unit=unit, facts=unit_facts(unit))
        registry_record_from_lookup(
            organisation=organisation, lookup=lookup, today=timezone.localdate(registration.created_at)
        )


def _make_editor(*, organisation, user):
    if user is None or not user.is_active:
        return
    organisation.editors.add(user)
    user.groups.add(Group.objects.get_or_create(name=roles.ORGANISATION_EDITOR)[0])


def _hand_over_contact(*, registration, organisation):
    """The contact person goes to the organisation's (private) contact persons, where the erasure
    service reaches them; the registration keeps no personal data after its decision (_close)."""
    if registration.contact_name:
        ContactPerson.objects.create(
            organisation=organisation, name=registration.contact_name, email=registration.contact_email,
            phone=registration.contact_phone, role=_("Registrerte organisasjonen i portalen"),
        )


def _consent(*, registration, organisation, by):
    if not registration.consent_given:
        return None
    return organisation_services.consent_record(
        organisation=organisation,
        given_by=registration.contact_name,
        given_by_user=registration.user,
        given_on=timezone.localdate(registration.created_at),
        recorded_by=by,
        wording_version=registration.consent_wording_version,
        wording=registration.consent_wording,
    )


def _close(*, registration, status, by, organisation=None, message=""):
    registration.status = status
    registration.organisation = organisation
    registration.decided_by, registration.decided_at = by, timezone.now()
    registration.decision_message = message
    registration.contact_name = registration.contact_email = registration.contact_phone = ""
    registration.save()


def _notify(*, registration, email, template, subject, by, context):
    # Queued after the decision commits: no secret in it, and a mail failure never undoes a decision.
    transaction.on_commit(lambda: mail.queue(
        subject=subject, body=_render(template, {"registration": registration, **context}), to=[email],
        label=_("E-post: %(subject)s") % {"subject": mail.header_safe(subject, max_length=150)}, owner=by,
        kind="registrations.decision_mail",
    ))


def _links(organisation):
    return {
        "editor_link": organisation_services.absolute_url(
            reverse("organisations:editor_organisation", args=[organisation.slug])
        ),
        "public_link": organisation_services.absolute_url(organisation.get_absolute_url()),
    }


@transaction.atomic
def registration_approve(*, registration, by):
    """A new organisation of the registry from the registration, its applicant as its editor; its
    listing is published today only when the registration gave the consent to a public listing."""
    registration = _open_for_decision(registration)
    if organisation_services.organisation_by_name(registration.name):
        raise RegistrationRefused(
            _("Registeret har allerede en organisasjon med navnet «%(name)s». Slå registreringen sammen med den.")
            % {"name": registration.name}
        )
    if registration.org_number and Organisation.objects.filter(org_number=registration.org_number).exists():
        raise RegistrationRefused(_("Registeret har allerede en organisasjon med dette organisasjonsnummeret. "
                                    "Slå registreringen sammen med den."))
    try:
        with transaction.atomic():  # a coordinator adding the same name this moment: a message, not a 500
            organisation = Organisation.objects.create(
                name=registration.name, kind=registration.kind, org_number=registration.org_number,
                municipality=registration.municipality, address=registration.address, website=registration.website,
                description=clean_richtext(registration.description),
                # The organisation itself described the listing that day (the yearly confirmation counts from it).
                last_confirmed_on=timezone.localdate(registration.created_at),
            )
    except IntegrityError:
        raise RegistrationRefused(
            _("Registeret har allerede en organisasjon med navnet «%(name)s». Slå registreringen sammen med den.")
            % {"name": registration.name}
        ) from None
    organisation.languages.set(registration.languages.all())
    organisation.activities.set(registration.activities.all())
    organisation.refresh_search_text()
    _record_register_check(registration=registration, organisation=organisation)
    _make_editor(organisation=organisation, user=registration.user)
    _hand_over_contact(registration=registration, organisation=organisation)
    if _consent(registration=registration, organisation=organisation, by=by) is not None:
        organisation_services.organisation_publish(organisation=organisation)
    email = registration.contact_email
    _close(registration=registration, status=Status.APPROVED, by=by, organisation=organisation)
    _notify(
        registration=registration, email=email, template="approved", by=by,
        subject=_("%(name)s er godkjent i Mangfoldsportalen") % {"name": organisation.name},
        context={"organisation": organisation, "published": organisation.published_on is not None, **_links(organisation)},
    )
    return organisation


@transaction.atomic
def registration_merge(*, registration, organisation, by):
    """The registration belongs to an organisation already in the registry: its applicant becomes
    an editor there, its contact person and consent are added, and the registry's own values stay
    (only empty fields are filled in). Whether the listing is public stays the coordinators' call."""
    registration = _open_for_decision(registration)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if registration.org_number and organisation.org_number and registration.org_number != organisation.org_number:
        raise RegistrationRefused(_("Organisasjonen i registeret har et annet organisasjonsnummer."))
    changed = []
    for field in ("org_number", "municipality", "address", "website"):
        if not getattr(organisation, field) and getattr(registration, field):
            setattr(organisation, field, getattr(registration, field))
            changed.append(field)
    if not organisation.description and registration.description:
        organisation.description = clean_richtext(registration.description)
        changed.append("description")
    if changed:
        organisation.save(update_fields=changed)
    if not organisation.languages.exists():
        organisation.languages.set(registration.languages.all())
    if not organisation.activities.exists():
        organisation.activities.set(registration.activities.all())
    organisation.refresh_search_text()
    _make_editor(organisation=organisation, user=registration.user)
    _hand_over_contact(registration=registration, organisation=organisation)
    _consent(registration=registration, organisation=organisation, by=by)
    email = registration.contact_email
    _close(registration=registration, status=Status.MERGED, by=by, organisation=organisation)
    _notify(
        registration=registration, email=email, template="merged", by=by,
        subject=_("Du er redaktør for %(name)s i Mangfoldsportalen") % {"name": organisation.name},
        context={"organisation": organisation, **_links(organisation)},
    )
    return organisation


def _delete_account(user):
    """The account existed only for a refused application: it goes with its own trail (its
    address is its username), as an account that was never used for anything. The decision
    stays in the registration's trail."""
    from auditlog.context import disable_auditlog
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(type(user)), object_pk=str(user.pk)).delete()
    with disable_auditlog():
        user.delete()


@transaction.atomic
def registration_refuse(*, registration, by, message):
    """Refused with a message to the applicant. The account made when the address was confirmed
    is deleted when it has nothing else (no role, no organisation): it existed for this only."""
    registration = _open_for_decision(registration)
    email, user = registration.contact_email, registration.user
    _close(registration=registration, status=Status.REFUSED, by=by, message=message)
    if (
        user is not None and registration.account_created and not user.groups.exists() and not user.edited_organisations.exists()
        and not user.is_staff and not user.is_superuser
        and not Registration.objects.filter(user=user, status=Status.WAITING).exists()
    ):
        _delete_account(user)
    _notify(
        registration=registration, email=email, template="refused", by=by,
        subject=_("Registreringen av %(name)s i Mangfoldsportalen") % {"name": registration.name},
        context={"message": message},
    )
