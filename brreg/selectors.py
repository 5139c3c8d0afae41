"""Reads of the brreg app: an organisation's standing in Enhetsregisteret, differences, flags."""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, F, Max, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brreg.models import ImportRun, RegistryRecord
from brreg.units import same_text
from portal.text.collation import norwegian
from organisations.models import Organisation

# How often the register should be checked: seed 003's grant rules read it once a year.
CHECK_INTERVAL = datetime.timedelta(days=365)


def current_record(organisation):
    """The latest check of the organisation's present number, or None (never checked, no number,
    or the number changed since)."""
    if not organisation.org_number:
        return None
    try:
        record = organisation.registry_record
    except RegistryRecord.DoesNotExist:
        return None
    return record if record.org_number == organisation.org_number else None


def in_frivillighetsregisteret(organisation):
    """True/False as the last check of its number says; None when it was never checked.

    For the grant readiness view (seed 003: not in Frivillighetsregisteret, no grant).
    """
    record = current_record(organisation)
    if record is None:
        return None
    return record.registered and record.in_frivillighetsregisteret


def in_frivillighetsregisteret_subquery():
    """The same answer as an annotation on a queryset of organisations (True/False/None), for lists:
    `Organisation.objects.annotate(frivillig=in_frivillighetsregisteret_subquery())`."""
    registered_and_in = Case(
        When(found=True, deleted_on__isnull=True, in_frivillighetsregisteret=True, then=Value(True)),
        default=Value(False), output_field=BooleanField(),
    )
    return Subquery(
        RegistryRecord.objects.filter(organisation=OuterRef("pk"), org_number=OuterRef("org_number"))
        .annotate(answer=registered_and_in).values("answer")[:1],
        output_field=BooleanField(),
    )


def registry_standing(organisation):
    """What the staff page shows: last check date and the flags, or None when never checked."""
    record = current_record(organisation)
    if record is None:
        return None
    return {
        "record": record,
        "checked_on": record.checked_on,
        "not_found": not record.registered,
        "bankrupt": record.registered and record.bankrupt,
        "liquidation": record.registered and record.in_liquidation,
        "not_in_frivillighetsregisteret": record.registered and not record.in_frivillighetsregisteret,
        "differences": differences(organisation, record=record),
    }


# Filters on the coordinator organisation list: value → (label, condition on Organisation).
_CURRENT = Q(registry_record__org_number=F("org_number"))
_REGISTERED = _CURRENT & Q(registry_record__found=True, registry_record__deleted_on__isnull=True)
FLAG_FILTERS = {
    "bankrupt": (_("Konkurs"), _REGISTERED & Q(registry_record__bankrupt=True)),
    "liquidation": (
        _("Under avvikling eller tvangsoppløsning"),
        _REGISTERED & (Q(registry_record__under_liquidation=True) | Q(registry_record__under_forced_dissolution=True)),
    ),
    "not_found": (_("Ikke funnet i Enhetsregisteret"), _CURRENT & ~Q(pk__in=RegistryRecord.objects.filter(
        found=True, deleted_on__isnull=True).values("organisation"))),
    "not_in_frivillighetsregisteret": (
        _("Ikke i Frivillighetsregisteret"), _REGISTERED & Q(registry_record__in_frivillighetsregisteret=False)),
    "unchecked": (_("Ikke kontrollert"), ~Q(org_number="") & ~Q(pk__in=RegistryRecord.objects.filter(
        organisation__org_number=F("org_number")).values("organisation"))),
}


def flag_choices():
    return [("", _("Alle"))] + [(value, label) for value, (label, _condition) in FLAG_FILTERS.items()]


def filter_by_flag(queryset, flag):
    if flag in FLAG_FILTERS:
        return queryset.filter(FLAG_FILTERS[flag][1])
    return queryset


def with_registry_record(queryset):
    return queryset.select_related("registry_record")


@dataclass
class Difference:
    field: str
    label: str
    portal_value: str
    register_value: str


def differences(organisation, record=None):
    """Name, address and municipality where the register says something else than the portal."""
    record = record or current_record(organisation)
    if record is None or not record.registered:
        return []
    found = []
    if record.name and not same_text(record.name, organisation.name):
        found.append(Difference("name", _("Navn"), organisation.name, record.name))
    address = record.portal_address
    if address and not same_text(address, organisation.address):
        found.append(Difference("address", _("Adresse"), organisation.address, address))
    municipality = record.portal_municipality
    if municipality and not same_text(municipality, organisation.municipality):
        found.append(Difference("municipality", _("Kommune"), organisation.municipality, municipality))
    return found


def organisations_with_differences():
    """[(organisation, [Difference…])] for every checked, registered organisation that differs."""
    queryset = (
        Organisation.objects.filter(_REGISTERED)
        .select_related("registry_record")
        .order_by(norwegian("name"))
    )
    rows = []
    for organisation in queryset:
        found = differences(organisation, record=organisation.registry_record)
        if found:
            rows.append((organisation, found))
    return rows


def last_check():
    """The date the register was last checked in bulk (or by number), None if never."""
    return RegistryRecord.objects.aggregate(last=Max("checked_on"))["last"]


def check_due(today=None):
    """The yearly reminder: due when organisations have numbers and the last check is a year old."""
    today = today or timezone.localdate()
    if not Organisation.objects.active().exclude(org_number="").exists():
        return None
    last = RegistryRecord.objects.filter(source="bulk").aggregate(last=Max("checked_on"))["last"]
    if last is not None and today - last < CHECK_INTERVAL:
        return None
    return {"last": last}


def recent_runs(limit=10):
    return ImportRun.objects.select_related("created_by")[:limit]
