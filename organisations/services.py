"""Writes to the registry that span more than one row."""

import datetime
import hashlib
import posixpath
import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organisations.models import (
    CONSENT_BEFORE_PORTAL_VERSION,
    ActivityCategory,
    Consent,
    ContactPerson,
    EditorInvitation,
    Language,
    ListingDescription,
    ListingRevision,
    ModerationStatus,
    Municipality,
    Organisation,
    Tag,
)
from portal.output import mail
from portal.privacy import erasure, roles
from portal.text.sanitize import clean_richtext


def organisation_set_tags(*, organisation, names):
    tags = [Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name) for name in names]
    organisation.tags.set(tags)


def organisation_set_descriptions(*, organisation, descriptions):
    """Make the organisation's descriptions in other languages exactly `descriptions`
    ([{"language": code, "text": …}]): languages left out are removed. Call refresh_search_text after."""
    by_code = {item["language"]: item["text"] for item in descriptions}
    languages = {language.code: language for language in Language.objects.filter(code__in=by_code)}
    organisation.descriptions.exclude(language__code__in=languages).delete()
    for code, language in languages.items():
        ListingDescription.objects.update_or_create(
            organisation=organisation, language=language, defaults={"text": clean_richtext(by_code[code])}
        )


def descriptions_data(organisation):
    """The organisation's descriptions in other languages as plain data, ordered by code."""
    return sorted(
        ({"language": d.language.code, "text": d.text} for d in organisation.descriptions.select_related("language")),
        key=lambda item: item["language"],
    )


@transaction.atomic
def organisation_save_form(*, form, user=None, descriptions=None):
    """Save an organisation form with its many-to-many fields, tags and (when given) its
    descriptions in other languages, then the search copy. A coordinator's own edit is public
    at once, as every other field of this form is.

    The form's published_on goes through organisation_set_published (the one writer of the
    published state); a consent typed into the form (who and when) is recorded first, as a
    Consent, so the record of who consented, when and to what is one list whichever screen was used.
    """
    organisation = form.save(commit=False)
    wanted = organisation.published_on
    organisation.published_on = (
        Organisation.objects.filter(pk=organisation.pk).values_list("published_on", flat=True).first()
        if organisation.pk else None
    )
    organisation.save()
    form.save_m2m()
    if "tags_text" in form.cleaned_data:
        organisation_set_tags(organisation=organisation, names=form.cleaned_data["tags_text"])
    if descriptions is not None:
        organisation_set_descriptions(organisation=organisation, descriptions=descriptions)
    organisation.refresh_search_text()
    given_by, given_on = form.cleaned_data.get("consent_given_by"), form.cleaned_data.get("consent_given_on")
    if given_by and given_on and not organisation.consents.filter(
        withdrawn_at__isnull=True, given_by=given_by, given_on=given_on
    ).exists():
        consent_record(
            organisation=organisation, given_by=given_by, given_on=given_on, recorded_by=user,
            wording_version=CONSENT_REGISTRY_VERSION,
        )
    organisation_set_published(organisation=organisation, on=wanted)
    return organisation


def organisation_archive(*, organisation):
    organisation.archived_at = timezone.now()
    organisation.save(update_fields=["archived_at"])


def organisation_restore(*, organisation):
    organisation.archived_at = None
    organisation.save(update_fields=["archived_at"])


def organisation_by_name(name):
    """The organisation of this name, ignoring case (names are unique ignoring case), or None."""
    return Organisation.objects.filter(name__iexact=name.strip()).first()


def organisation_get_or_create_by_name(*, name, kind):
    """The organisation of this name (any case), created with the kind when it is new.

    Safe when two people add the same new name at once (two coordinators at the door): the
    insert runs in a savepoint, and the loser of the race on the unique name gets the winner's
    organisation instead of an IntegrityError (a 500). A clash on the derived slug alone (two
    different names with the same slug at once) is retried with a fresh slug."""
    from django.db import IntegrityError

    name = name.strip()
    for attempt in range(2):
        existing = organisation_by_name(name)
        if existing:
            return existing, False
        try:
            with transaction.atomic():
                return Organisation.objects.create(name=name, kind=kind), True
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def contact_person_save_form(*, form, organisation):
    person = form.save(commit=False)
    person.organisation = organisation
    person.save()
    return person



