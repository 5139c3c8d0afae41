"""Erasure that reaches every copy (portal.privacy.erasure): a contact person and a guidance asker are
seeded into every place their name, address and phone can stand — the contact log's notes, the
organisation's internal notes, a guidance case of their organisation, a mailing's delivery error,
a consent they gave, an agreement their organisation is a party to, and the audit trail of all of
these — then erased through the coordinators'
pages. Afterwards the whole database, every column of every table, holds none of it."""

import datetime
import re
import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection

from mailings.models import Recipient, RecipientStatus
from organisations.models import ContactPerson, PremisesNeed
from organisations.services import consent_record
from outreach.models import Guidance
from tests.mailings import factories as mailing_factories
from tests.mailings.jobqueue import run_queued_jobs
from tests.conftest import make_organisation
from tests.dumps import database_dump
from tests.networks.factories import agreement
from tests.outreach.factories import contact, d, guidance

pytestmark = pytest.mark.django_db

KARI = {"name": "Kari Nordmann", "email": "kari.nordmann@example.org", "phone": "+47 912 34 567"}
OLA = {"name": "Ola Gjest", "reply_to": "ola.gjest@example.org"}


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient, quoting the address and the name back."""

    def send_messages(self, messages):
        address = messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused(
            {address: (550, f"5.1.1 <{address}>: Recipient address rejected: Kari Nordmann unknown".encode())}
        )


def database_text():
    """Every value of every column of every table, as text (what a dump of the database holds)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                chunks.append(" ".join(bytes(value).decode("latin-1") if isinstance(value, (bytes, memoryview)) else str(value) for value in row))
    if connection.vendor == "sqlite":
        chunks.extend(connection.connection.iterdump())
    return "\n".join(chunks)


def hits(text, *values):
    found = []
    for value in values:
        if re.search(re.escape(value), text, re.IGNORECASE):
            found.append(value)
    # The phone however it is spaced, with or without the country code.
    if re.search(r"9[\s.-]*1[\s.-]*2[\s.-]*3[\s.-]*4[\s.-]*5[\s.-]*6[\s.-]*7", text):
        found.append("phone")
    return found


@pytest.fixture
def seeded(client, coordinator, settings):
    settings.PORTAL_MAILING_RATE_PER_MINUTE = 0
    organisation = make_organisation("Forening for Alle", municipality="Sandnes")
    kari = mailing_factories.person(organisation, KARI["name"], KARI["email"])
    kari.phone = KARI["phone"]
    kari.save()
    # The contact log's note and the organisation's own internal notes name her (and are audited).
    note = contact(organisation, d(2025, 3, 3), "responded", note="Første samtale.")
    note.note = f"Ringte {KARI['name']} på 912 34 567; hun svarer på {KARI['email']}."
    note.save()
    organisation.notes = f"Kontaktperson: kari nordmann (tlf. 91234567)"
    # The organisation's own record, as its editors keep it, names her too.
    organisation.other_needs_note = f"Spør {KARI['name']} om nøkkelen."
    organisation.save()
    PremisesNeed.objects.create(organisation=organisation, weekday=1, starts_at=datetime.time(18), ends_at=datetime.time(20),
                                people=20, purpose=f"Leksehjelp, ansvarlig {KARI['name']} ({KARI['email']})")
    guidance(d(2025, 4, 4), organisation, request=f"{KARI['name']} ba om hjelp med søknaden, ring +4791234567.")
    consent_record(organisation=organisation, given_by=KARI["name"], recorded_by=coordinator)
    # An agreement her organisation is a party to names her as the one who signed (and is audited).
    agreement(organisation, make_organisation("Sandnes bibliotek", kind="municipal_service"), title="Leksehjelp",
              text=f"<p>Signert av {KARI['name']} ({KARI['email']}).</p>")
    # A mailing the server refused for her address.
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    mailing = mailing_factories.mailing(mailing_factories.segment("Sandnes", municipalities=["Sandnes"]))
    client.force_login(coordinator)
    assert client.post(f"/koordinator/utsendelser/{mailing.pk}/send/").status_code == 302
    run_queued_jobs()
    # A person without organisation asking for guidance, named in the case's text too.
    case = guidance(d(2025, 5, 5), None, "other", person_name=OLA["name"], person_reply_to=OLA["reply_to"],
                    request=f"{OLA['name']} trenger lokaler; svar til {OLA['reply_to']}.")
    case.outcome = f"Sendt liste over lokaler til {OLA['reply_to']}."
    case.save()
    text = database_text()
    assert set(hits(text, KARI["name"], KARI["email"], OLA["name"], OLA["reply_to"])) == {
        KARI["name"], KARI["email"], OLA["name"], OLA["reply_to"], "phone"
    }
    return {"organisation": organisation, "kari": kari, "mailing": mailing, "case": case}


