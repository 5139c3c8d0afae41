from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal import roles, spreadsheets
from portal.access import coordinator_required, staff_required
from portal.formkeys import one_time_form
from surveys import charts, resources, selectors, services
from surveys.forms import AnswerForm, PersonalLinksForm, QuestionForm, SurveyForm
from surveys.models import Question, QuestionKind, Response, Survey

# --- Coordinators: building ---------------------------------------------------------------


@staff_required
def survey_list(request):
    return render(request, "surveys/survey_list.html", {"surveys": selectors.survey_list()})


@coordinator_required
@one_time_form
def survey_create(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.survey_save_form(form=form)
        messages.success(request, _("Undersøkelsen er opprettet. Legg til spørsmål."))
        return redirect("surveys:survey_detail", pk=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "title": _("Ny spørreundersøkelse")})


@coordinator_required
def survey_edit(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        services.survey_save_form(form=form)
        messages.success(request, _("Endringene er lagret."))
        return redirect("surveys:survey_detail", pk=survey.pk)
    return render(
        request, "surveys/survey_form.html", {"form": form, "survey": survey, "title": _("Rediger %(title)s") % {"title": survey.title}}
    )


@staff_required
def survey_detail(request, pk):
    survey = selectors.survey_for_editing(pk)
    if survey is None:
        raise Http404
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "public_url": request.build_absolute_uri(survey.get_public_url()),
            "links_form": PersonalLinksForm(survey=survey),
            "state": survey.state(),
        },
    )


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
    return render(request, "surveys/results.html", {"survey": survey, "figures": figures})


@require_GET
@coordinator_required
def export_answers(request, pk, file_format):
    survey = get_object_or_404(Survey, pk=pk)
    if file_format not in ("csv", "xlsx"):
        raise Http404
    resource = resources.SurveyAnswerResource()
    content = spreadsheets.sheet_bytes(resource.export(queryset=Response.objects.filter(survey=survey)), file_format, resource=resource, title="survey_answers")
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if file_format == "xlsx"
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="survey_answers-{survey.pk}.{file_format}"'
    return response


# --- Respondents ----------------------------------------------------------------------------

def _answer(request, survey, link):
    state = survey.state()
    if state != "open":
        return _personal(render(request, "surveys/not_open.html", {"survey": survey, "state": state}), link)
    if link is not None and link.used_on is not None:
        return _personal(render(request, "surveys/link_used.html", {"survey": survey}), link)
    switch_to = _language_switch(request)
    if switch_to:
        return _personal(_answer_in_language(request, survey, link, switch_to), link)
    form = AnswerForm(request.POST or None, survey=survey, link=link)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
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
            return _personal(render(request, "surveys/link_used.html", {"survey": survey}), link)
        except services.SurveyNotOpen:
            return _personal(render(request, "surveys/not_open.html", {"survey": survey, "state": survey.state()}), link)
        return redirect(survey_thanks_url(survey))
    context = {"survey": survey, "form": form, "link": link}
    if link is not None:
        # The answer goes to an address without the personal token, the token in the body:
        # no access log line of the submission names the link.
        context["form_action"] = reverse("surveys:answer_personal_submit", args=[survey.public_token])
    return _personal(render(request, "surveys/answer.html", context), link)


def _language_switch(request):
    """The language chosen with the switch inside the survey form (`sprak`), or None.

    The switch posts the form itself, so what was typed comes along: the page is shown again
    in the new language with every answer as it was, and nothing is stored or checked yet."""
    if request.method != "POST":
        return None
    code = request.POST.get("sprak", "")
    return code if code in dict(settings.LANGUAGES) else None


def _answer_in_language(request, survey, link, language):
    translation.activate(language)
    request.LANGUAGE_CODE = language
    form = AnswerForm(request.POST, survey=survey, link=link)
    form.show_as_typed()
    context = {"survey": survey, "form": form, "link": link}
    if link is not None:
        context["form_action"] = reverse("surveys:answer_personal_submit", args=[survey.public_token])
    response = render(request, "surveys/answer.html", context)
    # As Django's set_language view would: the choice holds for the pages after this one.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _personal(response, link):
    """A page reached through a personal link: never cached, and its address (which holds the
    token) is never sent on as a Referer, so no later log line carries it."""
    if link is not None:
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "private, no-store"
    return response


def survey_thanks_url(survey, again=False):
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
    return _answer(request, survey, link)


def _refuse_council_staff(request):
    """Signed in as council staff, a personal link is neither shown nor usable (domain.md
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
    return render(request, "surveys/thanks.html", {"survey": survey, "again": request.GET.get("igjen") == "1"})