# --- Links and e-mail ---------------------------------------------------------------------


def absolute_url(path):
    """An address for e-mails: PORTAL_BASE_URL (the site as the public reaches it) + path."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _send(*, template, subject, to, context, queued_by=None, about=None):
    """Render and send one of the registry's e-mails. With `queued_by` (the deciding coordinator)
    it goes through a background job instead (portal.output.mail.queue): retried, and a failure is
    shown to coordinators rather than turning the decision into a 500."""
    # The portal's e-mails are written in Norwegian, the language every user has in common.
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(f"organisations/email/{template}.txt", context)
        if queued_by is not None:
            mail.queue(
                subject=str(subject), body=body, to=to, owner=queued_by, about=about, kind="organisations.decision_mail",
                label=_("E-post: %(subject)s") % {"subject": mail.header_safe(subject, max_length=150)},
            )
            return
        mail.send(subject=str(subject), body=body, to=to)


# --- Editor invitations -----------------------------------------------------------------

INVITATION_VALID_FOR = datetime.timedelta(days=14)


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(token):
    """The invitation this token belongs to, or None (used, expired and cancelled ones too)."""
    if not token or len(token) > 100:
        return None
    return EditorInvitation.objects.select_related("organisation").filter(token_hash=_token_hash(token)).first()


class InvitationRefused(ValidationError):
    """The invitation cannot be used the way it was tried; the message says what to do."""


class InvitationNotSent(InvitationRefused):
    """The invitation's e-mail could not be sent: nothing changed."""


def editor_invite(*, organisation, email, invited_by):
    """Create a one-time invitation and e-mail its link. Earlier open invitations of the same
    address to the same organisation are cancelled: only the newest link works."""
    email = email.strip()
    if deactivated_account_with_email(email):
        raise InvitationRefused(
            _("%(email)s tilhører en deaktivert konto. En invitasjon kan ikke aktivere den igjen; "
              "aktiver kontoen i administrasjonen hvis den skal brukes.") % {"email": email}
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = EditorInvitation.objects.create(
        organisation=organisation,
        email=email,
        token_hash=_token_hash(token),
        expires_at=now + INVITATION_VALID_FOR,
        invited_by=invited_by,
    )
    link = absolute_url(reverse("organisations:invitation_accept", args=[token]))
    # Sent at once, not queued: the link holds the token, which is stored nowhere (only its hash).
    # Only a sent invitation replaces the earlier ones; one that could not be sent is withdrawn
    # and the coordinator told, and the earlier link keeps working.
    try:
        _send(
            template="invitation",
            subject=_("Invitasjon: rediger %(name)s i Mangfoldsportalen") % {"name": organisation.name},
            to=[email],
            context={"organisation": organisation, "link": link, "invitation": invitation},
        )
    except Exception as error:
        EditorInvitation.objects.filter(pk=invitation.pk).update(cancelled_at=timezone.now())
        raise InvitationNotSent(
            _("E-posten til %(email)s kunne ikke sendes (%(error)s). Ingen ny invitasjon er sendt; "
              "en tidligere invitasjon virker fortsatt. Prøv igjen senere.") % {"email": email, "error": type(error).__name__}
        ) from error
    EditorInvitation.objects.filter(
        organisation=organisation, email__iexact=email, used_at__isnull=True, cancelled_at__isnull=True
    ).exclude(pk=invitation.pk).update(cancelled_at=now)
    return invitation


def invitation_cancel(*, invitation):
    if invitation.used_at is None and invitation.cancelled_at is None:
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])


def invitation_user(invitation):
    """The account the invitation's address already has (active or not), or None."""
    return account_with_email(invitation.email)


def account_with_email(email):
    """The account an address already has (active or not), or None."""
    return get_user_model().objects.filter(email__iexact=email).order_by("-is_active", "pk").first()


