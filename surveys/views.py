import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.web.ratelimit import client_address
from portal.web.ratelimit import hit as ratelimit_hit
from portal.background import jobs
from portal.privacy import roles
from portal.spreadsheets import writing
from portal.web import formkeys
from portal.web.decorators import coordinator_required, found_or_404, staff_required
from portal.web.editing import form_page
from portal.web.formkeys import one_time_form
from surveys import charts, languages, resources, selectors, services, tasks
from surveys.forms import AnswerForm, PersonalLinksForm, QuestionForm, SurveyForm, SurveySendForm
from surveys.models import Question, QuestionKind, Response, Survey
from mailings.selectors import organisation_language
from organisations.models import ContactPerson

# --- Coordinators: building ---------------------------------------------------------------


@staff_required
def survey_list(request):
    return render(request, "surveys/survey_list.html", {"surveys": selectors.survey_list()})


@coordinator_required
@one_time_form
def survey_create(request):
    return form_page(
        request, SurveyForm(request.POST or None),
        save=services.survey_save_form, message=_("Undersøkelsen er opprettet. Legg til spørsmål."), done=_survey_page,
        template="surveys/survey_form.html", context={"title": _("Ny spørreundersøkelse")},
    )


def _survey_page(survey):
    return reverse("surveys:survey_detail", args=[survey.pk])


@coordinator_required
def survey_edit(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    return form_page(
        request, SurveyForm(request.POST or None, instance=survey),
        save=services.survey_save_form, message=_("Endringene er lagret."), done=_survey_page,
        template="surveys/survey_form.html", context={"survey": survey, "title": _("Rediger %(title)s") % {"title": survey.title}},
    )


@staff_required
def survey_detail(request, pk):
    survey = found_or_404(selectors.survey_for_editing(pk))
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "public_url": request.build_absolute_uri(survey.get_public_url()),
            "links_form": PersonalLinksForm(survey=survey),
            "state": survey.state(),
            "sending": selectors.survey_sending_counts(survey),
            "jobs": jobs.recent_jobs(subject=survey),
        },
    )


@coordinator_required
@one_time_form
def survey_send(request, pk):
    """Send the survey from the register: a personal link to each person, by the job worker."""
    survey = get_object_or_404(Survey, pk=pk)
    form = SurveySendForm(request.POST if request.method == "POST" else None, survey=survey)
    if request.method == "POST" and form.is_valid():
        persons, not_reached = form.receivers()
        created = services.survey_send_to_persons(survey=survey, persons=persons, group=form.cleaned_data["group"])
        messages.success(request, _("%(count)s nye personlige lenker sendes i bakgrunnen; fremdriften vises under.") % {"count": created})
        if not_reached:
            messages.warning(request, _("%(count)s av de valgte kan ikke få e-post (uten samtykke, avmeldt eller uten adresse).") % {"count": not_reached})
        tasks.survey_links_start(survey=survey, user=request.user)
        return redirect("surveys:survey_detail", pk=survey.pk)
    return render(request, "surveys/survey_send.html", {"survey": survey, "form": form})


@coordinator_required
@require_POST
def survey_remind(request, pk):
    """A reminder to those who were sent a link and have not answered (never to those who have)."""
    survey = get_object_or_404(Survey, pk=pk)
    if survey.state() != "open":
        messages.error(request, _("Undersøkelsen er ikke åpen, så ingen får påminnelse."))
    else:
        tasks.survey_reminders_start(survey=survey, user=request.user)
        messages.success(request, _("Påminnelsene sendes i bakgrunnen til dem som ikke har svart."))
    return redirect("surveys:survey_detail", pk=survey.pk)


