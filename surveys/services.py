"""Writes to surveys: building them and storing answers exactly once."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.privacy.forgetting import database_forget_overwritten
from surveys.models import Answer, PersonalLink, Question, RespondentGroup, Response, SubmissionKey, Survey, random_id
from mailings.selectors import organisation_language


class SubmissionRefused(Exception):
    """An answer that cannot be stored; `reason` is shown to the respondent."""

    reason = ""


class DuplicateSubmission(SubmissionRefused):
    reason = "duplicate"


class LinkAlreadyUsed(SubmissionRefused):
    reason = "link_used"


class SurveyNotOpen(SubmissionRefused):
    reason = "not_open"


# --- Building ---------------------------------------------------------------------------


def survey_set_groups(*, survey, names):
    """Keep the groups named (in that order), add new ones; groups with answers are never dropped."""
    wanted = []
    for name in names:
        if name.lower() not in (existing.lower() for existing in wanted):
            wanted.append(name)
    existing = {group.name.lower(): group for group in survey.groups.all()}
    for position, name in enumerate(wanted):
        group = existing.pop(name.lower(), None)
        if group is None:
            RespondentGroup.objects.create(survey=survey, name=name, position=position)
        else:
            group.name, group.position = name, position
            group.save(update_fields=["name", "position"])
    for group in existing.values():
        if not group.responses.exists():
            group.delete()


@transaction.atomic
def survey_save_form(*, form):
    survey = form.save()
    survey_set_groups(survey=survey, names=form.cleaned_data["groups_text"])
    return survey


def group_get_or_create(*, survey, name):
    group = survey.groups.filter(name__iexact=name).first()
    if group is None:
        position = (survey.groups.aggregate(top=Max("position"))["top"] or 0) + 1
        group = RespondentGroup.objects.create(survey=survey, name=name, position=position)
    return group


DEFAULT_GROUP = "Alle"


def survey_ensure_group(*, survey):
    """A survey imported without answers has no groups yet: respondents then answer as "Alle"."""
    if survey.groups.exists():
        return False
    try:
        with transaction.atomic():
            RespondentGroup.objects.create(survey=survey, name=DEFAULT_GROUP, position=0)
    except IntegrityError:
        pass  # created by a simultaneous visitor
    return True


@transaction.atomic
def question_save_form(*, form, survey):
    question = form.save(commit=False)
    question.survey = survey
    if question.position is None:
        top = survey.questions.aggregate(top=Max("position"))["top"] or 0
        question.position = top + 1
    question.save()
    return question


@transaction.atomic
def question_move(*, question, direction):
    """Swap a question with its neighbour. Returns an error message or None.

    A condition must point to an earlier question, so a move that would put a question above
    the one it depends on (or below one that depends on it) is refused.
    """
    siblings = list(Question.objects.select_for_update().filter(survey_id=question.survey_id).order_by("position"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == question.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(siblings):
        return None
    upper, lower = sorted([siblings[index], siblings[other_index]], key=lambda q: q.position)
    if lower.shown_if_question_id == upper.pk:
        return _("Spørsmål %(lower)s vises ut fra svaret på spørsmål %(upper)s og må stå etter det.") % {
            "lower": lower.position,
            "upper": upper.position,
        }
    # Through a free position: the unique (survey, position) constraint holds at every step.
    top = siblings[-1].position
    upper_position, lower_position = upper.position, lower.position
    upper.position = top + 1
    upper.save(update_fields=["position"])
    lower.position = upper_position
    lower.save(update_fields=["position"])
    upper.position = lower_position
    upper.save(update_fields=["position"])
    return None


def question_delete(*, question):
    """Delete a question that nobody has answered and nothing depends on. Returns an error or None."""
    if question.answers.exists():
        return _("Spørsmålet har svar og kan ikke slettes.")
    if question.dependent_questions.exists():
        return _("Andre spørsmål vises ut fra dette spørsmålet. Endre dem først.")
    survey = question.survey
    with transaction.atomic():
        question.delete()
        # The rest close up (1, 2, 3 …): ascending, each moves into a number just freed.
        for number, (pk, position) in enumerate(survey.questions.order_by("position", "pk").values_list("pk", "position"), 1):
            if position != number:
                Question.objects.filter(pk=pk).update(position=number)
    return None


def personal_links_create(*, survey, count, group=None, label=""):
    return PersonalLink.objects.bulk_create(
        [PersonalLink(survey=survey, group=group, label=label) for _n in range(count)]
    )


# --- Sending from the register ------------------------------------------------------------
# Each contact person gets a link of their own, so the survey page knows who has answered (and a
# reminder reaches only those who have not). What an anonymous answer says stays unknown: the link
# is still only marked used (a date), and nothing joins it to the answer (docs/operations.md
# "Anonymity: the threat model"). The e-mails are rendered by the job worker: no token passes
# through a job's stored arguments.


def survey_send_to_persons(*, survey, persons, group=None):
    """A personal link for each person who has none for this survey yet (a person sent it twice
    keeps the one link). Returns the number of new links; the job mails every link not yet sent."""
    persons = list(persons)
    have = set(PersonalLink.objects.filter(survey=survey, person__in=persons).values_list("person_id", flat=True))
    new = [PersonalLink(survey=survey, group=group, person=person) for person in persons if person.pk not in have]
    PersonalLink.objects.bulk_create(new, ignore_conflicts=True)  # (a second coordinator at once: one link)
    return len(new)


def links_to_send(survey):
    return list(
        PersonalLink.objects.filter(survey=survey, person__isnull=False, sent_on__isnull=True)
        .exclude(person__email="").select_related("person__organisation__mailing_preference").order_by("pk")
    )


def links_to_remind(survey, today=None):
    """Sent links not used, not reminded today (a retried job mails nobody twice)."""
    today = today or timezone.localdate()
    return list(
        PersonalLink.objects.filter(survey=survey, person__isnull=False, sent_on__isnull=False, used_on__isnull=True)
        .exclude(reminded_on=today).exclude(person__email="")
        .select_related("person__organisation__mailing_preference").order_by("pk")
    )


def survey_link_mail(*, link, reminder=False, today=None):
    """One e-mail with the person's own link, in their organisation's language (from the job
    worker). Claimed (a conditional UPDATE on the day) in the transaction that sends it: a job run
    twice mails once, and a mail that fails is claimed by nobody, so the job's retry sends it."""
    today = today or timezone.localdate()
    with transaction.atomic():
        if reminder:
            claimed = PersonalLink.objects.filter(pk=link.pk, used_on__isnull=True).exclude(reminded_on=today).update(reminded_on=today)
        else:
            claimed = PersonalLink.objects.filter(pk=link.pk, sent_on__isnull=True).update(sent_on=today)
        if not claimed:
            return False
        _link_mail_send(link=link, reminder=reminder)
    return True


