import io
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils import translation
from django.utils.translation import ngettext
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from organisations.access import editable_organisation
from organisations.models import IMMIGRANT_KINDS, Organisation
from panel import ics
from panel import pdf as panel_pdf
from panel import selectors, services
from panel.invalidation import PUBLIC_INPUT
from panel.forms import (
    InputProposalForm,
    ProposalAcceptForm,
    ProposalDeclineForm,
    PublicInputFilterForm,
    AttachmentForm,
    GuestForm,
    InputAnswerForm,
    InputFilterForm,
    InputItemForm,
    InvitationAnswersForm,
    InvitationReplyForm,
    InviteForm,
    MeetingForm,
    MeetingSeriesForm,
    MinutesForm,
    MinutesSendForm,
    COUNT_ERROR,
    DoorForm,
    NewOrganisationForm,
    ServiceMemberForm,
)
from panel.models import Guest, InputItem, InputProposal, InputStatus, Invitation, InvitationStatus, Meeting, MeetingAttachment, MeetingSeries, ServiceMember
from portal.reporting import figures as portal_figures
from portal.background import jobs
from portal.output import mail
from portal.privacy import roles
from portal.web.decorators import coordinator_required, found_or_404, signed_in_required, staff_required
from portal.text.collation import norwegian
from portal.web.pagecache import cached_public_page
from portal.privacy.files import serve_private_file
from portal.output.pdfua import write_pdf_ua
from portal.web.editing import form_page
from portal.web.formkeys import one_time_form
from portal.web.params import check_year, chosen_year, preselected

# --- Public -----------------------------------------------------------------------------------


@cached_public_page(PUBLIC_INPUT)
def public_input(request):
    """/innspill/ (docs/domain.md): every item marked public, newest first, filterable."""
    choices = selectors.public_input_filter_choices()
    form = PublicInputFilterForm(request.GET or None, **choices)
    filters = form.filters()
    items = list(selectors.public_input_items(**filters))
    for item in items:
        item.public_raised_by = selectors.public_raised_by(item)
        item.public_led_to = selectors.led_to(item, public=True)
    return render(request, "panel/public_input.html", {"form": form, "items": items, "filtered": any(filters.values())})


