"""One-time form keys: Back + resubmit, a double click or a second tab never stores a thing twice.

Every create form carries a random key (`{% form_key %}` from `portal_forms`, placed beside
`{% csrf_token %}`), and its view is wrapped in `@one_time_form`. When a POST carrying a key
succeeds (the view answers with a redirect), the key is claimed in the same transaction as the
view's writes: a row in FormKey, unique on the key. A second POST with the same key finds the row
and stores nothing; it lands on where the first one landed (what it created), with a message.

Two simultaneous POSTs: the second INSERT waits on the unique index until the first transaction
commits (PostgreSQL) or on the database lock (SQLite), then fails, so exactly one is stored. If the
first fails (an exception, or the form comes back with errors) its claim is rolled back with it and
the key stays usable for the corrected form.

How an app uses it::

    @coordinator_required
    @one_time_form
    def meeting_create(request): ...            # unchanged body

and `{% load portal_forms %}` … `{% csrf_token %}{% form_key %}` in the form's template.
The list of create views is discoverable: `create_views()` names every URL whose view is wrapped,
and the system check portal.E010 fails on a create URL (its name ends in "create" or "add", or its
path in "/ny/", "/nytt/" or "/sok/") whose view is not wrapped. tests/portal/test_form_keys.py runs one test per
entry. A POST without a key (a script, a test client) is served as before, unprotected: browsers
always send the key the page rendered.

Claims expire after FORM_KEY_DAYS days (`forget_expired()` from the nightly retention run); a form
kept open longer is treated as a fresh one.

The same submission, not only the same key: the browser's Back button reloads the page, which
renders a fresh key, while Chromium puts the typed fields back; "send" then carries a new key and
the same content. So each claim also keeps a fingerprint of what was sent (`fingerprint()`: a keyed
hash of the path and every posted field and file, the CSRF token and the keys left out). A POST
by the same user whose fingerprint matches a claim less than RESUBMIT_MINUTES old is the same
submission: nothing is stored and it lands where the first one did. The same content sent again
after that window (a second identical contact later in the day) is stored as a new record.

A visitor without an account (the open survey link) gets no row: the fingerprint goes back to the
browser in a cookie that expires with the window (`remember_submission()` / `was_just_submitted()`),
so nothing about an anonymous answer is kept on the server beside it, and the hash names neither the
visitor nor, without the site's secret key, the answers.
"""

import datetime
import functools
import hashlib
import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.core import checks
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

FIELD_NAME = "form_key"
FORM_KEY_DAYS = 30
# How long the same content sent again counts as the same submission (Back + send, a retry).
RESUBMIT_MINUTES = 15
# Never part of a fingerprint: they change on every render of the same form.
_NOT_CONTENT = {"csrfmiddlewaretoken", FIELD_NAME}
_KEY = re.compile(r"^[0-9a-f]{32}$")
# The URL names and paths of create views (the check below holds every one to the key).
_CREATE_NAME = re.compile(r"(^|_)(create|add)$")
_CREATE_PATH = re.compile(r"/(ny|nytt|sok)/$")  # new, new (neuter), apply


class FormKey(models.Model):
    key = models.CharField(max_length=32, unique=True)
    view = models.CharField(max_length=200)  # the URL name, for a reader of the table
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    landed_on = models.CharField(max_length=2000, blank=True)
    # What was sent (fingerprint()), to recognise it again under a fresh key.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        app_label = "portal"

    def __str__(self):
        return self.key


def new_key():
    return uuid.uuid4().hex


def posted_key(request):
    """The key a POST carries, or None when it has none or one that is not ours."""
    key = request.POST.get(FIELD_NAME, "") if request.method == "POST" else ""
    return key if _KEY.match(key) else None


def key_for(request):
    """The key to render into a form: the posted one when the form comes back with errors (the
    corrected form is still the same submission), a fresh one otherwise."""
    return posted_key(request) or new_key()


def _user_id(request):
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def fingerprint(request, *, ignore=()):
    """A keyed hash of what a POST sends to this address: every field's values in order and every
    file's name and content; the CSRF token, the form key and the names in `ignore` left out."""
    parts = [request.path]
    for name in sorted(set(request.POST) - _NOT_CONTENT - set(ignore)):
        parts.append(f"{name}={request.POST.getlist(name)!r}")
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            parts.append(f"{name}@{upload.name}:{digest.hexdigest()}")
    return salted_hmac("portal.web.formkeys.fingerprint", "\n".join(parts), algorithm="sha256").hexdigest()