def _link_mail_send(*, link, reminder):
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    from portal.output import mail

    person, survey = link.person, link.survey
    context = {
        "person": person,
        "survey": survey,
        "reminder": reminder,
        "url": settings.PORTAL_BASE_URL.rstrip("/") + link.get_absolute_url(),
    }
    with translation.override(organisation_language(person.organisation)):
        title = survey.shown("title", translation.get_language())
        subject = (_("Påminnelse: %(title)s") if reminder else _("Spørreundersøkelse: %(title)s")) % {"title": title}
        context["title"] = title
        body = render_to_string("surveys/link_email.txt", context)
    mail.send(subject=mail.header_safe(str(subject)), body=body, to=[person.email])


def personal_link_mark_opened(*, link, today=None):
    """The first opening of a link, to the day (the page's "opened" count)."""
    if link.opened_on is None:
        PersonalLink.objects.filter(pk=link.pk, opened_on__isnull=True).update(opened_on=today or timezone.localdate())


def survey_anonymise_named(*, survey, today=None):
    """Take the names and addresses off a closed survey's named answers (the coordinator's
    confirmed action when the survey closes). The answers and the named/anonymous figures stay.
    Returns the number of answers changed, or None when the survey is not closed."""
    if survey.state(today) != "closed":
        return None
    return (
        Response.objects.filter(survey=survey, anonymous=False)
        .exclude(respondent_name="", respondent_email="")
        .update(respondent_name="", respondent_email="")
    )


