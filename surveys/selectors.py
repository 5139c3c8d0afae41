"""Reads of surveys for pages and the annual report: one source for every survey figure.

`report_surveys(year)` is the report's "surveys" list (docs/domain.md); the results page shows the
same figures from `survey_figures(survey)`. Both read in a constant number of queries.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from surveys.models import CHOICE_KINDS, NO, YES, Answer, PersonalLink, Question, QuestionKind, Response, Survey


def score_mean(scores):
    """The arithmetic mean rounded half up to one decimal, as a string ("4.5"); None if empty."""
    if not scores:
        return None
    mean = Decimal(sum(scores)) / Decimal(len(scores))
    return str(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _question_figures(question, rows):
    """rows: the (response id, value) answers of one group to one question, in answer order."""
    figures = {
        "position": question.position,
        "kind": question.kind,
        "text": question.text,
        "answers": len({response_id for response_id, _value in rows}),
    }
    values = [value for _response_id, value in rows]
    if question.kind == QuestionKind.SCORE:
        scores = [int(value) for value in values]
        figures["scores"] = scores
        figures["mean"] = score_mean(scores)
        figures["low_label"] = question.low_label
        figures["high_label"] = question.high_label
    elif question.kind == QuestionKind.YES_NO:
        figures["yes"] = values.count(YES)
        figures["no"] = values.count(NO)
    elif question.kind == QuestionKind.TEXT:
        figures["texts"] = values
    elif question.kind in CHOICE_KINDS:
        counts = {choice: 0 for choice in question.choice_list}
        for value in values:
            counts[value] = counts.get(value, 0) + 1
        figures["choices"] = [{"value": value, "count": count} for value, count in counts.items()]
    return figures


def _figures(surveys):
    """The figures of the given surveys (a list of Survey with groups and questions prefetched)."""
    survey_ids = [survey.pk for survey in surveys]
    if not survey_ids:
        return []
    # Query: responses per group, split by anonymity.
    tallies = defaultdict(lambda: {"anonymous": 0, "named": 0})
    for row in (
        Response.objects.filter(survey_id__in=survey_ids)
        .values("group_id", "anonymous")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        tallies[row["group_id"]]["anonymous" if row["anonymous"] else "named"] += row["n"]
    # Query: every answer, in answer order (response, then the order the values were given).
    answers = defaultdict(list)
    for question_id, group_id, response_id, value in (
        Answer.objects.filter(response__survey_id__in=survey_ids)
        .order_by("response_id", "pk")
        .values_list("question_id", "response__group_id", "response_id", "value")
    ):
        answers[(group_id, question_id)].append((response_id, value))

    result = []
    for survey in surveys:
        groups = []
        for group in survey.groups.all():
            tally = tallies[group.pk]
            responses = tally["anonymous"] + tally["named"]
            entry = {"name": group.name, "responses": responses, "anonymous": tally["anonymous"], "named": tally["named"]}
            if responses < survey.min_group_size:
                # Too few to show without singling out an anonymous respondent.
                entry["hidden"] = True
            else:
                entry["questions"] = [
                    _question_figures(question, answers[(group.pk, question.pk)]) for question in survey.questions.all()
                ]
            groups.append(entry)
        result.append(
            {
                "title": survey.title,
                "responses": sum(group["responses"] for group in groups),
                "min_group_size": survey.min_group_size,
                "groups": groups,
            }
        )
    return result


def _with_structure(queryset):
    return queryset.prefetch_related("groups", Prefetch("questions", queryset=Question.objects.order_by("position")))


def report_surveys(year):
    """docs/domain.md "surveys": every survey whose report year is the year, with per-group figures."""
    surveys = list(_with_structure(Survey.objects.filter(report_year=year)).order_by("opens_on", "pk"))
    return _figures(surveys)


def year_has_open_survey(year, today=None):
    """True while a survey whose report year is the year takes answers (Survey.state is "open";
    one without dates is open). Nothing derived from its answers may then be stored (docs/operations.md
    "Anonymity: the threat model"): the annual report's draft PDF is rendered for each download."""
    today = today or timezone.localdate()
    return (
        Survey.objects.filter(report_year=year)
        .filter(Q(opens_on__isnull=True) | Q(opens_on__lte=today), Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .exists()
    )


def survey_figures(survey):
    """The same figures for one survey (the results page)."""
    surveys = list(_with_structure(Survey.objects.filter(pk=survey.pk)))
    return _figures(surveys)[0]


def survey_list():
    """Surveys for the coordinators' list, newest report year first, with their counts."""
    return Survey.objects.annotate(
        response_count=Count("responses", distinct=True),
        question_count=Count("questions", distinct=True),
    ).order_by("-report_year", "title")


def survey_for_editing(pk):
    return (
        Survey.objects.prefetch_related(
            "groups",
            Prefetch("questions", queryset=Question.objects.select_related("shown_if_question").order_by("position")),
            Prefetch("personal_links", queryset=PersonalLink.objects.select_related("group", "person__organisation").order_by("pk")),
        )
        .annotate(response_count=Count("responses", distinct=True))
        .filter(pk=pk)
        .first()
    )


def survey_for_answering(*, public_token=None, link_token=None):
    """(survey, personal link or None) for an answer page, with the questions in order."""
    link = None
    if link_token is not None:
        link = PersonalLink.objects.select_related("survey", "group").filter(token=link_token).first()
        if link is None:
            return None, None
        survey_filter = Q(pk=link.survey_id)
    else:
        survey_filter = Q(public_token=public_token, public_access=True)
    survey = (
        Survey.objects.prefetch_related(
            "groups",
            Prefetch("questions", queryset=Question.objects.select_related("shown_if_question").order_by("position")),
        )
        .filter(survey_filter)
        .first()
    )
    return survey, link


def answer_export_rows(responses=None):
    """The rows of survey_answers.csv for the responses (all by default): one per answer, a response
    without answers as one empty row.

    `response` is the response's number within its survey (1, 2, …), never an identifier.
    """
    responses = (Response.objects.all() if responses is None else responses).select_related("survey", "group").order_by("survey__title", "pk")
    answers = Answer.objects.filter(response__in=responses.values("pk")).select_related("question").order_by("response_id", "question__position", "pk")
    by_response = defaultdict(list)
    for answer in answers:
        by_response[answer.response_id].append(answer)
    numbers = defaultdict(int)
    rows = []
    for response in responses:
        numbers[response.survey_id] += 1
        base = [response.survey.title, numbers[response.survey_id], response.group.name, "yes" if response.anonymous else "no"]
        given = by_response[response.pk]
        if not given:
            rows.append(base + ["", ""])
        for answer in given:
            rows.append(base + [answer.question.position, answer.value])
    return rows


def survey_sending_counts(survey):
    """The links sent from the register: how many were sent, opened and answered (one query).
    Which person has answered is known to the coordinators; what an anonymous answer says is not."""
    from django.db.models import Count, Q

    from surveys.models import PersonalLink

    return PersonalLink.objects.filter(survey=survey, person__isnull=False).aggregate(
        links=Count("pk"),
        sent=Count("pk", filter=Q(sent_on__isnull=False)),
        opened=Count("pk", filter=Q(opened_on__isnull=False) | Q(used_on__isnull=False)),
        answered=Count("pk", filter=Q(used_on__isnull=False)),
        waiting=Count("pk", filter=Q(sent_on__isnull=False, used_on__isnull=True)),
    )
