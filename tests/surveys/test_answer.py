"""The public answer page: no account, conditions checked on the server, bad input refused
with a clear message and nothing half-saved, double submissions stored once."""

import datetime

import pytest
from django.utils import timezone

from surveys.models import Answer, PersonalLink, Response, SubmissionKey
from tests.surveys.factories import answer_data, make_conditional_questions, make_survey, submit_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return make_survey()


@pytest.fixture
def questions(survey):
    return make_conditional_questions(survey)


def group_pk(survey, name="Kommunen"):
    return str(survey.groups.get(name=name).pk)


def test_it_shows_the_form_without_an_account_with_fieldsets_and_conditions(client, survey, questions):
    score, attended, meetings, why_not = questions
    page = client.get(survey.get_public_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<fieldset") == 5  # group, score, yes/no, conditional score, anonymity
    assert "<legend" in html and "1. Har kontakten vært nyttig?" in html
    assert f'data-show-if-name="q{attended.pk}" data-show-if-value="yes"' in html
    assert f'data-show-if-name="q{attended.pk}" data-show-if-value="no"' in html
    assert "1 = i liten grad, 5 = i stor grad." in html
    assert "Svar bare hvis du svarte «Ja» på spørsmål 2." in html  # the no-JS hint
    assert " style=" not in html and "<script>" not in html
    assert "js/surveys.js" in html


def test_it_stores_a_named_answer_and_thanks(client, survey, questions):
    score, attended, meetings, why_not = questions
    url = survey.get_public_url()
    data = answer_data(client, url, group=group_pk(survey), anonymous="no", name="Kari Nordmann", email="kari@example.org",
                       **{f"q{score.pk}": "4", f"q{attended.pk}": "yes", f"q{meetings.pk}": "5"})
    response = client.post(url, data)
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert "Takk for svaret!" in thanks.content.decode()
    stored = Response.objects.get()
    assert (stored.group.name, stored.anonymous, stored.respondent_name, stored.respondent_email) == (
        "Kommunen", False, "Kari Nordmann", "kari@example.org")
    assert sorted(Answer.objects.values_list("question__position", "value")) == [(1, "4"), (2, "yes"), (3, "5")]


def test_it_discards_an_answer_to_a_question_that_was_not_shown(client, survey, questions):
    score, attended, meetings, why_not = questions
    url = survey.get_public_url()
    # A browser without JavaScript sends everything typed; question 3 is only for those who said yes.
    data = answer_data(client, url, group=group_pk(survey), anonymous="yes",
                       **{f"q{score.pk}": "3", f"q{attended.pk}": "no", f"q{meetings.pk}": "5", f"q{why_not.pk}": "Et annet tidspunkt"})
    assert client.post(url, data).status_code == 302
    assert sorted(Answer.objects.values_list("question__position", "value")) == [(1, "3"), (2, "no"), (4, "Et annet tidspunkt")]


def test_it_requires_a_required_question_only_when_it_is_shown(client, survey, questions):
    score, attended, meetings, why_not = questions
    url = survey.get_public_url()
    data = answer_data(client, url, group=group_pk(survey), anonymous="yes", **{f"q{score.pk}": "3", f"q{attended.pk}": "yes"})
    page = client.post(url, data)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="feilsammendrag"' in html
    assert f'href="#id_q{meetings.pk}_0"' in html and "Svar på dette spørsmålet." in html
    assert f'aria-describedby="id_q{meetings.pk}-error"' in html
    assert Response.objects.count() == 0 and SubmissionKey.objects.count() == 0


@pytest.mark.parametrize("bad", ["7", "0", "fem", "4.5"])
def test_it_refuses_an_out_of_range_score_and_saves_nothing(client, survey, questions, bad):
    score, attended, meetings, why_not = questions
    url = survey.get_public_url()
    data = answer_data(client, url, group=group_pk(survey), anonymous="yes", **{f"q{score.pk}": bad, f"q{attended.pk}": "no"})
    page = client.post(url, data)
    assert "Velg en score fra 1 til 5." in page.content.decode()
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_it_lists_every_missing_required_answer(client, survey, questions):
    page = client.post(survey.get_public_url(), answer_data(client, survey.get_public_url()))
    html = page.content.decode()
    assert "Velg hvem du svarer som." in html
    assert "Velg om du svarer anonymt eller med navn." in html
    assert html.count("Svar på dette spørsmålet.") == 2 * 2  # summary and field, for questions 1 and 2
    assert Response.objects.count() == 0


def test_a_named_answer_needs_a_name(client, survey, questions):
    score, attended, meetings, why_not = questions
    url = survey.get_public_url()
    data = answer_data(client, url, group=group_pk(survey), anonymous="no", **{f"q{score.pk}": "3", f"q{attended.pk}": "no"})
    assert "Skriv navnet ditt, eller velg å svare anonymt." in client.post(url, data).content.decode()
    assert Response.objects.count() == 0


def test_an_anonymous_answer_drops_a_name_typed_before_choosing_anonymity(client, survey, questions):
    score, attended, meetings, why_not = questions
    url = survey.get_public_url()
    data = answer_data(client, url, group=group_pk(survey), anonymous="yes", name="Ola", email="ugyldig",
                       **{f"q{score.pk}": "3", f"q{attended.pk}": "no"})
    assert client.post(url, data).status_code == 302
    stored = Response.objects.get()
    assert (stored.anonymous, stored.respondent_name, stored.respondent_email) == (True, "", "")


def test_a_double_submission_is_stored_once_and_says_so(client, survey, questions):
    score, attended, meetings, why_not = questions
    url = survey.get_public_url()
    data = answer_data(client, url, group=group_pk(survey), anonymous="yes", **{f"q{score.pk}": "5", f"q{attended.pk}": "no"})
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"].endswith("?igjen=1")
    assert "Det er lagret bare én gang." in client.get(second["Location"]).content.decode()
    assert Response.objects.count() == 1 and Answer.objects.count() == 2


def test_back_and_send_again_on_the_open_link_is_stored_once(client, survey, questions):
    """Back reloads the page (a fresh key) and the browser puts the chosen answers back."""
    score, attended, meetings, why_not = questions
    url = survey.get_public_url()
    typed = {"group": group_pk(survey), "anonymous": "yes", f"q{score.pk}": "5", f"q{attended.pk}": "no"}
    first = client.post(url, answer_data(client, url, **typed))
    reloaded = answer_data(client, url, **typed)

    second = client.post(url, reloaded)

    assert first.status_code == second.status_code == 302
    assert second["Location"].endswith("?igjen=1")
    assert Response.objects.count() == 1 and Answer.objects.count() == 2


def test_the_same_answers_from_another_browser_or_changed_are_stored(client, survey, questions):
    from django.test import Client

    score, attended, meetings, why_not = questions
    url = survey.get_public_url()
    typed = {"group": group_pk(survey), "anonymous": "yes", f"q{score.pk}": "5", f"q{attended.pk}": "no"}
    client.post(url, answer_data(client, url, **typed))
    other = Client()
    assert other.post(url, answer_data(other, url, **typed))["Location"].endswith("/")  # not ?igjen=1
    client.post(url, answer_data(client, url, **{**typed, f"q{score.pk}": "4"}))
    assert Response.objects.count() == 3


def test_what_recognises_a_resent_answer_stays_in_the_browser_and_expires(client, survey, questions):
    """Nothing on the server ties an anonymous answer to the browser that sent it: the mark of
    having sent it is a cookie that lives RESUBMIT_MINUTES on the respondent's side only."""
    from portal.web import formkeys
    from portal.web.formkeys import FormKey

    score, attended, meetings, why_not = questions
    url = survey.get_public_url()
    sent = client.post(url, answer_data(client, url, group=group_pk(survey), anonymous="yes", **{f"q{score.pk}": "3", f"q{attended.pk}": "no"}))
    (cookie,) = [morsel for morsel in sent.cookies.values() if morsel.key.startswith("sendt-")]
    assert int(cookie["max-age"]) == formkeys.RESUBMIT_MINUTES * 60 and cookie["httponly"]
    assert cookie["path"] == url
    assert not FormKey.objects.exists()
    stored = [str(value) for model in (Response, Answer, SubmissionKey) for row in model.objects.values() for value in row.values()]
    assert cookie.value not in stored and len(SubmissionKey.objects.all()) == 1


def test_a_form_without_its_key_is_refused(client, survey, questions):
    score, attended, meetings, why_not = questions
    data = {"group": group_pk(survey), "anonymous": "yes", f"q{score.pk}": "5", f"q{attended.pk}": "no"}
    page = client.post(survey.get_public_url(), data)
    assert "Last inn siden på nytt" in page.content.decode()
    assert Response.objects.count() == 0


def test_a_closed_survey_says_so_and_stores_nothing(client, survey, questions):
    score, attended, meetings, why_not = questions
    url = survey.get_public_url()
    data = answer_data(client, url, group=group_pk(survey), anonymous="yes", **{f"q{score.pk}": "5", f"q{attended.pk}": "no"})
    survey.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    survey.save()
    page = client.post(url, data)
    assert "Undersøkelsen er stengt." in page.content.decode()
    assert "Undersøkelsen er stengt." in client.get(url).content.decode()
    assert Response.objects.count() == 0


def test_a_survey_not_yet_open_says_when_it_opens(client):
    survey = make_survey(opens_on=datetime.date(2099, 1, 5), closes_on=datetime.date(2099, 2, 1))
    html = client.get(survey.get_public_url()).content.decode()
    assert "Undersøkelsen er ikke åpnet ennå. Den åpner 5. januar 2099." in html


def test_an_unknown_token_and_a_closed_public_link_are_not_found(client, survey):
    assert client.get("/undersokelser/finnes-ikke/").status_code == 404
    survey.public_access = False
    survey.save()
    assert client.get(survey.get_public_url()).status_code == 404


def test_a_personal_link_gives_one_answer_in_its_group(client, survey, questions):
    score, attended, meetings, why_not = questions
    link = PersonalLink.objects.create(survey=survey, group=survey.groups.get(name="Kommunen"))
    url = link.get_absolute_url()
    page = client.get(url)
    assert "Hvem svarer du som?" not in page.content.decode()  # the link decides the group
    data = answer_data(client, url, anonymous="yes", **{f"q{score.pk}": "2", f"q{attended.pk}": "no"})
    other_tab = answer_data(client, url, anonymous="yes", **{f"q{score.pk}": "5", f"q{attended.pk}": "no"})
    assert client.post(submit_url(link), data).status_code == 302
    refused = client.post(submit_url(link), other_tab)
    assert "allerede brukt" in refused.content.decode()
    assert "allerede brukt" in client.get(url).content.decode()
    assert Response.objects.get().group.name == "Kommunen"
    assert Answer.objects.get(question=score).value == "2"
    link.refresh_from_db()
    assert link.used_on == timezone.localdate()


def test_a_survey_with_one_group_and_no_anonymity_asks_only_for_a_name(client):
    survey = make_survey(groups=("Alle",), allow_anonymous=False)
    url = survey.get_public_url()
    html = client.get(url).content.decode()
    assert "Hvem svarer du som?" not in html and "anonymt eller oppgi navn" not in html
    assert client.post(url, answer_data(client, url)).status_code == 200  # no name: refused
    assert client.post(url, answer_data(client, url, name="Per")).status_code == 302
    assert Response.objects.get().respondent_name == "Per"


def test_a_survey_imported_without_groups_is_answered_as_one_group(client):
    survey = make_survey(groups=())
    score, attended, meetings, why_not = make_conditional_questions(survey)
    url = survey.get_public_url()
    assert "Hvem svarer du som?" not in client.get(url).content.decode()
    data = answer_data(client, url, anonymous="yes", **{f"q{score.pk}": "3", f"q{attended.pk}": "no"})
    assert client.post(url, data).status_code == 302
    assert Response.objects.get().group.name == "Alle"