@cached_public_page(PUBLIC_INPUT)
def public_input_json(request):
    """/innspill.json (docs/domain.md): open data, readable from any web page."""
    records = [selectors.public_input_record(item) for item in selectors.public_input_items()]
    response = JsonResponse({"input": records}, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@signed_in_required
def editor_input(request, slug):
    """"Våre innspill": every item the editor's organisation raised, with its status, service,
    answer and what it led to, and what it has sent online."""
    organisation = editable_organisation(request, slug)
    items = list(selectors.organisation_input_items(organisation))
    for item in items:
        item.public_led_to = selectors.led_to(item, public=True)
    proposals = selectors.organisation_proposals(organisation)
    return render(request, "panel/editor_input.html", {"organisation": organisation, "items": items, "proposals": proposals})


@signed_in_required
@one_time_form
def editor_input_propose(request, slug):
    organisation = editable_organisation(request, slug)
    form = InputProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.input_proposal_submit(form=form, organisation=organisation, user=request.user)
        messages.success(request, _("Takk! Koordinatoren tar det med på et møte eller svarer dere."))
        return redirect("panel:editor_input", slug=organisation.slug)
    return render(request, "panel/editor_input_propose.html", {"organisation": organisation, "form": form})


@coordinator_required
def proposal_list(request):
    return render(request, "panel/proposal_list.html", {"proposals": selectors.pending_proposals()})


def _proposal(pk):
    return get_object_or_404(InputProposal.objects.select_related("organisation", "meeting", "meeting__series"), pk=pk)


@coordinator_required
def proposal_accept(request, pk):
    proposal = _proposal(pk)
    form = ProposalAcceptForm(request.POST or None, initial={"meeting": proposal.meeting_id})
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.input_proposal_accept(proposal=proposal, meeting=form.cleaned_data["meeting"], user=request.user)
        except services.ProposalError as error:
            messages.error(request, str(error))
            return redirect("panel:proposal_list")
        if proposal.input_item_id:
            messages.success(request, _("Innspillet er tatt med på møtet. Send det gjerne til en virksomhet."))
            return redirect("panel:input_edit", pk=proposal.input_item_id)
        messages.success(request, _("Temaet er lagt til i dagsordenen for møtet."))
        return redirect("panel:proposal_list")
    return render(request, "panel/proposal_decide.html", {"proposal": proposal, "form": form, "accepting": True})


@coordinator_required
def proposal_decline(request, pk):
    proposal = _proposal(pk)
    form = ProposalDeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.input_proposal_decline(proposal=proposal, message=form.cleaned_data["message"], user=request.user)
        except services.ProposalError as error:
            messages.error(request, str(error))
            return redirect("panel:proposal_list")
        messages.success(request, _("Svaret er lagret, og organisasjonens redaktører får det på e-post."))
        return redirect("panel:proposal_list")
    return render(request, "panel/proposal_decide.html", {"proposal": proposal, "form": form, "accepting": False})


def public_meeting(request, pk):
    meeting = found_or_404(selectors.public_meeting(pk))
    for item in meeting.public_input_items:
        item.public_led_to = selectors.led_to(item, public=True)
    page_url = request.build_absolute_uri(reverse("panel:public_meeting", args=[meeting.pk]))
    return render(
        request,
        "panel/public_meeting.html",
        {
            "meeting": meeting,
            "page_url": page_url,
            "structured_data": selectors.meeting_structured_data(
                meeting, request.build_absolute_uri, settings.PORTAL_MUNICIPALITY
            ),
        },
    )


def meeting_ics(request, pk):
    meeting = get_object_or_404(Meeting.objects.filter(kind="panel"), pk=pk)
    return FileResponse(
        io.BytesIO(ics.meeting_ics(meeting, request.build_absolute_uri("/")[:-1])), as_attachment=True,
        filename=f"erfaringspanelet-{meeting.date:%Y-%m-%d}.ics", content_type="text/calendar; charset=utf-8",
    )


# --- Meetings -----------------------------------------------------------------------------------


@staff_required
def meeting_list(request):
    year = chosen_year(request, default=None)
    return render(
        request,
        "panel/meeting_list.html",
        {"meetings": selectors.staff_meetings(year), "years": selectors.meeting_years(), "year": year},
    )


def _period(request):
    """The chosen period of ?fra=…&til=… (a form with its errors), or an unbound form."""
    from portal.web.forms import PeriodForm

    return PeriodForm(request.GET) if ("fra" in request.GET or "til" in request.GET) else PeriodForm()


@staff_required
def figures(request):
    year = chosen_year(request)
    # The meetings held, as panel.meetings counts them: a meeting planned later has no participants yet.
    meetings = selectors.year_meetings_with_participants(year, held_only=True)
    period_form = _period(request)
    period = period_form.cleaned_data.get("period") if period_form.is_bound and period_form.is_valid() else None
    return render(
        request,
        "panel/figures.html",
        {
            "year": year,
            "working_methods": selectors.year_working_methods(meetings),
            "figures": selectors.dashboard_figures(year),
            # The effect goal IMDi asks for (reference report §3): +50 % organisations in the panel.
            "target_percent": getattr(settings, "PANEL_GROWTH_TARGET_PERCENT", 50),
            "meetings": meetings,
            "categories": selectors.PARTICIPANT_CATEGORIES,
            "topics": selectors.year_topics(year),
            "participation": selectors.participation_by_year(year),
            "represented": selectors.organisations_with_meeting_counts(year),
            "services": selectors.municipal_services_at_two_or_more_meetings_list(year),
            "years": selectors.meeting_years(),
            "period_form": period_form,
            "period": period,
            "period_figures": portal_figures.period_figures(period) if period else None,
            "period_organisations": selectors.represented_organisation_names(period) if period else None,
        },
    )


@staff_required
def figures_json(request):
    """A chosen period's figures as JSON, on the year's keys (?fra=2024-12-01&til=2025-12-31)."""
    form = _period(request)
    if not form.is_bound or not form.is_valid() or form.cleaned_data["period"] is None:
        errors = [str(e) for errors in form.errors.values() for e in errors] if form.is_bound else []
        return JsonResponse({"error": " ".join(errors) or _("Oppgi perioden med ?fra=ÅÅÅÅ-MM-DD&til=ÅÅÅÅ-MM-DD.")}, status=400)
    return JsonResponse(portal_figures.period_figures(form.cleaned_data["period"]), json_dumps_params={"ensure_ascii": False})


@coordinator_required
@one_time_form
def meeting_create(request):
    initial = {}
    series_slug = request.GET.get("serie", "")[:220]
    if series_slug:
        initial["series"] = MeetingSeries.objects.filter(slug=series_slug).first()
    form = MeetingForm(request.POST or None, initial=initial)
    return form_page(
        request, form, save=partial(services.meeting_save_form, user=request.user), message=_("Møtet er opprettet."),
        done=lambda _job: reverse("panel:meeting_detail", args=[form.instance.pk]),
        template="panel/meeting_form.html", context={"title": _("Nytt møte")},
    )


@staff_required
def meeting_detail(request, pk):
    meeting = found_or_404(selectors.staff_meeting(pk))
    return render(
        request,
        "panel/meeting_detail.html",
        {
            "meeting": meeting,
            "guest_form": GuestForm(),
            "attachment_form": AttachmentForm(),
            "participants_total": meeting.participant_sum,
            "invitation_counts": {
                status: sum(1 for invitation in meeting.invitations.all() if invitation.status == status)
                for status in ("invited", "accepted", "declined")
            },
        },
    )


@coordinator_required
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        job = services.meeting_save_form(form=form, user=request.user)
        messages.success(request, _("Møtet er lagret."))
        if job is not None:
            messages.info(
                request,
                _("Endringen sendes med oppdatert kalenderfil til %(count)s inviterte; fremdriften vises på invitasjonssiden.")
                % {"count": job.total},
            )
        return redirect("panel:meeting_detail", pk=meeting.pk)
    return render(request, "panel/meeting_form.html", {"form": form, "meeting": meeting, "title": _("Rediger møte")})


@coordinator_required
def meeting_minutes(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MinutesForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.meeting_save_minutes(form=form)
        messages.success(request, _("Referatet er lagret."))
        return redirect("panel:meeting_detail", pk=meeting.pk)
    return render(request, "panel/minutes_form.html", {"form": form, "meeting": meeting})


@coordinator_required
@require_POST
def minutes_publish(request, pk):
    """The publish step: the minutes go on the public page and the participants are told."""
    meeting = get_object_or_404(Meeting, pk=pk)
    told = services.meeting_publish_minutes(meeting=meeting, user=request.user)
    if told is None:
        messages.error(request, _("Det er ikke noe referat å publisere, eller det er publisert fra før."))
    else:
        messages.success(request, _("Referatet er publisert. %(count)s adresser får beskjed på e-post.") % {"count": len(told)})
    return redirect("panel:meeting_detail", pk=meeting.pk)


@coordinator_required
def minutes_send(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MinutesSendForm(request.POST if request.method == "POST" else None)
    if not meeting.minutes:
        messages.error(request, _("Skriv referatet før du sender det."))
        return redirect("panel:meeting_detail", pk=meeting.pk)
    if form.is_bound and form.is_valid():
        services.meeting_send_minutes(
            meeting=meeting, recipients=form.cleaned_data["recipients"], addresses=form.cleaned_data["addresses"], user=request.user
        )
        messages.success(request, _("Referatet sendes til %(to)s.") % {"to": form.cleaned_data["recipients"]})
        return redirect("panel:meeting_detail", pk=meeting.pk)
    return render(request, "panel/minutes_send.html", {"meeting": meeting, "form": form})


def panel_page(request):
    """/erfaringspanelet/: what the panel is, who takes part in the year, its meeting plan and
    the minutes published."""
    years = selectors.panel_public_years()
    year = chosen_year(request)
    return render(request, "panel/panel_page.html", {"year": year, "years": years, **selectors.panel_public_year(year)})


@coordinator_required
@require_POST
@one_time_form
def guest_add(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = GuestForm(request.POST)
    if form.is_valid():
        services.guest_add(meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Gjesten er lagt til."))
    else:
        messages.error(request, _("Gjesten må ha et navn."))
    return redirect("panel:meeting_detail", pk=meeting.pk)


@coordinator_required
@require_POST
def guest_delete(request, pk, guest_pk):
    get_object_or_404(Guest, pk=guest_pk, meeting_id=pk).delete()
    messages.success(request, _("Gjesten er fjernet."))
    return redirect("panel:meeting_detail", pk=pk)


@coordinator_required
@one_time_form
def attachment_add(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachment = form.save(commit=False)
        attachment.meeting = meeting
        attachment.save()
        messages.success(request, _("Vedlegget er lagret."))
        return redirect("panel:meeting_detail", pk=meeting.pk)
    return render(request, "panel/attachment_form.html", {"form": form, "meeting": meeting}, status=400 if form.is_bound else 200)


@staff_required
def attachment_download(request, attachment_pk):
    # Minutes' attachments are internal: served through a view that checks the role.
    attachment = get_object_or_404(MeetingAttachment, pk=attachment_pk)
    return serve_private_file(attachment.file, filename=attachment.filename)


@coordinator_required
@require_POST
def attachment_delete(request, attachment_pk):
    attachment = get_object_or_404(MeetingAttachment, pk=attachment_pk)
    meeting_pk = attachment.meeting_id
    attachment.file.delete(save=False)
    attachment.delete()
    messages.success(request, _("Vedlegget er slettet."))
    return redirect("panel:meeting_detail", pk=meeting_pk)


# --- Invitations --------------------------------------------------------------------------------


def _invitees(meeting, cleaned):
    who = cleaned["who"]
    active = Organisation.objects.active()
    if who == InviteForm.ALL_IMMIGRANT:
        return active.filter(kind__in=IMMIGRANT_KINDS)
    if who == InviteForm.ATTENDED_BEFORE:
        return active.filter(pk__in=selectors.attended_before_ids(meeting))
    if who == InviteForm.BY_KIND:
        return active.filter(kind=cleaned["kind"])
    if who == InviteForm.SERIES_MEMBERS:
        return active.filter(meeting_series=meeting.series) if meeting.series_id else active.none()
    return active.filter(pk__in=cleaned["organisations"])


@coordinator_required
def invitations(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = InviteForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        invitees = list(_invitees(meeting, form.cleaned_data))
        # The invitations are recorded at once; the e-mails (one per organisation, with the
        # calendar file) go out from the job worker, and the page shows their progress.
        invited, _mailed, _without = services.invitations_send(meeting=meeting, organisations=invitees, send_email=False)
        messages.success(request, _("%(invited)s nye invitert.") % {"invited": invited})
        if form.cleaned_data["send_email"] and invitees:
            services.invitations_email_start(
                meeting=meeting, organisations=invitees, message=form.cleaned_data["message"], user=request.user
            )
            messages.info(request, _("E-postene sendes i bakgrunnen; fremdriften vises under."))
        return redirect("panel:invitations", pk=meeting.pk)
    invitation_list = (
        Invitation.objects.filter(meeting=meeting).select_related("organisation").order_by(norwegian("organisation__name"))
    )
    return render(
        request,
        "panel/invitations.html",
        {
            "meeting": meeting,
            "form": form,
            "invitations": invitation_list,
            "statuses": InvitationStatus.choices,
            "jobs": jobs.recent_jobs(subject=meeting),
            "needs": selectors.invitation_needs(meeting),
        },
    )


@coordinator_required
@require_POST
def invitation_answers(request, pk):
    """Answers set in bulk: one select per invitation, only the changed ones saved."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = InvitationAnswersForm(request.POST)
    form.is_valid()
    saved, conflicts = services.invitations_set_answers(meeting=meeting, answers=form.answers)
    if saved or not conflicts:
        messages.success(request, _("%(count)s svar er lagret.") % {"count": saved})
    if conflicts:
        messages.warning(
            request,
            _("Disse har svart selv mens du endret, og svaret deres står: %(names)s.")
            % {"names": ", ".join(invitation.organisation.name for invitation in conflicts)},
        )
    return redirect("panel:invitations", pk=pk)


def _invitation_answer_page(request, token, status):
    """The page behind an e-mail's answer link: GET shows what will be recorded and a button
    (link scanners only GET), POST records it. No sign-in: the signed token is the key."""
    invitation = services.invitation_from_token(token)
    if invitation is None:
        raise Http404
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # In the language the invitation was written in, unless the visitor chose one.
        translation.activate(mail.organisation_language(invitation.organisation))
        request.LANGUAGE_CODE = translation.get_language()
    is_open = services.invitation_is_open(invitation)
    accepting = status == InvitationStatus.ACCEPTED
    recorded = False
    form = InvitationReplyForm(
        request.POST if request.method == "POST" and is_open else None, accepting=accepting,
        initial=selectors.invitation_reply_initial(invitation),
    )
    if form.is_bound and form.is_valid():
        services.invitation_answer(invitation=invitation, status=status, needs=form.needs())
        recorded = True
    return render(
        request,
        "panel/invitation_answer.html",
        {
            "invitation": invitation,
            "meeting": invitation.meeting,
            "forum": services.meeting_forum(invitation.meeting),
            "documents": selectors.invitation_documents(invitation),
            "token": token,
            "form": form,
            "accepting": accepting,
            "is_open": is_open,
            "recorded": recorded,
        },
        status=409 if request.method == "POST" and not is_open else 200,
    )


@never_cache
def invitation_document(request, token, attachment_pk):
    """A document the coordinator sends with the invitation, for whoever holds the invitation's
    signed link; any other attachment of the meeting stays private (404)."""
    invitation = services.invitation_from_token(token)
    if invitation is None:
        raise Http404
    attachment = get_object_or_404(
        MeetingAttachment, pk=attachment_pk, meeting_id=invitation.meeting_id, send_with_invitation=True
    )
    return serve_private_file(attachment.file, filename=attachment.filename)


@never_cache
def invitation_accept(request, token):
    return _invitation_answer_page(request, token, InvitationStatus.ACCEPTED)


@never_cache
def invitation_decline(request, token):
    return _invitation_answer_page(request, token, InvitationStatus.DECLINED)


# --- Attendance at the door ----------------------------------------------------------------------


HEAD_COUNTS = (
    ("coordinators_count", _lazy("Koordinatorer")),
    ("students_count", _lazy("Studenter")),
    ("guests_count", _lazy("Gjester")),
    ("others_count", _lazy("Andre")),
)


def _door_messages(request, result, addition):
    """The success line after a save at the door (only when nothing needs the user's eye)."""
    text = _("Oppmøtet er lagret: %(saved)s endret, %(removed)s fjernet.") % {"saved": result.saved, "removed": result.removed}
    if addition:
        if addition.outcome == services.DoorAddition.CREATED:
            text += " " + _("«%(name)s» er registrert og ført opp som til stede.") % {"name": addition.organisation.name}
        else:
            text += " " + _("«%(name)s» fantes fra før og er ført opp som til stede.") % {"name": addition.organisation.name}
    messages.success(request, text)


@coordinator_required
def attendance(request, pk):
    """The door: one form for every count and a newly arrived organisation, so adding one never
    drops what was typed. A bad value or a count someone else changed meanwhile marks its row;
    every other row is saved."""
    meeting = get_object_or_404(Meeting, pk=pk)
    q = request.GET.get("q", "")[:200]
    if request.method != "POST":
        return _attendance_page(request, meeting, q)
    door = DoorForm(request.POST, head_fields=[name for name, _label in HEAD_COUNTS])
    valid = door.is_valid()
    result = services.meeting_register_attendance(meeting=meeting, changes=door.changes, head_counts=door.head_changes)
    addition = services.meeting_add_organisation(meeting=meeting, **door.addition) if door.addition else None
    if valid and not result.conflicts and not result.head_conflicts and not (addition and addition.already_listed):
        _door_messages(request, result, addition)
        query = request.GET.urlencode()
        anchor = f"#rad-{addition.organisation.pk}" if addition else ""
        return redirect(request.path + (f"?{query}" if query else "") + anchor)
    # Something needs the coordinator's eye: show the page again with every typed value.
    meeting.refresh_from_db()
    return _attendance_page(request, meeting, q, door=door, result=result, addition=addition)


def _door_marks(door, result, addition):
    """What the page shows again on each row and head count after a save that needs a look:
    {organisation_id: …} and {field: …}, each with the value typed, the count it was typed
    against, and the error or notice."""
    marks = {key: {"value": typed.value, "shown": typed.shown, "error": COUNT_ERROR} for key, typed in door.bad_rows.items()}
    head_marks = {key: {"value": typed.value, "shown": typed.shown, "error": COUNT_ERROR} for key, typed in door.bad_heads.items()}
    for organisation_id, now in result.conflicts.items():
        typed = door.changes[organisation_id].new
        marks[organisation_id] = {"value": typed or "", "shown": now or "", "error": _changed_meanwhile(now or 0, typed or 0)}
    for name, now in result.head_conflicts.items():
        typed = door.head_changes[name].new
        head_marks[name] = {"value": typed, "shown": now, "error": _changed_meanwhile(now, typed)}
    if addition and addition.already_listed:
        marks.setdefault(addition.organisation.pk, {})["notice"] = _(
            "«%(name)s» står allerede på listen med %(now)s deltakere. Du skrev %(typed)s i skjemaet for ny organisasjon: rett tallet her om det trengs."
        ) % {"name": addition.organisation.name, "now": addition.participants, "typed": door.addition["participants"]}
    return marks, head_marks


def _changed_meanwhile(now, typed):
    return _("Noen andre har endret tallet til %(now)s mens du skrev. Du skrev %(typed)s: lagre igjen for å bruke ditt tall.") % {
        "now": now, "typed": typed
    }


def _attendance_page(request, meeting, q, *, door=None, result=None, addition=None):
    marks, head_marks = _door_marks(door, result, addition) if door else ({}, {})
    rows = selectors.attendance_rows(meeting, q=q)
    for row in rows:
        mark = marks.get(row["organisation"].pk, {})
        row["shown"] = mark.get("shown", row["participants"] or "")
        row["value"] = mark.get("value", row["participants"] or "")
        row["error"] = mark.get("error")
        row["notice"] = mark.get("notice")
    head_counts = [
        {
            "field": name, "label": label,
            "shown": head_marks.get(name, {}).get("shown", getattr(meeting, name)),
            "value": head_marks.get(name, {}).get("value", getattr(meeting, name)),
            "error": head_marks.get(name, {}).get("error"),
        }
        for name, label in HEAD_COUNTS
    ]
    problems = [row for row in rows if row["error"] or row["notice"]] + [h for h in head_counts if h["error"]]
    present = [row for row in rows if row["participants"]]
    listed = addition is not None and addition.already_listed
    return render(
        request,
        "panel/attendance.html",
        {
            "meeting": meeting,
            "rows": rows,
            "q": q,
            # the new organisation's own errors, with what was typed
            "new_form": door.new_form if door and not door.new_form.is_valid() else NewOrganisationForm(prefix="new"),
            "head_counts": head_counts,
            "problems": problems,
            "pointed": addition.organisation if listed else None,
            "added": addition.organisation if addition and not listed else None,
            "saved": bool(result and (result.saved or result.removed)),
            "result": result,
            "present_count": len(present),
            "needs": selectors.invitation_needs(meeting),
            "participant_sum": sum(row["participants"] for row in present),
        },
    )


@coordinator_required
def sign_in_sheet(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    organisations = (
        Organisation.objects.filter(Q(invitations__meeting=meeting) | Q(attendances__meeting=meeting))
        .distinct()
        .order_by("name")
    )
    html = render_to_string("panel/sign_in_sheet.html", {"meeting": meeting, "organisations": organisations, "blank_rows": range(12)})
    return FileResponse(io.BytesIO(write_pdf_ua(html)), filename=f"innloggingsark-{meeting.date:%Y-%m-%d}.pdf", content_type="application/pdf")


@coordinator_required
def minutes_pdf(request, pk):
    """The minutes as a PDF to send on (paragraphs, headings and lists as written in the editor).
    Rendered by the job worker: until it is ready this page shows the job's progress."""
    meeting = get_object_or_404(Meeting, pk=pk)
    data = panel_pdf.minutes_cached(meeting)
    if data is None:
        job = services.minutes_pdf_start(meeting=meeting, user=request.user)
        response = render(request, "panel/minutes_pdf_pending.html", {"meeting": meeting, "job": job})
        response["Cache-Control"] = "private, no-store"
        return response
    response = FileResponse(io.BytesIO(data), filename=panel_pdf.minutes_filename(meeting), content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


# --- Input (innspill) ---------------------------------------------------------------------------


# The "new since last visit" box lists at most this many; the rest are marked in the list.
INPUT_NEW_SHOWN = 20


@staff_required
def input_list(request):
    form = InputFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    coordinator = roles.is_coordinator(request.user)
    user_services = None if coordinator else list(selectors.services_of(request.user))
    # Taken before reading, so a change made while the page is built is still new next time.
    now = timezone.now()
    last_visit = selectors.input_overview_last_visit(request.user) if coordinator else None
    items = list(
        selectors.input_items(
            status=filters.get("status", ""),
            service=filters.get("service"),
            overdue=filters.get("overdue", False),
            user_services=user_services,
        )
    )
    today = timezone.localdate()
    for item in items:
        item.overdue = item.is_overdue(today)
        item.may_answer = coordinator or (user_services is not None and item.assigned_service in user_services)
        item.change = item.change_since(last_visit, viewer=request.user) if coordinator else None
        item.led_to = selectors.led_to(item, links=coordinator)
    new_items, new_count = [], 0
    if coordinator:
        new_items = list(selectors.input_items_new_since(last_visit, viewer=request.user)[: INPUT_NEW_SHOWN + 1])
        new_count = (
            len(new_items) if len(new_items) <= INPUT_NEW_SHOWN
            else selectors.input_items_new_since(last_visit, viewer=request.user).count()
        )
        new_items = new_items[:INPUT_NEW_SHOWN]
        for item in new_items:
            item.change = item.change_since(last_visit, viewer=request.user)
        services.input_overview_mark_seen(user=request.user, at=now)
    return render(
        request,
        "panel/input_list.html",
        {
            "form": form,
            "items": items,
            "by_service": selectors.input_counts_by_service(today) if coordinator else [],
            "user_services": user_services,
            "last_visit": last_visit,
            "new_items": new_items,
            "new_count": new_count,
            "new_more": new_count - len(new_items),
        },
    )


def _assignment_message(item, addresses):
    if addresses is None:
        return ""
    if not addresses:
        return " " + _(
            "Ingen som svarer for %(service)s har en e-postadresse i portalen, så ingen fikk e-post om innspillet. "
            "Knytt en ansatt med e-postadresse til virksomheten under «Hvem svarer for virksomhetene»."
        ) % {"service": item.assigned_service.name}
    return " " + ngettext(
        "E-post om innspillet sendes til %(count)s person i %(service)s.",
        "E-post om innspillet sendes til %(count)s personer i %(service)s.",
        len(addresses),
    ) % {"count": len(addresses), "service": item.assigned_service.name}


@coordinator_required
@one_time_form
def input_create(request):
    form = InputItemForm(request.POST or None, initial=preselected(request, meeting="meeting"))
    if request.method == "POST" and form.is_valid():
        item, addresses = services.input_save_form(form=form, user=request.user)
        _message_assignment(request, _("Innspillet er registrert."), item, addresses)
        return redirect("panel:input_list")
    return render(request, "panel/input_form.html", {"form": form, "title": _("Nytt innspill")})


def _message_assignment(request, text, item, addresses):
    # Nobody to mail is a warning: the coordinator has to do something about it.
    level = messages.WARNING if addresses == [] else messages.SUCCESS
    messages.add_message(request, level, text + _assignment_message(item, addresses))


@coordinator_required
def input_edit(request, pk):
    item = get_object_or_404(InputItem, pk=pk)
    form = InputItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        item, addresses = services.input_save_form(form=form, user=request.user)
        _message_assignment(request, _("Innspillet er lagret."), item, addresses)
        return redirect("panel:input_list")
    return render(request, "panel/input_form.html", {"form": form, "item": item, "title": _("Rediger innspill")})


@staff_required
def input_answer(request, pk):
    item = get_object_or_404(InputItem.objects.select_related("meeting", "raised_by", "assigned_service"), pk=pk)
    if not selectors.user_may_answer(request.user, item):
        raise Http404
    form = InputAnswerForm(
        request.POST or None,
        initial={"answer": item.answer, "status": item.status if item.is_closed else InputStatus.ANSWERED},
    )
    if request.method == "POST" and form.is_valid():
        services.input_answer(item=item, user=request.user, **form.cleaned_data)
        messages.success(request, _("Svaret er lagret, og innspillet er lukket."))
        return redirect("panel:input_list")
    return render(request, "panel/input_answer.html", {"form": form, "item": item})


@coordinator_required
def service_members(request):
    form = ServiceMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = form.save()
        messages.success(
            request,
            _("%(user)s svarer nå på innspill til %(service)s.") % {"user": member.user.username, "service": member.organisation.name},
        )
        return redirect("panel:service_members")
    members = ServiceMember.objects.select_related("user", "organisation").order_by("organisation__name", "user__username")
    return render(request, "panel/service_members.html", {"form": form, "members": members})


@coordinator_required
@require_POST
def service_member_delete(request, member_pk):
    get_object_or_404(ServiceMember, pk=member_pk).delete()
    messages.success(request, _("Koblingen er fjernet."))
    return redirect("panel:service_members")


# --- Meeting series ------------------------------------------------------------------------------


@staff_required
def series_list(request):
    return render(request, "panel/series_list.html", {"series_list": selectors.staff_series()})


@coordinator_required
@one_time_form
def series_create(request):
    return form_page(
        request, MeetingSeriesForm(request.POST or None),
        save=services.series_save_form, message=_("Møteserien er opprettet."), done=_series_page,
        template="panel/series_form.html", context={"title": _("Ny møteserie")},
    )


def _series_page(series):
    return reverse("panel:series_detail", kwargs={"slug": series.slug})


@staff_required
def series_detail(request, slug):
    series = found_or_404(selectors.series_detail(slug))
    return render(
        request,
        "panel/series_detail.html",
        {
            "series": series,
            "meetings": selectors.series_meeting_rows(series),
            "this_year": timezone.localdate().year,
        },
    )


@staff_required
def series_report(request, slug, year):
    """The series' yearly report to the leadership (key persons for coordinators only)."""
    check_year(year)
    series = found_or_404(selectors.series_detail(slug))
    return render(
        request,
        "panel/series_report.html",
        {"series": series, "report": selectors.series_year_report(series, year), "years": range(year - 1, year + 2)},
    )


@coordinator_required
def series_edit(request, slug):
    series = get_object_or_404(MeetingSeries, slug=slug)
    return form_page(
        request, MeetingSeriesForm(request.POST or None, instance=series),
        save=services.series_save_form, message=_("Møteserien er lagret."), done=_series_page,
        template="panel/series_form.html", context={"series": series, "title": _("Rediger møteserie")},
    )


def public_series(request, slug):
    series = found_or_404(selectors.public_series(slug))
    return render(
        request,
        "panel/public_series.html",
        {
            "series": series,
            "meetings": selectors.public_series_meetings(series),
        },
    )