def link_account(*, email, password=None, user=None, refused, messages):
    """The account a one-time link e-mailed to `email` is used with (an editor invitation, the
    confirmation of an organisation's own registration); returns (user, created).

    An address without an account gets a new one with the chosen password. An address that
    already has an account is never touched from the link alone (no password reset, no role, no
    reactivation): its owner signs in and uses the link as `user`. A deactivated account is
    refused. Refusals raise `refused` with the caller's wording: messages["deactivated"],
    ["sign_in"], ["other_account"]."""
    existing = account_with_email(email)
    if existing is not None and not existing.is_active:
        raise refused(messages["deactivated"])
    if existing is not None:
        if user is None or user.pk != existing.pk:
            raise refused(messages["sign_in"])
        return existing, False
    if user is not None and user.is_authenticated:
        raise refused(messages["other_account"])
    if not password:
        raise refused(_("Velg et passord."))
    User = get_user_model()
    username, n = email.lower()[:150], 2
    while User.objects.filter(username__iexact=username).exists():  # an old account named so
        username, n = f"{email.lower()[:140]}-{n}", n + 1
    return User.objects.create_user(username=username, email=email, password=password), True


def deactivated_account_with_email(email):
    """True when a deactivated account holds this address: an invitation must never revive it."""
    return get_user_model().objects.filter(email__iexact=email.strip(), is_active=False).exists()




@transaction.atomic
def invitation_accept(*, invitation, password=None, user=None):
    """Use the invitation once.

    The account: link_account (a new one with the chosen password, or the signed-in owner of the
    address's account; never a password reset, a role or a reactivation from the link alone).
    """
    invitation = EditorInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("Invitasjonen er brukt, trukket tilbake eller utløpt."))
    user, _created = link_account(email=invitation.email, password=password, user=user, refused=InvitationRefused, messages={
        "deactivated": _("Invitasjonen kan ikke brukes. Ta kontakt med koordinatoren som sendte den."),
        "sign_in": _("Adressen har allerede en konto. Logg inn med den for å ta imot invitasjonen."),
        "other_account": _("Invitasjonen er sendt til en annen e-postadresse enn kontoen du er logget inn med."),
    })
    invitation.organisation.editors.add(user)
    user.groups.add(Group.objects.get_or_create(name=roles.ORGANISATION_EDITOR)[0])
    invitation.used_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["used_at", "accepted_by"])
    return user


@transaction.atomic
def editor_revoke(*, organisation, user):
    """Take away the user's access to this organisation; the editor role goes with the last one."""
    organisation.editors.remove(user)
    EditorInvitation.objects.filter(
        organisation=organisation, email__iexact=user.email, used_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=timezone.now())
    if not user.edited_organisations.exists():
        user.groups.remove(*Group.objects.filter(name=roles.ORGANISATION_EDITOR))


# --- The public listing as data, and its moderated changes ---------------------------------

LISTING_TEXT_FIELDS = [
    "description", "description_en", "address", "meeting_place", "meeting_times",
    "email", "phone", "website", "facebook", "instagram", "other_social",
]


def listing_snapshot(organisation):
    """The public listing as plain data (the shape of ListingRevision.data)."""
    data = {field: getattr(organisation, field) for field in LISTING_TEXT_FIELDS}
    data["languages"] = sorted(lang.code for lang in organisation.languages.all())
    data["activities"] = sorted(act.code for act in organisation.activities.all())
    data["tags"] = sorted(tag.name for tag in organisation.tags.all())
    data["active_in"] = sorted(municipality.number for municipality in organisation.active_in.all())
    data["logo"] = organisation.logo.name if organisation.logo else ""
    data["descriptions"] = descriptions_data(organisation)
    return data


def _data_from_form(form, descriptions):
    cleaned = form.cleaned_data
    data = {field: cleaned.get(field) or "" for field in LISTING_TEXT_FIELDS}
    data["languages"] = sorted(lang.code for lang in cleaned.get("languages") or [])
    data["activities"] = sorted(act.code for act in cleaned.get("activities") or [])
    data["tags"] = list(cleaned.get("tags_text") or [])
    data["active_in"] = sorted(municipality.number for municipality in cleaned.get("active_in") or [])
    if descriptions is not None:
        data["descriptions"] = sorted(
            ({"language": item["language"], "text": item["text"]} for item in descriptions), key=lambda item: item["language"]
        )
    return data


