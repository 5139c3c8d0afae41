"""View decorators for the roles. Anonymous visitors go to the sign-in page; a signed-in
user without the role gets 403."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import resolve_url

from portal.privacy import roles
from portal.web.params import is_ours

SESSION_ENDED = "utlopt"


def sign_in_again(request):
    """The sign-in page, and back here afterwards.

    A form sent without a session (it expired while the form was open, or the user signed out in
    another tab) goes back to the page the form was on (its Referer, when it is ours), and the
    sign-in page says that nothing was saved and that what was typed will be put back:
    static/js/portal.js kept it in the tab and restores it on that page after signing in."""
    if request.method != "POST":
        return redirect_to_login(request.get_full_path())
    back = request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if is_ours(request, referer):
        parts = urlsplit(referer)
        back = parts.path + (f"?{parts.query}" if parts.query else "")
    return redirect_to_login(back, login_url=f"{resolve_url(settings.LOGIN_URL)}?{SESSION_ENDED}=1")


def _role_required(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return sign_in_again(request)
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


coordinator_required = _role_required(roles.is_coordinator)
staff_required = _role_required(roles.is_staff_member)
signed_in_required = _role_required(lambda user: True)


def found_or_404(found):
    """What a selector found, or 404 when it found nothing (None): a page of a record that does
    not exist, or that this visitor may not see, answers alike."""
    if found is None:
        raise Http404
    return found
