"""Who may work on an organisation's own pages, for every app that offers editors a page."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from organisations.models import Organisation


def editable_organisation(request, slug):
    """The active organisation of `slug` if the signed-in user is one of its editors; 404
    otherwise, the same answer as for one that does not exist (no hint that it does)."""
    organisation = get_object_or_404(Organisation.objects.active(), slug=slug)
    if not organisation.editors.filter(pk=request.user.pk).exists():
        raise Http404
    return organisation
