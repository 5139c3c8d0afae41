"""Reads of the registry for pages and figures (one source of truth for the directory figures)."""

import datetime

from django.db.models import Count, Prefetch, Q

from organisations.models import Organisation
from organisations.search import query_terms


def _search(queryset, query):
    for term in query_terms(query):
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def directory_organisations(*, q="", kind="", language="", municipality=""):
    """Published, non-archived organisations for the public directory, ready for the cards."""
    queryset = Organisation.objects.published()
    queryset = _search(queryset, q)
    if kind:
        queryset = queryset.filter(kind=kind)
    if language:
        queryset = queryset.filter(languages__code=language)
    if municipality:
        queryset = queryset.filter(municipality=municipality)
    return queryset.prefetch_related("languages", "activities").order_by("name").distinct()


def directory_municipalities():
    return list(
        Organisation.objects.published()
        .exclude(municipality="")
        .order_by("municipality")
        .values_list("municipality", flat=True)
        .distinct()
    )


def public_organisation(slug):
    return (
        Organisation.objects.published()
        .prefetch_related("languages", "activities", "tags")
        .filter(slug=slug)
        .first()
    )


def staff_organisations(*, q="", kind="", state=""):
    queryset = Organisation.objects.all()
    if state == "archived":
        queryset = queryset.filter(archived_at__isnull=False)
    elif state == "published":
        queryset = queryset.published()
    elif state == "unpublished":
        queryset = queryset.active().filter(Q(published_on__isnull=True) | Q(published_on__gt=datetime.date.today()))
    elif state != "all":
        queryset = queryset.active()
    if kind:
        queryset = queryset.filter(kind=kind)
    queryset = _search(queryset, q)
    return queryset.annotate(contact_person_count=Count("contact_persons")).order_by("name")


def staff_organisation(pk):
    return (
        Organisation.objects.prefetch_related(
            "languages", "activities", "tags", "editors", Prefetch("contact_persons")
        )
        .filter(pk=pk)
        .first()
    )


def editor_organisations(user):
    return Organisation.objects.active().filter(editors=user).order_by("name")


def published_at_year_end(year):
    """directory.published_at_year_end: immigrant organisations listed on or before 31 December."""
    return Organisation.objects.immigrant().filter(published_on__lte=datetime.date(year, 12, 31)).count()


def published_today():
    """Immigrant organisations in the public directory today."""
    return Organisation.objects.immigrant().published().count()