@coordinator_required
def survey_anonymise(request, pk):
    """Take the names off the named answers once the survey has closed, after a confirmation."""
    survey = get_object_or_404(Survey, pk=pk)
    named = Response.objects.filter(survey=survey, anonymous=False).exclude(respondent_name="", respondent_email="").count()
    if request.method == "POST":
        changed = services.survey_anonymise_named(survey=survey)
        if changed is None:
            messages.error(request, _("Navnene kan tas bort først når undersøkelsen er stengt."))
        else:
            messages.success(request, _("Navn og e-post er tatt bort fra %(count)s svar.") % {"count": changed})
        return redirect("surveys:survey_detail", pk=survey.pk)
    return render(request, "surveys/survey_anonymise.html", {"survey": survey, "named": named, "closed": survey.state() == "closed"})


@coordinator_required
@one_time_form
def question_form(request, pk, question_pk=None):
    survey = get_object_or_404(Survey, pk=pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey) if question_pk else None
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    if request.method == "POST" and form.is_valid():
        services.question_save_form(form=form, survey=survey)
        messages.success(request, _("Spørsmålet er lagret."))
        return redirect("surveys:survey_detail", pk=survey.pk)
    title = _("Rediger spørsmål %(position)s") % {"position": question.position} if question else _("Nytt spørsmål")
    return render(request, "surveys/question_form.html", {"form": form, "survey": survey, "title": title})


@coordinator_required
@require_POST
def question_move(request, pk, question_pk):
    question = get_object_or_404(Question, pk=question_pk, survey_id=pk)
    error = services.question_move(question=question, direction="up" if request.POST.get("direction") == "up" else "down")
    if error:
        messages.error(request, error)
    return redirect("surveys:survey_detail", pk=pk)


@coordinator_required
@require_POST
def question_delete(request, pk, question_pk):
    question = get_object_or_404(Question, pk=question_pk, survey_id=pk)
    error = services.question_delete(question=question)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Spørsmålet er slettet."))
    return redirect("surveys:survey_detail", pk=pk)


@coordinator_required
@require_POST
@one_time_form
def links_create(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    form = PersonalLinksForm(request.POST, survey=survey)
    if form.is_valid():
        links = services.personal_links_create(survey=survey, **form.cleaned_data)
        messages.success(request, _("%(count)s personlige lenker er laget.") % {"count": len(links)})
    else:
        messages.error(request, _("Lenkene ble ikke laget: %(errors)s") % {"errors": " ".join(e for errors in form.errors.values() for e in errors)})
    return redirect("surveys:survey_detail", pk=pk)


# --- Coordinators: results ------------------------------------------------------------------


@staff_required
def results(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    figures = selectors.survey_figures(survey)
    for group_index, group in enumerate(figures["groups"]):
        for question in group.get("questions", []):
            if question["kind"] == QuestionKind.SCORE:
                # Built here from trusted numbers and escaped labels (charts.py escapes text).
                question["chart"] = mark_safe(
                    charts.score_distribution_svg(
                        question["scores"],
                        title=_("%(group)s: fordeling av score på spørsmål %(position)s")
                        % {"group": group["name"], "position": question["position"]},
                        low_label=question["low_label"],
                        high_label=question["high_label"],
                        id_prefix=f"chart-{group_index}-{question['position']}",
                    )
                )
                question["counts"] = charts.score_counts(question["scores"])
    response = render(request, "surveys/results.html", {"survey": survey, "figures": figures})
    # Computed for each request from the answer tables and kept by no cache on the way (docs/operations.md
    # "Anonymity"): two kept copies of an open survey's results would date the answers between them.
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@coordinator_required
def export_answers(request, pk, file_format):
    survey = get_object_or_404(Survey, pk=pk)
    if file_format not in ("csv", "xlsx"):
        raise Http404
    resource = resources.SurveyAnswerResource()
    content = writing.sheet_bytes(resource.export(queryset=Response.objects.filter(survey=survey)), file_format, resource=resource, title="survey_answers")
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if file_format == "xlsx"
        else "text/csv; charset=utf-8"
    )
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=f"survey_answers-{survey.pk}.{file_format}", content_type=content_type)