def pending_revision(organisation):
    return organisation.listing_revisions.filter(status=ModerationStatus.PENDING).first()


@transaction.atomic
def listing_revision_submit(*, organisation, form, user, descriptions=None):
    """Turn the editor's valid form (and descriptions in other languages, from the formset) into
    the organisation's one pending change (created or updated). Nothing public changes here."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()  # serialise two editors
    revision = pending_revision(organisation) or ListingRevision(organisation=organisation)
    data = _data_from_form(form, descriptions)
    logo = form.cleaned_data.get("logo")
    if logo is False:
        revision.logo = None
        data["logo_change"], data["logo"] = "clear", ""
    elif logo and logo is not organisation.logo and hasattr(logo, "content_type"):
        revision.logo = logo  # already re-encoded by the form
        data["logo_change"] = "new"
    elif revision.pk and revision.logo:
        data["logo_change"] = "new"  # the pending proposal's new logo stays
    else:
        data["logo_change"] = "keep"
        data["logo"] = organisation.logo.name if organisation.logo else ""
    revision.data = data
    revision.submitted_by = user
    revision.submitted_at = timezone.now()
    revision.save()
    if data["logo_change"] == "new":
        revision.data["logo"] = revision.logo.name
        revision.save(update_fields=["data"])
    return revision


def _apply_listing(*, organisation, revision):
    data = revision.data
    for field in LISTING_TEXT_FIELDS:
        setattr(organisation, field, data.get(field, ""))
    change = data.get("logo_change", "keep")
    if change == "new" and revision.logo:
        # The proposal lives in private storage; the approved logo is copied into the public media.
        with revision.logo.open("rb") as proposed:
            organisation.logo.save(posixpath.basename(revision.logo.name), File(proposed), save=False)
    elif change == "clear":
        organisation.logo = None
    organisation.save()
    organisation.languages.set(Language.objects.filter(code__in=data.get("languages", [])))
    organisation.activities.set(ActivityCategory.objects.filter(code__in=data.get("activities", [])))
    organisation_set_tags(organisation=organisation, names=data.get("tags", []))
    if "active_in" in data:  # (a revision sent in before "active in" existed leaves it be)
        organisation.active_in.set(Municipality.objects.filter(number__in=data["active_in"]))
    if "descriptions" in data:  # (a revision sent in before descriptions existed leaves them be)
        organisation_set_descriptions(organisation=organisation, descriptions=data["descriptions"])
    organisation.refresh_search_text()


def _editor_emails(organisation, submitted_by):
    if submitted_by is not None and submitted_by.email:
        return [submitted_by.email]
    return [user.email for user in organisation.editors.all() if user.email]


# --- Moderation: the one decision on what editors propose (listing revisions, events) -------


@transaction.atomic
def moderation_decide(*, item, reviewer, approve, message=""):
    """Approve or reject a pending ListingRevision, Event or Offer, once, and mail the decision.

    An approved revision is applied to the listing (which also counts as confirming it); either
    way a revision keeps the listing as it was before the decision, so every version stays
    readable. An approved event is public from now on.
    """
    model = type(item)
    item = model.objects.select_for_update().select_related("organisation").get(pk=item.pk)
    if not item.is_pending:
        raise ValidationError(_("Dette er allerede behandlet."))
    if isinstance(item, ListingRevision):
        organisation = item.organisation
        item.previous = listing_snapshot(organisation)
        if approve:
            _apply_listing(organisation=organisation, revision=item)
            organisation.last_confirmed_on = timezone.localdate()
            organisation.save(update_fields=["last_confirmed_on"])
    item.status = ModerationStatus.APPROVED if approve else ModerationStatus.REJECTED
    item.reviewed_by, item.reviewed_at, item.review_message = reviewer, timezone.now(), message
    item.save()
    transaction.on_commit(lambda: _send_decision(item))
    return item


def _send_decision(item):
    """The one decision e-mail, to whoever sent the proposal in (else the organisation's editors)."""
    organisation = item.organisation
    approved = item.is_approved
    with translation.override(settings.LANGUAGE_CODE):  # the e-mail's language, as in _send
        if isinstance(item, ListingRevision):
            what = _("Endringen av %(name)s") % {"name": organisation.name}
            shown_at = absolute_url(organisation.get_absolute_url())
        elif hasattr(item, "decision_subject"):  # another app's moderated item (a regular offer)
            what = item.decision_subject()
            shown_at = absolute_url(item.get_absolute_url())
        else:
            what = _("Arrangementet «%(title)s»") % {"title": item.title}
            shown_at = absolute_url(item.get_absolute_url())
        subject = (_("%(what)s er godkjent") if approved else _("%(what)s er ikke godkjent")) % {"what": what}
    _send(
        template="moderation_decision",
        subject=subject,
        to=_editor_emails(organisation, item.submitted_by),
        context={
            "what": what,
            "approved": approved,
            "message": item.review_message,
            "shown_at": shown_at,
            "editor_link": absolute_url(reverse("organisations:editor_organisation", args=[organisation.slug])),
        },
        queued_by=item.reviewed_by,
        about=organisation,
    )


# --- Consent ---------------------------------------------------------------------------------

CONSENT_WORDING_VERSION = "2026-1"
CONSENT_REGISTRY_VERSION = "registrert"  # typed into the coordinators' registry form


def _consent_wording():
    from organisations.consent import CONSENT_WORDING

    with translation.override(settings.LANGUAGE_CODE):
        return str(CONSENT_WORDING)


def active_consent(organisation):
    """The consent in force: the newest one not withdrawn, or None."""
    return organisation.consents.filter(withdrawn_at__isnull=True).first()


@transaction.atomic
def consent_record(
    *, organisation, given_by, given_on=None, given_by_user=None, recorded_by=None,
    wording_version=CONSENT_WORDING_VERSION, wording=None,
):
    """Keep the organisation's consent (who, when, which wording). A published listing is from
    now on public under the newest consent."""
    consent = Consent.objects.create(
        organisation=organisation,
        given_by=given_by,
        given_by_user=given_by_user,
        given_on=given_on or timezone.localdate(),
        wording_version=wording_version,
        wording=_consent_wording() if wording is None else wording,
        recorded_by=recorded_by,
    )
    if organisation.published_on is not None:
        _write_published(organisation=organisation, on=organisation.published_on, consent=consent)
    return consent


def consent_record_before_portal(*, organisation, published_on, recorded_by=None):
    """A listing that came in already published (an imported published_on, docs/domain.md): the
    consent was given before the portal, and the coordinator who brought it in recorded it.
    Who gave it and to which wording the portal does not know, and the consent page says so."""
    return consent_record(
        organisation=organisation, given_by="", given_on=published_on, recorded_by=recorded_by,
        wording_version=CONSENT_BEFORE_PORTAL_VERSION, wording="",
    )


@transaction.atomic
def consent_withdraw(*, organisation, user):
    """Withdrawn consent unpublishes the listing at once.

    This clears published_on, so the listing also leaves `directory.published_at_year_end` for
    past years: the registry no longer claims a listing the organisation has taken back. The
    Consent records (with their withdrawal time) remain as the trail of what was agreed when.
    """
    now = timezone.now()
    _write_published(organisation=organisation, on=None, consent=None)
    organisation.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now, withdrawn_by=user)


