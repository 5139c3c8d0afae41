"""The portal's roles (docs/domain.md "Who uses it") as auth groups, and the checks views use."""

from django.contrib.auth.models import Group, Permission

COORDINATOR = "koordinator"
COUNCIL_STAFF = "kommuneansatt"
ORGANISATION_EDITOR = "organisasjonsredaktør"
ALL_ROLES = (COORDINATOR, COUNCIL_STAFF, ORGANISATION_EDITOR)


def domain_apps():
    """The labels of the apps whose records the staff roles work with: each says so itself, with
    `staff_roles_hold_permissions = True` on its AppConfig (the floor names no app)."""
    from django.apps import apps

    return tuple(config.label for config in apps.get_app_configs() if getattr(config, "staff_roles_hold_permissions", False))


# Personal data council staff never read (docs/domain.md "Privacy"): "app_label.modelname" of each
# model an app's privacy.py withholds from them (portal.privacy.processing.withhold_from_council_staff:
# contact persons, personal survey links and single answers, the guidance log, editor invitations).
COUNCIL_STAFF_NEVER_READS = set()


def _permissions_for(role):
    perms = Permission.objects.filter(content_type__app_label__in=domain_apps())
    if role == COORDINATOR:
        return perms
    if role == COUNCIL_STAFF:
        # Read-mostly: they view what their work needs and answer input assigned to their unit
        # (checked per object in the panel views); never the personal data above.
        views = perms.filter(codename__startswith="view_")
        for label in COUNCIL_STAFF_NEVER_READS:
            app_label, model = label.split(".")
            views = views.exclude(content_type__app_label=app_label, content_type__model=model)
        return views
    # Organisation editors get no model permission: what they may change is decided per
    # organisation (Organisation.editors), never by a global permission.
    return perms.none()


def sync_role_permissions():
    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions_for(role))


def sync_role_permissions_after_migrate(sender, **kwargs):
    """After migrate (and after a flush): Django sends post_migrate app by app, in INSTALLED_APPS
    order, and creates each app's permissions in that app's turn; the roles are synced in the
    last app's turn, when every app's permissions exist (in the floor's own turn a new database's
    groups got none)."""
    from django.apps import apps

    if sender is list(apps.get_app_configs())[-1]:
        sync_role_permissions()


def user_roles(user):
    """The user's role names, read once per user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {COORDINATOR}
        user._portal_roles = cached
    return cached


def is_coordinator(user):
    return COORDINATOR in user_roles(user)


def is_council_staff(user):
    return COUNCIL_STAFF in user_roles(user)


def is_staff_member(user):
    """Coordinators and council staff: the people who may read internal pages and drafts."""
    return bool(user_roles(user) & {COORDINATOR, COUNCIL_STAFF})


def is_organisation_editor(user):
    return ORGANISATION_EDITOR in user_roles(user)
