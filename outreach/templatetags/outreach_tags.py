"""The outreach timeline and quick entry on an organisation's staff page (templates/organisations)."""

from django import template
from django.urls import reverse

from outreach import selectors
from outreach.forms import ContactForm
from outreach.models import ContactStatus
from portal.privacy import roles

register = template.Library()


@register.inclusion_tag("outreach/_timeline.html", takes_context=True)
def organisation_timeline(context, organisation):
    """Contacts, meeting attendance, guidance and invitations merged newest first, and for
    coordinators a quick-entry form for a contact. A fixed number of queries per page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    coordinator = user is not None and roles.is_coordinator(user)
    quick_form = ContactForm(initial={"organisation": organisation}, compact=True) if coordinator else None
    return {
        "organisation": organisation,
        "entries": selectors.organisation_timeline(organisation),
        "quick_form": quick_form,
        "is_coordinator": coordinator,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request else reverse("organisations:staff_detail", args=[organisation.pk]),
    }


@register.filter
def contact_status_label(value):
    """The label of a ContactStatus value annotated by selectors.with_contact_status."""
    return ContactStatus(value).label if value in ContactStatus.values else ""