def _write_published(*, organisation, on, consent):
    organisation.published_on, organisation.published_consent = on, consent
    organisation.save(update_fields=["published_on", "published_consent"])


@transaction.atomic
def organisation_set_published(*, organisation, on, recorded_by=None, before_portal=False):
    """The one writer of an organisation's published state (published_on and the consent it is
    public under); `on=None` unpublishes. Publishing needs a consent on record, else
    ValidationError; with `before_portal` (an imported published_on) a missing consent is
    recorded as given before the portal, by `recorded_by`. The database's check constraint
    (published_listing_has_consent) refuses whatever bypasses this."""
    if on is None:
        if organisation.published_on is not None or organisation.published_consent_id is not None:
            _write_published(organisation=organisation, on=None, consent=None)
        return
    consent = active_consent(organisation)
    if consent is None and before_portal:
        consent = consent_record_before_portal(organisation=organisation, published_on=on, recorded_by=recorded_by)
    if consent is None:
        raise ValidationError(_("Oppføringen kan ikke publiseres før organisasjonens samtykke er registrert."))
    if organisation.published_on != on or organisation.published_consent_id != consent.pk:
        _write_published(organisation=organisation, on=on, consent=consent)


def organisation_publish(*, organisation, on=None):
    organisation_set_published(organisation=organisation, on=on or timezone.localdate())