# --- Respondents ----------------------------------------------------------------------------

def _answer(request, survey, link):
    state = survey.state()
    if state != "open":
        return _personal(render(request, "surveys/not_open.html", {**_texts(survey, languages.content_language(request, survey)), "state": state}), link)
    if link is not None and link.used_on is not None:
        return _personal(render(request, "surveys/link_used.html", _texts(survey, languages.content_language(request, survey))), link)
    switch_to = languages.language_switch(request, survey)
    if switch_to:
        return _personal(_answer_in_language(request, survey, link, switch_to), link)
    language = languages.content_language(request, survey)
    form = AnswerForm(request.POST or None, survey=survey, link=link, language=language)
    if request.method == "POST" and form.is_valid() and not _answer_allowed(request):
        # Kept on the page as typed (the form's key is unused): sending again later stores it.
        form.add_error(None, _("Det er sendt svært mange svar fra denne adressen. Vent %(minutes)s minutter og send svaret igjen.")
                       % {"minutes": ANSWER_RATE["window"] // 60})
        response = render(request, "surveys/answer.html", _answer_context(survey, form, link, language), status=429)
        response["Retry-After"] = str(ANSWER_RATE["window"])
        return _personal(response, link)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Back + send again renders a fresh key, so the open link also recognises the same
        # answers from the same browser (formkeys: a cookie, nothing kept on the server).
        print_ = formkeys.fingerprint(request, ignore=("key", "tekstsprak")) if link is None else None
        if print_ and formkeys.was_just_submitted(request, scope=survey.public_token, print_=print_):
            return redirect(survey_thanks_url(survey, again=True))
        try:
            services.response_submit(
                survey=survey,
                group=data["respondent_group"],
                anonymous=data["is_anonymous"],
                name=data["name"].strip(),
                email=data["email"],
                answers=form.answers,
                submission_key=data["key"],
                link=link,
            )
        except services.DuplicateSubmission:
            return redirect(survey_thanks_url(survey, again=True))
        except services.LinkAlreadyUsed:
            return _personal(render(request, "surveys/link_used.html", _texts(survey, language)), link)
        except services.SurveyNotOpen:
            return _personal(render(request, "surveys/not_open.html", {**_texts(survey, language), "state": survey.state()}), link)
        response = redirect(survey_thanks_url(survey))
        if print_:
            formkeys.remember_submission(response, request, scope=survey.public_token, print_=print_)
        return response
    return _personal(render(request, "surveys/answer.html", _answer_context(survey, form, link, language)), link)


# Answers one visitor may send in the window: a brake on floods (each answer rewrites the day's
# batch), generous enough for a meeting room answering on one Wi-Fi address.
ANSWER_RATE = {"limit": settings.PORTAL_SURVEY_ANSWERS_PER_VISITOR, "window": 10 * 60}


def _answer_allowed(request):
    """Count one answer from this visitor (portal.web.ratelimit). The cache key is a keyed hash
    of the address, never the address: a dump of the cache table shows no visitor beside the time
    of an answer (docs/operations.md "Anonymity")."""
    from django.utils.crypto import salted_hmac

    visitor = salted_hmac("surveys.answer-rate", client_address(request)).hexdigest()[:32]
    return ratelimit_hit("survey-answer", visitor, **ANSWER_RATE)


def _texts(survey, language):
    """The survey and its own title and introduction in the language (falling back to Norwegian)."""
    return {
        "survey": survey,
        "survey_title": survey.shown("title", language),
        "survey_introduction": survey.shown("introduction", language),
    }


def _answer_context(survey, form, link, language):
    context = {**_texts(survey, language), "form": form, "link": link, "survey_languages": languages.switch_choices(survey, language)}
    if languages.survey_only_language(survey, language):
        # Kept through the posts (an error shown again) while the page itself stays in its language.
        context["content_language_param"] = language
    if link is not None:
        # The answer goes to an address without the personal token, the token in the body:
        # no access log line of the submission names the link.
        context["form_action"] = reverse("surveys:answer_personal_submit", args=[survey.public_token])
    return context


def _answer_in_language(request, survey, link, language):
    """The form again as typed, in the language the switch chose: the whole page in one of the
    portal's languages (kept for the next pages), or only the survey's texts in one of its own."""
    whole_page = languages.is_page_language(language)
    if whole_page:
        languages.activate(request, language)
    form = AnswerForm(request.POST, survey=survey, link=link, language=language)
    form.show_as_typed()
    response = render(request, "surveys/answer.html", _answer_context(survey, form, link, language))
    return languages.remember(response, language) if whole_page else response


def _personal(response, link):
    """A page reached through a personal link: never cached, and its address (which holds the
    token) is never sent on as a Referer, so no later log line carries it.

    `strict-origin`, not `no-referrer`: the browser still sends the site's origin (never the path)
    as Referer and as Origin. Under `no-referrer` Chromium sends `Origin: null` with the form's
    POST, and Django's CSRF check refuses the answer."""
    if link is not None:
        response["Referrer-Policy"] = "strict-origin"
        response["Cache-Control"] = "private, no-store"
    return response


def survey_thanks_url(survey, again=False):
    # The same address whatever language the answer was given in: the language is in no
    # access log line beside the answer's (docs/operations.md "Anonymity"), just as it is on no stored row.
    url = reverse("surveys:thanks", args=[survey.public_token])
    return url + "?igjen=1" if again else url


def answer(request, token):
    survey, _link = selectors.survey_for_answering(public_token=token)
    if survey is None:
        raise Http404
    if services.survey_ensure_group(survey=survey):
        survey, _link = selectors.survey_for_answering(public_token=token)
    return _answer(request, survey, None)


@require_GET
def answer_personal(request, token):
    """The personal link's page (the one address with the token, opened once from the e-mail).
    Answers are not accepted here: the form posts the token in its body to answer_personal_submit."""
    _refuse_council_staff(request)
    survey, link = selectors.survey_for_answering(link_token=token)
    if survey is None:
        raise Http404
    if services.survey_ensure_group(survey=survey):
        survey, link = selectors.survey_for_answering(link_token=token)
    if link is not None and request.method == "GET":
        services.personal_link_mark_opened(link=link)
    if link is not None and link.person_id and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # A link mailed from the register opens in the language of its e-mail (the visitor may switch).

        person = ContactPerson.objects.select_related("organisation__mailing_preference").get(pk=link.person_id)
        languages.activate(request, organisation_language(person.organisation))
    return _answer(request, survey, link)


def _refuse_council_staff(request):
    """Signed in as council staff, a personal link is neither shown nor usable (docs/domain.md
    "Privacy"); a member of staff who was sent one signs out and answers as anybody would."""
    user = request.user
    if roles.is_council_staff(user) and not roles.is_coordinator(user):
        raise PermissionDenied(_("Personlige lenker kan ikke åpnes når du er logget inn som kommuneansatt. Logg ut og åpne lenken igjen."))


@require_POST
def answer_personal_submit(request, token):
    """An answer through a personal link: `token` is the survey's public token, the personal
    token comes in the body (field `lenke`), so the address logged names no respondent."""
    _refuse_council_staff(request)
    link_token = request.POST.get("lenke", "")
    survey, link = selectors.survey_for_answering(link_token=link_token) if link_token else (None, None)
    if survey is None or survey.public_token != token:
        raise Http404
    return _answer(request, survey, link)


def thanks(request, token):
    survey = get_object_or_404(Survey, public_token=token)
    language = languages.content_language(request, survey)
    return render(request, "surveys/thanks.html", {**_texts(survey, language), "again": request.GET.get("igjen") == "1"})
