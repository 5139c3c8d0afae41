"""Reads for registrations: the register's answer for a number, duplicates, the coordinators' queue."""

import difflib

from django.core.cache import cache

from organisations.models import Organisation
from portal.text.search import SIMILARITY_CUTOFF, fold
from registrations.models import Registration, Status
from brreg.services import Lookup, registry_lookup

# The register's answer for a number is kept a while: step one and the form's submit ask once.
LOOKUP_CACHE_SECONDS = 15 * 60


def register_lookup(org_number):
    """brreg.services.registry_lookup for the number, cached when the answer is definite (a unit
    or "no such unit"); trouble reaching the register is asked again next time."""
    key = f"registrations:lookup:{org_number}"
    cached = cache.get(key)
    if cached is not None:
        return Lookup(**cached)
    lookup = registry_lookup(org_number)
    if lookup.facts is not None or lookup.removed:
        cache.set(key, {"org_number": lookup.org_number, "unit": lookup.unit, "facts": lookup.facts,
                        "message": str(lookup.message), "removed": lookup.removed}, LOOKUP_CACHE_SECONDS)
    return lookup


def number_taken(org_number, *, exclude=None):
    """What already holds this number: "organisation" (any record of the registry, archived too),
    "registration" (another registration not yet decided), or None."""
    if not org_number:
        return None
    if Organisation.objects.filter(org_number=org_number).exists():
        return "organisation"
    if Registration.objects.open().filter(org_number=org_number).exclude(pk=getattr(exclude, "pk", None)).exists():
        return "registration"
    return None


def _name_key(name):
    return " ".join(fold(name).split())


def is_similar_name(a, b):
    """The directory's folding (case, accents, æøå) and its typo tolerance (difflib at the
    directory search's cutoff): "Eritreisk Forening" ~ "eritreisk foreninga"."""
    a, b = _name_key(a), _name_key(b)
    if not a or not b:
        return False
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= SIMILARITY_CUTOFF


def similar_organisations(name, *, org_number="", exclude_pk=None):
    """Organisations of the registry that may be the same one: the same number, or a similar name.
    The registry holds hundreds of names, so the comparison runs in Python, the same on SQLite
    and PostgreSQL (as the directory's suggestions do). One query."""
    candidates = []
    for organisation in Organisation.objects.only("pk", "name", "org_number", "slug", "published_on", "archived_at",
                                                  "municipality", "kind"):
        if organisation.pk == exclude_pk:
            continue
        if (org_number and organisation.org_number == org_number) or is_similar_name(name, organisation.name):
            candidates.append(organisation)
    return candidates


def similar_open_registrations(name, *, exclude=None):
    """Other registrations not yet decided with a similar name (one query)."""
    return [
        registration
        for registration in Registration.objects.open().exclude(pk=getattr(exclude, "pk", None)).only("pk", "name")
        if is_similar_name(name, registration.name)
    ]


def waiting_registrations():
    """The coordinators' queue: confirmed registrations waiting for a decision, oldest first (one query)."""
    return list(Registration.objects.waiting().order_by("confirmed_at", "pk"))


def unconfirmed_count():
    """Registrations whose applicant has not yet used the e-mailed link (and still may): only the
    number is shown, since nobody has confirmed the address they name (one query)."""
    return Registration.objects.open().filter(status=Status.UNCONFIRMED).count()


def decided_registrations(limit=20):
    return list(
        Registration.objects.filter(status__in=[Status.APPROVED, Status.MERGED, Status.REFUSED])
        .select_related("organisation", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


def registrations_of(user):
    """The signed-in applicant's own registrations, newest first (one query)."""
    return list(Registration.objects.filter(user=user).select_related("organisation").order_by("-created_at", "-pk"))


def has_waiting_registration(user):
    return Registration.objects.filter(user=user, status=Status.WAITING).exists()


def waiting_count():
    """For the coordinators' dashboard (one query)."""
    return Registration.objects.waiting().count()


def registration_for_staff(pk):
    return (
        Registration.objects.filter(pk=pk)
        .select_related("organisation", "decided_by")
        .prefetch_related("languages", "activities")
        .first()
    )


def merge_candidates(registration):
    return similar_organisations(registration.name, org_number=registration.org_number)