def organisation_unpublish(*, organisation):
    organisation_set_published(organisation=organisation, on=None)


@erasure.shredder(ContactPerson)
def contact_person_consent_shred(*, person):
    """The consent records' part of erasing a contact person (portal.privacy.erasure.erase): "given by"
    is typed text ("Amina Hassan, styreleder"), so the person's name is blanked out of their own
    organisation's consents; the consent itself (when, to which wording) stays on record."""
    from portal.privacy.erasure import ERASED

    name = (person.name or "").strip()
    if len(name) < 3:  # as erase() does: "Li" would blank half the records
        return
    # Compared in Python: SQLite's LIKE folds the case of ASCII letters only ("Åse" ≠ "åse").
    for consent in Consent.objects.filter(organisation_id=person.organisation_id).only("pk", "given_by"):
        scrubbed = re.sub(re.escape(name), ERASED, consent.given_by, flags=re.IGNORECASE)
        if scrubbed != consent.given_by:
            consent.given_by = scrubbed
            consent.save(update_fields=["given_by"])


# --- Staying current -------------------------------------------------------------------------

CONFIRMATION_INTERVAL = datetime.timedelta(days=365)


def listing_confirm(*, organisation):
    organisation.last_confirmed_on = timezone.localdate()
    organisation.save(update_fields=["last_confirmed_on"])


def listing_request_confirmation(*, organisation):
    """E-mail each editor once and note when, so a second run in the same year sends nothing."""
    link = absolute_url(reverse("organisations:editor_organisation", args=[organisation.slug]))
    record_link = absolute_url(reverse("organisations:editor_record", args=[organisation.slug]))
    recipients = [user.email for user in organisation.editors.all() if user.email]
    for email in recipients:
        _send(
            template="confirm_listing",
            subject=_("Stemmer oppføringen til %(name)s fortsatt?") % {"name": organisation.name},
            to=[email],
            context={"organisation": organisation, "link": link, "record_link": record_link},
        )
    organisation.confirmation_requested_at = timezone.now()
    organisation.save(update_fields=["confirmation_requested_at"])
    return len(recipients)


# --- Events ----------------------------------------------------------------------------------


def event_submit(*, form, organisation, user):
    """Save the editor's event as pending. A changed approved event leaves the calendar until a
    coordinator has seen the change: what is public is always what a coordinator approved."""
    event = form.save(commit=False)
    event.organisation = organisation
    event.status = ModerationStatus.PENDING
    event.submitted_by, event.submitted_at = user, timezone.now()
    event.reviewed_by, event.reviewed_at, event.review_message = None, None, ""
    event.save()
    return event


def event_delete(*, event):
    event.delete()


# --- The organisation's own record: contact persons, member count, needs --------------------


RECORD_FIELDS = ("member_count", "other_needs", "other_needs_note")


def organisation_record_save(*, form):
    """The editor's member count and other needs: private, so saved at once (only these columns)."""
    organisation = form.save(commit=False)
    organisation.save(update_fields=list(RECORD_FIELDS))
    return organisation





def contact_person_remove(*, person, user):
    """An editor removes a contact person: erased everywhere (portal.privacy.erasure), the audit trail too,
    as the coordinators' privacy page erases them; an opt-out stays as a keyed hash only."""
    from portal.privacy import erasure

    erasure.erase(person, actor=user)


def premises_need_save(*, form, organisation):
    need = form.save(commit=False)
    need.organisation = organisation
    need.save()
    return need


def premises_need_withdraw(*, need):
    """Met or no longer needed: kept for the coordinators, out of the sum from now on."""
    if need.withdrawn_on is None:
        need.withdrawn_on = timezone.localdate()
        need.save(update_fields=["withdrawn_on", "updated_at"])
    return need