def test_a_refused_delivery_keeps_the_smtp_code_and_no_address(client, coordinator, seeded):
    recipient = Recipient.objects.get(mailing=seeded["mailing"], person=seeded["kari"])
    assert recipient.status == RecipientStatus.FAILED
    assert recipient.error.startswith("SMTP 550: 5.1.1")
    assert recipient.error == "SMTP 550: 5.1.1 <(adresse)>: Recipient address rejected: Kari Nordmann unknown"
    page = client.get(f"/koordinator/utsendelser/{seeded['mailing'].pk}/").content.decode()
    assert "(SMTP 550: 5.1.1 &lt;(adresse)&gt;: Recipient address rejected" in page
    # Once she is erased, the mailing page shows neither her address nor her name.
    client.post(f"/koordinator/kontaktpersoner/{seeded['kari'].pk}/personvern/", {"confirm": "on"})
    page = client.get(f"/koordinator/utsendelser/{seeded['mailing'].pk}/").content.decode()
    assert "SMTP 550" in page and KARI["email"] not in page and KARI["name"] not in page


def test_erasing_the_persons_leaves_nothing_of_them_in_the_whole_database(client, coordinator, seeded):
    # A delivery error stored before errors were redacted names her too: it goes as well.
    Recipient.objects.filter(person=seeded["kari"]).update(error=f"550 <{KARI['email']}> unknown")
    response = client.post(f"/koordinator/kontaktpersoner/{seeded['kari'].pk}/personvern/", {"confirm": "on"})
    assert response.status_code == 302
    assert client.post(f"/koordinator/veiledning/{seeded['case'].pk}/slett-person/").status_code == 302

    assert hits(database_text(), KARI["name"], KARI["email"], OLA["name"], OLA["reply_to"]) == []
    # What is not theirs stays: the records, the organisation's name, the case in the figures.
    assert not ContactPerson.objects.filter(pk=seeded["kari"].pk).exists()
    seeded["organisation"].refresh_from_db()
    assert seeded["organisation"].name == "Forening for Alle"
    assert "Kontaktperson: (slettet)" in seeded["organisation"].notes
    case = Guidance.objects.get(pk=seeded["case"].pk)
    assert case.request == "(slettet) trenger lokaler; svar til (slettet)."
    assert Recipient.objects.filter(mailing=seeded["mailing"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_full_dump_after_the_erasure_holds_nothing_of_them(client, coordinator, seeded, tmp_path):
    """What an operator's copy holds: `pg_dump` on PostgreSQL; on SQLite the database file and its
    write-ahead log as bytes, where the rows' earlier versions stayed after the erasure."""
    assert client.post(f"/koordinator/kontaktpersoner/{seeded['kari'].pk}/personvern/", {"confirm": "on"}).status_code == 302
    assert client.post(f"/koordinator/veiledning/{seeded['case'].pk}/slett-person/").status_code == 302

    dump = database_dump(tmp_path)
    assert hits(dump.raw, KARI["name"], KARI["email"], OLA["name"], OLA["reply_to"]) == []
    assert "Forening for Alle" in dump.raw  # the dump is whole: what is not theirs is in it


def test_redaction_in_free_text_keeps_words_that_only_contain_a_name(db):
    from portal.privacy import erasure

    assert erasure.redact("Aliaksandr og Ali møttes; ring 912 34 567", ["Ali", "91234567"]) == "Aliaksandr og (slettet) møttes; ring (slettet)"


def test_an_editor_removing_the_person_reaches_every_copy_too(client, seeded, django_user_model):
    from tests.conftest import make_user
    from portal.privacy import roles

    editor = make_user(django_user_model, "redaktor", roles.ORGANISATION_EDITOR)
    seeded["organisation"].editors.add(editor)
    client.force_login(editor)
    response = client.post(f"/mine-organisasjoner/{seeded['organisation'].slug}/kontaktpersoner/{seeded['kari'].pk}/fjern/")
    assert response.status_code == 302
    assert hits(database_text(), KARI["name"], KARI["email"]) == []
    need = PremisesNeed.objects.get(organisation=seeded["organisation"])
    assert need.purpose == "Leksehjelp, ansvarlig (slettet) ((slettet))"
