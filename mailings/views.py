from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mailings import selectors, services
from mailings.forms import AttachmentForm, MailingForm, OrganisationLanguageForm, SegmentForm
from mailings.models import Mailing, MailingAttachment, MailingStatus, Recipient, RecipientStatus, Segment
from organisations.models import ContactPerson, Organisation
from portal.background import jobs
from portal.privacy import roles
from portal.web.decorators import coordinator_required, staff_required
from portal.privacy.files import serve_private_file
from portal.web.formkeys import one_time_form
from portal.text.sanitize import clean_richtext

# --- Segments --------------------------------------------------------------------------------------


@coordinator_required
def segment_list(request):
    return render(request, "mailings/segment_list.html", {"segments": selectors.segment_list()})


@coordinator_required
@one_time_form
def segment_form(request, pk=None):
    segment = get_object_or_404(Segment, pk=pk) if pk else None
    form = SegmentForm(request.POST or None, instance=segment)
    if request.method == "POST" and form.is_valid():
        segment = services.segment_save_form(form=form, user=request.user)
        messages.success(request, _("Utvalget er lagret."))
        return redirect("mailings:segment_detail", pk=segment.pk)
    title = _("Rediger utvalg") if segment else _("Nytt utvalg")
    return render(request, "mailings/segment_form.html", {"form": form, "segment": segment, "title": title})


@coordinator_required
def segment_detail(request, pk):
    segment = get_object_or_404(Segment.objects.select_related("invited_meeting", "attended_series", "grant_round__scheme"), pk=pk)
    context = {"segment": segment, **selectors.segment_preview(segment)}
    return render(request, "mailings/segment_detail.html", context)


# --- Mailings ----------------------------------------------------------------------------------------


@staff_required
def mailing_list(request):
    return render(request, "mailings/mailing_list.html", {"mailings": selectors.mailing_list()})


@coordinator_required
@one_time_form
def mailing_form(request, pk=None):
    mailing = get_object_or_404(Mailing, pk=pk) if pk else None
    if mailing is not None and not mailing.is_draft:
        messages.error(request, _("En utsendelse som er sendt kan ikke endres."))
        return redirect(mailing)
    initial = {"segment": request.GET.get("utvalg")} if mailing is None and request.GET.get("utvalg", "").isdigit() else {}
    form = MailingForm(request.POST or None, instance=mailing, initial=initial)
    if request.method == "POST" and form.is_valid():
        mailing = form.save(commit=False)
        services.mailing_save(mailing=mailing, user=request.user)
        messages.success(request, _("Utkastet er lagret."))
        return redirect(mailing)
    title = _("Rediger utsendelse") if mailing else _("Ny utsendelse")
    return render(request, "mailings/mailing_form.html", {"form": form, "mailing": mailing, "title": title})


@staff_required
def mailing_detail(request, pk):
    mailing = get_object_or_404(Mailing.objects.select_related("segment", "created_by", "queued_by"), pk=pk)
    coordinator = roles.is_coordinator(request.user)
    progress = selectors.mailing_progress(mailing)
    context = {
        "mailing": mailing,
        # Cleaned again here, not only by MailingForm: a body written through the admin or brought
        # back by `manage.py restore` never went through the form.
        "body": mark_safe(clean_richtext(mailing.body)),  # noqa: S308 — nh3 has just cleaned it
        "body_en": mark_safe(clean_richtext(mailing.body_en)),  # noqa: S308 — likewise
        "progress": progress,
        "progress_text": progress_text(progress),
        "is_coordinator": coordinator,
        "attachments": list(mailing.attachments.all()),
        "attachment_form": AttachmentForm(mailing=mailing) if mailing.is_draft and coordinator else None,
        "jobs": jobs.recent_jobs(subject=mailing, hours=24 * 7) if not mailing.is_draft else [],
    }
    if mailing.is_draft and coordinator and mailing.segment_id:
        context["preview"] = selectors.segment_preview(mailing.segment)
    if not mailing.is_draft:
        # Council staff see organisations and counts; only coordinators see the persons.
        if coordinator:
            context["recipients"] = selectors.mailing_recipients(mailing)
        else:
            context["organisations"] = selectors.mailing_organisations(mailing)
    return render(request, "mailings/mailing_detail.html", context)


@staff_required
def mailing_progress(request, pk):
    mailing = get_object_or_404(Mailing, pk=pk)
    progress = selectors.mailing_progress(mailing)
    progress["text"] = progress_text(progress)
    return JsonResponse(progress)


def progress_text(progress):
    return _("%(status)s: %(done)s av %(total)s behandlet – %(sent)s levert, %(failed)s feilet, %(bounced)s returnert.") % {
        **progress, "status": progress["status_label"]
    }


