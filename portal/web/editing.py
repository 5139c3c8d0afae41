"""The one shape of the pages that create, edit and delete a record.

A create or edit page shows its form; a valid POST saves through the app's service, says so and
goes on (`form_page`); a form with errors is shown again with what was typed. A delete view calls
its service and then `saved_redirect`. The views stay plain functions that read top to bottom: the
access helper and the form are theirs, the round trip is this.
"""

from django.contrib import messages
from django.shortcuts import redirect, render


def saved_redirect(request, message, to, *args, **kwargs):
    """Say `message` on the next page and go there (`to` as for `django.shortcuts.redirect`)."""
    messages.success(request, message)
    return redirect(to, *args, **kwargs)


def form_page(request, form, *, save, message, done, template, context=None, invalid_status=200):
    """A valid POST: `save(form=form)`, `message`, then `done` — a URL name or address, or a
    function of what `save` returned giving one. Otherwise the form in `template`, beside `context`;
    a sent form with errors answers `invalid_status`."""
    if request.method == "POST" and form.is_valid():
        saved = save(form=form)
        return saved_redirect(request, message, done(saved) if callable(done) else done)
    status = invalid_status if form.is_bound else 200
    return render(request, template, {"form": form, **(context or {})}, status=status)
