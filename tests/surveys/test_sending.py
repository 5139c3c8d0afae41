"""Surveys sent from the register: a personal link for each contact person of a segment (or chosen
ones) by e-mail from the job worker, in the organisation's language; the survey page counts sent,
opened and answered; a reminder reaches only those who have not answered; named answers lose their
names once the survey is closed. Who has answered is known; what an anonymous answer says is not."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from mailings.models import OrganisationPreference
from organisations.models import ContactPerson, Kind
from surveys.models import PersonalLink, Question, QuestionKind, Response
from tests.conftest import make_organisation
from tests.mailings.factories import person, segment
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    """30 persons who may be e-mailed in 15 immigrant organisations (the segment), and some who
    must get nothing: one without consent, one opted out, one in an organisation outside it."""
    persons = []
    for n in range(15):
        organisation = make_organisation(name=f"Forening {n:02d}", kind=Kind.IMMIGRANT_ORGANISATION)
        persons += [person(organisation, f"Leder {n}", f"leder{n}@example.org"), person(organisation, f"Kasserer {n}", f"kasserer{n}@example.org")]
    person(organisation, "Uten samtykke", "uten@example.org", consent=False)
    person(organisation, "Avmeldt", "avmeldt@example.org", opted_out=True)
    service = make_organisation(name="Nav Sandnes", kind=Kind.MUNICIPAL_SERVICE)
    outside = person(service, "Saksbehandler", "nav@example.org")
    return {"persons": persons, "segment": segment("Innvandrerorganisasjoner", kinds=[Kind.IMMIGRANT_ORGANISATION]), "outside": outside}


@pytest.fixture
def survey():
    survey = make_survey(title="Evaluering 2026", groups=("Innvandrerorganisasjon",), closes_on=timezone.localdate() + datetime.timedelta(days=14))
    Question.objects.create(survey=survey, position=1, kind=QuestionKind.SCORE, text="Nytte?", required=True)
    return survey


def send(client, survey, **data):
    return client.post(f"/koordinator/undersokelser/{survey.pk}/send/", data)


def link_in(message):
    (url,) = re.findall(r"https?://\S+/undersokelser/lenke/\S+/", message.body)
    return urlsplit(url).path


def answer(path, *, anonymous=True, name=""):
    client = Client()
    page = client.get(path)
    form = page.context["form"]
    question = Question.objects.get()
    data = {"key": form["key"].value(), "lenke": path.rstrip("/").rsplit("/", 1)[-1], f"q{question.pk}": "4",
            "anonymous": "yes" if anonymous else "no"}
    if name:
        data["name"] = name
    assert client.post(page.context["form_action"], data).status_code == 302


def test_a_segment_of_30_contact_persons_gets_30_links_and_a_reminder_reaches_only_those_who_have_not_answered(
    client, coordinator, register, survey, run_jobs
):
    client.force_login(coordinator)
    with run_jobs():
        assert send(client, survey, segment=register["segment"].pk).status_code == 302

    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {p.email for p in register["persons"]}  # 30: not the one without consent, opted out or outside
    assert len({link_in(message) for message in sent.values()}) == 30
    assert sent["leder0@example.org"].subject == "Spørreundersøkelse: Evaluering 2026"
    # Sending again to the same segment makes no second link and no second mail.
    with run_jobs():
        send(client, survey, segment=register["segment"].pk)
    assert len(mail.outbox) == 30 and PersonalLink.objects.filter(survey=survey).count() == 30

    answered = ["leder0@example.org", "kasserer3@example.org", "leder7@example.org"]
    Client().get(link_in(sent["leder9@example.org"]))  # opened, not answered
    for address in answered:
        answer(link_in(sent[address]), anonymous=address != "leder7@example.org", name="Leder 7" if address == "leder7@example.org" else "")
    page = client.get(f"/koordinator/undersokelser/{survey.pk}/").content.decode()
    assert "Sendt: 30 · åpnet: 4 · svart: 3" in page and "Send påminnelse til 27 som ikke har svart" in page

    mail.outbox.clear()
    with run_jobs():
        assert client.post(f"/koordinator/undersokelser/{survey.pk}/paminnelse/").status_code == 302
    reminded = {message.to[0] for message in mail.outbox}
    assert reminded == {p.email for p in register["persons"]} - set(answered)
    assert all(message.subject == "Påminnelse: Evaluering 2026" for message in mail.outbox)
    # A reminded person's link is the one they were sent.
    assert link_in(next(m for m in mail.outbox if m.to == ["leder9@example.org"])) == link_in(sent["leder9@example.org"])
    # The anonymous answers still carry nothing that leads back (the invariant's own tests: test_unlinkability).
    assert Response.objects.filter(anonymous=True, respondent_name="", respondent_email="").count() == 2


def test_chosen_persons_get_their_link_in_their_organisations_language(client, coordinator, register, survey, run_jobs):
    survey.translations = {"en": {"title": "Evaluation 2026"}}
    survey.save()
    chosen = register["persons"][0]
    OrganisationPreference.objects.create(organisation=chosen.organisation, language="en")
    no_consent = ContactPerson.objects.get(name="Uten samtykke")
    client.force_login(coordinator)
    with run_jobs():
        response = send(client, survey, persons=[chosen.pk, no_consent.pk])
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [chosen.email] and message.subject == "Survey: Evaluation 2026"
    assert "This link is yours" in message.body
    page = Client().get(link_in(message)).content.decode()  # and the page opens in English too
    assert "Evaluation 2026" in page and 'lang="en"' in page


def test_nothing_chosen_is_refused_with_a_message(client, coordinator, survey):
    client.force_login(coordinator)
    response = send(client, survey)
    assert response.status_code == 200 and "Velg en målgruppe eller minst én kontaktperson." in response.content.decode()
    assert not PersonalLink.objects.exists()


def test_only_coordinators_send_remind_or_anonymise(client, council_staff, outsider, survey):
    for user in (council_staff, outsider, None):
        client.logout()
        if user:
            client.force_login(user)
        for path in ("send/", "paminnelse/", "anonymiser/"):
            assert client.post(f"/koordinator/undersokelser/{survey.pk}/{path}").status_code in (302, 403)
    assert not PersonalLink.objects.exists() and not mail.outbox


def test_named_answers_lose_their_names_when_the_closed_survey_is_anonymised(client, coordinator, survey):
    group = survey.groups.first()
    named = Response.objects.create(survey=survey, group=group, anonymous=False, respondent_name="Amina", respondent_email="amina@example.org", submitted_on=timezone.localdate())
    client.force_login(coordinator)
    client.post(f"/koordinator/undersokelser/{survey.pk}/anonymiser/")
    named.refresh_from_db()
    assert named.respondent_name == "Amina"  # still open: refused

    survey.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    survey.save()
    confirm = client.get(f"/koordinator/undersokelser/{survey.pk}/anonymiser/").content.decode()
    assert "1 svar har navn eller e-post" in confirm
    named.refresh_from_db()
    assert named.respondent_name == "Amina"  # opening the confirmation changes nothing
    client.post(f"/koordinator/undersokelser/{survey.pk}/anonymiser/")
    named.refresh_from_db()
    assert (named.respondent_name, named.respondent_email, named.anonymous) == ("", "", False)


def test_a_link_whose_mail_fails_stays_unsent_so_the_retry_sends_it_once(register, survey, monkeypatch):
    from portal.output import mail as portal_mail
    from surveys import services

    services.survey_send_to_persons(survey=survey, persons=register["persons"][:1])
    (link,) = services.links_to_send(survey)

    def refused(**_kwargs):
        raise ConnectionRefusedError("the mail server is away")

    with monkeypatch.context() as patched:
        patched.setattr(portal_mail, "send", refused)
        with pytest.raises(ConnectionRefusedError):
            services.survey_link_mail(link=link)
    link.refresh_from_db()
    assert link.sent_on is None and not mail.outbox

    assert services.survey_link_mail(link=link) is True
    assert services.survey_link_mail(link=link) is False  # a second run of the job mails nobody twice
    assert len(mail.outbox) == 1 and services.links_to_send(survey) == []