# --- Answering --------------------------------------------------------------------------


def response_submit(*, survey, group, anonymous, answers, submission_key, name="", email="", link=None, today=None):
    """Store one respondent's answers, all or nothing, exactly once, joinable to no link.

    answers: a list of (question, value) in the stored form (Question.normalise).

    Two steps, two transactions (docs/operations.md "Anonymity: the threat model"):
    1. The form's one-time key is stored and the personal link claimed (a conditional UPDATE),
       so a double click, a retry or a second tab stores nothing: exactly once per link.
    2. The answer is mixed into the day's batch of the survey: the day's responses and their
       answers are written again, together, in the order of their random ids. Afterwards they
       share one transaction id and one physical order, and neither says which came when.
    An anonymous response gets no name, no e-mail, no link and no time beyond the date.
    If step 2 fails the link and the key are given back, so the respondent can send again.
    """
    today = today or timezone.localdate()
    if survey.state(today) != "open":
        raise SurveyNotOpen
    if anonymous:
        name, email = "", ""
    with transaction.atomic():
        try:
            with transaction.atomic():
                SubmissionKey.objects.create(key=submission_key, survey=survey, used_on=today)
        except IntegrityError:
            raise DuplicateSubmission from None
        if link is not None:
            _lock_survey(survey)  # one writer of the survey's used links at a time
            claimed = PersonalLink.objects.filter(pk=link.pk, used_on__isnull=True).update(used_on=today)
            if not claimed:
                raise LinkAlreadyUsed
            _mix_used_links(survey=survey, today=today)
    response = Response(
        id=random_id(),
        survey=survey,
        group=group,
        anonymous=anonymous,
        respondent_name=name,
        respondent_email=email,
        submitted_on=today,
    )
    new_answers = [Answer(id=random_id(), response=response, question=question, value=value) for question, value in answers]
    try:
        _store_in_days_batch(survey=survey, today=today, response=response, answers=new_answers)
    except Exception:
        with transaction.atomic():
            SubmissionKey.objects.filter(key=submission_key).delete()
            if link is not None:
                PersonalLink.objects.filter(pk=link.pk, used_on=today).update(used_on=None)
        raise
    # The batch's earlier versions (and the link's claim) leave no copy in the database's files.
    database_forget_overwritten()
    return response


def _lock_survey(survey):
    """One writer of a survey's batches at a time. FOR NO KEY UPDATE does not block the inserts
    that merely reference the survey (form keys, other surveys' answers)."""
    Survey.objects.select_for_update(no_key=True).filter(pk=survey.pk).first()


def _mix_used_links(*, survey, today):
    """The links of the survey used today, written again in the order of their random tokens,
    so that neither their physical order nor their transaction ids tell the order of use."""
    used = list(PersonalLink.objects.filter(survey=survey, used_on=today).order_by("token"))
    PersonalLink.objects.filter(pk__in=[item.pk for item in used]).delete()
    PersonalLink.objects.bulk_create(used)


@transaction.atomic
def _store_in_days_batch(*, survey, today, response, answers):
    """Add the response to the day's batch and write the whole batch again in random-id order."""
    _lock_survey(survey)
    batch = list(Response.objects.filter(survey=survey, submitted_on=today))
    batch_answers = list(Answer.objects.filter(response__in=[item.pk for item in batch]))
    Answer.objects.filter(response__in=[item.pk for item in batch]).delete()
    Response.objects.filter(pk__in=[item.pk for item in batch]).delete()
    Response.objects.bulk_create(sorted(batch + [response], key=lambda item: item.pk))
    Answer.objects.bulk_create(sorted(batch_answers + answers, key=lambda item: item.pk))
