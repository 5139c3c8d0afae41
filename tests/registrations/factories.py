import datetime
import re

from django.core import mail
from django.utils import timezone

from registrations import services
from registrations.models import Registration, Status


def submitted(*, name="Tamilsk Kulturforening Sandnes", org_number="", consent=True, email="kavitha@example.org", **fields):
    """A registration as the form sends it in; returns (registration, the token of its e-mailed link)."""
    outbox = len(mail.outbox)
    data = {
        "name": name, "org_number": org_number, "kind": "immigrant_organisation", "municipality": "Sandnes",
        "description": "Tamilskkurs for barn.", "contact_name": "Kavitha Raj", "contact_email": email,
        "contact_phone": "+47 912 34 567", "consent_given": consent, **fields,
    }
    registration = services.registration_submit(data=data)
    token = re.search(r"/registrer-organisasjon/bekreft/(\S+)/", mail.outbox[outbox].body).group(1)
    return registration, token


def waiting(**kwargs):
    """A registration whose address is confirmed (a new account with the password "Sikkert-passord-42")."""
    registration, token = submitted(**kwargs)
    services.registration_confirm(registration=registration, password="Sikkert-passord-42")
    return Registration.objects.get(pk=registration.pk)


def expire(registration):
    Registration.objects.filter(pk=registration.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))


__all__ = ["submitted", "waiting", "expire", "Status"]
