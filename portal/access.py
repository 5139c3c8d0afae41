"""View decorators for the roles. Anonymous visitors go to the sign-in page; a signed-in
user without the role gets 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from portal import roles


def _role_required(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


coordinator_required = _role_required(roles.is_coordinator)
staff_required = _role_required(roles.is_staff_member)
signed_in_required = _role_required(lambda user: True)