def _recent_claim(request, print_):
    user_id = _user_id(request)
    if user_id is None:
        return None
    since = timezone.now() - datetime.timedelta(minutes=RESUBMIT_MINUTES)
    return (
        FormKey.objects.filter(fingerprint=print_, user_id=user_id, created_at__gte=since)
        .exclude(landed_on="")
        .order_by("-created_at")
        .first()
    )


def _cookie_name(scope):
    return "sendt-" + hashlib.sha256(str(scope).encode()).hexdigest()[:12]


def remember_submission(response, request, *, scope, print_):
    """For a visitor without an account: the browser remembers for RESUBMIT_MINUTES that it sent
    this content (an expiring cookie holding the fingerprint, sent back to this address only)."""
    response.set_cookie(
        _cookie_name(scope),
        print_,
        max_age=RESUBMIT_MINUTES * 60,
        path=request.path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def was_just_submitted(request, *, scope, print_):
    """True when this browser sent the same content to this address within RESUBMIT_MINUTES."""
    return constant_time_compare(request.COOKIES.get(_cookie_name(scope), ""), print_)


def _already_sent(request, key, claim=None):
    claim = claim or FormKey.objects.filter(key=key).first()
    messages.info(request, _("Skjemaet var allerede sendt inn, så ingenting ble lagret på nytt. Her er det som ble lagret."))
    if claim is not None and claim.landed_on and claim.user_id == _user_id(request):
        return redirect(claim.landed_on)
    return redirect(request.path)


def one_time_form(view):
    """Wrap a create view so each form key is stored at most once (see the module text)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = posted_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        match = getattr(request, "resolver_match", None)
        print_ = fingerprint(request)
        earlier = _recent_claim(request, print_)
        if earlier is not None:  # the same content under a fresh key: Back + send
            return _already_sent(request, key, earlier)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = FormKey.objects.create(
                        key=key,
                        view=(match.view_name if match else "")[:200],
                        user_id=_user_id(request),
                        fingerprint=print_ if _user_id(request) is not None else "",
                    )
            except IntegrityError:
                claim = None
            if claim is not None:
                response = view(request, *args, **kwargs)
                if response.status_code in (301, 302, 303) and response.has_header("Location"):
                    claim.landed_on = response["Location"][:2000]
                    claim.save(update_fields=["landed_on"])
                else:
                    # Nothing was created (the form came back with errors): the key stays unused.
                    transaction.set_rollback(True)
                return response
        return _already_sent(request, key)

    wrapper.one_time_form = True
    return wrapper


def forget_expired(now=None):
    """Delete claims older than FORM_KEY_DAYS; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=FORM_KEY_DAYS)
    deleted, _counts = FormKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _patterns(resolver=None, prefix="", namespace=""):
    from django.urls import URLPattern, URLResolver, get_resolver

    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), (f"{namespace}{entry.name}" if entry.name else ""), entry.callback


def _is_create_url(path, name):
    return bool(_CREATE_PATH.search("/" + path) or _CREATE_NAME.search(name.rpartition(":")[2]))


def create_views():
    """URL names of the create views (wrapped in @one_time_form), sorted: the list the tests run over.
    A view shared by a create and an edit URL protects both; only the create URL is listed."""
    return sorted(
        {
            name
            for path, name, callback in _patterns()
            if name and getattr(callback, "one_time_form", False) and _is_create_url(path, name)
        }
    )


def check_create_views(app_configs=None, **kwargs):
    errors = []
    for path, name, callback in _patterns():
        if name.startswith("admin:") or not _is_create_url(path, name):
            continue
        if not getattr(callback, "one_time_form", False):
            errors.append(
                checks.Error(
                    f"The create view {name or path!r} is not wrapped in portal.web.formkeys.one_time_form.",
                    hint="Wrap it in @one_time_form and put {% form_key %} in its form, so Back + resubmit "
                    "or a double click cannot store it twice.",
                    obj=name or path,
                    id="portal.E010",
                )
            )
    return errors
