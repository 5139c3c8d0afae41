"""The record of processing (behandlingsprotokoll, GDPR art. 30), declared beside the models.

Each app declares, in its privacy.py (imported when Django starts, portal.registry.discover), every
model that holds personal data: which fields, why, who sees them, how long they are kept and how
they are erased, and what council staff may never read::

    from portal.privacy import processing, roles
    processing.declare(
        "organisations.ContactPerson",
        category=_("Kontaktpersoner"),
        fields=["name", "role", "email", "phone"],
        purpose=_("Koordinatorene holder kontakt med organisasjonene."),
        seen_by=[roles.COORDINATOR],
        retention=_("Så lenge personen er organisasjonens kontakt."),
        erasure=_("Slettes med slettetjenesten, også i revisjonssporet."),
    )
    processing.impersonal("organisations.Tag", name=_("et stikkord, ikke en person"))
    processing.withhold_from_council_staff("organisations.ContactPerson")

Council staff get no permission to read a withheld model (portal.privacy.roles); a declaration that says
council staff see a withheld model fails when its privacy.py is imported.

The coordinators' page (hub: /koordinator/behandlingsprotokoll/) is generated from these
declarations read together with the audit registry (portal.privacy.audit), the erasure registry
(portal.privacy.erasure) and the retention review (hub.retention), so it cannot drift from the code.
A system check enumerates every installed model and fails `manage.py check` on a field that looks
personal (a name, an e-mail address, a phone number, an address, an IP address, a contact person or
a user account) that no declaration covers (portal.E012), and on a declaration naming a model,
field or audience that does not exist (portal.E013).
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.privacy import roles

PUBLIC = "public"
SELF = "self"
ADMINISTRATORS = "administrators"
# Who may see a category, as the record names them.
AUDIENCES = {
    roles.COORDINATOR: _("koordinatorer"),
    roles.COUNCIL_STAFF: _("kommuneansatte"),
    roles.ORGANISATION_EDITOR: _("organisasjonens redaktører"),
    SELF: _("personen selv"),
    PUBLIC: _("alle (offentlig katalog)"),
    ADMINISTRATORS: _("driftsansvarlige (administrasjonen)"),
}

# A field looks personal by its name or type (below) or because it points at a person: a user
# account or a contact person (the erasure subjects).
_PERSONAL_NAME = re.compile(
    r"^(name|first_name|last_name|full_name|username|given_by|address|ip|remote_addr|user_agent)$"
    r"|person|respondent|email|e_post|phone|telefon|reply_to|_address$|_ip$"
)
_PERSONAL_TYPES = ("EmailField", "GenericIPAddressField")


@dataclass(frozen=True)
class Declaration:
    label: str
    category: str
    fields: tuple
    purpose: str
    seen_by: tuple
    retention: str
    erasure: str


# "app_label.ModelName" → Declaration
DECLARED = {}
# "app_label.ModelName" → {field name: why it is not personal data}
IMPERSONAL = {}


def declare(label, *, category, fields, purpose, seen_by, retention, erasure):
    """Declare a model's personal data (in the owning app's privacy.py)."""
    declaration = Declaration(label, category, tuple(fields), purpose, tuple(seen_by), retention, erasure)
    _refuse_council_staff_on_withheld(declaration, withheld=roles.COUNCIL_STAFF_NEVER_READS)
    DECLARED[label] = declaration


def withhold_from_council_staff(*labels):
    """Council staff may never read these models (docs/domain.md "Privacy"): their role gets no
    permission to view them (portal.privacy.roles)."""
    withheld = {label.lower() for label in labels}
    for declaration in DECLARED.values():
        _refuse_council_staff_on_withheld(declaration, withheld=withheld)
    roles.COUNCIL_STAFF_NEVER_READS.update(withheld)


def _refuse_council_staff_on_withheld(declaration, *, withheld):
    if roles.COUNCIL_STAFF in declaration.seen_by and declaration.label.lower() in withheld:
        raise ImproperlyConfigured(
            f"The record of processing says council staff see {declaration.label}, which its privacy.py withholds from them."
        )


def impersonal(label, **reasons):
    """Fields that look personal but are not (an organisation's name), each with the reason."""
    IMPERSONAL.setdefault(label, {}).update(reasons)


def _points_at_a_person(field):
    from portal.privacy import erasure

    target = field.related_model
    if target is None:
        return False
    # A lazy reference ("auth.User") until the model registry resolves it.
    label = target if isinstance(target, str) else target._meta.label
    return label.lower() in {settings.AUTH_USER_MODEL.lower(), *(subject.lower() for subject in erasure.SUBJECTS)}


def personal_looking_fields(model):
    """The names of the model's own fields that look like personal data."""
    names = []
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # a reverse relation: the other model declares it
        if field.is_relation:
            if _points_at_a_person(field):
                names.append(field.name)
        elif _PERSONAL_NAME.search(field.name) or field.get_internal_type() in _PERSONAL_TYPES:
            names.append(field.name)
    return names


def undeclared_fields(model):
    """Fields that look personal and that neither a declaration nor an `impersonal` covers."""
    label = model._meta.label
    covered = set(DECLARED[label].fields) if label in DECLARED else set()
    covered |= set(IMPERSONAL.get(label, {}))
    return [name for name in personal_looking_fields(model) if name not in covered]


def declared_models():
    """(model, Declaration) in declaration order; a label that does not resolve is left to the
    system check (portal.E013)."""
    found = []
    for label, declaration in DECLARED.items():
        try:
            found.append((apps.get_model(label), declaration))
        except (LookupError, ValueError):
            continue
    return found


def declare_floor():
    """The floor's and the libraries' personal data: accounts, the sign-in log, the audit trail,
    the admin's log and the background jobs (called from PortalConfig.ready())."""
    from django.utils.text import format_lazy

    from portal.web.formkeys import FORM_KEY_DAYS

    C = roles.COORDINATOR
    declare(
        "auth.User",
        category=_("Brukerkontoer"),
        fields=["username", "first_name", "last_name", "email", "last_login"],
        purpose=_("Innlogging og roller for koordinatorer, kommuneansatte og organisasjonenes redaktører."),
        seen_by=[SELF, ADMINISTRATORS],
        retention=_("Så lenge personen har en rolle i portalen; kontoen deaktiveres når rollen opphører."),
        erasure=_("Driftsansvarlige deaktiverer eller sletter kontoen i administrasjonen."),
    )
    impersonal("auth.Group", name=_("navnet på en rolle"))
    impersonal("auth.Permission", name=_("navnet på en tillatelse"))
    declare(
        "admin.LogEntry",
        category=_("Administrasjonens endringslogg"),
        fields=["user"],
        purpose=_("Hvem som endret hva i administrasjonen (Djangos egen logg)."),
        seen_by=[ADMINISTRATORS],
        retention=_("Ingen automatisk sletting."),
        erasure=_("Slettes med kontoen."),
    )
    for label, what in (
        ("axes.AccessAttempt", _("Mislykkede innlogginger som teller mot sperring")),
        ("axes.AccessLog", _("Innlogginger")),
        ("axes.AccessFailureLog", _("Mislykkede innlogginger")),
    ):
        declare(
            label,
            category=what,
            fields=["username", "ip_address", "user_agent"],
            purpose=_("Vern mot passordgjetting: et brukernavn sperres fra én adresse etter for mange feil."),
            seen_by=[ADMINISTRATORS],
            retention=_("Forsøkene nullstilles ved vellykket innlogging og etter sperretiden; loggene har ingen automatisk sletting "
                        "(tøm dem med «manage.py axes_reset_logs --age DAGER»)."),
            erasure=_("Driftsansvarlige sletter radene i administrasjonen eller med axes' kommandoer."),
        )
    declare(
        "auditlog.LogEntry",
        category=_("Revisjonssporet"),
        fields=["actor", "actor_email", "remote_addr", "changes"],
        purpose=_("Hvem som endret hvilke poster og når, så koordinatorenes arbeid kan etterprøves."),
        seen_by=[C],
        retention=_("Så lenge postene finnes. IP-adresser lagres ikke (AUDITLOG_DISABLE_REMOTE_ADDR)."),
        erasure=_("Slettetjenesten fjerner den slettede personens verdier fra hele sporet."),
    )
    declare(
        "portal.Job",
        category=_("Bakgrunnsjobber"),
        fields=["owner"],
        purpose=_("Hvem som startet en import, en utsendelse eller en rapport, så de ser fremdriften."),
        seen_by=[C],
        retention=_("Så lenge jobben vises i jobblisten."),
        erasure=_("Feltet tømmes når kontoen slettes."),
    )
    declare(
        "portal.FormKey",
        category=_("Engangsnøkler for skjemaer"),
        fields=["user"],
        purpose=_("Et skjema sendt to ganger (tilbake-knappen, dobbeltklikk) lagrer én post; nøkkelen hører til kontoen som fikk skjemaet."),
        seen_by=[ADMINISTRATORS],
        retention=format_lazy(_("{days} dager («manage.py forget_form_keys»)."), days=FORM_KEY_DAYS),
        erasure=_("Slettes med kontoen eller når lagringstiden er ute."),
    )
