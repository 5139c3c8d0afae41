"""relationships.csv and agreements.csv (docs/domain.md): Norwegian labels and headers, all or
nothing with one line per bad row, an export imports back unchanged (what the sheets cannot hold is
the full backup's, tests/portal/test_full_backup.py); the audit trail follows the register; and
erasing a contact person reaches the agreements their organisation is a party to."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from networks.models import Agreement, AgreementParty, Relationship
from organisations.models import ContactPerson, Kind
from portal.spreadsheets import importing
from tests.conftest import make_organisation
from tests.networks.factories import agreement, relationship

pytestmark = pytest.mark.django_db

d = datetime.date
RELATIONSHIPS = "organisation,kind,other,starts_on,ends_on"
AGREEMENTS = "title,parties,starts_on,ends_on,text"


def write(directory, name, lines):
    (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def registry():
    return {
        "raad": make_organisation(name="Sandnes Inkluderingsråd", kind=Kind.VOLUNTARY_ORGANISATION),
        "afrika": make_organisation(name="Afrikansk kulturforening"),
        "library": make_organisation(name="Sandnes bibliotek", kind=Kind.MUNICIPAL_SERVICE),
    }


def test_a_coordinators_own_norwegian_sheets_import(tmp_path, registry):
    write(tmp_path, "nettverk.csv", ["Organisasjon;Forbindelse;Med;Fra;Til",
                                     "afrikansk kulturforening;Medlem av;Sandnes Inkluderingsråd;01.05.2024;"])
    write(tmp_path, "avtaler.csv", ["tittel;parter;fra;til;avtalt",
                                    "Leksehjelp;Afrikansk kulturforening|Sandnes bibliotek;16.04.2026;;Lesesalen hver tirsdag."])
    call_command("import_data", str(tmp_path))

    link = Relationship.objects.get()
    assert (link.organisation, link.kind, link.other, link.starts_on) == (registry["afrika"], "member", registry["raad"], d(2024, 5, 1))
    made = Agreement.objects.get()
    assert set(made.parties.all()) == {registry["afrika"], registry["library"]}
    assert (made.starts_on, made.text) == (d(2026, 4, 16), "<p>Lesesalen hver tirsdag.</p>")


def test_bad_rows_are_reported_once_each_and_nothing_is_written(tmp_path, capsys, registry):
    write(tmp_path, "relationships.csv", [
        RELATIONSHIPS,
        "Afrikansk kulturforening,member,Sandnes Inkluderingsråd,2024-05-01,",
        "Afrikansk kulturforening,venn,Sandnes Inkluderingsråd,,",
        "Finnes Ikke,member,Sandnes Inkluderingsråd,,",
    ])
    write(tmp_path, "agreements.csv", [
        AGREEMENTS,
        "Leksehjelp,Afrikansk kulturforening|Sandnes bibliotek,2026-04-16,,",
        "Alene,Afrikansk kulturforening,2026-04-16,,",
        "Baklengs,Afrikansk kulturforening|Sandnes bibliotek,2026-04-16,2026-01-01,",
    ])
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    err = capsys.readouterr().err
    assert "relationships.csv:3: kind: «venn» er ikke tillatt (tillatt: member, branch, partner)" in err
    assert "relationships.csv:4: organisation: ukjent organisasjon «Finnes Ikke»" in err
    assert "agreements.csv:3: parties: en avtale har minst to parter, skilt med | (fikk 1)" in err
    assert "agreements.csv:4:" in err and "Avtalen må slutte samme dag eller senere enn den starter." in err
    assert ":2:" not in err
    assert not Relationship.objects.exists() and not Agreement.objects.exists() and not AgreementParty.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(tmp_path, registry, file_format):
    relationship(registry["afrika"], registry["raad"], starts_on=d(2024, 5, 1))
    relationship(registry["raad"], registry["library"], kind="partner", starts_on=d(2020, 1, 1), ends_on=d(2022, 12, 31))
    agreement(registry["afrika"], registry["library"], registry["raad"], title="Leksehjelp", starts_on=d(2026, 4, 16),
              text="<p>Lesesalen hver tirsdag.</p>")  # (formatting the sheet cannot hold: the full backup's)

    def snapshot():
        return (
            sorted(Relationship.objects.values_list("organisation__name", "kind", "other__name", "starts_on", "ends_on")),
            sorted((a.title, a.starts_on, a.ends_on, a.text, tuple(sorted(a.parties.values_list("name", flat=True))))
                   for a in Agreement.objects.all()),
        )

    before = snapshot()
    if file_format == "csv":
        assert importing.export_bytes("agreements", "csv").decode().splitlines() == [
            AGREEMENTS, "Leksehjelp,Afrikansk kulturforening|Sandnes bibliotek|Sandnes Inkluderingsråd,2026-04-16,,Lesesalen hver tirsdag."
        ]
    for stem in ("relationships", "agreements"):
        (tmp_path / f"{stem}.{file_format}").write_bytes(importing.export_bytes(stem, file_format))
    Relationship.objects.all().delete()
    Agreement.objects.all().delete()
    call_command("import_data", str(tmp_path))
    assert snapshot() == before


def test_the_audit_trail_follows_an_agreement_and_its_parties(registry):
    from auditlog.models import LogEntry

    made = agreement(registry["afrika"], registry["library"], title="Leksehjelp")
    made.title = "Leksehjelp i biblioteket"
    made.save()

    entries = LogEntry.objects.get_for_object(made)
    assert entries.count() == 2 and "Leksehjelp i biblioteket" in str(entries.first().changes)
    assert LogEntry.objects.filter(content_type__model="agreementparty").count() == 2


def test_erasing_a_contact_person_takes_them_out_of_their_organisations_agreements(registry, coordinator):
    from portal.privacy import erasure

    person = ContactPerson.objects.create(organisation=registry["afrika"], name="Kari Nordmann", phone="912 34 567")
    signed = agreement(registry["afrika"], registry["library"], title="Leksehjelp",
                       text="<p>Signert av Kari Nordmann (91234567) og biblioteksjefen.</p>")
    other = agreement(registry["raad"], registry["library"], title="Annen avtale", text="<p>Kari Nordmann er nevnt her også.</p>")
    note = relationship(registry["afrika"], registry["raad"], note="Kontakt: Kari Nordmann")

    erasure.erase(person, actor=coordinator)

    signed.refresh_from_db()
    note.refresh_from_db()
    assert "Kari Nordmann" not in signed.text and "91234567" not in signed.text and "biblioteksjefen" in signed.text
    assert "Kari Nordmann" not in note.note
    other.refresh_from_db()
    assert "Kari Nordmann" in other.text  # not her organisation's agreement: a namesake is left alone


def test_a_coordinator_exports_the_register_from_its_page_and_council_staff_cannot(client, coordinator, council_staff, registry):
    from django.urls import reverse

    agreement(registry["afrika"], registry["library"], title="Leksehjelp", starts_on=d(2026, 4, 16))
    client.force_login(coordinator)
    export = reverse("export", kwargs={"stem": "agreements", "file_format": "csv"})
    assert export in client.get(reverse("networks:agreement_list")).content.decode()
    assert b"Leksehjelp,Afrikansk kulturforening|Sandnes bibliotek,2026-04-16" in client.get(export).getvalue()

    client.force_login(council_staff)
    assert export not in client.get(reverse("networks:agreement_list")).content.decode()
    assert client.get(export).status_code == 403
