"""Writes of the relationships and the agreement register."""

from django.db import transaction

from networks.models import Agreement, AgreementParty


def relationship_save_form(*, form):
    return form.save()


def relationship_delete(*, relationship):
    relationship.delete()


def agreement_set_parties(*, agreement, parties):
    wanted = {organisation.pk for organisation in parties}
    AgreementParty.objects.filter(agreement=agreement).exclude(organisation_id__in=wanted).delete()
    have = set(AgreementParty.objects.filter(agreement=agreement).values_list("organisation_id", flat=True))
    for organisation_id in sorted(wanted - have):
        AgreementParty.objects.create(agreement=agreement, organisation_id=organisation_id)


@transaction.atomic
def agreement_save_form(*, form):
    agreement = form.save()
    agreement_set_parties(agreement=agreement, parties=form.cleaned_data["parties"])
    return agreement


def agreement_delete(*, agreement):
    agreement.delete()


def contact_person_shred(*, person):
    """Erasure's part here (portal.erasure): the person's name, e-mail and phone out of the text of
    every agreement their organisation is a party to. Written with update(): no audit entry copies
    the old text again."""
    from portal import erasure

    values = erasure.person_values(person)
    for agreement in Agreement.objects.filter(links__organisation_id=person.organisation_id).only("pk", "title", "text"):
        title, text = erasure.redact(agreement.title, values), erasure.redact(agreement.text, values)
        if (title, text) != (agreement.title, agreement.text):
            Agreement.objects.filter(pk=agreement.pk).update(title=title[:200], text=text)
