"""The record of processing (behandlingsprotokoll): generated from the models' declarations, and
a system check that fails when a model with personal data is not declared."""

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test.utils import isolate_apps
from django.urls import reverse

from portal.privacy import processing, roles
from portal.checks import check_processing_record, processing_record_errors
from tests.pdfua import pdftotext


def ids(errors):
    return [error.id for error in errors]


def test_every_model_with_personal_data_is_declared():
    assert check_processing_record() == []


@isolate_apps("organisations")
def test_a_new_personal_field_without_a_declaration_fails_the_check(monkeypatch):
    class Volunteer(models.Model):
        nickname = models.CharField(max_length=50)
        phone = models.CharField(max_length=20)
        account = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

        class Meta:
            app_label = "organisations"

    errors = processing_record_errors([Volunteer])
    assert ids(errors) == ["portal.E012"]
    assert "phone" in errors[0].msg and "account" in errors[0].msg and "nickname" not in errors[0].msg

    # Declared (in a copy of the registry), the same model passes.
    monkeypatch.setattr(processing, "DECLARED", {})
    processing.declare(
        "organisations.Volunteer", category="Frivillige", fields=["phone", "account"], purpose="Kontakt",
        seen_by=[roles.COORDINATOR], retention="Ett år", erasure="Slettes med kontoen",
    )
    assert [error for error in processing_record_errors([Volunteer]) if error.obj is Volunteer] == []


def test_removing_a_declaration_fails_the_check(monkeypatch):
    declared = dict(processing.DECLARED)
    del declared["organisations.ContactPerson"]
    monkeypatch.setattr(processing, "DECLARED", declared)
    errors = check_processing_record()
    assert ids(errors) == ["portal.E012"] and "organisations.ContactPerson" in errors[0].msg


def test_a_declaration_that_does_not_match_the_code_fails_the_check(monkeypatch):
    monkeypatch.setattr(processing, "DECLARED", dict(processing.DECLARED))
    processing.declare(
        "outreach.Guidance", category="Veiledning", fields=["person_name", "person_reply_to", "shoe_size", "created_by"],
        purpose="…", seen_by=[roles.COORDINATOR], retention="…", erasure="…",
    )
    messages = [error.msg for error in check_processing_record() if error.id == "portal.E013"]
    assert any("shoe_size" in message for message in messages)


def test_declaring_that_council_staff_see_what_a_privacy_module_withholds_fails_at_once(monkeypatch):
    # docs/domain.md: council staff never see the guidance log's names (outreach/privacy.py withholds it).
    monkeypatch.setattr(processing, "DECLARED", dict(processing.DECLARED))
    with pytest.raises(ImproperlyConfigured, match="council staff see outreach.Guidance"):
        processing.declare(
            "outreach.Guidance", category="Veiledning", fields=["person_name", "person_reply_to", "created_by"],
            purpose="…", seen_by=[roles.COORDINATOR, roles.COUNCIL_STAFF], retention="…", erasure="…",
        )


@pytest.mark.django_db
def test_the_coordinator_page_shows_each_category_with_what_the_code_does(client, coordinator, settings):
    settings.PORTAL_CONTACT_RETENTION_YEARS = 7
    client.force_login(coordinator)
    html = client.get(reverse("processing_record")).content.decode()
    for declaration in processing.DECLARED.values():
        assert str(declaration.category) in html and str(declaration.purpose) in html
    # Read from the registries and the fields, not written in a declaration:
    assert "Listes for gjennomgang og sletting etter 7 år uten aktivitet" in html  # hub.retention
    assert "Slettetjenesten sletter personen" in html  # portal.privacy.erasure
    assert "Slettingen rydder også i: networks, organisations, outreach." in html  # its shredders' apps
    assert "Ikke i revisjonssporet: Navngir en person" in html  # portal.privacy.audit's exemption of ContactPreference
    assert "tømmes når en bruker slettes" in html  # a SET_NULL foreign key to the account


@pytest.mark.django_db
def test_the_pdf_holds_the_same_record(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("processing_record_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdftotext(response.getvalue()).split())
    assert "Behandlingsprotokoll" in text and "Kontaktpersoner i organisasjonene" in text and "Revisjonssporet" in text