@coordinator_required
@require_POST
def mailing_test_send(request, pk):
    mailing = get_object_or_404(Mailing.objects.select_related("segment"), pk=pk)
    if not request.user.email:
        messages.error(request, _("Kontoen din har ingen e-postadresse å sende testen til."))
    else:
        services.mailing_send_test(mailing=mailing, user=request.user)
        messages.success(request, _("En test er sendt til %(address)s.") % {"address": request.user.email})
    return redirect(mailing)


@coordinator_required
@require_POST
def mailing_send(request, pk):
    mailing = get_object_or_404(Mailing.objects.select_related("segment"), pk=pk)
    if services.mailing_queue(mailing=mailing, user=request.user):
        messages.success(request, _("Utsendelsen er satt i gang. Den sendes i bakgrunnen; du kan lukke siden."))
    else:
        messages.info(request, _("Utsendelsen var allerede sendt av gårde."))
    return redirect(mailing)


@coordinator_required
@one_time_form
def attachment_add(request, pk):
    mailing = get_object_or_404(Mailing, pk=pk)
    if not mailing.is_draft:
        messages.error(request, _("En utsendelse som er sendt kan ikke endres."))
        return redirect(mailing)
    form = AttachmentForm(request.POST or None, request.FILES or None, mailing=mailing)
    if request.method == "POST" and form.is_valid():
        services.attachment_add(form=form, mailing=mailing)
        messages.success(request, _("Vedlegget er lagt til."))
        return redirect(mailing)
    status = 400 if form.is_bound else 200
    return render(request, "mailings/attachment_form.html", {"form": form, "mailing": mailing}, status=status)


@staff_required
def attachment_download(request, attachment_pk):
    # Private files: served only here, after the role check.
    attachment = get_object_or_404(MailingAttachment, pk=attachment_pk)
    return serve_private_file(attachment.file, filename=attachment.filename)


@coordinator_required
@require_POST
def attachment_delete(request, attachment_pk):
    attachment = get_object_or_404(MailingAttachment.objects.select_related("mailing"), pk=attachment_pk)
    mailing = attachment.mailing
    if mailing.is_draft:
        services.attachment_delete(attachment=attachment)
        messages.success(request, _("Vedlegget er fjernet."))
    return redirect(mailing)


def _recipient(pk):
    recipient = get_object_or_404(Recipient.objects.select_related("mailing", "contact"), pk=pk)
    if recipient.mailing.status == MailingStatus.DRAFT:
        raise Http404
    return recipient


@coordinator_required
@require_POST
def recipient_reply(request, pk):
    recipient = _recipient(pk)
    services.recipient_record_reply(recipient=recipient)
    messages.success(request, _("Svaret er registrert, og kontakten teller som besvart."))
    return redirect(recipient.mailing)


@coordinator_required
@require_POST
def recipient_bounce(request, pk):
    recipient = _recipient(pk)
    if recipient.status != RecipientStatus.SENT:
        messages.error(request, _("Bare en levert e-post kan registreres som returnert."))
    else:
        services.recipient_record_bounce(recipient=recipient)
        messages.success(request, _("E-posten er registrert som returnert."))
    return redirect(recipient.mailing)


# --- Consent, opt-out and language on the organisation's page -----------------------------------------


@coordinator_required
@require_POST
def person_consent(request, pk):
    person = get_object_or_404(ContactPerson, pk=pk)
    services.preference_give_consent(person=person, user=request.user)
    messages.success(request, _("%(name)s kan nå få utsendelser på e-post.") % {"name": person.name})
    return redirect("organisations:staff_detail", pk=person.organisation_id)


@coordinator_required
@require_POST
def person_opt_out(request, pk):
    from mailings.models import OptOutSource

    person = get_object_or_404(ContactPerson, pk=pk)
    services.preference_opt_out(person=person, source=OptOutSource.COORDINATOR)
    messages.success(request, _("%(name)s er meldt av utsendelsene.") % {"name": person.name})
    return redirect("organisations:staff_detail", pk=person.organisation_id)


@coordinator_required
@require_POST
def organisation_language(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationLanguageForm(request.POST)
    if form.is_valid():
        services.organisation_set_language(organisation=organisation, language=form.cleaned_data["language"])
        messages.success(request, _("Språket for utsendelser er lagret."))
    else:
        messages.error(request, _("Velg norsk eller engelsk."))
    return redirect("organisations:staff_detail", pk=organisation.pk)


# --- The public opt-out link ----------------------------------------------------------------------------


@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" without a session
def opt_out(request, token):
    """GET shows a confirmation page (a link scanner must not opt anyone out); POST opts out."""
    recipient = services.recipient_for_token(token)
    if recipient is None:
        return render(request, "mailings/opt_out.html", {"invalid": True}, status=404)
    test = recipient == services.TEST_TOKEN_VALUE
    done = False
    if request.method == "POST":
        if not test:
            services.recipient_opt_out(recipient=recipient)
        done = True
    elif request.method != "GET":
        return render(request, "mailings/opt_out.html", {"invalid": True}, status=405)
    return render(request, "mailings/opt_out.html", {"done": done, "test": test, "token": token})
